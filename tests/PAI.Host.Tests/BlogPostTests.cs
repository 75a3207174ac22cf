using System.Diagnostics;
using System.Net;
using System.Reflection;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;
using Xunit.Abstractions;

namespace PAI.Host.Tests;

/// <summary>
/// The <c>blog-post</c> skill over the real host, as a user runs it: the scripted model server writes the post, the
/// stand-in image program "illustrates" it on two logical GPUs through real leases, the post folder is published into
/// the site in one rename, served by the host at <c>/sites/blog/...</c>, and checked by Debian's Chromium.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class BlogPostTests(ITestOutputHelper output)
{
    private const string Markdown = """
        # Foxes in winter

        Foxes hunt by sound under the snow.

        ## Listening

        They hear mice moving beneath a metre of snow.

        ## The pounce

        A high arc, then a dive head first.

        ## Staying warm

        A thick tail wrapped around the nose.
        """;

    internal static readonly string StandIn = Path.GetFullPath(typeof(BlogPostTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ImageStandInDll").Value!);

    [ChromiumFact]
    public async Task BlogPost_SubmittedWithATopic_PublishesAVerifiedPostWithThreeImagesAndAScreenshot()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        Script(model, "foxes-in-winter", Markdown);
        var environment = Environment(model, stepMs: 5);
        await using var host = await PaiProcess.StartNewAsync(environment);

        var clock = Stopwatch.StartNew();
        var id = await host.Client.SubmitAsync(Submission("foxes in winter"));
        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(180));
        var elapsed = clock.Elapsed;

        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        var result = goal["steps"]![0]!["output"]!.AsObject();
        var post = AssertOnePost(host, "foxes-in-winter");
        Assert.Equal("Foxes in winter", result["title"]!.GetValue<string>());
        Assert.Equal(3, result["images"]!.AsArray().Count);
        Assert.True(new FileInfo(Path.Combine(host.WorkspaceOf(id), "screenshots", "foxes-in-winter.png")).Length > 0);
        Assert.False(Directory.Exists(Path.Combine(host.WorkspaceOf(id), ".runs")), "a temp folder outlived the run");

        var page = await host.Client.GetStringAsync(new Uri("/sites/blog/posts/foxes-in-winter/", UriKind.Relative));
        Assert.Equal(3, CountOf(page, "<img "));
        using var image = await host.Client.GetAsync(new Uri("/sites/blog/posts/foxes-in-winter/img/image-2.png", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.True(File.Exists(Path.Combine(post, "index.md")));

        var phases = result["phaseMs"]!.AsObject();
        var inPhases = phases.Sum(p => p.Value!.GetValue<long>());
        output.WriteLine($"submit → succeeded: {elapsed.TotalMilliseconds:F0} ms; in phases {inPhases} ms ({string.Join(", ", phases.Select(p => $"{p.Key} {p.Value}"))}); outside phases (PAI: submit, planning, dispatch, state writes, polling) {elapsed.TotalMilliseconds - inPhases:F0} ms");
    }

    [ChromiumFact]
    public async Task BlogPost_KilledDuringTheImagesAndAgainAfterTheCommit_PublishesExactlyOneCompletePost()
    {
        await using var model = await ScriptedModelServer.StartAsync();
        Script(model, "foxes-in-winter", Markdown);
        var environment = Environment(model, stepMs: 150);
        await using var host = await PaiProcess.StartNewAsync(environment);
        var id = await host.Client.SubmitAsync(Submission("foxes in winter"));
        var workspace = host.WorkspaceOf(id);
        var staging = Path.Combine(workspace, ".runs", "blog-post", "staging", "post", "img");
        var posts = Path.Combine(host.DataDirectory, "sites", "blog", "posts");

        // Kill 1: while the image jobs run (a job's temporary file exists, no image is finished).
        await SkillsTests.WaitUntilAsync(() => Directory.Exists(staging) && Directory.EnumerateFiles(staging, ".*partial*").Any(), TimeSpan.FromSeconds(90), $"the images never started:\n{host.Output}");
        await host.KillAsync();
        Assert.False(Directory.Exists(posts) && Directory.EnumerateDirectories(posts).Any(), "a post was visible before the commit");
        await host.StartAsync(environment);

        // Kill 2: right after the commit made the post visible, before (or while) the browser checks it.
        await SkillsTests.WaitUntilAsync(() => Directory.Exists(Path.Combine(posts, "foxes-in-winter")), TimeSpan.FromSeconds(120), $"never published:\n{host.Output}");
        await host.KillAsync();
        AssertOnePost(host, "foxes-in-winter");
        await host.StartAsync(environment);

        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(180));
        Assert.True(goal["status"]!.GetValue<string>() == "Succeeded", goal.ToJsonString());
        AssertOnePost(host, "foxes-in-winter");
        Assert.False(Directory.Exists(Path.Combine(workspace, ".runs")), "a temp folder outlived the run");
        Assert.True(File.Exists(Path.Combine(workspace, "screenshots", "foxes-in-winter.png")));

        // The image jobs the first host started were killed by the second one's attempt, not left running.
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc"), d => CommandLine(d).Contains(workspace, StringComparison.Ordinal));
    }

    private static string CommandLine(string procDirectory)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procDirectory, "cmdline"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    [ChromiumFact]
    public async Task BlogPost_AnImageBrokenBeforeTheBrowserCheck_FailsExplicitlyWithdrawsThePostAndCleansUp()
    {
        await using var model = await ScriptedModelServer.StartAsync();

        // The post links an image that no job made: the page goes live with a broken image.
        Script(model, "broken-fox", Markdown + "\n\n![lost](img/removed.png)\n");
        await using var host = await PaiProcess.StartNewAsync(Environment(model, stepMs: 5));

        var id = await host.Client.SubmitAsync(Submission("broken foxes"));
        var goal = await host.Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(180));

        Assert.Equal("Failed", goal["status"]!.GetValue<string>());
        var error = goal["error"]!.GetValue<string>();
        Assert.True(error.Contains("verify 'browser' (after the commit) failed", StringComparison.Ordinal) && error.Contains("img/removed.png", StringComparison.Ordinal), error);
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "sites", "blog", "posts", "broken-fox")), "a post that failed its check stayed published");
        Assert.False(Directory.Exists(Path.Combine(host.WorkspaceOf(id), ".runs")), "cleanup did not run");
    }

    private static string AssertOnePost(PaiProcess host, string slug)
    {
        var posts = Path.Combine(host.DataDirectory, "sites", "blog", "posts");
        Assert.Equal([slug], Directory.GetDirectories(posts).Select(Path.GetFileName));
        var post = Path.Combine(posts, slug);
        Assert.Equal(["index.html", "index.md"], Directory.GetFiles(post).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal(["image-1.png", "image-2.png", "image-3.png"], Directory.GetFiles(Path.Combine(post, "img")).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        return post;
    }

    private static JsonObject Submission(string topic) =>
        new() { ["title"] = $"post about {topic}", ["skill"] = "blog-post", ["inputs"] = new JsonObject { ["topic"] = topic } };

    private static void Script(ScriptedModelServer model, string slug, string markdown)
    {
        // The finished goal's write-back asks the model for facts (the summariser role falls back to the default endpoint).
        model.On(r => r.System.Contains("personal knowledge graph", StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject { ["summary"] = "wrote a post", ["facts"] = new JsonArray() }));
        model.On(r => r.LastUser.StartsWith("Write a short outline", StringComparison.Ordinal), _ => ScriptedReply.Text("# Foxes in winter\n## Listening\n## The pounce\n## Staying warm"));
        model.On(r => r.LastUser.StartsWith("Write the blog post", StringComparison.Ordinal), _ => ScriptedReply.Text(markdown));
        model.On(r => r.AllUser.Contains("give its title, a URL slug", StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject
        {
            ["title"] = "Foxes in winter",
            ["slug"] = slug,
            ["images"] = new JsonArray(
                new JsonObject { ["prompt"] = "a red fox listening in deep snow", ["alt"] = "a fox listening" },
                new JsonObject { ["prompt"] = "a fox diving head first into snow", ["alt"] = "a fox pouncing" },
                new JsonObject { ["prompt"] = "a fox curled up with its tail over its nose", ["alt"] = "a fox asleep" }),
        }));
    }

    internal static Dictionary<string, string> Environment(ScriptedModelServer model, int stepMs)
    {
        var environment = new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = model.BaseUrl.ToString(),
            ["PAI_MODEL"] = "scripted",
            ["Pai__Gpus__Discover"] = "false",
            ["Pai__Gpus__Devices__0__Name"] = "logical-0",
            ["Pai__Gpus__Devices__0__MemoryMiB"] = "1024",
            ["Pai__Gpus__Devices__1__Name"] = "logical-1",
            ["Pai__Gpus__Devices__1__MemoryMiB"] = "1024",
            ["Pai__Gpus__LeaseTtl"] = "00:00:05",
            ["Pai__Images__Command"] = "dotnet",
        };
        string[] args = [StandIn, "--prompt", "{prompt}", "--output", "{output}", "--steps", "{steps}", "--width", "{width}", "--height", "{height}", "--seed", "{seed}", "--step-ms", stepMs.ToString(System.Globalization.CultureInfo.InvariantCulture)];
        for (var i = 0; i < args.Length; i++)
        {
            environment[$"Pai__Images__Args__{i}"] = args[i];
        }

        return environment;
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
