using System.Diagnostics;
using System.Reflection;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Host.Tests;

/// <summary>The <c>pai</c> command against a real host: results on stdout, one readable line and non-zero exit on errors.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class CliTests(SharedHost shared) : IClassFixture<SharedHost>
{
    [Fact]
    public async Task Submit_ThenShow_PrintsTheGoalAndItsSteps()
    {
        var file = Path.Combine(shared.Host.DataDirectory, "cli-goal.json");
        await File.WriteAllTextAsync(file, """{"title":"from the cli","plan":{"steps":[{"id":"only","tool":"echo","with":{"x":1}}]}}""");
        var (code, id, _) = await RunAsync(PaiProcess.ApiKey, "goals", "submit", file);
        Assert.Equal(0, code);
        Assert.StartsWith("g_", id.Trim(), StringComparison.Ordinal);
        await shared.Host.Client.WaitFinishedAsync(id.Trim(), TimeSpan.FromSeconds(20));

        var (showCode, shown, _) = await RunAsync(PaiProcess.ApiKey, "goals", "show", id.Trim());
        Assert.Equal(0, showCode);
        Assert.Contains("from the cli", shown, StringComparison.Ordinal);
        Assert.Contains("Succeeded", shown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_UnknownGoal_ExitsOneWithOneLine()
    {
        var (code, _, error) = await RunAsync(PaiProcess.ApiKey, "goals", "show", "g_missing");
        Assert.Equal(1, code);
        Assert.Equal("pai: 404 Goal not found: no goal 'g_missing'", error.Trim());
    }

    [Fact]
    public async Task List_WrongKey_ExitsOneWithOneLine()
    {
        var (code, _, error) = await RunAsync("pai_wrong_key_wrong_key_wrong_key", "goals", "list");
        Assert.Equal(1, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("401", error, StringComparison.Ordinal);
    }

    private async Task<(int Code, string Output, string Error)> RunAsync(string key, params string[] args)
    {
        var dll = typeof(CliTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiCliDll").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["PAI_URL"] = shared.Host.Client.BaseAddress!.ToString();
        info.Environment["PAI_API_KEY"] = key;
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
