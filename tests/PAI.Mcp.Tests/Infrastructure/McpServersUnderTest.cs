using System.Diagnostics;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>
/// The reference MCP servers from npm (tests/node) as PAI's configuration declares them, and helpers to start one
/// over HTTP or find and kill the one a host started over stdio.
/// </summary>
public static class McpServersUnderTest
{
    /// <summary>server-everything's entry point.</summary>
    public static string Everything => NodePackages.PackageFile("@modelcontextprotocol/server-everything/dist/index.js");

    /// <summary>server-filesystem's entry point.</summary>
    public static string Filesystem => NodePackages.PackageFile("@modelcontextprotocol/server-filesystem/dist/index.js");

    /// <summary>The agent the tests' steps run as: it may call the tools of the servers the tests declare (by permission).</summary>
    public const string Agent = "mcp-user";

    /// <summary>Writes <see cref="Agent"/>'s file into the data folder: allowed <c>mcp.everything</c> (the server's
    /// permission), <c>mcp.fs.*</c>, <c>mcp.web.*</c>, <c>mcp.slow.*</c> and <c>mcp.again.*</c> (tool name patterns).</summary>
    public static async Task WriteAgentAsync(string dataDirectory)
    {
        var agents = Path.Combine(dataDirectory, "agents");
        Directory.CreateDirectory(agents);
        await File.WriteAllTextAsync(Path.Combine(agents, Agent + ".yaml"), $"name: {Agent}\ntools: [\"mcp.everything\", \"mcp.fs.*\", \"mcp.web.*\", \"mcp.slow.*\", \"mcp.again.*\"]\n");
    }

    /// <summary>The skill <c>mcp-echo</c>: one phase calling <c>mcp.everything.echo</c>, as <see cref="Agent"/>.</summary>
    public const string EchoSkill = """
        name: mcp-echo
        version: "1"
        description: Echoes a message through the MCP server 'everything'.
        agent: mcp-user
        inputs:
          type: object
          required: [message]
          properties:
            message: { type: string }
        phases:
          - id: say
            tool: mcp.everything.echo
            with:
              message: "${inputs.message}"
        output:
          text: "${phases.say.text}"
        """;

    /// <summary>Writes <see cref="Agent"/>'s file and the skill <see cref="EchoSkill"/> into the data folder.</summary>
    public static async Task WriteAgentAndSkillAsync(string dataDirectory)
    {
        await WriteAgentAsync(dataDirectory);
        var skills = Path.Combine(dataDirectory, "skills");
        Directory.CreateDirectory(skills);
        await File.WriteAllTextAsync(Path.Combine(skills, "mcp-echo.yaml"), EchoSkill);
    }

    /// <summary>Configuration (as environment variables) declaring a stdio server started with node.</summary>
    public static void DeclareStdio(IDictionary<string, string> environment, string server, string script, params string[] arguments)
    {
        var prefix = $"Pai__Mcp__Servers__{server}__";
        environment[prefix + "Command"] = "node";
        environment[prefix + "Arguments__0"] = script;
        for (var i = 0; i < arguments.Length; i++)
        {
            environment[prefix + "Arguments__" + (i + 1)] = arguments[i];
        }
    }

    /// <summary>Starts server-everything over streamable HTTP on <paramref name="port"/>; returns once it listens.</summary>
    public static async Task<Process> StartEverythingOverHttpAsync(int port)
    {
        var info = new ProcessStartInfo("node") { WorkingDirectory = NodePackages.Folder, RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(Everything);
        info.ArgumentList.Add("streamableHttp");
        info.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var process = Process.Start(info)!;
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("listening on port", StringComparison.OrdinalIgnoreCase) == true)
            {
                listening.TrySetResult();
            }
        };
        process.OutputDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
        return process;
    }

    /// <summary>The ids of running processes whose command line contains <paramref name="marker"/>.</summary>
    public static IReadOnlyList<int> ProcessesWith(string marker)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(marker, StringComparison.Ordinal))
                {
                    found.Add(pid);
                }
            }
            catch (IOException)
            {
                // The process ended while we looked.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return found;
    }

    /// <summary>Waits until <paramref name="host"/>'s output holds <paramref name="text"/> at least <paramref name="times"/> times.</summary>
    public static async Task WaitForOutputAsync(PaiProcess host, string text, int times = 1, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromMinutes(2));
        while (Count(host.Output, text) < times)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"'{text}' not seen {times} time(s) in the host's output:\n{host.Output}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>How often <paramref name="text"/> occurs in <paramref name="output"/>.</summary>
    public static int Count(string output, string text)
    {
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
