using System.Globalization;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Invocation;
using PAI.Engine.Templates;
using PAI.Engine.Tools;

namespace PAI.Engine.Skills.Running;

/// <summary>The verify checks. Each returns null when it passes, else why not; checks that call a tool do it through
/// <paramref name="call"/> (the invoker, under the phase's idempotency key).</summary>
/// <param name="workspace">The goal's workspace.</param>
/// <param name="tools">To tell a missing model from a failing one.</param>
/// <param name="call">Calls a tool for the check being run.</param>
internal sealed class SkillChecks(string workspace, IToolRegistry tools, Func<string, JsonObject, CancellationToken, Task<ToolResult>> call)
{
    /// <summary>Runs the check of <paramref name="phase"/> with its resolved arguments.</summary>
    public async Task<string?> CheckAsync(SkillPhase phase, JsonObject args, CancellationToken cancellationToken)
    {
        switch (phase.Check)
        {
            case VerifyKind.FileExists:
                var path = args["path"]?.GetValue<string>() ?? "";
                var full = WorkspacePath.Resolve(workspace, path);
                return File.Exists(full) && new FileInfo(full).Length > 0 ? null : $"file '{path}' is missing or empty";
            case VerifyKind.HttpStatus:
                var expected = args["status"]?.ToJsonString() ?? "200";
                var response = await call(BuiltInToolNames.HttpRequest, new JsonObject { ["method"] = args["method"]?.DeepClone() ?? "GET", ["url"] = args["url"]?.DeepClone() }, cancellationToken);
                if (!response.Succeeded)
                {
                    return response.Error;
                }

                var status = response.Output?["status"]?.ToJsonString();
                return status == expected ? null : $"{args["url"]} answered {status}, expected {expected}";
            case VerifyKind.JsonPath:
                var actual = TemplateEvaluator.Select(args["value"], args["path"]?.GetValue<string>() ?? "");
                var wanted = args["equals"];
                return (actual?.ToJsonString() ?? "null") == (wanted?.ToJsonString() ?? "null")
                    ? null
                    : $"{args["path"]} is {actual?.ToJsonString() ?? "missing"}, expected {wanted?.ToJsonString() ?? "null"}";
            case VerifyKind.Count:
                return Count(args);
            case VerifyKind.Judge:
                if (!tools.TryGet(BuiltInToolNames.LlmChat, out _))
                {
                    return $"judge checks need a model, and no model is configured (no '{BuiltInToolNames.LlmChat}' tool)";
                }

                var verdict = await call(BuiltInToolNames.LlmChat, new JsonObject { ["prompt"] = args["prompt"]?.DeepClone(), ["system"] = "Answer PASS or FAIL, then one sentence why." }, cancellationToken);
                if (!verdict.Succeeded)
                {
                    throw new ToolException(verdict.Error!);
                }

                var text = verdict.Output is JsonObject o && o["text"] is { } t ? t.ToString() : verdict.Output?.ToString() ?? "";
                return text.TrimStart().StartsWith("PASS", StringComparison.OrdinalIgnoreCase) ? null : $"the judge said: {text}";
            default:
                var result = await call(phase.Tool!, args, cancellationToken);
                return result.Succeeded ? null : result.Error;
        }
    }

    private static string? Count(JsonObject args)
    {
        int? count = args["value"] switch { JsonArray a => a.Count, JsonObject o => o.Count, _ => null };
        if (count is null)
        {
            return "count: the value is not a list";
        }

        var min = args["min"]?.GetValue<long>();
        var max = args["max"]?.GetValue<long>();
        var exact = args["equals"]?.GetValue<long>();
        return (min is null || count >= min) && (max is null || count <= max) && (exact is null || count == exact)
            ? null
            : $"count is {count}, expected {(exact is not null ? $"{exact}" : $"{min?.ToString(CultureInfo.InvariantCulture) ?? "0"}..{max?.ToString(CultureInfo.InvariantCulture) ?? "any"}")}";
    }
}
