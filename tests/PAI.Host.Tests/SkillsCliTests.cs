using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Host.Tests;

/// <summary><c>pai skills show</c> against a real host; <c>pai skills validate</c> (offline, the engine's loader) and the <c>[suggest]</c> completion directive.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class SkillsCliTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private const string ValidSkill = """
        name: cli-check
        version: "3"
        description: A skill for the validate command.
        inputs:
          type: object
          required: [text]
          properties:
            text: { type: string }
        phases:
          - id: say
            tool: echo
            with: { text: "${inputs.text}" }
        """;

    [Fact]
    public async Task SkillsShow_BuiltInSkill_PrintsItsInputsSchemaAndPhases()
    {
        var (code, output, error) = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "skills", "show", "write-note");
        var (jsonCode, json, _) = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "skills", "show", "write-note", "--json");
        var (missingCode, _, missing) = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "skills", "show", "no-such-skill");

        Assert.True(code == 0, error);
        Assert.Contains("write-note", output, StringComparison.Ordinal);
        Assert.Contains("\"required\"", output, StringComparison.Ordinal);
        Assert.Contains("\"body\"", output, StringComparison.Ordinal);
        Assert.Contains("save", output, StringComparison.Ordinal);
        Assert.Contains("file.write", output, StringComparison.Ordinal);
        Assert.Contains("saved", output, StringComparison.Ordinal);
        Assert.Equal(0, jsonCode);
        var skill = JsonNode.Parse(json)!;
        Assert.Equal("write-note", skill["name"]!.GetValue<string>());
        Assert.Contains(skill["inputSchema"]!["required"]!.AsArray(), r => r!.GetValue<string>() == "body");
        Assert.Equal("save", skill["phases"]![0]!["id"]!.GetValue<string>());
        Assert.Equal(1, missingCode);
        Assert.Equal("pai: no skill 'no-such-skill' (see 'pai skills')", missing.Trim());
    }

    [Fact]
    public async Task SkillsValidate_ValidAndInvalidFiles_OneLinePerErrorWithFileAndLine()
    {
        var folder = Directory.CreateTempSubdirectory("pai-skills-validate-");
        try
        {
            var valid = Path.Combine(folder.FullName, "valid.yaml");
            var unknownField = Path.Combine(folder.FullName, "unknown-field.yaml");
            var badYaml = Path.Combine(folder.FullName, "bad-yaml.yaml");
            await File.WriteAllTextAsync(valid, ValidSkill);
            await File.WriteAllTextAsync(unknownField, ValidSkill.Replace("phases:\n  - id: say\n", "phases:\n  - id: say\n    colour: blue\n", StringComparison.Ordinal));
            await File.WriteAllTextAsync(badYaml, "name: broken\nphases: [\n");

            var ok = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "skills", "validate", valid);
            var bad = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "skills", "validate", valid, unknownField, badYaml);
            var json = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "skills", "validate", unknownField, "--json");
            var unreadable = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "skills", "validate", Path.Combine(folder.FullName, "missing.yaml"));

            Assert.True(ok.Code == 0, ok.Error);
            Assert.Equal($"{valid}: ok: skill cli-check 3, 1 phase", ok.Output.Trim());
            Assert.Equal(1, bad.Code);
            var lines = bad.Output.Trim().Split('\n');
            Assert.Equal(3, lines.Length);
            Assert.StartsWith($"{valid}: ok", lines[0], StringComparison.Ordinal);
            Assert.StartsWith($"{unknownField}:11: ", lines[1], StringComparison.Ordinal);
            Assert.Contains("colour", lines[1], StringComparison.Ordinal);
            Assert.StartsWith($"{badYaml}:", lines[2], StringComparison.Ordinal);
            Assert.Equal(1, json.Code);
            var report = Assert.Single(JsonNode.Parse(json.Output)!.AsArray())!;
            Assert.False(report["valid"]!.GetValue<bool>());
            Assert.Contains("colour", Assert.Single(report["errors"]!.AsArray())!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal(2, unreadable.Code);
            Assert.StartsWith("pai: cannot read", unreadable.Error.Trim(), StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Completion_SuggestDirective_AnswersSubcommands()
    {
        var top = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "[suggest:6]", "pai sk");
        var skills = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "[suggest:11]", "pai skills ");
        var goals = await CliRunner.RunAsync(shared.Host, PaiProcess.ApiKey, "[suggest:12]", "pai goals su");

        Assert.True(top.Code == 0, top.Error);
        Assert.Equal(["skills"], Lines(top.Output));
        Assert.Equal(0, skills.Code);
        Assert.Superset(new HashSet<string> { "show", "validate", "--errors" }, Lines(skills.Output).ToHashSet());
        Assert.Equal(0, goals.Code);
        Assert.Equal(["submit"], Lines(goals.Output));
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
