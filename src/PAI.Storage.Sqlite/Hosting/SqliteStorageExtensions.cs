using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Knowledge;
using PAI.Abstractions.Memory;
using PAI.Abstractions.Storage;
using PAI.Storage.Sqlite.Knowledge;
using PAI.Storage.Sqlite.Memory;

namespace PAI.Storage.Sqlite.Hosting;

/// <summary>Registers the SQLite store: grain storage, goal index, API keys, audit log, memories and the knowledge graph in one data file.</summary>
public static class SqliteStorageExtensions
{
    /// <summary>The grain storage provider name; the same as <see cref="StorageNames.Grains"/>.</summary>
    public const string DefaultProviderName = StorageNames.Grains;

    /// <summary>Adds the SQLite store to the silo, with Orleans reminders kept in it; safe to call more than once.</summary>
    public static ISiloBuilder AddSqliteStore(this ISiloBuilder builder, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSqliteStore(configure);

        // Reminders in the same data file, so that they survive a restart (Orleans' own in-memory table would not).
        builder.AddReminders();
        builder.Services.TryAddSingleton<IReminderTable>(sp => new SqliteReminderTable(sp.GetRequiredService<SqliteStore>()));
        return builder;
    }

    /// <summary>
    /// Adds <see cref="SqliteStore"/>, <see cref="IGoalIndex"/>, <see cref="IApiKeyStore"/>, <see cref="IAuditStore"/>, <see cref="IMemoryStore"/> and
    /// <see cref="SqliteGrainStorage"/> as the keyed <see cref="IGrainStorage"/> named <see cref="StorageNames.Grains"/>
    /// and as the default grain storage. Every registration is a TryAdd, so calling twice changes nothing
    /// (a second <paramref name="configure"/> still applies to the options).
    /// </summary>
    /// <remarks>
    /// The grain state serializer is the keyed <see cref="IGrainStorageSerializer"/> named <see cref="StorageNames.Grains"/>;
    /// when none is registered it is Orleans' binary format (<see cref="PooledGrainStorageSerializer"/>, not the silo's JSON default),
    /// so <c>[GenerateSerializer]</c> state with stable <c>[Id]</c>s stays readable across versions.
    /// To decorate the provider (fault injection), register after this call:
    /// <c>services.AddKeyedSingleton&lt;IGrainStorage&gt;(StorageNames.Grains, (sp, _) =&gt; new Faulty(sp.GetRequiredService&lt;SqliteGrainStorage&gt;()))</c>;
    /// the default provider resolves the keyed one, so it is decorated too.
    /// </remarks>
    public static IServiceCollection AddSqliteStore(this IServiceCollection services, Action<SqliteStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<SqliteStoreOptions>().Configure(configure);
        services.TryAddSingleton(sp => new SqliteStore(
            sp.GetRequiredService<IOptions<SqliteStoreOptions>>().Value,
            sp.GetService<ILogger<SqliteStore>>(),
            sp.GetService<IMeterFactory>()));
        services.TryAddSingleton<IGoalIndex>(sp => new SqliteGoalIndex(sp.GetRequiredService<SqliteStore>()));
        services.TryAddSingleton<IApiKeyStore>(sp => new SqliteApiKeyStore(sp.GetRequiredService<SqliteStore>()));
        services.TryAddSingleton<IPrincipalUsageStore>(sp => new SqlitePrincipalUsageStore(sp.GetRequiredService<SqliteStore>()));
        services.TryAddSingleton<IAuditStore>(sp => new SqliteAuditStore(sp.GetRequiredService<SqliteStore>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IMemoryStore>(sp => new SqliteMemoryStore(sp.GetRequiredService<SqliteStore>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.TryAddSingleton<IKnowledgeStore>(sp => new SqliteKnowledgeStore(sp.GetRequiredService<SqliteStore>()));

        services.TryAddKeyedSingleton<IGrainStorageSerializer>(
            StorageNames.Grains,
            (sp, _) => new PooledGrainStorageSerializer(sp.GetRequiredService<Serializer>()));
        services.TryAddSingleton(sp => new SqliteGrainStorage(
            sp.GetRequiredService<SqliteStore>(),
            sp.GetRequiredKeyedService<IGrainStorageSerializer>(StorageNames.Grains)));
        services.TryAddKeyedSingleton<IGrainStorage>(StorageNames.Grains, (sp, _) => sp.GetRequiredService<SqliteGrainStorage>());
        services.TryAddKeyedSingleton<IGrainStorage>(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (sp, _) => sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains));
        services.TryAddSingleton<IGrainStorage>(sp => sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains));
        return services;
    }
}
