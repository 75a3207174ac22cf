using System.Diagnostics;
using System.Reflection;
using System.Text;

namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>
/// The npm packages under tests/node (the TypeScript MCP SDK and the reference MCP servers), installed by
/// <c>npm ci</c> in tests/node (.ci/run does it); and running node scripts there.
/// </summary>
public static class NodePackages
{
    /// <summary>tests/node.</summary>
    public static string Folder => Path.GetFullPath(typeof(NodePackages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "NodeTests").Value!);

    /// <summary>Why node tests cannot run here, or null when they can.</summary>
    public static string? Missing { get; } = FindMissing();

    /// <summary>A file inside an installed package, e.g. <c>@modelcontextprotocol/server-everything/dist/index.js</c>.</summary>
    public static string PackageFile(string relative) => Path.Combine(Folder, "node_modules", relative);

    /// <summary>Runs <c>node script args</c> in tests/node; returns exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string script, TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var error = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (error) { error.AppendLine(e.Data); } } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"node {script} did not finish within {timeout}:\n{output}\n{error}");
        }

        process.WaitForExit();
        return (process.ExitCode, output.ToString(), error.ToString());
    }

    private static string? FindMissing()
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "@modelcontextprotocol", "sdk")))
        {
            return $"the npm packages are not installed: run 'npm ci' in {Folder} (.ci/run does)";
        }

        try
        {
            using var node = Process.Start(new ProcessStartInfo("node", "--version") { RedirectStandardOutput = true, UseShellExecute = false })!;
            node.WaitForExit();
            return node.ExitCode == 0 ? null : "node does not run";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "node is not on PATH";
        }
    }
}

/// <summary>A fact that is skipped, saying why, when the npm packages under tests/node are not installed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class NodeFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when node or the packages are missing.</summary>
    public NodeFactAttribute()
    {
        if (NodePackages.Missing is { } reason)
        {
            Skip = reason;
        }
    }
}
