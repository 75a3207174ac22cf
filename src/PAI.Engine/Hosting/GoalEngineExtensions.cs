using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using PAI.Abstractions.Audit;
using PAI.Engine.Agents;
using PAI.Engine.Grains;
using PAI.Engine.Guardrails;
using PAI.Engine.Invocation;
using PAI.Engine.Resume;
using PAI.Engine.Tools;
using PAI.Engine.Tools.Declared;
using PAI.Engine.Skills;
using PAI.Engine.Skills.Running;

namespace PAI.Engine.Hosting;

/// <summary>
/// Registers the goal engine: grains' services, built-in tools, skills, resume scan and pruning. Goal-finished handlers
/// (<see cref="PAI.Abstractions.Goals.IGoalFinishedHandler"/>) are added by the features that need them, as many as they
/// like: <c>services.AddSingleton&lt;IGoalFinishedHandler, MyHandler&gt;()</c>.
/// </summary>
public static class GoalEngineExtensions
{
    /// <summary>Adds the goal engine to a silo.</summary>
    public static ISiloBuilder AddGoalEngine(this ISiloBuilder builder, Action<EngineOptions>? configure = null)
    {
        builder.Services.AddGoalEngine(configure);
        return builder;
    }

    /// <summary>Adds the goal engine's services; safe to call twice.</summary>
    public static IServiceCollection AddGoalEngine(this IServiceCollection services, Action<EngineOptions>? configure = null)
    {
        var options = services.AddOptions<EngineOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<GrainDirectoryOptions>().Configure<IOptions<EngineOptions>>((directory, engine) => directory.CacheSize = engine.Value.GrainDirectoryCacheSize);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ISkillCatalog, SkillCatalog>();
        services.TryAddSingleton<IAgentCatalog, AgentCatalog>();
        services.TryAddSingleton<ToolInvoker>();
        services.TryAddSingleton<SkillRunner>();
        services.TryAddSingleton<AuditVerifier>();
        services.TryAddSingleton<StepDispatcher>();
        services.TryAddSingleton<GoalAuditWriter>();
        services.TryAddSingleton<GoalFinishedNotifier>();

        // A store provider (SQLite, PostgreSQL) registers the durable audit log first; this is the fallback.
        services.TryAddSingleton<IAuditStore, InMemoryAuditStore>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IToolSource, DeclaredToolSource>());
        services.AddBuiltInTools();
        if (!services.Any(d => d.ServiceType == typeof(GoalResumer)))
        {
            services.AddSingleton<GoalResumer>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<GoalResumer>());
            services.AddSingleton<GoalPruner>();
            services.AddHostedService(sp => sp.GetRequiredService<GoalPruner>());
        }

        return services;
    }
}
