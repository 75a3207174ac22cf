using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PAI.Storage.Sqlite;
using PAI.Storage.Sqlite.Hosting;

namespace PAI.Storage.Tests.Sqlite.Hosting;

public sealed class SqliteSiloTests : IAsyncLifetime
{
    private readonly SqliteTestStorage _storage = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _storage.DeleteAsync();

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private async Task<IHost> StartSiloAsync()
    {
        var host = Host.CreateDefaultBuilder()
            .UseOrleans(silo => silo
                .UseLocalhostClustering(FreePort(), FreePort())
                .AddSqliteStore(options => options.DataDirectory = _storage.DataDirectory))
            .Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task AddSqliteStore_GrainWritesStateInSilo_StateSurvivesSiloRestart()
    {
        using (var first = await StartSiloAsync())
        {
            var grain = first.Services.GetRequiredService<IGrainFactory>().GetGrain<ISiloCounterGrain>("c1");
            await grain.IncrementAsync();
            Assert.Equal(2, await grain.IncrementAsync());
            Assert.Equal(2, first.Services.GetRequiredService<SqliteStore>().Statistics.Operations);
            await first.StopAsync();
        }

        using var second = await StartSiloAsync();
        var reloaded = second.Services.GetRequiredService<IGrainFactory>().GetGrain<ISiloCounterGrain>("c1");

        Assert.Equal(2, await reloaded.GetAsync());
        await second.StopAsync();
    }
}
