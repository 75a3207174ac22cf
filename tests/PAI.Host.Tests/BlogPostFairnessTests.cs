using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;
using Xunit.Abstractions;

namespace PAI.Host.Tests;

/// <summary>
/// Two <c>blog-post</c> goals at once on a host with two logical GPUs: both publish, every image job ran under its own
/// fenced lease, each device hands its leases out alternately between the two goals (round-robin per requester, read
/// from the fencing tokens the jobs recorded, not from timing), and no lease or queued request outlives the goals.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class BlogPostFairnessTests(ITestOutputHelper output)
{
    private const int ImagesPerPost = 4;

    private static readonly (string Topic, string Title, string Slug)[] Posts =
    [
        ("foxes in winter", "Foxes in winter", "foxes-in-winter"),
        ("owls at night", "Owls at night", "owls-at-night"),
    ];

    [ChromiumFact]
    public async Task BlogPosts_TwoSubmittedAtOnceOnTwoGpus_BothPublishAndEachDeviceAlternatesItsLeasesBetweenThem()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        Script(model);
        var gate = Path.Combine(Path.GetTempPath(), "pai-blog-fairness-" + Guid.NewGuid().ToString("N"));
        var environment = BlogPostTests.Environment(model, stepMs: 5);
        environment["Pai__Gpus__AllowedCommands__0"] = "sh";
        environment["Pai__Engine__AgentsDirectory"] = SkillsTests.NewFolder(("gpu-holder.yaml", """
            name: gpu-holder
            systemPrompt: You hold GPUs.
            tools: [gpu.run]
            """));
        await using var host = await PaiProcess.StartNewAsync(environment);
        try
        {
            // A third goal holds both devices until the gate opens, so that every image request of both posts is
            // queued before the first is granted: the grant order is then the scheduler's choice alone.
            var hold = GoalClient.Goal("hold both GPUs", Hold("hold-0", gate), Hold("hold-1", gate));
            hold["agent"] = "gpu-holder";
            var holder = await host.Client.SubmitAsync(hold);
            await WaitGpusAsync(host, [holder], gpus => gpus.All(g => Requester(g["holder"]) == holder), "the holder never leased both devices");

            var ids = await Task.WhenAll(Posts.Select(p => host.Client.SubmitAsync(Submission(p.Topic))));
            await WaitGpusAsync(host, [holder, .. ids], gpus => ids.All(id => QueuedBy(gpus, id) == ImagesPerPost), "the posts never queued all their images");
            await File.WriteAllTextAsync(gate, "open");

            var goals = new List<JsonObject>();
            foreach (var id in ids)
            {
                goals.Add(await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(300)));
            }

            Assert.Equal("Succeeded", (await host.Client.WaitFinishedAsync(holder, TimeSpan.FromSeconds(60)))["status"]!.GetValue<string>());
            var jobs = new List<Job>();
            for (var i = 0; i < ids.Length; i++)
            {
                Assert.True(goals[i]["status"]!.GetValue<string>() == "Succeeded", goals[i].ToJsonString());
                var result = goals[i]["steps"]![0]!["output"]!.AsObject();
                Assert.Equal(Posts[i].Title, result["title"]!.GetValue<string>());
                AssertPublished(host, Posts[i].Slug);
                var images = result["images"]!.AsArray();
                Assert.Equal(ImagesPerPost, images.Count);
                jobs.AddRange(images.Select(image => new Job(
                    ids[i],
                    image!["device"]!.GetValue<string>(),
                    image["fencingToken"]!.GetValue<long>(),
                    DateTimeOffset.Parse(image["grantedAt"]!.GetValue<string>(), CultureInfo.InvariantCulture))));
            }

            // Every image job held a lease of its own: one fencing token per job on its device.
            Assert.Equal(jobs.Count, jobs.Select(j => (j.Device, j.Token)).Distinct().Count());
            Assert.All(jobs, j => Assert.True(j.Token > 0, $"job on {j.Device} has no fencing token"));

            // Per device, in grant (token) order, the goals alternate until one of them has no request left there.
            foreach (var device in jobs.GroupBy(j => j.Device))
            {
                var order = device.OrderBy(j => j.Token).Select(j => j.Goal).ToList();
                output.WriteLine($"{device.Key}: {string.Join(" ", device.OrderBy(j => j.Token).Select(j => $"{j.Token}:{(j.Goal == ids[0] ? "A" : "B")}"))}");
                for (var k = 1; k < order.Count; k++)
                {
                    var otherStillWaiting = order.Skip(k).Any(g => g != order[k - 1]);
                    Assert.False(
                        order[k] == order[k - 1] && otherStillWaiting,
                        $"device {device.Key} granted {order[k]} twice in a row while the other goal waited: {string.Join(", ", order)}");
                }
            }

            // Neither goal waited for the other's whole batch: each got its first lease before the other got its last.
            foreach (var id in ids)
            {
                var first = jobs.Where(j => j.Goal == id).Min(j => j.GrantedAt);
                var othersLast = jobs.Where(j => j.Goal != id).Max(j => j.GrantedAt);
                Assert.True(first < othersLast, $"goal {id} got its first lease only after the other goal's last one");
            }

            // No lease and no queued request outlived the goals.
            var after = await GpusAsync(host);
            Assert.Equal(2, after.Count);
            Assert.All(after, g =>
            {
                Assert.Null(g["holder"]);
                Assert.Equal(0, g["queueLength"]!.GetValue<int>());
            });
        }
        finally
        {
            File.Delete(gate);
        }
    }

    private static JsonObject Hold(string id, string gate) => GoalClient.Step(id, "gpu.run", new
    {
        command = "sh",
        args = new[] { "-c", $"while [ ! -e '{gate}' ]; do sleep 0.05; done" },
        tier = "draft",
    });

    private static JsonObject Submission(string topic) => new()
    {
        ["title"] = $"post about {topic}",
        ["skill"] = "blog-post",
        ["inputs"] = new JsonObject { ["topic"] = topic, ["images"] = ImagesPerPost },
    };

    private static void AssertPublished(PaiProcess host, string slug)
    {
        var post = Path.Combine(host.DataDirectory, "sites", "blog", "posts", slug);
        Assert.Equal(["index.html", "index.md"], Directory.GetFiles(post).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(
            Enumerable.Range(1, ImagesPerPost).Select(i => $"image-{i}.png"),
            Directory.GetFiles(Path.Combine(post, "img")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static string? Requester(JsonNode? holder) => holder?["requester"]?.GetValue<string>();

    private static int QueuedBy(IEnumerable<JsonNode> gpus, string goalId) =>
        gpus.SelectMany(g => g["queue"]!.AsArray()).Where(q => q!["requester"]?.GetValue<string>() == goalId).Sum(q => q!["queued"]!.GetValue<int>());

    private static async Task<List<JsonNode>> GpusAsync(PaiProcess host) =>
        [.. (await host.Client.GetFromJsonAsync<JsonObject>("/api/gpus"))!["items"]!.AsArray().Select(g => g!)];

    private static async Task WaitGpusAsync(PaiProcess host, string[] running, Func<List<JsonNode>, bool> done, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        while (true)
        {
            var gpus = await GpusAsync(host);
            if (gpus.Count == 2 && done(gpus))
            {
                return;
            }

            foreach (var id in running)
            {
                var goal = await host.Client.GetGoalAsync(id);
                Assert.True(goal["status"]!.GetValue<string>() is not ("Failed" or "Cancelled" or "Succeeded"), $"{failure}: goal {id} ended early: {goal.ToJsonString()}");
            }

            Assert.True(DateTime.UtcNow < deadline, $"{failure}: {new JsonArray(gpus.Select(g => g.DeepClone()).ToArray()).ToJsonString()}\n{host.Output}");
            await Task.Delay(100);
        }
    }

    private static void Script(ScriptedModelServer model)
    {
        foreach (var (topic, title, slug) in Posts)
        {
            var markdown = $"# {title}\n\nAn introduction.\n\n## Hearing\n\nSharp ears.\n\n## Hunting\n\nPatience.\n\n## Resting\n\nWarmth.\n";
            model.On(r => r.LastUser.StartsWith("Write a short outline", StringComparison.Ordinal) && r.LastUser.Contains(topic, StringComparison.Ordinal), _ => ScriptedReply.Text($"# {title}\n## Hearing\n## Hunting\n## Resting"));
            model.On(r => r.LastUser.StartsWith("Write the blog post", StringComparison.Ordinal) && r.LastUser.Contains(title, StringComparison.Ordinal), _ => ScriptedReply.Text(markdown));
            model.On(r => r.AllUser.Contains("give its title, a URL slug", StringComparison.Ordinal) && r.AllUser.Contains(title, StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject
            {
                ["title"] = title,
                ["slug"] = slug,
                ["images"] = new JsonArray(Enumerable.Range(1, ImagesPerPost)
                    .Select(i => (JsonNode)new JsonObject { ["prompt"] = $"{topic}, illustration {i}", ["alt"] = $"{title} {i}" })
                    .ToArray()),
            }));
        }
    }

    private sealed record Job(string Goal, string Device, long Token, DateTimeOffset GrantedAt);
}
