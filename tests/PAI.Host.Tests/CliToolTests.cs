using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>
/// <c>pai</c> as a person gets it: packed as a .NET tool, installed into a tool path, run against a real host; and the
/// commands added with the event feed: <c>goals submit</c> from options, <c>goals watch --after</c>, <c>memories</c>,
/// <c>--output json</c> and the configuration file.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class CliToolTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private static readonly TimeSpan Safety = TimeSpan.FromMinutes(5);

    private HttpClient Client => shared.Host.Client;

    [Fact]
    public async Task PackedTool_InstalledIntoAToolPath_RunsAgainstTheHost()
    {
        var root = Path.Combine(shared.Host.DataDirectory, $"tool-{Guid.NewGuid():N}");
        var packages = Path.Combine(root, "packages");
        var tools = Path.Combine(root, "tools");
        var project = Path.Combine(Metadata("RepoRoot"), "src", "PAI.Cli", "PAI.Cli.csproj");

        var pack = await RunAsync("dotnet", ["pack", project, "-c", Metadata("Configuration"), "--no-build", "-o", packages], null);
        Assert.True(pack.Code == 0, pack.Output + pack.Error);
        var install = await RunAsync("dotnet", ["tool", "install", "PAI.Cli", "--tool-path", tools, "--add-source", packages, "--ignore-failed-sources"], null);
        Assert.True(install.Code == 0, install.Output + install.Error);

        var pai = Path.Combine(tools, OperatingSystem.IsWindows() ? "pai.exe" : "pai");
        var help = await RunAsync(pai, ["--help"], Env());
        var listed = await RunAsync(pai, ["tools", "--output", "json"], Env());

        Assert.Equal(0, help.Code);
        Assert.Contains("goals", help.Output, StringComparison.Ordinal);
        Assert.Equal(0, listed.Code);
        Assert.Contains(JsonNode.Parse(listed.Output)!.AsArray(), t => t!["name"]!.GetValue<string>() == "echo");
        Assert.DoesNotContain(PaiProcess.ApiKey, help.Output + help.Error + listed.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_FromOptions_SkillLessGoalWithInputsAndPlan()
    {
        var plan = Path.Combine(shared.Host.DataDirectory, $"plan-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(plan, """{"steps":[{"id":"a","tool":"echo","with":{"n":"${inputs.n}","who":"${inputs.who}"}}]}""");

        var submitted = await Pai("goals", "submit", "--title", "from options", "--input", "n=3", "--input", "who=me", "--plan", plan);
        var goal = await Client.WaitFinishedAsync(submitted.Output.Trim(), Safety);

        Assert.Equal(0, submitted.Code);
        Assert.Equal("from options", goal["title"]!.GetValue<string>());
        Assert.Equal("Succeeded", goal["status"]!.GetValue<string>());
        Assert.Equal("me", goal["steps"]![0]!["output"]!["who"]!.GetValue<string>());
    }

    [Fact]
    public async Task Submit_NoFileNoTitle_ExitTwoWithOneLine()
    {
        var run = await Pai("goals", "submit");

        Assert.Equal(2, run.Code);
        Assert.StartsWith("pai: give a goal file, or --title or --text", run.Error.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_AfterAPosition_PrintsOnlyTheLaterEventsOnceInOrder()
    {
        var id = await Client.SubmitAsync(Goal("watched by the cli", Step("a", "echo"), Step("b", "echo", null, "a")));
        await Client.WaitFinishedAsync(id, Safety);

        var all = Lines(await Pai("goals", "watch", id, "--after", "0", "--output", "json"));
        var later = Lines(await Pai("goals", "watch", id, "--after", "2", "--json"));

        var sequences = all.Select(e => e["sequence"]!.GetValue<long>()).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.Equal(sequences.Skip(2), later.Select(e => e["sequence"]!.GetValue<long>()));
        Assert.Equal("Succeeded", all[^1]["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Memories_RememberShowForget_RoundTrip()
    {
        var remembered = await Pai("memories", "remember", "the spare key is under the blue pot", "--project", "cli");
        var id = remembered.Output.Trim();
        var shown = await Pai("memories", "show", id, "--output", "json");
        var forgotten = await Pai("memories", "forget", id);
        var gone = await Pai("memories", "show", id);

        Assert.Equal(0, remembered.Code);
        Assert.Equal("the spare key is under the blue pot", JsonNode.Parse(shown.Output)!["text"]!.GetValue<string>());
        Assert.Equal(0, forgotten.Code);
        Assert.Equal(1, gone.Code);
    }

    [Fact]
    public async Task ConfigFile_UrlAndKey_UsedWhenNeitherOptionNorEnvironmentSays()
    {
        var config = Path.Combine(shared.Host.DataDirectory, $"config-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(config, new JsonObject { ["url"] = Client.BaseAddress!.ToString(), ["key"] = PaiProcess.ApiKey }.ToJsonString());
        var env = new Dictionary<string, string> { ["PAI_CONFIG"] = config };

        var run = await RunAsync(CliDll(), ["tools", "--json"], env, dotnet: true);

        Assert.Equal(0, run.Code);
        Assert.Contains(JsonNode.Parse(run.Output)!.AsArray(), t => t!["name"]!.GetValue<string>() == "echo");
    }

    private static List<JsonNode> Lines(Run run)
    {
        Assert.True(run.Code == 0, run.Error);
        return run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
    }

    private Task<Run> Pai(params string[] args) => RunAsync(CliDll(), args, Env(), dotnet: true);

    private Dictionary<string, string> Env() => new()
    {
        ["PAI_URL"] = Client.BaseAddress!.ToString(),
        ["PAI_API_KEY"] = PaiProcess.ApiKey,
        ["PAI_CONFIG"] = Path.Combine(shared.Host.DataDirectory, "no-such-config.json"),
        ["NO_COLOR"] = "1",
    };

    private static string CliDll() => Path.GetFullPath(Metadata("PaiCliDll"));

    private static string Metadata(string key) =>
        typeof(CliToolTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private static async Task<Run> RunAsync(string file, string[] args, IDictionary<string, string>? env, bool dotnet = false)
    {
        var info = new ProcessStartInfo(dotnet ? "dotnet" : file) { RedirectStandardOutput = true, RedirectStandardError = true };
        if (dotnet)
        {
            info.ArgumentList.Add(file);
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment.Remove("PAI_API_KEY");
        info.Environment.Remove("PAI_URL");
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            info.Environment[k] = v;
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var safety = new CancellationTokenSource(Safety);
        await process.WaitForExitAsync(safety.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    private sealed record Run(int Code, string Output, string Error);
}
