using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NJsonSchema;
using YamlDotNet.RepresentationModel;

namespace PAI.Engine.Skills;

/// <summary>Reads and validates one skill file. Errors are <see cref="FormatException"/>s naming file, line and field.</summary>
public static partial class SkillLoader
{
    private static readonly string[] TopFields = ["name", "version", "description", "triggers", "agent", "model", "inputs", "phases", "verify", "commit", "verifyPublished", "cleanup", "output"];
    private static readonly string[] PhaseFields = ["id", "tool", "with", "foreach", "effect", "prompt", "model", "gpu", "skill", "timeout"];
    private static readonly string[] VerifyFields = ["id", "fileExists", "httpStatus", "jsonPath", "count", "judge", "tool", "with", "retryFrom", "maxRetries", "timeout"];
    private static readonly string[] CommitFields = ["id", "publish", "tool", "with", "foreach", "timeout"];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    /// <summary>Parses one YAML skill.</summary>
    public static SkillDefinition Parse(string text, string source)
    {
        var yaml = new YamlReader(source);
        var root = yaml.Root(text);
        yaml.AllowOnly(root, "", TopFields);
        var name = yaml.String(root, "name", "", required: true)!;
        if (!NamePattern().IsMatch(name))
        {
            throw yaml.Error(YamlReader.Get(root, "name")!, "name", $"'{name}' must be 1-64 lower-case letters, digits, '.' or '-'");
        }

        var inputSchema = ParseInputs(yaml, root);
        // The skill's model (an endpoint name or a model id) is the default of its prompt phases and judge checks.
        var model = yaml.String(root, "model", "");
        var phases = ParseList(yaml, root, "phases", (n, p) => ParsePhase(yaml, n, p, model));
        if (phases.Count == 0)
        {
            throw yaml.Error(root, "phases", "a skill needs at least one phase");
        }

        var verify = ParseList(yaml, root, "verify", (n, p) => ParseVerify(yaml, n, p, model));
        var commit = ParseList(yaml, root, "commit", (n, p) => ParseCommit(yaml, n, p));
        var cleanup = ParseList(yaml, root, "cleanup", (n, p) => ParsePhase(yaml, n, p, model));
        var verifyPublished = ParseList(yaml, root, "verifyPublished", (n, p) => ParseVerify(yaml, n, p, model));
        if (verifyPublished.FirstOrDefault(v => v.RetryFrom is not null) is { } retrying)
        {
            throw new FormatException($"{source}:{retrying.Line}: field 'verifyPublished.{retrying.Id}.retryFrom': a check after the commit cannot run phases again");
        }

        // Effects that leave PAI wait for the commit, after every check passed.
        var main = phases.Where(p => !p.DeferToCommit).ToList();
        commit = [.. phases.Where(p => p.DeferToCommit), .. commit];

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phase in main.Concat(verify).Concat(commit).Concat(verifyPublished).Concat(cleanup))
        {
            if (!ids.Add(phase.Id))
            {
                throw new FormatException($"{source}:{phase.Line}: field 'id': duplicate phase id '{phase.Id}'");
            }
        }

        foreach (var check in verify.Where(v => v.RetryFrom is not null))
        {
            if (!main.Any(p => p.Id == check.RetryFrom))
            {
                throw new FormatException($"{source}:{check.Line}: field 'verify.{check.Id}.retryFrom': '{check.RetryFrom}' is not a phase of this skill");
            }
        }

        string? output = null;
        if (YamlReader.Get(root, "output") is { } outputNode)
        {
            output = YamlReader.ToJson(outputNode)?.ToJsonString();
        }

        var skill = new SkillDefinition(
            name,
            yaml.String(root, "version", "") ?? "1",
            yaml.String(root, "description", "") ?? "",
            yaml.Strings(root, "triggers", ""),
            inputSchema,
            yaml.String(root, "agent", ""),
            main,
            verify,
            commit,
            cleanup,
            output,
            source,
            text,
            verifyPublished);
        SkillTemplates.Check(skill);
        return skill;
    }

    private static string ParseInputs(YamlReader yaml, YamlMappingNode root)
    {
        var node = YamlReader.Get(root, "inputs");
        JsonObject schema;
        if (node is null)
        {
            schema = new JsonObject { ["type"] = "object" };
        }
        else if (node is YamlSequenceNode)
        {
            // Shorthand: a list of required string inputs.
            var names = yaml.Strings(root, "inputs", "");
            schema = new JsonObject
            {
                ["type"] = "object",
                ["required"] = new JsonArray(names.Select(n => (JsonNode)JsonValue.Create(n)).ToArray()),
                ["properties"] = new JsonObject(names.Select(n => KeyValuePair.Create(n, (JsonNode?)new JsonObject { ["type"] = "string" }))),
            };
        }
        else
        {
            schema = YamlReader.ToJson(yaml.Map(node, "inputs")) as JsonObject ?? [];
        }

        var text = schema.ToJsonString();
        try
        {
            _ = JsonSchema.FromJsonAsync(text).GetAwaiter().GetResult();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw yaml.Error(node ?? root, "inputs", $"not a valid JSON Schema: {ex.Message}");
        }

        return text;
    }

    private static List<SkillPhase> ParseList(YamlReader yaml, YamlMappingNode root, string field, Func<YamlNode, string, SkillPhase> parse)
    {
        var node = YamlReader.Get(root, field);
        if (node is null)
        {
            return [];
        }

        return yaml.Sequence(node, field).Children.Select((n, i) => parse(n, $"{field}[{i}]")).ToList();
    }

    private static string Id(YamlReader yaml, YamlMappingNode map, string path, string? fallback = null)
    {
        var id = yaml.String(map, "id", path, required: fallback is null) ?? fallback!;
        return IdPattern().IsMatch(id) ? id : throw yaml.Error(map, YamlReader.Join(path, "id"), $"'{id}' must be 1-64 letters, digits, '-' or '_'");
    }

    private static string? With(YamlReader yaml, YamlMappingNode map, string path)
    {
        var node = YamlReader.Get(map, "with");
        return node is null ? null : YamlReader.ToJson(yaml.Map(node, YamlReader.Join(path, "with")))!.ToJsonString();
    }

    private static SkillPhase ParsePhase(YamlReader yaml, YamlNode node, string path, string? skillModel = null)
    {
        var map = yaml.Map(node, path);
        yaml.AllowOnly(map, path, PhaseFields);
        var id = Id(yaml, map, path);
        path = $"{path}({id})";
        var tool = yaml.String(map, "tool", path);
        var prompt = yaml.String(map, "prompt", path);
        var skill = yaml.String(map, "skill", path);
        var gpu = YamlReader.Get(map, "gpu");
        var kinds = new[] { tool is not null, prompt is not null, skill is not null, gpu is not null }.Count(x => x);
        if (kinds != 1)
        {
            throw yaml.Error(map, path, "a phase names exactly one of 'tool', 'prompt', 'gpu' and 'skill'");
        }

        var model = yaml.String(map, "model", path);
        if (model is not null && prompt is null)
        {
            throw yaml.Error(YamlReader.Get(map, "model")!, YamlReader.Join(path, "model"), "only a 'prompt' phase names a model");
        }

        var effect = yaml.String(map, "effect", path);
        if (effect is not null and not "publish" and not "local")
        {
            throw yaml.Error(YamlReader.Get(map, "effect")!, YamlReader.Join(path, "effect"), "must be 'publish' or 'local'");
        }

        var with = With(yaml, map, path);
        var kind = tool is not null ? PhaseKind.Tool : prompt is not null ? PhaseKind.Prompt : skill is not null ? PhaseKind.Skill : PhaseKind.Gpu;
        if (kind == PhaseKind.Gpu)
        {
            with = YamlReader.ToJson(yaml.Map(gpu!, YamlReader.Join(path, "gpu")))!.ToJsonString();
        }

        if (kind == PhaseKind.Skill && YamlReader.Get(map, "foreach") is not null)
        {
            throw yaml.Error(map, YamlReader.Join(path, "foreach"), "a sub-skill phase cannot loop; loop inside the sub-skill");
        }

        return new SkillPhase(
            id,
            kind,
            Tool: tool,
            With: with,
            Foreach: yaml.String(map, "foreach", path),
            DeferToCommit: effect == "publish",
            Prompt: prompt,
            Skill: skill,
            Timeout: yaml.Timeout(map, "timeout", path),
            Line: (int)node.Start.Line,
            Model: kind == PhaseKind.Prompt ? model ?? skillModel : null);
    }

    private static SkillPhase ParseVerify(YamlReader yaml, YamlNode node, string path, string? skillModel)
    {
        var map = yaml.Map(node, path);
        yaml.AllowOnly(map, path, VerifyFields);
        var id = Id(yaml, map, path);
        path = $"{path}({id})";
        (string Field, VerifyKind Kind)[] checks =
        [
            ("fileExists", VerifyKind.FileExists), ("httpStatus", VerifyKind.HttpStatus), ("jsonPath", VerifyKind.JsonPath),
            ("count", VerifyKind.Count), ("judge", VerifyKind.Judge), ("tool", VerifyKind.Tool),
        ];
        var present = checks.Where(c => YamlReader.Get(map, c.Field) is not null).ToList();
        if (present.Count != 1)
        {
            throw yaml.Error(map, path, "a check names exactly one of fileExists, httpStatus, jsonPath, count, judge, tool");
        }

        var (field, kind) = present[0];
        var argsNode = YamlReader.Get(map, field)!;
        string? args;
        string? tool = null;
        string? judgeModel = null;
        if (kind == VerifyKind.Tool)
        {
            tool = yaml.String(map, "tool", path);
            args = With(yaml, map, path);
        }
        else if (kind == VerifyKind.FileExists)
        {
            args = new JsonObject { ["path"] = yaml.String(map, field, path) }.ToJsonString();
        }
        else
        {
            var argsMap = yaml.Map(argsNode, YamlReader.Join(path, field));
            string[] required = kind switch
            {
                VerifyKind.HttpStatus => ["url"],
                VerifyKind.JsonPath => ["value", "path", "equals"],
                VerifyKind.Count => ["value"],
                _ => ["prompt"],
            };
            foreach (var r in required)
            {
                if (YamlReader.Get(argsMap, r) is null)
                {
                    throw yaml.Error(argsMap, $"{YamlReader.Join(path, field)}.{r}", "is required");
                }
            }

            args = YamlReader.ToJson(argsMap)!.ToJsonString();
            if (kind == VerifyKind.Judge)
            {
                judgeModel = yaml.String(argsMap, "model", YamlReader.Join(path, field)) ?? skillModel;
            }
        }

        return new SkillPhase(
            id,
            PhaseKind.Verify,
            Tool: tool,
            With: args,
            Check: kind,
            RetryFrom: yaml.String(map, "retryFrom", path),
            MaxRetries: yaml.Int(map, "maxRetries", path, YamlReader.Get(map, "retryFrom") is null ? 0 : 1, 0, 10),
            Timeout: yaml.Timeout(map, "timeout", path),
            Line: (int)node.Start.Line,
            Model: judgeModel);
    }

    private static SkillPhase ParseCommit(YamlReader yaml, YamlNode node, string path)
    {
        var map = yaml.Map(node, path);
        yaml.AllowOnly(map, path, CommitFields);
        if (YamlReader.Get(map, "publish") is { } publishNode)
        {
            var id = Id(yaml, map, path, "publish-" + node.Start.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var publish = yaml.Map(publishNode, $"{path}.publish");
            yaml.AllowOnly(publish, $"{path}.publish", "from", "to", "site", "atomic");
            yaml.String(publish, "from", $"{path}.publish", required: true);
            yaml.String(publish, "to", $"{path}.publish", required: true);
            if (YamlReader.Get(map, "tool") is not null)
            {
                throw yaml.Error(map, path, "a commit item is either 'publish' or a 'tool' call");
            }

            return new SkillPhase(id, PhaseKind.Publish, With: YamlReader.ToJson(publish)!.ToJsonString(), Line: (int)node.Start.Line);
        }

        var phase = ParsePhase(yaml, node, path);
        return phase.Kind == PhaseKind.Tool ? phase with { DeferToCommit = true } : throw yaml.Error(map, path, "a commit item is either 'publish' or a 'tool' call");
    }
}
