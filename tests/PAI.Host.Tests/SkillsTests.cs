using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Skill runs on the real host: atomic commit across kill -9, verification, cleanup, the built-in skills.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class SkillsTests
{
    private const string SlowPublish = """
        name: slow-publish
        version: "1"
        description: Stages a note, pauses (so a test can kill the host between phases), then publishes it.
        inputs: [name]
        phases:
          - id: stage
            tool: file.write
            with: { path: "${run.staging}/note.md", content: "note ${inputs.name}" }
          - id: pause
            tool: wait
            with: { for: "3s" }
        verify:
          - id: staged
            fileExists: "${run.staging}/note.md"
        commit:
          - publish: { from: note.md, to: "published/${inputs.name}.md" }
          - id: announce
            tool: file.append
            with: { path: published/log.txt, content: "published ${inputs.name}\n" }
        cleanup:
          - id: bye
            tool: echo
            with: { text: done }
        """;

    private const string FailingVerify = """
        name: failing-verify
        description: Stages a file but checks for another one, so verification fails.
        phases:
          - id: stage
            tool: file.write
            with: { path: "${run.staging}/a.md", content: "a" }
        verify:
          - id: missing
            fileExists: "${run.staging}/b.md"
        commit:
          - publish: { from: a.md, to: published/a.md }
        """;

    private const string LongWait = """
        name: long-wait
        description: Stages a file and waits a long time (to be cancelled).
        phases:
          - id: stage
            tool: file.write
            with: { path: "${run.staging}/a.md", content: "a" }
          - id: nap
            tool: wait
            with: { for: "60s" }
        commit:
          - publish: { from: a.md, to: published/a.md }
        """;

    [Fact]
    public async Task SkillRun_KilledBetweenPhases_LeavesNoPublishedTraceThenPublishesExactlyOnce()
    {
        var skills = NewFolder(("slow-publish.yaml", SlowPublish));
        var environment = new Dictionary<string, string> { ["Pai__Engine__SkillsDirectory"] = skills };
        await using var host = await PaiProcess.StartNewAsync(environment);
        var id = await host.Client.SubmitAsync(new JsonObject { ["title"] = "atomic", ["skill"] = "slow-publish", ["inputs"] = new JsonObject { ["name"] = "n1" } });
        var workspace = host.WorkspaceOf(id);
        var staged = Path.Combine(workspace, ".runs", "slow-publish", "staging", "note.md");
        await WaitUntilAsync(() => File.Exists(staged), TimeSpan.FromSeconds(10), "the note was never staged");

        await host.KillAsync();
        Assert.False(Directory.Exists(Path.Combine(workspace, "published")), "a run killed before its commit published something");

        await host.StartAsync(environment);
        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));
        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        Assert.Equal("note n1", await File.ReadAllTextAsync(Path.Combine(workspace, "published", "n1.md")));
        Assert.Equal(["published n1"], await File.ReadAllLinesAsync(Path.Combine(workspace, "published", "log.txt")));
        Assert.False(Directory.Exists(Path.Combine(workspace, ".runs")), "the run's temp folder outlived the run");

        var commits = (await host.Client.GetFromJsonAsync<JsonObject>($"/api/audit?goal={id}&kind=skill.commit"))!["items"]!.AsArray();
        Assert.Single(commits);
    }

    [Fact]
    public async Task SkillRun_VerifyFailsOrCancelled_FailsWithTheCheckAndCleansUp()
    {
        var skills = NewFolder(("failing-verify.yaml", FailingVerify), ("long-wait.yaml", LongWait));
        await using var host = await PaiProcess.StartNewAsync(new Dictionary<string, string> { ["Pai__Engine__SkillsDirectory"] = skills });

        var failing = await host.Client.SubmitAsync(new JsonObject { ["title"] = "verify", ["skill"] = "failing-verify" });
        var goal = await host.Client.WaitFinishedAsync(failing, TimeSpan.FromSeconds(20));
        Assert.Equal("Failed", goal["status"]!.GetValue<string>());
        Assert.Contains("verify 'missing' failed: file '.runs/failing-verify/staging/b.md' is missing or empty", goal["error"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(host.WorkspaceOf(failing), "published")));
        Assert.False(Directory.Exists(Path.Combine(host.WorkspaceOf(failing), ".runs")));

        var cancelled = await host.Client.SubmitAsync(new JsonObject { ["title"] = "cancel", ["skill"] = "long-wait" });
        var runs = Path.Combine(host.WorkspaceOf(cancelled), ".runs");
        await WaitUntilAsync(() => File.Exists(Path.Combine(runs, "long-wait", "staging", "a.md")), TimeSpan.FromSeconds(10), "never staged");
        using (var response = await host.Client.PostAsync(new Uri($"/api/goals/{cancelled}/cancel", UriKind.Relative), null))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        await WaitUntilAsync(() => !Directory.Exists(runs), TimeSpan.FromSeconds(10), "cleanup did not run after cancel");
        Assert.False(Directory.Exists(Path.Combine(host.WorkspaceOf(cancelled), "published")));
    }

    [Fact]
    public async Task BuiltInSkills_SnapshotProcessAndDigest_PublishVerifiedOutputs()
    {
        await using var host = await PaiProcess.StartNewAsync();
        var url = $"http://127.0.0.1:{host.Port}/healthz";
        var body = JsonNode.Parse($$"""
            { "title": "three skills", "plan": { "steps": [
              { "id": "a", "tool": "file.write", "with": { "path": "in/a.txt", "content": "alpha" } },
              { "id": "b", "tool": "file.write", "with": { "path": "in/b.txt", "content": "beta" } },
              { "id": "process", "skill": "process-files", "dependsOn": ["a", "b"], "with": { "files": ["in/a.txt", "in/b.txt"], "output": "out" } },
              { "id": "digest", "skill": "folder-digest", "dependsOn": ["process"], "with": { "folder": "out", "name": "out" } },
              { "id": "snap", "skill": "web-snapshot", "with": { "url": "{{url}}", "name": "health" } }
            ] } }
            """)!;
        var id = await host.Client.SubmitAsync(body);
        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));
        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());

        var workspace = host.WorkspaceOf(id);
        Assert.Equal("<!-- Processed by PAI -->\nalpha", await File.ReadAllTextAsync(Path.Combine(workspace, "out", "in", "a.txt")));
        Assert.Contains("| out/in/b.txt |", await File.ReadAllTextAsync(Path.Combine(workspace, "digests", "out.md")), StringComparison.Ordinal);
        Assert.Contains("Healthy", await File.ReadAllTextAsync(Path.Combine(workspace, "notes", "web", "health.md")), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(workspace, ".runs")));

        var bad = await host.Client.PostGoalAsync(new JsonObject { ["title"] = "bad", ["skill"] = "web-snapshot", ["inputs"] = new JsonObject { ["url"] = "ftp://x" } });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);

        var verdict = await host.Client.GetFromJsonAsync<JsonObject>("/api/audit/verify");
        Assert.True(verdict!["valid"]!.GetValue<bool>(), verdict.ToJsonString());
        var skills = await host.Client.GetFromJsonAsync<JsonObject>("/api/skills?limit=500");
        Assert.Equal(5, skills!["items"]!.AsArray().Count(s => s!["source"]!.GetValue<string>().StartsWith("builtin:", StringComparison.Ordinal)));
    }

    internal static string NewFolder(params (string Name, string Text)[] files)
    {
        var folder = Path.Combine(Path.GetTempPath(), "pai-tests", "defs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return folder;
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string message)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail(message);
            }

            await Task.Delay(50);
        }
    }
}
