using System.CommandLine;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary><c>pai notes list|write|read|search|delete</c>: the caller's markdown notes.</summary>
public static class NotesCommand
{
    /// <summary>Largest note read from a file or standard input (the host refuses larger ones too).</summary>
    private const int MaxNoteChars = 4 * 1024 * 1024;

    /// <summary>Builds the command tree.</summary>
    public static Command Build()
    {
        var notes = new Command("notes", "List, write, read, search and delete markdown notes (your own)");
        notes.Subcommands.Add(List());
        notes.Subcommands.Add(Write());
        notes.Subcommands.Add(Read());
        notes.Subcommands.Add(Search());
        notes.Subcommands.Add(Delete());
        return notes;
    }

    private static Argument<string> NotePath() => new("path") { Description = "the note's path, e.g. projects/kiln.md" };

    private static Command List()
    {
        var prefix = new Option<string?>("--prefix") { Description = "only notes whose path starts with this, e.g. projects/" };
        var command = new Command("list", "Your notes in path order, with title, tags, size and when each changed") { prefix };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var filter = result.GetValue(prefix) is { } p ? $"?prefix={Uri.EscapeDataString(p)}" : "";
            var items = await client.GetAllAsync($"/api/notes{filter}", ct);
            if (PaiCommands.PrintJson(result, items))
            {
                return;
            }

            var table = new Table().AddColumns("path", "title", "tags", "size", "updated");
            foreach (var note in items)
            {
                var tags = string.Join(", ", note!["tags"]!.AsArray().Select(t => t!.GetValue<string>()));
                table.AddRow(Show.Text(note["path"]), Show.Text(note["title"]), Markup.Escape(tags), Show.Text(note["size"]), Show.Text(note["updatedAt"]));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Write()
    {
        var path = NotePath();
        var file = new Argument<string>("file") { Description = "a markdown file, or - for standard input" };
        var command = new Command("write", "Write a note (indexed before the answer)") { path, file };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var source = result.GetValue(file)!;
            string markdown;
            try
            {
                using var reader = source == "-" ? new StreamReader(Console.OpenStandardInput()) : new StreamReader(source);
                var buffer = new char[MaxNoteChars + 1];
                var read = await reader.ReadBlockAsync(buffer, ct);
                markdown = read > MaxNoteChars ? throw new PaiCliException($"'{source}' is larger than {MaxNoteChars} characters") : new string(buffer, 0, read);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new PaiCliException($"cannot read '{source}': {ex.Message}");
            }

            var answer = await client.PutTextAsync($"/api/notes/{Escape(result.GetValue(path)!)}", markdown, "text/markdown", ct);
            if (!PaiCommands.PrintJson(result, answer))
            {
                Console.WriteLine($"{answer["path"]}: {answer["chunks"]} chunk(s), {answer["links"]?.AsArray().Count ?? 0} link(s)");
            }
        }));
        return command;
    }

    private static Command Read()
    {
        var path = NotePath();
        var command = new Command("read", "Print a note's markdown") { path };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var markdown = await client.GetTextAsync($"/api/notes/{Escape(result.GetValue(path)!)}", ct);
            if (!PaiCommands.PrintJson(result, new JsonObject { ["path"] = result.GetValue(path), ["markdown"] = markdown }))
            {
                Console.Write(markdown);
            }
        }));
        return command;
    }

    private static Command Search()
    {
        var query = new Argument<string>("query") { Description = "what to look for" };
        var k = new Option<int>("--k") { Description = "how many results (1-25)", DefaultValueFactory = _ => 5 };
        var command = new Command("search", "The notes nearest a query, best first") { query, k };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            var answer = await client.GetAsync($"/api/notes/search?q={Uri.EscapeDataString(result.GetValue(query)!)}&k={result.GetValue(k)}", ct);
            if (PaiCommands.PrintJson(result, answer))
            {
                return;
            }

            var table = new Table().AddColumns("path", "title", "score", "text");
            foreach (var hit in answer["items"]!.AsArray())
            {
                table.AddRow(Show.Text(hit!["path"]), Show.Text(hit["title"]), Show.Text(hit["score"]), Show.Text(hit["text"]));
            }

            AnsiConsole.Write(table);
        }));
        return command;
    }

    private static Command Delete()
    {
        var path = NotePath();
        var command = new Command("delete", "Delete a note, its memories and the graph edges only it stated") { path };
        command.SetAction(async (result, ct) => await PaiCommands.RunAsync(result, async client =>
        {
            await client.DeleteAsync($"/api/notes/{Escape(result.GetValue(path)!)}", ct);
            if (!PaiCommands.PrintJson(result, new JsonObject { ["path"] = result.GetValue(path), ["deleted"] = true }))
            {
                Console.WriteLine($"deleted {result.GetValue(path)}");
            }
        }));
        return command;
    }

    /// <summary>Escapes each segment of a note's path, keeping its folders.</summary>
    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
