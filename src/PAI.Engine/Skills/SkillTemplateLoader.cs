using System.Globalization;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace PAI.Engine.Skills;

/// <summary>Reads a skill's step template from YAML. Errors name the source and, where YAML knows it, the line.</summary>
public static class SkillTemplateLoader
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    /// <summary>Parses one YAML document; throws <see cref="FormatException"/> with a readable message.</summary>
    public static SkillTemplate Parse(string yaml, string source)
    {
        SkillDocument doc;
        try
        {
            doc = Deserializer.Deserialize<SkillDocument>(yaml) ?? throw new FormatException($"{source}: empty skill file");
        }
        catch (YamlException ex)
        {
            throw new FormatException($"{source}:{ex.Start.Line}: {ex.InnerException?.Message ?? ex.Message}", ex);
        }

        if (string.IsNullOrWhiteSpace(doc.Name))
        {
            throw new FormatException($"{source}: field 'name' is required");
        }

        if (doc.Steps is not { Count: > 0 })
        {
            throw new FormatException($"{source}: field 'steps' must list at least one step");
        }

        var steps = new List<StepSpec>(doc.Steps.Count);
        for (var i = 0; i < doc.Steps.Count; i++)
        {
            var s = doc.Steps[i];
            if (string.IsNullOrWhiteSpace(s.Id))
            {
                throw new FormatException($"{source}: steps[{i}].id is required");
            }

            TimeSpan? timeout = null;
            if (s.Timeout is not null)
            {
                timeout = DurationParser.TryParse(s.Timeout, out var t) ? t : throw new FormatException($"{source}: steps[{i}].timeout '{s.Timeout}' is not a duration");
            }

            RetrySpec? retry = null;
            if (s.Retry is not null)
            {
                TimeSpan? backoff = null;
                if (s.Retry.Backoff is not null)
                {
                    backoff = DurationParser.TryParse(s.Retry.Backoff, out var b) ? b : throw new FormatException($"{source}: steps[{i}].retry.backoff '{s.Retry.Backoff}' is not a duration");
                }

                retry = new RetrySpec(s.Retry.MaxAttempts, backoff);
            }

            steps.Add(new StepSpec(
                s.Id,
                s.Tool,
                s.Skill,
                s.With is null ? null : ToJson(s.With)!.ToJsonString(),
                s.DependsOn ?? [],
                retry,
                timeout,
                s.Approval));
        }

        return new SkillTemplate(doc.Name, doc.Version ?? "1", doc.Description ?? "", doc.Inputs ?? [], steps, source);
    }

    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        IDictionary<object, object> map => new JsonObject(map.Select(kv => KeyValuePair.Create(Convert.ToString(kv.Key, CultureInfo.InvariantCulture)!, ToJson(kv.Value)))),
        IList<object> list => new JsonArray(list.Select(ToJson).ToArray()),
        string text => JsonValue.Create(text),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    private sealed class SkillDocument
    {
        public string? Name { get; set; }
        public string? Version { get; set; }
        public string? Description { get; set; }
        public List<string>? Inputs { get; set; }
        public List<StepDocument>? Steps { get; set; }
    }

    private sealed class StepDocument
    {
        public string? Id { get; set; }
        public string? Tool { get; set; }
        public string? Skill { get; set; }
        public Dictionary<object, object>? With { get; set; }
        public List<string>? DependsOn { get; set; }
        public RetryDocument? Retry { get; set; }
        public string? Timeout { get; set; }
        public bool Approval { get; set; }
    }

    private sealed class RetryDocument
    {
        public int MaxAttempts { get; set; } = 3;
        public string? Backoff { get; set; }
    }
}
