using System.Diagnostics;
using System.Reflection;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>
/// Every <c>pai</c> command, run as a real process against a real host: results on stdout, one readable line on
/// standard error and a documented non-zero exit code on errors, and never the API key.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class CliTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private HttpClient Client => shared.Host.Client;

    [Fact]
    public async Task Help_KeyInEnvironment_NeverPrintsTheKey()
    {
        foreach (var args in new[] { new[] { "--help" }, ["goals", "--help"], ["goals", "list", "--help"], ["audit", "list", "--help"], ["tools", "--help"] })
        {
            var run = await RunAsync(args);
            Assert.Equal(0, run.Code);
            Assert.Contains("--key", run.Output, StringComparison.Ordinal);
            Assert.DoesNotContain(PaiProcess.ApiKey, run.Output + run.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Errors_WrongKeyOrUnreachable_OneLineWithoutTheKey()
    {
        const string wrong = "pai_wrong_key_wrong_key_wrong_key";
        var refused = await RunWithAsync(wrong, shared.Host.Client.BaseAddress!.ToString(), "goals", "list");
        var unreachable = await RunWithAsync(wrong, "http://127.0.0.1:1", "goals", "list");

        Assert.Equal(1, refused.Code);
        Assert.StartsWith("pai: 401", OneLine(refused.Error), StringComparison.Ordinal);
        Assert.Equal(3, unreachable.Code);
        Assert.StartsWith("pai: cannot reach PAI", OneLine(unreachable.Error), StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, refused.Output + refused.Error + unreachable.Output + unreachable.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Errors_BadCommandLineOrNoKey_ExitTwoWithOneLine()
    {
        var unknown = await RunAsync("goals", "lst");
        var noKey = await RunWithAsync(null, shared.Host.Client.BaseAddress!.ToString(), "tools");
        var noFile = await RunAsync("goals", "submit", Path.Combine(shared.Host.DataDirectory, "missing.json"));

        Assert.Equal(2, unknown.Code);
        Assert.Contains("'lst'", OneLine(unknown.Error), StringComparison.Ordinal);
        Assert.Equal(2, noKey.Code);
        Assert.Equal("pai: no API key: set PAI_API_KEY (or pass --key)", OneLine(noKey.Error));
        Assert.Equal(2, noFile.Code);
        Assert.StartsWith("pai: cannot read", OneLine(noFile.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_ThenShow_PrintsTheGoalItsStepsAndOutputs()
    {
        var file = await WriteGoalFileAsync("""{"title":"from the cli","plan":{"steps":[{"id":"only","tool":"echo","with":{"x":1}}]}}""");
        var submitted = await RunAsync("goals", "submit", file);
        Assert.Equal(0, submitted.Code);
        var id = submitted.Output.Trim();
        Assert.StartsWith("g_", id, StringComparison.Ordinal);
        await Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));

        var shown = await RunAsync("goals", "show", id);
        var json = await RunAsync("goals", "show", id, "--json");

        Assert.Equal(0, shown.Code);
        Assert.Contains("from the cli", shown.Output, StringComparison.Ordinal);
        Assert.Contains("Succeeded", shown.Output, StringComparison.Ordinal);
        Assert.Contains("""{"x":1}""", shown.Output, StringComparison.Ordinal);
        Assert.Equal(1, JsonNode.Parse(json.Output)!["steps"]![0]!["output"]!["x"]!.GetValue<int>());
    }

    [Fact]
    public async Task Submit_UnknownField_ExitsOneNamingTheField()
    {
        var file = await WriteGoalFileAsync("""{"title":"t","plan":{"steps":[{"id":"a","tool":"echo","aproval":true}]}}""");
        var run = await RunAsync("goals", "submit", file);

        Assert.Equal(1, run.Code);
        Assert.StartsWith("pai: 422 Invalid request body: plan.steps[0].aproval: unknown field 'aproval'", OneLine(run.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownGoal_ExitsOneWithOneLine()
    {
        var run = await RunAsync("goals", "show", "g_missing");
        Assert.Equal(1, run.Code);
        Assert.Equal("pai: 404 Goal not found: no goal 'g_missing'", OneLine(run.Error));
    }

    [Fact]
    public async Task List_WithCursor_PagesThroughGoalsNewestFirst()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(await Client.SubmitAsync(Goal($"cli page {i}", Step("a", "echo"))));
        }

        var first = JsonNode.Parse((await RunAsync("goals", "list", "--limit", "2", "--json")).Output)!;
        var cursor = first["nextCursor"]!.GetValue<string>();
        var second = JsonNode.Parse((await RunAsync("goals", "list", "--limit", "2", "--cursor", cursor, "--json")).Output)!;
        var table = await RunAsync("goals", "list", "--limit", "2");

        var seen = first["items"]!.AsArray().Concat(second["items"]!.AsArray()).Select(g => g!["id"]!.GetValue<string>()).ToList();
        Assert.Equal([ids[2], ids[1], ids[0]], seen.Take(3));
        Assert.Contains(ids[2], table.Output, StringComparison.Ordinal);
        Assert.Contains("next page: --cursor " + cursor, table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_PrintsEveryStatusAndTheTotal()
    {
        await Client.WaitFinishedAsync(await Client.SubmitAsync(Goal("cli counted", Step("a", "echo"))), TimeSpan.FromSeconds(30));
        var run = await RunAsync("goals", "counts", "--json");
        var table = await RunAsync("goals", "counts");

        Assert.Equal(0, run.Code);
        Assert.True(JsonNode.Parse(run.Output)!["byStatus"]!["Succeeded"]!.GetValue<long>() >= 1);
        Assert.Contains("WaitingForApproval", table.Output, StringComparison.Ordinal);
        Assert.Contains("total", table.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancel_RunningGoal_CancelsItThenRefusesASecondTime()
    {
        var id = await Client.SubmitAsync(Goal("cli cancel", Step("w", "wait", new { @for = "00:10:00" })));
        var cancelled = await RunAsync("goals", "cancel", id);
        var again = await RunAsync("goals", "cancel", id);

        Assert.Equal(0, cancelled.Code);
        Assert.Contains("Cancelled", cancelled.Output, StringComparison.Ordinal);
        Assert.Equal("Cancelled", (await Client.GetGoalAsync(id))["status"]!.GetValue<string>());
        Assert.Equal(1, again.Code);
        Assert.StartsWith("pai: 409", OneLine(again.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Watch_GoalToTheEnd_PrintsTheSnapshotAndExitsWhenItFinishes()
    {
        var id = await Client.SubmitAsync(Goal("cli watch", Step("a", "echo"), Step("b", "echo", null, "a")));
        var run = await RunAsync("goals", "watch", id);

        Assert.Equal(0, run.Code);
        Assert.Contains("snapshot", run.Output, StringComparison.Ordinal);
        Assert.Contains("Succeeded", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApproveAndReject_WaitingSteps_DecideThemAndRefuseStepsNotWaiting()
    {
        var approved = await Client.SubmitAsync(Goal("cli approve", WithApproval(Step("a", "echo"))));
        var rejected = await Client.SubmitAsync(Goal("cli reject", WithApproval(Step("a", "echo"))));
        await WaitForStepStatusAsync(approved, "WaitingForApproval");
        await WaitForStepStatusAsync(rejected, "WaitingForApproval");

        var approve = await RunAsync("goals", "approve", approved, "a");
        var reject = await RunAsync("goals", "reject", rejected, "a");
        var late = await RunAsync("goals", "approve", approved, "a");
        var missing = await RunAsync("goals", "approve", approved, "nope");

        Assert.Equal(0, approve.Code);
        Assert.Contains("approved", approve.Output, StringComparison.Ordinal);
        Assert.Equal(0, reject.Code);
        Assert.Contains("rejected", reject.Output, StringComparison.Ordinal);
        Assert.Equal("Succeeded", (await Client.WaitFinishedAsync(approved, TimeSpan.FromSeconds(30)))["status"]!.GetValue<string>());
        Assert.Equal("Failed", (await Client.WaitFinishedAsync(rejected, TimeSpan.FromSeconds(30)))["status"]!.GetValue<string>());
        Assert.Equal(1, late.Code);
        Assert.StartsWith("pai: 409", OneLine(late.Error), StringComparison.Ordinal);
        Assert.Equal(1, missing.Code);
        Assert.StartsWith("pai: 404 Step not found", OneLine(missing.Error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Catalogs_ToolsSkillsAgentsGpus_ListEveryItem()
    {
        var tools = await RunAsync("tools", "--json");
        var toolTable = await RunAsync("tools");
        var skills = await RunAsync("skills");
        var skillErrors = await RunAsync("skills", "--errors", "--json");
        var agents = await RunAsync("agents");
        var gpus = await RunAsync("gpus", "--json");

        var expected = JsonNode.Parse(await Client.GetStringAsync(new Uri("/api/tools?limit=500", UriKind.Relative)))!["items"]!.AsArray().Count;
        Assert.All(new[] { tools, toolTable, skills, skillErrors, agents, gpus }, r => Assert.Equal(0, r.Code));
        Assert.Equal(expected, JsonNode.Parse(tools.Output)!.AsArray().Count);
        Assert.Contains("file.write", toolTable.Output, StringComparison.Ordinal);
        Assert.Contains("web-snapshot", skills.Output, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(skillErrors.Output)!.AsArray());
        Assert.Contains("default", agents.Output, StringComparison.Ordinal);
        Assert.IsType<JsonArray>(JsonNode.Parse(gpus.Output));
    }

    [Fact]
    public async Task Audit_ListAndVerify_ShowTheGoalsEntriesAndAnIntactChain()
    {
        var id = await Client.SubmitAsync(Goal("cli audit", Step("a", "echo")));
        await Client.WaitFinishedAsync(id, TimeSpan.FromSeconds(30));

        var list = await RunAsync("audit", "list", "--goal", id, "--json");
        var table = await RunAsync("audit", "list", "--goal", id, "--kind", "goal.submitted");
        var verify = await RunAsync("audit", "verify");

        Assert.Equal(0, list.Code);
        Assert.Contains(JsonNode.Parse(list.Output)!["items"]!.AsArray(), e => e!["kind"]!.GetValue<string>() == "goal.submitted");
        Assert.Contains("goal.submitted", table.Output, StringComparison.Ordinal);
        Assert.Equal(0, verify.Code);
        Assert.StartsWith("audit log intact:", verify.Output, StringComparison.Ordinal);
    }

    private static JsonObject WithApproval(JsonObject step)
    {
        step["approval"] = true;
        return step;
    }

    private static string OneLine(string error)
    {
        var lines = error.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"expected one line, got: {error}");
        return lines[0].TrimEnd('\r');
    }

    private async Task WaitForStepStatusAsync(string id, string status)
    {
        for (var i = 0; i < 600; i++)
        {
            var goal = await Client.GetGoalAsync(id);
            if (goal["steps"]![0]!["status"]!.GetValue<string>() == status)
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"step of {id} never reached {status}");
    }

    private async Task<string> WriteGoalFileAsync(string json)
    {
        var file = Path.Combine(shared.Host.DataDirectory, $"cli-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }

    private Task<Run> RunAsync(params string[] args) => RunWithAsync(PaiProcess.ApiKey, shared.Host.Client.BaseAddress!.ToString(), args);

    /// <summary>Runs <c>pai</c> as a process against <paramref name="url"/> (other tests drive their own hosts with it).</summary>
    internal static async Task<Run> RunWithAsync(string? key, string url, params string[] args)
    {
        var dll = typeof(CliTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiCliDll").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["PAI_URL"] = url;
        info.Environment.Remove("PAI_API_KEY");
        if (key is not null)
        {
            info.Environment["PAI_API_KEY"] = key;
        }

        info.Environment["NO_COLOR"] = "1";

        // No configuration file of whoever runs the tests stands in for a missing key.
        info.Environment["PAI_CONFIG"] = Path.Combine(Path.GetTempPath(), "pai-tests-no-config.json");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var safety = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(safety.Token);
        return new Run(process.ExitCode, await output, await error);
    }

    internal sealed record Run(int Code, string Output, string Error);
}
