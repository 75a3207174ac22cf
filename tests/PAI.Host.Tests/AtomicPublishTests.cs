using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PAI.Host.Tests;

/// <summary>A folder published with <c>atomic: true</c> on the real host, killed with SIGKILL at random moments while
/// eight runs replace the same post one after another: a reader polling the site never finds a half-published or mixed
/// folder, and at the end the last version is there, complete, with nothing left in the workspace.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class AtomicPublishTests(ITestOutputHelper output)
{
    private const int Files = 40;
    private const int Versions = 8;

    private const string FolderSwap = """
        name: folder-swap
        description: Stages a post of many files, then publishes it into a site as one folder.
        inputs:
          type: object
          required: [version, files]
          properties: { version: { type: integer }, files: { type: array, items: { type: string } } }
        phases:
          - id: pause
            tool: wait
            with: { for: "100ms" }
          - id: write
            foreach: "${inputs.files}"
            tool: file.write
            with: { path: "${run.staging}/post/${item}", content: "v${inputs.version}" }
        commit:
          - id: post
            publish: { from: post, site: crash, to: posts/one, atomic: true }
        """;

    [Fact]
    public async Task AtomicFolderPublish_KilledThreeTimesWhileEightRunsReplaceIt_ReaderNeverSeesAPartialFolder()
    {
        var skills = SkillsTests.NewFolder(("folder-swap.yaml", FolderSwap));
        var environment = new Dictionary<string, string> { ["Pai__Engine__SkillsDirectory"] = skills };
        await using var host = await PaiProcess.StartNewAsync(environment);
        var names = new JsonArray(Enumerable.Range(0, Files).Select(i => (JsonNode)JsonValue.Create($"part{i:D2}.txt")).ToArray());
        var steps = new JsonArray();
        for (var v = 1; v <= Versions; v++)
        {
            var step = new JsonObject { ["id"] = $"v{v}", ["skill"] = "folder-swap", ["with"] = new JsonObject { ["version"] = v, ["files"] = names.DeepClone() } };
            if (v > 1)
            {
                step["dependsOn"] = new JsonArray((JsonNode)JsonValue.Create($"v{v - 1}"));
            }

            steps.Add(step);
        }

        var id = await host.Client.SubmitAsync(new JsonObject { ["title"] = "eight swaps", ["plan"] = new JsonObject { ["steps"] = steps } });
        var post = Path.Combine(host.DataDirectory, "sites", "crash", "posts", "one");
        using var stopReading = new CancellationTokenSource();
        var reader = Task.Run(() => Read(post, stopReading.Token));

        var random = new Random(7);
        for (var kill = 0; kill < 3; kill++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(800, 2500)));
            await host.KillAsync();
            output.WriteLine($"kill {kill + 1}: post at {Describe(post)}");
            await host.StartAsync(environment);
        }

        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(120));
        await stopReading.CancelAsync();
        var seen = await reader;
        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());

        Assert.Equal(Enumerable.Repeat($"v{Versions}", Files), Directory.GetFiles(post).Order(StringComparer.Ordinal).Select(File.ReadAllText));
        Assert.Equal(["one"], Directory.GetDirectories(Path.GetDirectoryName(post)!).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Path.Combine(host.WorkspaceOf(id), ".runs")), "a run's temp folder outlived the goal");
        output.WriteLine($"the reader saw {seen.Count} stable states: {string.Join(", ", seen.Order(StringComparer.Ordinal))}");
        Assert.NotEmpty(seen);
    }

    /// <summary>Polls the post. A snapshot read twice alike is a state the publisher left (not a read racing a swap);
    /// every such state must be the whole post of one version.</summary>
    private static HashSet<string> Read(string post, CancellationToken stop)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (!stop.IsCancellationRequested)
        {
            var first = Snapshot(post);
            var second = Snapshot(post);
            if (first is not null && first == second)
            {
                var parts = first.Split('|');
                Assert.True(parts.Length == Files, $"a half-published post: {parts.Length} of {Files} files ({first})");
                Assert.True(parts.Distinct().Count() == 1, $"a post mixing versions: {first}");
                seen.Add(parts[0]);
            }

            Thread.Sleep(5);
        }

        return seen;
    }

    private static string? Snapshot(string post)
    {
        try
        {
            var files = Directory.GetFiles(post).Order(StringComparer.Ordinal).ToArray();
            return files.Length == 0 ? null : string.Join('|', files.Select(File.ReadAllText));
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static string Describe(string post) => Directory.Exists(post) ? File.ReadAllText(Directory.GetFiles(post)[0]) : "(none)";
}
