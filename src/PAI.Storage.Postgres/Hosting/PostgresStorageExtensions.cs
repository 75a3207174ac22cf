using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Knowledge;
using PAI.Abstractions.Memory;
using PAI.Abstractions.Storage;
using PAI.Storage.Postgres.Knowledge;
using PAI.Storage.Postgres.Memory;

namespace PAI.Storage.Postgres.Hosting;

/// <summary>
/// Registers cluster mode's store: Orleans' ADO.NET clustering, grain storage and reminders on PostgreSQL, PAI's goal
/// index, API keys, audit log and memories in the same database, and the schema applied on start.
/// </summary>
public static class PostgresStorageExtensions
{
    /// <summary>
    /// Adds the PostgreSQL store to the silo: ADO.NET clustering (invariant <c>Npgsql</c>), ADO.NET grain storage named
    /// <see cref="StorageNames.Grains"/> that is also the default provider (Orleans' binary serializer, rows deleted on
    /// clear), ADO.NET reminders, <see cref="IGoalIndex"/>, <see cref="IApiKeyStore"/>, <see cref="IAuditStore"/> and <see cref="PostgresSchemaInitializer"/>.
    /// </summary>
    public static ISiloBuilder AddPostgresStore(this ISiloBuilder builder, Action<PostgresStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        var settings = new PostgresStoreOptions();
        configure(settings);
        ArgumentException.ThrowIfNullOrWhiteSpace(settings.ConnectionString);

        builder.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresStoreOptions.Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
        builder.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresStoreOptions.Invariant;
            o.ConnectionString = settings.ConnectionString;
        });
        builder.Services.AddPostgresStore(configure);
        if (!builder.Services.Any(d => d.ServiceType == typeof(ILifecycleParticipant<ISiloLifecycle>) && d.ImplementationFactory?.Method.DeclaringType == typeof(PostgresStorageExtensions)))
        {
            builder.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(SchemaParticipant);
        }

        return builder;
    }

    /// <summary>
    /// Adds the PostgreSQL grain storage (keyed <see cref="StorageNames.Grains"/> and default), goal index, API key
    /// store and audit log; safe to call twice. The grain storage is Orleans' <c>AdoNetGrainStorage</c>, an
    /// <see cref="ILifecycleParticipant{ISiloLifecycle}"/> that loads its queries when the silo starts.
    /// </summary>
    public static IServiceCollection AddPostgresStore(this IServiceCollection services, Action<PostgresStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<PostgresStoreOptions>().Configure(configure);
        if (services.Any(d => d.ServiceType == typeof(PostgresStoreMarker)))
        {
            return services;
        }

        services.AddSingleton<PostgresStoreMarker>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PostgresSchemaInitializer>();
        services.TryAddSingleton(sp => NpgsqlDataSource.Create(sp.GetRequiredService<IOptions<PostgresStoreOptions>>().Value.ConnectionString));
        services.TryAddSingleton<IGoalIndex>(sp => new PostgresGoalIndex(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<PostgresSchemaInitializer>()));
        services.TryAddSingleton<IApiKeyStore>(sp => new PostgresApiKeyStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<PostgresSchemaInitializer>()));
        services.TryAddSingleton<IPrincipalUsageStore>(sp => new PostgresPrincipalUsageStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<PostgresSchemaInitializer>()));

        services.TryAddSingleton<IMemoryStore>(sp => new PostgresMemoryStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PostgresSchemaInitializer>()));

        services.TryAddSingleton<IKnowledgeStore>(sp => new PostgresKnowledgeStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<PostgresSchemaInitializer>()));

        // Replace, not TryAdd: the engine's in-memory fallback must never win, whichever of AddGoalEngine/AddPostgresStore runs first.
        services.Replace(ServiceDescriptor.Singleton<IAuditStore>(sp => new PostgresAuditStore(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetRequiredService<IOptions<ClusterOptions>>().Value.ServiceId,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<PostgresSchemaInitializer>())));

        services.TryAddKeyedSingleton<IGrainStorageSerializer>(
            StorageNames.Grains,
            (sp, _) => new PooledGrainStorageSerializer(sp.GetRequiredService<Serializer>()));
        services.AddAdoNetGrainStorage(StorageNames.Grains, (OptionsBuilder<AdoNetGrainStorageOptions> ob) => ob
            .Configure<IServiceProvider, IOptions<PostgresStoreOptions>>((o, sp, pg) =>
            {
                o.Invariant = PostgresStoreOptions.Invariant;
                o.ConnectionString = pg.Value.ConnectionString;
                o.DeleteStateOnClear = true;
                o.GrainStorageSerializer = sp.GetRequiredKeyedService<IGrainStorageSerializer>(StorageNames.Grains);
            }));

        // Registered after Orleans' own keyed registration, so this one is resolved (also by the lifecycle hook
        // AddAdoNetGrainStorage adds): the ADO.NET storage, writing a snapshot taken at call time.
        services.AddKeyedSingleton<IGrainStorage>(
            StorageNames.Grains,
            (sp, key) => new SnapshotGrainStorage(AdoNetGrainStorageFactory.Create(sp, (string)key!), sp.GetRequiredService<DeepCopier>()));
        services.TryAddKeyedSingleton<IGrainStorage>(
            ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME,
            (sp, _) => sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains));
        services.TryAddSingleton<IGrainStorage>(sp => sp.GetRequiredKeyedService<IGrainStorage>(StorageNames.Grains));
        return services;
    }

    private static ILifecycleParticipant<ISiloLifecycle> SchemaParticipant(IServiceProvider services) =>
        services.GetRequiredService<PostgresSchemaInitializer>();

    /// <summary>Marks that the store was registered, so a second call only adds configuration.</summary>
    private sealed class PostgresStoreMarker;
}
