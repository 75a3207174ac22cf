using System.Text.Json.Nodes;
using PAI.Abstractions.Steps;
using PAI.Engine.Invocation;

namespace PAI.Engine.Skills.Running;

/// <summary>The values a run's expressions may name within a scope: <c>inputs</c>, <c>phases</c>, <c>run</c>, <c>goal</c>.</summary>
internal static class SkillRoots
{
    /// <summary>The roots seen by items of <paramref name="scope"/> ("" for the skill itself, <c>phase.</c> inside a sub-skill).</summary>
    public static JsonObject Of(SkillRunState run, StepWork work, string scope, string? sitesUrl = null)
    {
        var inputs = scope.Length == 0 ? run.Inputs : run.Outputs.GetValueOrDefault(scope[..^1] + ".$inputs") ?? "{}";
        return new JsonObject
        {
            ["inputs"] = JsonNode.Parse(inputs),
            ["phases"] = Phases(run, scope),
            ["run"] = new JsonObject
            {
                ["temp"] = SkillRunFolders.Temp(work.StepId),
                ["staging"] = SkillRunFolders.Staging(work.StepId),
                ["key"] = IdempotencyKeys.ForStep(work.GoalId, work.StepId),
                ["skill"] = run.Skill,
                ["version"] = run.SkillVersion,
                ["sitesUrl"] = sitesUrl,
                ["timings"] = new JsonObject(run.PhaseMillis.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value))),
            },
            ["goal"] = new JsonObject { ["id"] = work.GoalId, ["principal"] = work.Principal },
        };
    }

    /// <summary>The outputs of the phases of one scope, by phase id.</summary>
    public static JsonObject Phases(SkillRunState run, string scope)
    {
        var phases = new JsonObject();
        foreach (var (key, value) in run.Outputs)
        {
            if (key.StartsWith(scope, StringComparison.Ordinal) && !key[scope.Length..].Contains('.', StringComparison.Ordinal) && !key[scope.Length..].StartsWith('$'))
            {
                phases[key[scope.Length..]] = JsonNode.Parse(value);
            }
        }

        return phases;
    }
}
