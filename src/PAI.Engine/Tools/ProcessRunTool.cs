using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools;

/// <summary><c>process.run</c>: starts an allow-listed executable directly (no shell: arguments are passed as a list,
/// never parsed), in the goal's workspace, with a time limit and an output cap; on timeout or cancel the whole
/// process tree is killed.</summary>
/// <remarks>Not idempotent by nature: a step re-run after a crash starts the process again. Use it for commands that
/// are safe to repeat (or make them so), and stage their outputs in a skill so that only the commit publishes.</remarks>
public sealed class ProcessRunTool(IOptions<ToolsOptions> options) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.ProcessRun;

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Runs an allow-listed executable without a shell in the goal's workspace, with a timeout and an output cap.",
        """
        {
          "type": "object",
          "properties": {
            "executable": { "type": "string", "description": "An executable on the allow-list (absolute path or bare name)." },
            "args": { "type": "array", "items": { "type": "string" } },
            "cwd": { "type": "string", "description": "Working folder relative to the workspace (default: the workspace)." },
            "stdin": { "type": "string" },
            "timeoutSeconds": { "type": "integer", "minimum": 1 },
            "allowNonZeroExit": { "type": "boolean", "default": false }
          },
          "required": ["executable"],
          "additionalProperties": false
        }
        """,
        Name,
        TimeSpan.FromMinutes(10),
        """{ "type": "object", "properties": { "exitCode": { "type": "integer" }, "stdout": { "type": "string" }, "stderr": { "type": "string" }, "truncated": { "type": "boolean" } } }""");

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        ToolInput.CheckRequired(input, "executable", errors);
        ToolInput.CheckString(input, "executable", errors);
        if (input["executable"] is { } exe && !TemplateEvaluator.IsTemplate(exe) && errors.Count == 0 && Resolve(exe.GetValue<string>()) is null)
        {
            errors.Add($"executable '{exe.GetValue<string>()}' is not on process.run's allow-list");
        }

        if (input["args"] is { } args && args is not JsonArray && !TemplateEvaluator.IsTemplate(args))
        {
            errors.Add("input 'args' must be a list of strings");
        }

        if (input["cwd"] is not null)
        {
            ToolInput.CheckPath(input, "cwd", errors);
        }

        ToolInput.CheckPositiveNumber(input, "timeoutSeconds", errors);
        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var input = context.Input;
        var requested = ToolInput.RequiredString(input, "executable");
        var executable = Resolve(requested) ?? throw new ToolException($"executable '{requested}' is not on process.run's allow-list");
        var workspace = WorkspacePath.RealWorkspace(context.Workspace);
        Directory.CreateDirectory(workspace);
        var cwd = ToolInput.OptionalString(input, "cwd") is { } relative ? WorkspacePath.Resolve(context.Workspace, relative) : workspace;
        if (!Directory.Exists(cwd))
        {
            throw new ToolException($"working folder '{ToolInput.OptionalString(input, "cwd")}' does not exist");
        }

        var timeout = input["timeoutSeconds"] is null ? options.Value.ProcessDefaultTimeout : TimeSpan.FromSeconds(ToolInput.OptionalPositiveLong(input, "timeoutSeconds", 60));
        var cap = options.Value.ProcessMaxOutputBytes;
        var info = new ProcessStartInfo(executable)
        {
            WorkingDirectory = cwd,
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        if (input["args"] is JsonArray args)
        {
            foreach (var arg in args)
            {
                info.ArgumentList.Add(arg?.GetValueKind() == System.Text.Json.JsonValueKind.String ? arg.GetValue<string>() : arg?.ToJsonString() ?? "");
            }
        }

        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new ToolException($"cannot start '{requested}': {ex.Message}");
        }

        var stdout = new CappedText(cap);
        var stderr = new CappedText(cap);
        using var timeoutCts = new CancellationTokenSource(timeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
        var readOut = stdout.ReadAsync(process.StandardOutput, linked.Token);
        var readErr = stderr.ReadAsync(process.StandardError, linked.Token);
        try
        {
            if (ToolInput.OptionalString(input, "stdin") is { } stdin)
            {
                await process.StandardInput.WriteAsync(stdin.AsMemory(), linked.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(linked.Token);
            await Task.WhenAll(readOut, readErr);
        }
        catch (OperationCanceledException)
        {
            // The whole tree: a child that outlives its parent would keep running with no one to stop it.
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw new ToolException($"'{requested}' ran longer than {timeout.TotalSeconds:0.###} s and was killed", retryable: true);
        }

        var result = new JsonObject
        {
            ["exitCode"] = process.ExitCode,
            ["stdout"] = stdout.Text,
            ["stderr"] = stderr.Text,
            ["truncated"] = stdout.Truncated || stderr.Truncated,
        };
        if (process.ExitCode != 0 && !ToolInput.OptionalBool(input, "allowNonZeroExit", false))
        {
            var snippet = stderr.Text.Length > 300 ? stderr.Text[..300] : stderr.Text;
            throw new ToolException($"'{requested}' exited with code {process.ExitCode}: {snippet}");
        }

        return result;
    }

    /// <summary>The full path of an allow-listed executable, or null when it is not allowed (or not found).</summary>
    internal string? Resolve(string requested)
    {
        var allowed = options.Value.AllowedExecutables;
        if (!allowed.Contains(requested, StringComparer.Ordinal))
        {
            return null;
        }

        if (Path.IsPathRooted(requested))
        {
            return File.Exists(requested) ? requested : null;
        }

        if (requested.Contains('/', StringComparison.Ordinal) || requested.Contains('\\', StringComparison.Ordinal))
        {
            return null;
        }

        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(folder, requested);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private sealed class CappedText(int cap)
    {
        private readonly StringBuilder _text = new();

        public bool Truncated { get; private set; }

        public string Text => _text.ToString();

        public async Task ReadAsync(StreamReader reader, CancellationToken cancellationToken)
        {
            var buffer = new char[4096];
            int read;
            while ((read = await reader.ReadAsync(buffer.AsMemory(), cancellationToken)) > 0)
            {
                var room = cap - _text.Length;
                if (room > 0)
                {
                    _text.Append(buffer, 0, Math.Min(room, read));
                }

                if (read > room)
                {
                    // Keep draining so the child never blocks on a full pipe.
                    Truncated = true;
                }
            }
        }
    }
}
