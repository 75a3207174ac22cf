using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PAI.Engine.Skills;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary>
/// <c>pai skills</c>: the loaded skills (every page; <c>--errors</c>: the files that did not load), <c>show NAME</c>
/// (a skill's definition: inputs schema and phases) and <c>validate FILE...</c> (offline, with the engine's own skill
/// loader: one line per error naming file and line).
/// </summary>
public static class SkillsCommand
{
    /// <summary>Largest skill file <c>validate</c> reads.</summary>
    public const long MaxFileBytes = 4 * 1024 * 1024;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The skills command with its subcommands.</summary>
    public static Command Build()
    {
        var command = CatalogCommands.Skills();
        command.Subcommands.Add(ShowCommand());
        command.Subcommands.Add(ValidateCommand());
        return command;
    }

    private static Command ShowCommand()
    {
        var name = new Argument<string>("name") { Description = "the skill's name" };
        var version = new Option<string?>("--version") { Description = "this version (default: the newest loaded)" };
        var command = new Command("show", "A skill's definition: description, inputs schema and phases") { name, version };
        command.SetAction((result, ct) => PaiCommands.RunAsync(result, async client =>
        {
            var wanted = result.GetValue(name)!;
            var versions = (await client.GetAllAsync("/api/skills", ct)).Where(s => s!["name"]?.GetValue<string>() == wanted).Select(s => s!).ToList();
            var skill = result.GetValue(version) is { } v
                ? versions.FirstOrDefault(s => s["version"]?.GetValue<string>() == v)
                : versions.OrderByDescending(s => s["version"]?.GetValue<string>(), VersionOrder.Instance).FirstOrDefault();
            if (skill is null)
            {
                throw new PaiCliException(versions.Count == 0 ? $"no skill '{Shorten(wanted)}' (see 'pai skills')" : $"skill '{Shorten(wanted)}' has no version '{Shorten(result.GetValue(version)!)}'");
            }

            if (!PaiCommands.PrintJson(result, skill))
            {
                Print(skill);
            }
        }));
        return command;
    }

    private static Command ValidateCommand()
    {
        var files = new Argument<string[]>("file") { Description = "skill files (YAML) to check", Arity = ArgumentArity.OneOrMore };
        var command = new Command("validate", "Checks skill files offline with the engine's skill loader: one line per error (file:line: field: message); exit 1 when one is invalid") { files };
        command.SetAction(async (result, ct) =>
        {
            var reports = new JsonArray();
            var invalid = false;
            foreach (var file in result.GetValue(files)!)
            {
                string text;
                try
                {
                    var info = new FileInfo(file);
                    if (info.Exists && info.Length > MaxFileBytes)
                    {
                        throw new IOException($"larger than {MaxFileBytes} bytes");
                    }

                    text = await File.ReadAllTextAsync(file, ct);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
                {
                    await Console.Error.WriteLineAsync($"pai: cannot read {file}: {ex.Message}");
                    return ExitCodes.Usage;
                }

                var report = Validate(text, file);
                invalid |= !report.Valid;
                reports.Add(report.ToJson());
                if (!GlobalOptions.WantsJson(result))
                {
                    Console.WriteLine(report.Valid
                        ? $"{file}: ok: skill {report.Name} {report.Version}, {report.Phases} phase{(report.Phases == 1 ? "" : "s")}"
                        : report.Error);
                }
            }

            PaiCommands.PrintJson(result, reports);
            return invalid ? ExitCodes.Refused : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>Checks one skill's YAML as the host's skill catalog does when it loads the file.</summary>
    public static SkillFileReport Validate(string text, string source)
    {
        try
        {
            var skill = SkillLoader.Parse(text, source);
            return new SkillFileReport(source, true, skill.Name, skill.Version, skill.Phases.Count + skill.Verify.Count + skill.Commit.Count + skill.Cleanup.Count, null);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or InvalidOperationException or JsonException)
        {
            var message = ex.Message.ReplaceLineEndings(" ");
            return new SkillFileReport(source, false, null, null, 0, message.StartsWith(source + ":", StringComparison.Ordinal) ? message : $"{source}: {message}");
        }
    }

    private static void Print(JsonNode skill)
    {
        var head = new Grid().AddColumn().AddColumn();
        head.AddRow("[bold]skill[/]", Show.Text($"{skill["name"]} {skill["version"]}"));
        head.AddRow("description", Markup.Escape($"{skill["description"]}"));
        head.AddRow("triggers", Markup.Escape(string.Join(", ", skill["triggers"]?.AsArray().Select(t => $"{t}") ?? [])));
        head.AddRow("agent", Show.Text(skill["agent"] ?? "(default)"));
        head.AddRow("source", Markup.Escape($"{skill["source"]}"));
        AnsiConsole.Write(head);
        AnsiConsole.WriteLine();
        AnsiConsole.MarkupLine("[bold]inputs[/] (JSON Schema)");
        AnsiConsole.WriteLine(skill["inputSchema"]?.ToJsonString(Indented) ?? "{}");
        foreach (var part in new[] { "phases", "verify", "commit", "cleanup" })
        {
            if (skill[part] is not JsonArray { Count: > 0 } phases)
            {
                continue;
            }

            AnsiConsole.WriteLine();
            var table = new Table().Title(part).AddColumns("#", "id", "kind", "runs", "foreach", "check");
            var i = 1;
            foreach (var p in phases)
            {
                var runs = p!["tool"] ?? p["skill"];
                var check = p["retryFrom"] is { } retry ? $"{p["check"]} (retry from {retry})" : p["check"]?.ToString();
                table.AddRow(i++.ToString(CultureInfo.InvariantCulture), Show.Text(p["id"]), Show.Text(p["kind"]), Show.Text(runs), Show.Text(p["foreach"]), Show.Text(check));
            }

            AnsiConsole.Write(table);
        }
    }

    private static string Shorten(string text) => text.Length > 100 ? string.Concat(text.AsSpan(0, 100), "…") : text;

    /// <summary>Versions compared as numbers where they are (<c>10</c> after <c>9</c>, <c>1.10</c> after <c>1.9</c>), else ordinally.</summary>
    private sealed class VersionOrder : IComparer<string?>
    {
        public static readonly VersionOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var a = (x ?? "").Split('.');
            var b = (y ?? "").Split('.');
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var c = long.TryParse(a[i], NumberStyles.None, CultureInfo.InvariantCulture, out var m) && long.TryParse(b[i], NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                    ? m.CompareTo(n)
                    : string.CompareOrdinal(a[i], b[i]);
                if (c != 0)
                {
                    return c;
                }
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
