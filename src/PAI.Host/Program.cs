using PAI.Host.Apis;
using PAI.Host.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPaiHost();

var app = builder.Build();

app.UsePaiHost();
app.MapDefaultEndpoints();
app.MapGoalsApi();
app.MapCatalogApi();
app.MapGpusApi();
app.MapApprovalsApi();
app.MapAuditApi();

app.Run();
