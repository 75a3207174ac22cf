using Spectre.Console;

namespace PAI.Cli.Commands;

/// <summary>How values look in tables: escaped markup, status colours, compact JSON.</summary>
public static class Show
{
    private const int MaxCell = 60;

    /// <summary>A status name in its colour.</summary>
    public static string Status(string? status) => status switch
    {
        "Succeeded" => "[green]Succeeded[/]",
        "Failed" => "[red]Failed[/]",
        "Cancelled" or "Skipped" => $"[grey]{status}[/]",
        "Running" => "[blue]Running[/]",
        _ => $"[yellow]{Markup.Escape(status ?? "")}[/]",
    };

    /// <summary>Any value as escaped text, cut to a cell's width.</summary>
    public static string Text(object? value)
    {
        var text = value?.ToString() ?? "";
        text = text.ReplaceLineEndings(" ");
        return Markup.Escape(text.Length > MaxCell ? string.Concat(text.AsSpan(0, MaxCell - 1), "…") : text);
    }

    /// <summary>A JSON value as compact JSON text, cut to a cell's width.</summary>
    public static string Json(System.Text.Json.Nodes.JsonNode? node) => node is null ? "" : Text(node.ToJsonString());
}
