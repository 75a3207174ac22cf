using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PAI.Abstractions.Tools;
using PAI.Memory.Graph;
using PAI.Memory.Tools;

namespace PAI.Memory.Hosting;

/// <summary>Registers the knowledge graph on top of memories: its service, the entity resolver and the <c>graph.*</c> tools.</summary>
public static class KnowledgeExtensions
{
    /// <summary>Adds the knowledge graph (and memories) to the silo, configured from <c>Pai:Memory:Graph</c>; safe to call twice.</summary>
    public static ISiloBuilder AddPaiKnowledge(this ISiloBuilder builder, Action<GraphOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPaiMemory();
        builder.Services.AddPaiKnowledge(builder.Configuration, configure);
        return builder;
    }

    /// <summary>
    /// Adds the knowledge graph services. The store (<see cref="PAI.Abstractions.Knowledge.IKnowledgeStore"/>) comes
    /// from the storage provider. Safe to call twice: a second call only adds <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddPaiKnowledge(this IServiceCollection services, IConfiguration? configuration = null, Action<GraphOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPaiMemory(configuration);
        var graphOptions = services.AddOptions<GraphOptions>();
        if (configuration is not null)
        {
            graphOptions.Bind(configuration.GetSection(GraphOptions.SectionName));
        }

        if (configure is not null)
        {
            graphOptions.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(KnowledgeMarker)))
        {
            return services;
        }

        services.AddSingleton<KnowledgeMarker>();
        services.TryAddSingleton<EntityResolver>();
        services.AddHostedService(sp => sp.GetRequiredService<EntityResolver>());
        services.TryAddSingleton<KnowledgeGraphService>();
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<ITool, GraphAssertTool>(),
            ServiceDescriptor.Singleton<ITool, GraphQueryTool>(),
        ]);
        return services;
    }

    /// <summary>Marks that the knowledge graph was registered, so a second call only adds configuration.</summary>
    private sealed class KnowledgeMarker;
}
