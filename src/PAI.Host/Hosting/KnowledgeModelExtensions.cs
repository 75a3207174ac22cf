using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PAI.Memory.Graph;
using PAI.Models.Gateway;

namespace PAI.Host.Hosting;

/// <summary>
/// Joins the memory and model modules for knowledge extraction: when the model catalog resolves the summariser role
/// (its own endpoint, or the default one, e.g. <c>OPENAI_BASE_URL</c> + <c>PAI_MODEL</c>), a chat client over the model
/// gateway for that role is registered under <see cref="KnowledgeExtractor.ChatClientKey"/>, so goal write-back and
/// notes extract facts with it, each call on behalf of the principal it reads for (<see cref="AttributedKnowledgeChatClient"/>). Without a model nothing is registered and extraction stays off.
/// </summary>
internal static class KnowledgeModelExtensions
{
    /// <summary>The purpose extraction's model calls are counted under.</summary>
    public const string Purpose = "knowledge.extract";

    /// <summary>Registers the extraction model; call after <c>AddModels</c>.</summary>
    public static IServiceCollection AddKnowledgeExtractionModel(this IServiceCollection services)
    {
        if (services.LastOrDefault(d => d.ServiceType == typeof(ModelCatalog))?.ImplementationInstance is not ModelCatalog catalog
            || catalog.Resolve(ModelRole.Summariser, null) is null)
        {
            return services;
        }

        services.TryAddKeyedSingleton<IChatClient>(
            KnowledgeExtractor.ChatClientKey,
            (sp, _) => new AttributedKnowledgeChatClient(sp.GetRequiredService<IModelGateway>()));
        return services;
    }
}
