using PAI.Engine;
using PAI.Engine.Tools;

namespace PAI.Host.Hosting;

/// <summary>Wires skills, agents, declared tools and tool settings to the data folder and configuration.</summary>
public static class GuardrailsHostExtensions
{
    /// <summary>Agents from <c>{data}/agents</c>, declared tools from <c>{data}/tools</c> (unless configured otherwise),
    /// tool overrides and <c>process.run</c>'s allow-list from <c>Pai:Tools</c>.</summary>
    public static ISiloBuilder AddPaiGuardrails(this ISiloBuilder silo, IConfiguration configuration, string dataDirectory)
    {
        silo.Services.Configure<EngineOptions>(o =>
        {
            o.AgentsDirectory ??= Path.Combine(dataDirectory, "agents");
            o.ToolsDirectory ??= Path.Combine(dataDirectory, "tools");
        });
        silo.Services.Configure<ToolsOptions>(configuration.GetSection(ToolsOptions.SectionName));
        return silo;
    }
}
