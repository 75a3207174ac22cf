using NJsonSchema;

namespace PAI.Engine.Skills;

/// <summary>A named, versioned skill as loaded from YAML.</summary>
/// <param name="Name">The skill's name (what goals and steps name).</param>
/// <param name="Version">Its version; a running skill keeps the version it started with.</param>
/// <param name="Description">One sentence.</param>
/// <param name="Triggers">Phrases a catalog planner may match.</param>
/// <param name="InputSchema">JSON Schema of the inputs (JSON text).</param>
/// <param name="Agent">The agent its phases run as, unless the step names one.</param>
/// <param name="Phases">Main phases, in order (verify checks are separate).</param>
/// <param name="Verify">Checks that must pass before commit.</param>
/// <param name="Commit">Publishes and deferred effects, applied once after verification.</param>
/// <param name="Cleanup">Phases that always run at the end.</param>
/// <param name="Output">Template of the run's output; by default the published paths.</param>
/// <param name="Source">The file it came from.</param>
/// <param name="Text">The YAML text, kept so that a run resumes with the exact version it started with.</param>
/// <param name="VerifyPublished">Checks of what the commit published; a failure withdraws the run's atomic publishes.</param>
public sealed record SkillDefinition(
    string Name,
    string Version,
    string Description,
    IReadOnlyList<string> Triggers,
    string InputSchema,
    string? Agent,
    IReadOnlyList<SkillPhase> Phases,
    IReadOnlyList<SkillPhase> Verify,
    IReadOnlyList<SkillPhase> Commit,
    IReadOnlyList<SkillPhase> Cleanup,
    string? Output,
    string Source,
    string Text,
    IReadOnlyList<SkillPhase>? VerifyPublished = null)
{
    /// <summary>Checks of what the commit published (never null).</summary>
    public IReadOnlyList<SkillPhase> PublishedChecks => VerifyPublished ?? [];

    private readonly Lazy<JsonSchema> _schema = new(() => JsonSchema.FromJsonAsync(InputSchema).GetAwaiter().GetResult());

    /// <summary>The parsed input schema.</summary>
    public JsonSchema Schema => _schema.Value;

    /// <summary>Every phase in every section.</summary>
    public IEnumerable<SkillPhase> AllPhases => Phases.Concat(Verify).Concat(Commit).Concat(PublishedChecks).Concat(Cleanup);

    /// <summary>The inputs with the schema's top-level <c>default</c> values filled in where an input is missing.</summary>
    public string WithDefaults(string inputsJson)
    {
        var inputs = System.Text.Json.Nodes.JsonNode.Parse(inputsJson) as System.Text.Json.Nodes.JsonObject ?? [];
        if (System.Text.Json.Nodes.JsonNode.Parse(InputSchema)?["properties"] is System.Text.Json.Nodes.JsonObject properties)
        {
            foreach (var (name, property) in properties)
            {
                if (!inputs.ContainsKey(name) && property is System.Text.Json.Nodes.JsonObject p && p.TryGetPropertyValue("default", out var value))
                {
                    inputs[name] = value?.DeepClone();
                }
            }
        }

        return inputs.ToJsonString();
    }

    /// <summary>Checks inputs against the schema; returns readable errors (empty when fine).</summary>
    public IReadOnlyList<string> ValidateInputs(string inputsJson) =>
        Schema.Validate(inputsJson).Select(e => $"input {(string.IsNullOrEmpty(e.Path) ? "" : e.Path.TrimStart('#', '/') + " ")}{e.Kind}".Trim()).ToList();
}
