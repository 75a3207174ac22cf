using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;
using PAI.Memory.Embeddings;
using PAI.Memory.Memories;
using PAI.Memory.Tools;

namespace PAI.Memory.Hosting;

/// <summary>Registers memories: the embedder, the memory service and grain's options, background maintenance and the <c>memory.*</c> tools.</summary>
public static class MemoryExtensions
{
    /// <summary>The service key of the <see cref="IEmbeddingGenerator{TInput,TEmbedding}"/> memories use; register another under it to replace the configured one.</summary>
    public const string EmbeddingGeneratorKey = "pai.memory";

    /// <summary>Adds memories to the silo, configured from <c>Pai:Memory</c> (see <see cref="MemoryOptions"/>, <see cref="MemoryEmbeddingOptions"/>); safe to call twice.</summary>
    public static ISiloBuilder AddPaiMemory(this ISiloBuilder builder, Action<MemoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPaiMemory(builder.Configuration, configure);
        return builder;
    }

    /// <summary>
    /// Adds the memory services. The store (<see cref="PAI.Abstractions.Memory.IMemoryStore"/>) comes from the storage
    /// provider (SQLite or PostgreSQL). Embeddings: <c>Pai:Memory:Embeddings</c>, else <c>OPENAI_BASE_URL</c> with
    /// <c>PAI_EMBEDDING_MODEL</c> (and <c>OPENAI_API_KEY</c>), else the in-process model. Safe to call twice: a second
    /// call only adds <paramref name="configure"/>.
    /// </summary>
    public static IServiceCollection AddPaiMemory(this IServiceCollection services, IConfiguration? configuration = null, Action<MemoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var memoryOptions = services.AddOptions<MemoryOptions>();
        var embeddingOptions = services.AddOptions<MemoryEmbeddingOptions>();
        if (configuration is not null)
        {
            memoryOptions.Bind(configuration.GetSection(MemoryOptions.SectionName));
            embeddingOptions.Configure(o => BindEmbeddings(o, configuration));
        }

        if (configure is not null)
        {
            memoryOptions.Configure(configure);
        }

        if (services.Any(d => d.ServiceType == typeof(MemoryMarker)))
        {
            return services;
        }

        services.AddSingleton<MemoryMarker>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<IEmbeddingGenerator<string, Embedding<float>>>(
            EmbeddingGeneratorKey,
            (sp, _) => EmbeddingGeneratorFactory.Create(sp.GetRequiredService<IOptions<MemoryEmbeddingOptions>>().Value));
        services.TryAddSingleton(sp => new MemoryEmbedder(
            sp.GetRequiredKeyedService<IEmbeddingGenerator<string, Embedding<float>>>(EmbeddingGeneratorKey),
            sp.GetRequiredService<IOptions<MemoryEmbeddingOptions>>()));
        services.TryAddSingleton<MemoryService>();
        services.TryAddSingleton<MemoryMaintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<MemoryMaintenance>());
        services.TryAddEnumerable(
        [
            ServiceDescriptor.Singleton<ITool, RememberTool>(),
            ServiceDescriptor.Singleton<ITool, RecallTool>(),
        ]);
        return services;
    }

    private static void BindEmbeddings(MemoryEmbeddingOptions options, IConfiguration configuration)
    {
        var section = configuration.GetSection(MemoryEmbeddingOptions.SectionName);
        section.Bind(options);

        // The models' environment conventions: an endpoint named by OPENAI_BASE_URL serves embeddings only when an
        // embedding model is named too (a chat endpoint alone says nothing about embeddings).
        if (string.IsNullOrWhiteSpace(options.Endpoint) && !string.IsNullOrWhiteSpace(configuration["PAI_EMBEDDING_MODEL"]))
        {
            options.Endpoint = configuration["OPENAI_BASE_URL"];
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            options.Model = configuration["PAI_EMBEDDING_MODEL"];
        }

        if (string.IsNullOrEmpty(options.ApiKey))
        {
            options.ApiKey = configuration["OPENAI_API_KEY"];
        }
    }

    /// <summary>Marks that memories were registered, so a second call only adds configuration.</summary>
    private sealed class MemoryMarker;
}
