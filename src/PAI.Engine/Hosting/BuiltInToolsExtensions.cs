using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Hosting;

/// <summary>Registers the built-in tools (<c>echo</c>, <c>file.*</c>, <c>wait</c>, <c>http.request</c>, <c>process.run</c>) and the registry.</summary>
public static class BuiltInToolsExtensions
{
    /// <summary>Adds the built-in tools to the silo; safe to call more than once.</summary>
    public static ISiloBuilder AddBuiltInTools(this ISiloBuilder builder)
    {
        builder.Services.AddBuiltInTools();
        return builder;
    }

    /// <summary>Adds the built-in tools, <see cref="IToolRegistry"/> and <see cref="TimeProvider.System"/> when none is
    /// registered; safe to call more than once.</summary>
    public static IServiceCollection AddBuiltInTools(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<AppendJournal>();
        services.TryAddSingleton<IToolRegistry, ToolRegistry>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<ITool, EchoTool>(),
            ServiceDescriptor.Singleton<ITool, FileWriteTool>(),
            ServiceDescriptor.Singleton<ITool, FileAppendTool>(),
            ServiceDescriptor.Singleton<ITool, FileReadTool>(),
            ServiceDescriptor.Singleton<ITool, WaitTool>(),
            ServiceDescriptor.Singleton<ITool, HttpRequestTool>(),
            ServiceDescriptor.Singleton<ITool, FileListTool>(),
            ServiceDescriptor.Singleton<ITool, ProcessRunTool>(),
            ServiceDescriptor.Singleton<ITool, MarkdownRenderTool>(),
        ]);
        services.AddOptions<ToolsOptions>();

        if (!services.Any(d => d.ServiceType == typeof(HttpClientMarker)))
        {
            services.AddSingleton<HttpClientMarker>();
            // The tool enforces its own per-request timeout; HttpClient's 100 s default would cut longer ones short.
            services.AddHttpClient(HttpRequestTool.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan);
        }

        return services;
    }

    private sealed class HttpClientMarker;
}
