using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Engine.Skills;

namespace PAI.Engine.Agents;

/// <summary>The built-in <c>default</c> agent plus every <c>*.yaml</c> in the agents folder (loaded at start).</summary>
public sealed partial class AgentCatalog : IAgentCatalog
{
    private static readonly string[] Fields = ["name", "model", "systemPrompt", "tools", "memoryScope", "concurrency", "budget"];
    private static readonly string[] BudgetFields = ["maxTurns", "maxTokens", "timeout", "dailyTokens"];
    private readonly Dictionary<string, AgentDefinition> _agents = new(StringComparer.Ordinal);

    /// <summary>Loads the agents; a broken file is logged and skipped.</summary>
    public AgentCatalog(IOptions<EngineOptions> options, ILogger<AgentCatalog> logger)
    {
        _agents[AgentDefinition.DefaultName] = AgentDefinition.Default;
        _agents[PublisherAgent.Name] = PublisherAgent.Definition;
        var folder = options.Value.AgentsDirectory;
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.yaml").Concat(Directory.EnumerateFiles(folder, "*.yml")).Order(StringComparer.Ordinal))
        {
            try
            {
                var agent = Parse(File.ReadAllText(file), file);
                _agents[agent.Name] = agent;
            }
            catch (FormatException ex)
            {
                LogAgentRejected(logger, ex.Message);
            }
        }
    }

    /// <inheritdoc />
    public IReadOnlyCollection<AgentDefinition> All => _agents.Values.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();

    /// <inheritdoc />
    public bool TryGet(string name, out AgentDefinition agent) => _agents.TryGetValue(name, out agent!);

    /// <summary>Parses one agent file.</summary>
    public static AgentDefinition Parse(string text, string source)
    {
        var yaml = new YamlReader(source);
        var root = yaml.Root(text);
        yaml.AllowOnly(root, "", Fields);
        return new AgentDefinition(
            yaml.String(root, "name", "", required: true)!,
            yaml.String(root, "model", ""),
            yaml.String(root, "systemPrompt", ""),
            yaml.Strings(root, "tools", ""),
            yaml.String(root, "memoryScope", "") ?? "principal",
            yaml.Int(root, "concurrency", "", 0, 0, 10_000),
            source,
            ParseBudget(yaml, root));
    }

    private static AgentBudget? ParseBudget(YamlReader yaml, YamlDotNet.RepresentationModel.YamlMappingNode root)
    {
        if (YamlReader.Get(root, "budget") is not { } node)
        {
            return null;
        }

        var budget = yaml.Map(node, "budget");
        yaml.AllowOnly(budget, "budget", BudgetFields);
        return new AgentBudget(
            yaml.Int(budget, "maxTurns", "budget", 0, 0, 10_000),
            yaml.Int(budget, "maxTokens", "budget", 0, 0, int.MaxValue),
            yaml.Duration(budget, "timeout", "budget"),
            yaml.Int(budget, "dailyTokens", "budget", 0, 0, int.MaxValue));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent file rejected: {Reason}")]
    private static partial void LogAgentRejected(ILogger logger, string reason);
}
