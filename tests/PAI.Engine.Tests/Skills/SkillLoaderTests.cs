using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using PAI.Engine.Agents;
using PAI.Engine.Skills;

namespace PAI.Engine.Tests.Skills;

public sealed class SkillLoaderTests
{
    [Theory]
    [InlineData("name: x\nphases:\n  - id: a\n    toll: echo\n", 4, "phases[0].toll")]
    [InlineData("name: x\nphases:\n  - id: a\n", 3, "phases[0](a)")]
    [InlineData("name: x\nphases: []\n", 1, "phases")]
    [InlineData("name: X Y\nphases:\n  - { id: a, tool: echo }\n", 1, "name")]
    [InlineData("name: x\nphases:\n  - { id: a, tool: echo }\nverify:\n  - id: v\n    fileExists: f\n    retryFrom: nope\n", 5, "verify.v.retryFrom")]
    [InlineData("name: x\nphases:\n  - { id: a, tool: echo, timeout: soon }\n", 3, "phases[0](a).timeout")]
    [InlineData("name: x\nphases:\n  - { id: a, tool: echo, model: big }\n", 3, "phases[0](a).model")]
    public void Parse_InvalidSkill_NamesFileLineAndField(string yaml, int line, string field)
    {
        var ex = Assert.Throws<FormatException>(() => SkillLoader.Parse(yaml, "my.yaml"));
        Assert.StartsWith($"my.yaml:{line}: field '{field}'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Model_OfThePhaseOrCheck_ElseOfTheSkill_GoesToPromptPhasesAndJudgesOnly()
    {
        var skill = SkillLoader.Parse("""
            name: drafts
            model: writer
            phases:
              - { id: plain, prompt: "draft" }
              - { id: own, prompt: "draft again", model: big }
              - { id: save, tool: echo, with: { text: x } }
            verify:
              - { id: first, judge: { prompt: "good?" } }
              - { id: second, judge: { prompt: "good?", model: strict } }
              - { id: third, fileExists: x }
            """, "drafts.yaml");

        Assert.Equal(["writer", "big", null], skill.Phases.Select(p => p.Model));
        Assert.Equal(["writer", "strict", null], skill.Verify.Select(p => p.Model));
    }

    [Fact]
    public void Parse_BrokenYaml_NamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => SkillLoader.Parse("name: x\nphases:\n  - id: [unclosed\n", "bad.yaml"));
        Assert.StartsWith("bad.yaml:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_FullSkill_SplitsSectionsAndDefersPublishEffects()
    {
        var skill = SkillLoader.Parse("""
            name: demo
            version: "3"
            triggers: [do it]
            inputs: [name]
            phases:
              - { id: a, tool: echo, with: { text: "${inputs.name}" } }
              - { id: b, foreach: "${inputs.items}", tool: echo, with: { i: "${item}" } }
              - { id: notify, tool: http.request, effect: publish, with: { url: "https://example.org" } }
              - { id: think, prompt: "Summarize ${phases.a.text}" }
              - { id: sub, skill: write-note, with: { name: n, body: b } }
            verify:
              - { id: c, count: { value: "${phases.b}", min: 1 }, retryFrom: b, maxRetries: 2 }
            commit:
              - publish: { from: x.md, to: notes/x.md }
            cleanup:
              - { id: z, tool: echo }
            """, "demo.yaml");

        Assert.Equal(["a", "b", "think", "sub"], skill.Phases.Select(p => p.Id));
        Assert.Equal(["notify", "publish-14"], skill.Commit.Select(p => p.Id));
        Assert.Equal(PhaseKind.Prompt, skill.Phases[2].Kind);
        Assert.Equal(2, skill.Verify[0].MaxRetries);
        Assert.NotEmpty(skill.ValidateInputs("{}"));
        Assert.Empty(skill.ValidateInputs("""{ "name": "n" }"""));
    }

    [Theory]
    [InlineData("name: x\nphases:\n  - { id: a, tool: echo, with: { t: \"${input.name}\" } }\n", "my.yaml:3: phase 'a' field 'with'", "the root is 'inputs'")]
    [InlineData("name: x\nphases:\n  - { id: a, tool: echo, with: { t: \"${item}\" } }\n", "my.yaml:3: phase 'a' field 'with'", "'item', which is not available here")]
    [InlineData("name: x\nphases:\n  - { id: a, foreach: \"${inputs.l\", tool: echo }\n", "my.yaml:3: phase 'a' field 'foreach'", "not closed")]
    [InlineData("name: x\nphases:\n  - { id: a, prompt: \"${inputs.l[99999999999]}\" }\n", "my.yaml:3: phase 'a' field 'prompt'", "out of range")]
    [InlineData("name: x\nphases:\n  - { id: a, tool: echo }\noutput: { n: \"${phase.a}\" }\n", "my.yaml: field 'output'", "the root is 'phases'")]
    public void Parse_BadTemplate_IsRefusedWhenTheFileLoads(string yaml, string prefix, string fragment)
    {
        var ex = Assert.Throws<FormatException>(() => SkillLoader.Parse(yaml, "my.yaml"));

        Assert.StartsWith(prefix, ex.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BuiltInSkills_UseOnlyPluralRoots()
    {
        using var catalog = new SkillCatalog(Options.Create(new EngineOptions()), NullLogger<SkillCatalog>.Instance);

        Assert.NotEmpty(catalog.All);
        Assert.All(catalog.All, skill => Assert.DoesNotContain("${input.", skill.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void BuiltInBlogPost_Loads_WithAnAtomicSitePublishAndABrowserCheckAfterIt()
    {
        using var catalog = new SkillCatalog(Options.Create(new EngineOptions()), NullLogger<SkillCatalog>.Instance);

        Assert.True(catalog.TryGet("blog-post", out var skill), string.Join("; ", catalog.Errors));
        Assert.Equal("publisher", skill.Agent);
        Assert.Contains("\"atomic\":true", Assert.Single(skill.Commit).With, StringComparison.Ordinal);
        Assert.Equal("browser.check", Assert.Single(skill.PublishedChecks).Tool);
    }

    [Fact]
    public void Parse_RetryFromInACheckAfterTheCommit_IsRefused()
    {
        const string text = "name: x\nphases:\n  - { id: a, tool: echo }\nverifyPublished:\n  - { id: v, fileExists: a.txt, retryFrom: a }\n";

        var ex = Assert.Throws<FormatException>(() => SkillLoader.Parse(text, "x.yaml"));

        Assert.Contains("a check after the commit cannot run phases again", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalog_FileChanged_ReloadsWithoutRestart()
    {
        var folder = Path.Combine(Path.GetTempPath(), "pai-skills-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            using var catalog = new SkillCatalog(Options.Create(new EngineOptions { SkillsDirectory = folder }), NullLogger<SkillCatalog>.Instance);
            Assert.True(catalog.TryGet("web-snapshot", out _));
            Assert.False(catalog.TryGet("mine", out _));

            await File.WriteAllTextAsync(Path.Combine(folder, "mine.yaml"), "name: mine\nversion: \"1\"\nphases:\n  - { id: a, tool: echo }\n");
            await File.WriteAllTextAsync(Path.Combine(folder, "broken.yaml"), "name: broken\n");
            // The watcher may reload between the two writes (or read a file mid-write): wait until a reload has seen both.
            static bool BrokenReported(SkillCatalog c) => c.Errors.Any(e => e.Contains("broken.yaml:1: field 'phases'", StringComparison.Ordinal));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!(catalog.TryGet("mine", out _) && BrokenReported(catalog)) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }

            Assert.True(catalog.TryGet("mine", out var mine));
            Assert.Equal("1", mine.Version);
            Assert.Contains(catalog.Errors, e => e.Contains("broken.yaml:1: field 'phases'", StringComparison.Ordinal));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("file.write", true)]
    [InlineData("file.delete", true)]
    [InlineData("http.request", false)]
    [InlineData("process.run", false)]
    public void Agent_AllowList_MatchesNamesAndPrefixPatterns(string tool, bool allowed)
    {
        var agent = AgentCatalog.Parse("name: a\ntools: [\"file.*\", echo]\n", "a.yaml");
        Assert.Equal(allowed, agent.Allows(tool));
    }
}
