using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;
using PAI.Engine.Agents;
using PAI.Engine.Planning;
using PAI.Models.Agents;
using PAI.Models.Gateway;
using PAI.Models.Tools;

namespace PAI.Models.Hosting;

/// <summary>
/// Registers model access: the gateway over the configured endpoints (<c>Pai:Models</c>, or just <c>OPENAI_BASE_URL</c>,
/// <c>OPENAI_API_KEY</c>, <c>PAI_MODEL</c>), the model planner, the agent runner behind agent tasks and prompt/judge
/// phases, and the <c>llm.chat</c> / <c>llm.json</c> tools (only when a model is configured, so plans naming them are
/// refused with a clear message otherwise).
/// </summary>
public static class ModelsExtensions
{
    /// <summary>Adds model access to the silo, configured from the silo's configuration; safe to call twice.</summary>
    public static ISiloBuilder AddModels(this ISiloBuilder builder, Action<ModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddModels(builder.Configuration, configure);
        return builder;
    }

    /// <summary>Adds model access; safe to call twice (the first call's configuration wins).</summary>
    public static IServiceCollection AddModels(this IServiceCollection services, IConfiguration configuration, Action<ModelOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (services.Any(d => d.ServiceType == typeof(ModelCatalog)))
        {
            return services;
        }

        // The catalog is resolved now: which tools exist depends on it, and tools are registered now.
        var options = new ModelOptions();
        configuration.GetSection(ModelOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var catalog = ModelCatalog.From(options, configuration);
        services.AddSingleton(catalog);
        services.AddSingleton<IOptions<ModelOptions>>(Options.Create(options));
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ModelGateway>();
        services.AddSingleton<IModelGateway>(sp => sp.GetRequiredService<ModelGateway>());
        services.AddSingleton(new ModelCapabilities(
            catalog.Resolve(ModelRole.Planner, null) is null ? catalog.Unavailable(ModelRole.Planner, null) : null,
            catalog.Resolve(ModelRole.Agent, null) is null ? catalog.Unavailable(ModelRole.Agent, null) : null));
        services.AddSingleton<IAgentRunner, AgentRunner>();
        if (catalog.IsConfigured)
        {
            services.TryAddEnumerable(
            [
                ServiceDescriptor.Singleton<ITool, LlmChatTool>(),
                ServiceDescriptor.Singleton<ITool, LlmJsonTool>(),
            ]);
        }

        return services;
    }
}
