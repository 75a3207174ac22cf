using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Tools;

namespace PAI.Gpu.Jobs;

/// <summary>
/// <c>gpu.run</c>: leases a GPU through the pool, runs an allow-listed command on the device's machine with
/// <c>CUDA_VISIBLE_DEVICES</c> set, streams its output into the step's log, heartbeats while it runs and releases
/// the lease however it ends. The command runs in its own process group, killed whole on cancel, timeout or lease loss.
/// </summary>
public sealed class GpuRunTool(GpuLeasedCommand leased, IOptions<GpuOptions> options) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = PAI.Engine.Tools.BuiltInToolNames.GpuRun;

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Leases a GPU (fair round-robin between requesters), runs an allow-listed command on its machine with CUDA_VISIBLE_DEVICES set, and releases it.",
        """
        {
          "type": "object",
          "properties": {
            "command": { "type": "string", "description": "Executable; must be in Pai:Gpus:AllowedCommands." },
            "args": { "type": "array", "items": { "type": "string" } },
            "tier": { "type": "string", "enum": ["draft", "standard", "high"], "description": "Sets the lease length (step count x step duration)." },
            "model": { "type": "string", "description": "Model the job loads; devices where it is already loaded are preferred." },
            "timeout": { "type": "string", "description": "Duration (e.g. 90s, 10m); defaults to the tier's lease length." }
          },
          "required": ["command"],
          "additionalProperties": false
        }
        """,
        "gpu",
        null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        try
        {
            _ = Parse(input, checkReferences: false);
        }
        catch (ToolException ex)
        {
            errors.Add(ex.Message);
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var input = Parse(context.Input, checkReferences: true);
        return await leased.RunAsync(context, "", new LeasedCommandSpec(input.Command, input.Arguments, input.Tier, input.Model, input.Timeout), cancellationToken);
    }

    private Input Parse(JsonObject json, bool checkReferences)
    {
        static bool IsRef(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) && s.Contains("${", StringComparison.Ordinal);

        var commandNode = json["command"];
        string command;
        if (commandNode is JsonValue cv && cv.TryGetValue<string>(out var c) && !string.IsNullOrWhiteSpace(c))
        {
            command = c;
        }
        else
        {
            throw new ToolException("'command' is required and must be a string");
        }

        if (!(IsRef(commandNode) && !checkReferences) && !options.Value.AllowedCommands.Contains(command, StringComparer.Ordinal))
        {
            throw new ToolException($"command '{command}' is not in Pai:Gpus:AllowedCommands");
        }

        var arguments = new List<string>();
        if (json["args"] is JsonArray args)
        {
            foreach (var a in args)
            {
                arguments.Add(a is JsonValue av && av.TryGetValue<string>(out var s) ? s : throw new ToolException("'args' must be an array of strings"));
            }
        }
        else if (json["args"] is not null)
        {
            throw new ToolException("'args' must be an array of strings");
        }

        var tier = GpuTier.Standard;
        if (json["tier"] is { } tierNode && !(IsRef(tierNode) && !checkReferences))
        {
            tier = tierNode.GetValue<string>().ToLowerInvariant() switch
            {
                "draft" => GpuTier.Draft,
                "standard" => GpuTier.Standard,
                "high" => GpuTier.High,
                var other => throw new ToolException($"'tier' must be draft, standard or high, not '{other}'"),
            };
        }

        TimeSpan? timeout = null;
        if (json["timeout"] is { } timeoutNode && !(IsRef(timeoutNode) && !checkReferences))
        {
            var text = timeoutNode.GetValue<string>();
            timeout = DurationParser.TryParse(text, out var d) && d > TimeSpan.Zero ? d : throw new ToolException($"'timeout' value '{text}' is not a duration");
        }

        foreach (var property in json)
        {
            if (property.Key is not ("command" or "args" or "tier" or "model" or "timeout"))
            {
                throw new ToolException($"unknown property '{property.Key}'");
            }
        }

        return new Input(command, arguments, tier, json["model"]?.GetValue<string>(), timeout);
    }

    private sealed record Input(string Command, IReadOnlyList<string> Arguments, GpuTier Tier, string? Model, TimeSpan? Timeout);
}
