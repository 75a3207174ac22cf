using PAI.Host.Apis;
using PAI.Host.GrpcApi;
using PAI.Host.Hosting;
using PAI.Host.Mcp;

if (args.Contains(ClusterModeExtensions.MigrateArgument))
{
    return await ClusterModeExtensions.MigrateAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPaiHost();
builder.AddPaiGrpc();
builder.AddPaiMcpServer();

var app = builder.Build();

app.UsePaiHost();
app.MapDefaultEndpoints();
app.MapGoalsApi();
app.MapCatalogApi();
app.MapGpusApi();
app.MapApprovalsApi();
app.MapTranscriptApi();
app.MapAuditApi();
app.MapKeysApi();
app.MapQuotaApi();
app.MapUsageApi();
app.MapSchedulesApi();
app.MapMemoriesApi();
app.MapPaiGrpc();
app.MapGraphApi();
app.MapNotesApi();
app.MapPaiMcp();
app.MapPaiDashboard();

app.Run();
return 0;
