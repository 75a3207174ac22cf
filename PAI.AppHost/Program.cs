using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using PAI.AppHost;

// The development AppHost: PostgreSQL from the machine's installation, PAI's schema, N silos, the Aspire dashboard.
var builder = DistributedApplication.CreateBuilder(args);
DevClusterOptions options;
PostgresInstallation installation;
try
{
    options = DevClusterOptions.From(builder.Configuration);
    installation = PostgresInstallation.Find();
}
catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

var folder = DevFolder.Create(options.DataDirectory, installation.RunAsServiceUser ? PostgresInstallation.ServiceUser : null);
var apiKey = builder.AddParameter("pai-api-key", ApiKeyFile.Resolve(builder.Configuration, folder.Root, out var apiKeyFile), secret: true);
var postgres = builder.AddLocalPostgres("postgres", PaiClusterBuilderExtensions.ConnectionName, folder.Postgres, installation, folder.PostgresInitialized);
var migration = builder.AddPaiMigration(postgres);
var silos = builder.AddPaiSilos(options.Silos, options.HttpPort, postgres, migration, apiKey, folder.Data);
new ClusterSummary(silos, apiKeyFile, folder).SubscribeTo(builder);

var app = builder.Build();
app.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(folder.DeleteIfTemporary);
await app.RunAsync();
return 0;
