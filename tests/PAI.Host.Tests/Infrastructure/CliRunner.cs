using System.Diagnostics;
using System.Reflection;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>Runs the <c>pai</c> command against a host.</summary>
public static class CliRunner
{
    /// <summary>Runs <c>pai args...</c> with <paramref name="key"/>; returns the exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(PaiProcess host, string key, params string[] args)
    {
        var dll = typeof(CliRunner).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiCliDll").Value!;
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.GetFullPath(dll));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["PAI_URL"] = host.Client.BaseAddress!.ToString();
        info.Environment["PAI_API_KEY"] = key;
        info.Environment["NO_COLOR"] = "1";
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
