using Microsoft.AspNetCore.Server.Kestrel.Core;
using PAI.Host.Auth;

namespace PAI.Host.GrpcApi;

/// <summary>
/// Serves the gRPC contract (protos/pai/v1): the goals service, gRPC health checks (unauthenticated, like /healthz)
/// and server reflection, beside HTTP.
/// </summary>
/// <remarks>
/// gRPC needs HTTP/2. On an https URL, Kestrel negotiates it per connection (ALPN), so gRPC shares the HTTP port. On a
/// plain http URL Kestrel cannot tell HTTP/2 from HTTP/1.1 (no cleartext negotiation in .NET 10, dotnet/aspnetcore#56984),
/// so gRPC over cleartext (h2c) gets its own HTTP/2-only URL: <c>--grpc-url</c>, <c>PAI_GRPC_URL</c> or
/// <c>Pai:Grpc:Url</c>, e.g. <c>http://127.0.0.1:5081</c>, added to the host's URLs.
/// </remarks>
public static class GrpcHostExtensions
{
    /// <summary>Adds the gRPC services and, when configured, the cleartext HTTP/2 endpoint.</summary>
    public static WebApplicationBuilder AddPaiGrpc(this WebApplicationBuilder builder)
    {
        builder.Services.AddGrpc(o =>
        {
            o.MaxReceiveMessageSize = 1024 * 1024;

            // gRPC's catch-all for unknown services would match every two-segment POST (POST /api/goals with the wrong
            // media type answered 404 instead of 415, a wrong method 404 instead of 405); unknown gRPC calls fall
            // through to the HTTP pipeline's own 404 instead.
            o.IgnoreUnknownServices = true;
        });
        builder.Services.AddGrpcHealthChecks();
        builder.Services.AddGrpcReflection();

        var grpcUrl = builder.Configuration["grpc-url"] ?? builder.Configuration["PAI_GRPC_URL"] ?? builder.Configuration["Pai:Grpc:Url"];
        if (string.IsNullOrWhiteSpace(grpcUrl))
        {
            return builder;
        }

        if (!Uri.TryCreate(grpcUrl, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.IsDefaultPort || uri.AbsolutePath != "/")
        {
            throw new InvalidOperationException($"the gRPC URL '{grpcUrl}' must be http://<host>:<port> (an https URL serves gRPC on the HTTP port already)");
        }

        var urls = builder.Configuration[WebHostDefaults.ServerUrlsKey];
        builder.WebHost.UseUrls(string.IsNullOrWhiteSpace(urls) ? $"http://localhost:5000;{grpcUrl}" : $"{urls};{grpcUrl}");
        builder.WebHost.ConfigureKestrel(k => k.ConfigureEndpointDefaults(endpoint =>
        {
            if (endpoint.IPEndPoint?.Port == uri.Port)
            {
                endpoint.Protocols = HttpProtocols.Http2;
            }
        }));
        return builder;
    }

    /// <summary>Maps the goals service, health checks (no key needed) and reflection (any key).</summary>
    public static WebApplication MapPaiGrpc(this WebApplication app)
    {
        app.MapGrpcService<GoalsGrpcService>();
        app.MapGrpcHealthChecksService().AllowAnonymous();
        app.MapGrpcReflectionService().WithMetadata(new ReadOnlyCallAttribute());
        return app;
    }
}
