using System.Text.Json.Nodes;

namespace PAI.Browser;

/// <summary>What a <c>browser.check</c> call requires of the page; each difference is named in the failure.</summary>
/// <param name="Status">The HTTP status of the page.</param>
/// <param name="Title">Text the page's title must contain.</param>
/// <param name="Images">How many images must have loaded (and none failed).</param>
/// <param name="NoConsoleErrors">Whether a console error or an uncaught exception fails the check.</param>
/// <param name="Texts">Texts the page's visible text must contain.</param>
internal sealed record BrowserExpectations(int? Status, string? Title, int? Images, bool NoConsoleErrors, IReadOnlyList<string> Texts)
{
    /// <summary>Nothing required: the call reports what it found.</summary>
    public static BrowserExpectations None { get; } = new(null, null, null, false, []);

    /// <summary>The differences between <paramref name="report"/> (the tool's output) and these expectations.</summary>
    public List<string> Differences(JsonObject report)
    {
        var differences = new List<string>();
        if (Status is { } status && report["status"]?.GetValue<int>() != status)
        {
            differences.Add($"status {report["status"]?.ToJsonString() ?? "none"}, expected {status}");
        }

        var title = report["title"]?.GetValue<string>() ?? "";
        if (Title is not null && !title.Contains(Title, StringComparison.Ordinal))
        {
            differences.Add($"title '{title}' does not contain '{Title}'");
        }

        var images = report["images"]!.AsObject();
        var loaded = images["loaded"]!.GetValue<int>();
        var failed = images["failed"]!.AsArray();
        if (Images is { } expected && (loaded != expected || failed.Count > 0))
        {
            differences.Add($"{loaded} image(s) loaded, expected {expected}" + (failed.Count > 0 ? $"; failed: {string.Join(", ", failed.Select(f => f!.GetValue<string>()))}" : ""));
        }

        var errors = report["consoleErrors"]!.AsArray();
        if (NoConsoleErrors && errors.Count > 0)
        {
            differences.Add($"{errors.Count} console error(s): {string.Join(" | ", errors.Select(e => e!.GetValue<string>()))}");
        }

        var texts = report["texts"]!.AsObject();
        foreach (var text in Texts.Where(t => texts[t]?.GetValue<bool>() != true))
        {
            differences.Add($"text '{text}' is not on the page");
        }

        return differences;
    }
}
