using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration.Json;
using PAI.Browser.Hosting;
using PAI.Engine.Hosting;
using PAI.Gpu.Hosting;
using PAI.Models.Hosting;
using PAI.Memory.Hosting;
using Orleans.Dashboard;
using PAI.Host.Auth;
using PAI.Host.Faults;
using PAI.Principals.Hosting;
using PAI.Principals.Keys;
using PAI.Principals.Quotas;
using PAI.Mcp.Client.Hosting;
using PAI.Schedules;
using PAI.Schedules.Hosting;
using PAI.Storage.Sqlite.Hosting;

namespace PAI.Host.Hosting;

/// <summary>Composes the PAI process: the embedded silo, its store, the engine, authentication and HTTP behaviour.</summary>
public static class PaiHostExtensions
{
    /// <summary>Adds everything the PAI host needs.</summary>
    public static WebApplicationBuilder AddPaiHost(this WebApplicationBuilder builder)
    {
        // The shipped settings (log levels) come from beside the binary, whatever the working directory, as the
        // lowest-priority source: appsettings in the content root, environment variables and arguments override them.
        var shipped = new JsonConfigurationSource { Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"), Optional = true };
        shipped.ResolveFileProvider();
        builder.Configuration.Sources.Insert(0, shipped);

        var dataDirectory = PaiHostOptions.ResolveDataDirectory(builder.Configuration);
        Directory.CreateDirectory(dataDirectory);
        var clusterMode = !string.IsNullOrWhiteSpace(builder.Configuration.GetConnectionString(ClusterModeExtensions.ConnectionStringName));
        var hostOptions = new PaiHostOptions
        {
            DataDirectory = dataDirectory,
            DashboardEnabled = builder.Configuration.GetValue<bool?>("Pai:Dashboard:Enabled") ?? clusterMode,
            ClusterMode = clusterMode,
        };
        builder.Services.AddSingleton(hostOptions);
        builder.Services.AddSingleton<FirstStartKey>();
        builder.Services.AddSingleton<PAI.Host.Apis.Feed.GoalFeed>();

        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = hostOptions.MaxRequestBodyBytes;
            RequestLimits.ConfigureKestrel(k.Limits);
        });
        builder.Services.Configure<FormOptions>(f => f.MultipartBodyLengthLimit = hostOptions.MaxRequestBodyBytes);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;

            // Numbers are numbers (the web default also reads them from strings, and the OpenAPI document says so).
            json.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ProblemDetailsDefaults.Customize);
        builder.Services.AddPaiOpenApi();

        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<ApiKeyAuthenticationOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPaiPolicies();
        builder.Services.AddHostedService<ApiKeyBootstrapper>();
        builder.Services.Configure<QuotaOptions>(builder.Configuration.GetSection(QuotaOptions.SectionName));
        builder.Services.AddHostedService<StartupBanner>();

        // Readiness includes the store: a host whose database does not answer should get no traffic.
        if (clusterMode)
        {
            builder.Services.AddHealthChecks().AddCheck<PostgresReadinessCheck>("postgres");
        }
        else
        {
            builder.Services.AddHealthChecks().AddCheck<SqliteReadinessCheck>("sqlite");
        }

        builder.Services.AddStorageFaults(dataDirectory, clusterMode);

        var engineSection = builder.Configuration.GetSection(PAI.Engine.EngineOptions.SectionName);
        builder.UseOrleans(silo =>
        {
            var connectionString = builder.Configuration.GetConnectionString(ClusterModeExtensions.ConnectionStringName);
            if (string.IsNullOrWhiteSpace(connectionString))
            {
                var free = FreePort.Find(2);
                var siloPort = builder.Configuration.GetValue<int?>("Orleans:Endpoints:SiloPort") ?? free[0];
                var gatewayPort = builder.Configuration.GetValue<int?>("Orleans:Endpoints:GatewayPort") ?? free[1];
                silo.UseLocalhostClustering(siloPort, gatewayPort, serviceId: "pai", clusterId: builder.Configuration["Orleans:ClusterId"] ?? "pai-embedded");
                silo.AddSqliteStore(o => o.DataDirectory = dataDirectory);
            }
            else
            {
                silo.UsePaiCluster(builder.Configuration, connectionString);
            }

            if (hostOptions.DashboardEnabled)
            {
                silo.AddDashboard();
            }
            silo.AddGoalEngine(o =>
            {
                engineSection.Bind(o);
                o.DataDirectory = dataDirectory;
                o.SkillsDirectory ??= Path.Combine(dataDirectory, "skills");
            });
            silo.AddMcpClients();
            silo.AddActivityPropagation();
            silo.AddGpu();
            silo.Services.AddBrowserTool(builder.Configuration);
            silo.AddModels();
            silo.AddPrincipals(o => builder.Configuration.GetSection(ApiKeyOptions.SectionName).Bind(o));
            silo.AddSchedules(o => builder.Configuration.GetSection(ScheduleOptions.SectionName).Bind(o));
            silo.AddPaiMemory();
            silo.Services.AddSingleton<PAI.Models.Planning.IGoalMemoryRecall, MemoryGoalRecall>();
            silo.AddPaiKnowledge(notes: o => o.Directory ??= Path.Combine(dataDirectory, "notes"));
            silo.Services.AddKnowledgeExtractionModel();
            silo.AddPaiGuardrails(builder.Configuration, dataDirectory);
        });
        return builder;
    }

    /// <summary>
    /// Maps the Orleans Dashboard under <c>/dashboard</c> for admin API keys only (it shows every silo, grain type and
    /// call rate of the cluster), when <see cref="PaiHostOptions.DashboardEnabled"/>. Browsers cannot send the Bearer
    /// header by themselves; see docs/deploy.md.
    /// </summary>
    public static WebApplication MapPaiDashboard(this WebApplication app)
    {
        if (!app.Services.GetRequiredService<PaiHostOptions>().DashboardEnabled)
        {
            return app;
        }

        app.MapOrleansDashboard(routePrefix: DashboardPath).RequireAuthorization(PaiPolicies.Admin);
        return app;
    }

    /// <summary>Where the Orleans Dashboard is served.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>Adds the HTTP pipeline: problem details for every error, PAI's request limits, the console, then
    /// authentication; maps the OpenAPI document (authenticated, like every API call).</summary>
    public static WebApplication UsePaiHost(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = ex => ex switch
            {
                BadHttpRequestException bad => bad.StatusCode,
                _ => StatusCodes.Status500InternalServerError,
            },
        });
        app.UseStorageFaults();
        app.UseStatusCodePages();
        app.UseRequestLimits();

        app.UsePaiConsole();
        app.UsePublishedSites();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapOpenApi();
        return app;
    }
}
