using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Orleans.Configuration;
using Orleans.Serialization;
using PAI.Storage.Sqlite;

namespace PAI.Host.Faults;

/// <summary>Registers PAI's handling of store faults: the answer to requests, the state, the readiness probes.</summary>
public static class StorageFaultExtensions
{
    /// <summary>The readiness check's name in <c>/readyz</c>.</summary>
    public const string CheckName = "writable";

    /// <summary>
    /// Adds <see cref="StoreFaultState"/>, the write probes (the data folder; the SQLite store in embedded mode,
    /// PostgreSQL in cluster mode) and the <see cref="CheckName"/> readiness check.
    /// </summary>
    public static IServiceCollection AddStorageFaults(this IServiceCollection services, string dataDirectory, bool clusterMode)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<StoreFaultState>();
        services.AddSingleton<IStoreWriteProbe>(new DataFolderWriteProbe(dataDirectory));
        if (clusterMode)
        {
            services.AddSingleton<IStoreWriteProbe>(sp => new PostgresWriteProbe(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<IOptions<ClusterOptions>>()));
        }
        else
        {
            services.AddSingleton<IStoreWriteProbe>(sp => new SqliteWriteProbe(sp.GetRequiredService<SqliteStore>(), sp.GetRequiredService<TimeProvider>()));
        }

        services.AddHealthChecks().AddCheck<StoreWritableCheck>(CheckName);

        // A grain call that fails on another silo brings its exception back. Orleans serializes only exception types
        // from allowed namespaces and fails the whole answer for others (CodecNotFoundException, a 500): allow the
        // driver's and PAI's own, so the store fault that caused it reaches the classifier.
        services.Configure<ExceptionSerializationOptions>(AllowStoreExceptionTypes);
        return services;
    }

    /// <summary>Lets Orleans carry the database driver's and PAI's own exceptions between silos.</summary>
    public static void AllowStoreExceptionTypes(ExceptionSerializationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.SupportedNamespacePrefixes.Add("Npgsql");
        options.SupportedNamespacePrefixes.Add("PAI");
    }

    /// <summary>
    /// Answers store faults with 503/507 and <c>Retry-After</c>; place it right after the exception handler so it sees
    /// every endpoint's exceptions first.
    /// </summary>
    public static IApplicationBuilder UseStorageFaults(this IApplicationBuilder app) => app.UseMiddleware<StorageFaultMiddleware>();
}
