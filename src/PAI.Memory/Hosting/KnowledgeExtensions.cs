using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Tools;
using PAI.Memory.Graph;
using PAI.Memory.Notes;
using PAI.Memory.Tools;
using PAI.Memory.WriteBack;

namespace PAI.Memory.Hosting;

/// <summary>Registers the knowledge graph and notes on top of memories: their services, the entity resolver, the notes watcher, forgetting and the <c>graph.*</c> and <c>notes.*</c> tools.</summary>
public static class KnowledgeExtensions
{
    /// <summary>Adds the knowledge graph (and memories) to the silo, configured from <c>Pai:Memory:Graph</c>; safe to call twice.</summary>
    public static ISiloBuilder AddPaiKnowledge(this ISiloBuilder builder, Action<GraphOptions>? configure = null, Action<NotesOptions>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddPaiMemory();
        builder.Services.AddPaiKnowledge(builder.Configuration, configure, notes);
        return builder;
    }

    /// <summary>
    /// Adds the knowledge graph services. The store (<see cref="PAI.Abstractions.Knowledge.IKnowledgeStore"/>) comes
    /// from the storage provider. Safe to call twice: a second call only adds <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddPaiKnowledge(this IServiceCollection services, IConfiguration? configuration = null, Action<GraphOptions>? configure = null, Action<NotesOptions>? notes = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddPaiMemory(configuration);
        var graphOptions = services.AddOptions<GraphOptions>();
        var notesOptions = services.AddOptions<NotesOptions>();
        if (configuration is not null)
        {
            graphOptions.Bind(configuration.GetSection(GraphOptions.SectionName));
            notesOptions.Bind(configuration.GetSection(NotesOptions.SectionName));
        }

        if (configure is not null)
        {
            graphOptions.Configure(configure);
        }

        if (notes is not null)
        {
            notesOptions.Configure(notes);
        }

        if (services.Any(d => d.ServiceType == typeof(KnowledgeMarker)))
        {
            return services;
        }

        services.AddSingleton<KnowledgeMarker>();
        services.TryAddSingleton<EntityResolver>();
        services.AddHostedService(sp => sp.GetRequiredService<EntityResolver>());
        services.TryAddSingleton<KnowledgeGraphService>();
        services.TryAddSingleton<NotesService>();
        services.TryAddSingleton<NotesWatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<NotesWatcher>());
        services.TryAddSingleton<NoteExtractionQueue>();
        services.AddHostedService<NoteExtractionWorker>();
        services.TryAddSingleton<KnowledgeForgetting>();
        services.TryAddSingleton<KnowledgeExtractor>();
        services.TryAddSingleton<GoalRecall>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IGoalFinishedHandler, GoalWriteBack>());
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<ITool, GraphAssertTool>(),
            ServiceDescriptor.Singleton<ITool, GraphQueryTool>(),
            ServiceDescriptor.Singleton<ITool, NotesWriteTool>(),
            ServiceDescriptor.Singleton<ITool, NotesSearchTool>(),
        ]);
        return services;
    }

    /// <summary>Marks that the knowledge graph was registered, so a second call only adds configuration.</summary>
    private sealed class KnowledgeMarker;
}
