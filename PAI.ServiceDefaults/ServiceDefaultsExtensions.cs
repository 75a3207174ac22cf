using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PAI.ServiceDefaults;

// Same namespace as Aspire's template so that hosts get AddServiceDefaults/MapDefaultEndpoints
// without an extra using, and a real Aspire ServiceDefaults project can replace this one unchanged.
namespace Microsoft.Extensions.Hosting;

/// <summary>Service-wide defaults for every PAI process: OpenTelemetry, health checks, service discovery and HTTP resilience.</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>Path of the liveness probe; runs only checks tagged <see cref="LiveTag"/>.</summary>
    public const string LivenessPath = "/healthz";

    /// <summary>Path of the readiness probe; runs every registered check.</summary>
    public const string ReadinessPath = "/readyz";

    /// <summary>Path of the Prometheus scraping endpoint.</summary>
    public const string MetricsPath = "/metrics";

    /// <summary>Tag for checks that say the process is alive; a failure here means "restart me".</summary>
    public const string LiveTag = "live";

    /// <summary>Tag for checks that say the process can serve (storage reachable, silo joined); a failure means "send no traffic yet".</summary>
    public const string ReadyTag = "ready";

    /// <summary>Name of the Orleans meter.</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    /// <summary>Prefix (with wildcard) matching every meter and activity source PAI defines.</summary>
    public const string PaiTelemetryPattern = "PAI.*";

    /// <summary>Adds OpenTelemetry, the default health checks, service discovery and resilient HttpClient defaults.</summary>
    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();

        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();

        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>Configures OpenTelemetry logging, metrics and tracing, with an OTLP exporter when configured and a Prometheus exporter always.</summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var serviceName = builder.Configuration["OTEL_SERVICE_NAME"];
        if (string.IsNullOrWhiteSpace(serviceName))
        {
            serviceName = builder.Environment.ApplicationName;
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(OrleansMeterName)
                    // "PAI.*" needs the dot, so the bare "PAI" name is listed too.
                    .AddMeter("PAI", PaiTelemetryPattern)
                    .AddPrometheusExporter();
            })
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(options =>
                        // Probes and scrapes arrive every few seconds; tracing them would drown real requests.
                        options.Filter = context => !IsInfrastructurePath(context.Request.Path))
                    .AddHttpClientInstrumentation()
                    // Orleans emits grain-call spans only when the silo/client calls AddActivityPropagation().
                    .AddSource("Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
                    .AddSource("PAI", PaiTelemetryPattern);
            });

        builder.AddOpenTelemetryExporters();

        return builder;
    }

    /// <summary>Adds the "self" liveness check, tagged <see cref="LiveTag"/>.</summary>
    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);

        return builder;
    }

    /// <summary>Maps <c>/healthz</c> (live checks), <c>/readyz</c> (all checks) and the Prometheus <c>/metrics</c> endpoint, all anonymous.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        // Aspire's template maps these only in Development because health output can leak details.
        // PAI maps them everywhere: home-lab deployments (systemd, Docker, k3s, Prometheus) need the probes
        // and the scrape target in production, and the JSON body carries only check names, status and the
        // description a check chose to publish.
        app.MapHealthChecks(LivenessPath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        }).AllowAnonymous();

        // Readiness runs every check: other projects register theirs tagged "ready" (storage, cluster membership).
        app.MapHealthChecks(ReadinessPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportJsonWriter.WriteAsync,
        }).AllowAnonymous();

        app.MapPrometheusScrapingEndpoint(MetricsPath).AllowAnonymous();

        return app;
    }

    private static TBuilder AddOpenTelemetryExporters<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        // Without an endpoint the OTLP exporter would keep retrying localhost:4317 and log failures.
        var useOtlpExporter = !string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);

        if (useOtlpExporter)
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    private static bool IsInfrastructurePath(PathString path) =>
        path.StartsWithSegments(LivenessPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(ReadinessPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(MetricsPath, StringComparison.OrdinalIgnoreCase);
}
