using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using PAI.Abstractions.Audit;
using PAI.Storage.Postgres;
using PAI.Storage.Postgres.Hosting;

namespace PAI.Storage.Tests.Postgres.Hosting;

/// <summary>The PostgreSQL audit store wins over a fallback registered before it (the engine's in-memory log).</summary>
public sealed class PostgresAuditRegistrationTests
{
    [Fact]
    public async Task AddPostgresStore_AfterAFallbackAuditStore_ResolvesThePostgresStore()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.Configure<ClusterOptions>(o => o.ServiceId = "pai-tests");
        services.AddSingleton<IAuditStore>(_ => throw new InvalidOperationException("the fallback must not be used"));

        services.AddPostgresStore(o => o.ConnectionString = "Host=localhost;Database=unused");

        await using var provider = services.BuildServiceProvider();
        Assert.IsType<PostgresAuditStore>(provider.GetRequiredService<IAuditStore>());
        Assert.Single(services, d => d.ServiceType == typeof(IAuditStore));
    }
}
