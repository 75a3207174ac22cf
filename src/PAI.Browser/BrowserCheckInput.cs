using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Browser;

/// <summary>The parsed input of <c>browser.check</c>, bounded: at most <see cref="MaxItems"/> selectors and texts.</summary>
/// <param name="Url">The page (http or https).</param>
/// <param name="Screenshot">Where the screenshot goes, relative to the goal's workspace.</param>
/// <param name="Selectors">CSS selectors whose matches are counted.</param>
/// <param name="Texts">Texts looked for in the page's visible text.</param>
/// <param name="Timeout">The whole check's limit, or null for the configured default.</param>
/// <param name="Expect">What must hold, else the call fails naming each difference.</param>
internal sealed record BrowserCheckInput(
    Uri Url, string Screenshot, IReadOnlyList<string> Selectors, IReadOnlyList<string> Texts, TimeSpan? Timeout, BrowserExpectations Expect)
{
    /// <summary>Most selectors, texts, console errors and failed images reported.</summary>
    public const int MaxItems = 20;

    /// <summary>Longest selector, text or reported message, in characters.</summary>
    public const int MaxChars = 500;

    private static readonly string[] Fields = ["url", "screenshot", "selectors", "texts", "timeout", "expect"];
    private static readonly string[] ExpectFields = ["status", "title", "images", "noConsoleErrors", "texts"];

    /// <summary>Reads and checks an input; values that are still <c>${...}</c> references pass when
    /// <paramref name="checkReferences"/> is false (plan time).</summary>
    public static BrowserCheckInput Parse(JsonObject json, string stepId, bool checkReferences)
    {
        foreach (var property in json)
        {
            if (!Fields.Contains(property.Key, StringComparer.Ordinal))
            {
                throw new ToolException($"unknown property '{property.Key}'");
            }
        }

        var urlText = String(json, "url") ?? throw new ToolException("'url' is required");
        Uri url;
        if (!checkReferences && urlText.Contains("${", StringComparison.Ordinal))
        {
            url = new Uri("http://localhost/");
        }
        else if (!Uri.TryCreate(urlText, UriKind.Absolute, out url!) || url.Scheme is not ("http" or "https"))
        {
            throw new ToolException($"'url' must be an absolute http or https URL, not '{Cut(urlText)}'");
        }

        TimeSpan? timeout = null;
        if (String(json, "timeout") is { } t && !(t.Contains("${", StringComparison.Ordinal) && !checkReferences))
        {
            timeout = PAI.Abstractions.Goals.DurationParser.TryParse(t, out var d) && d > TimeSpan.Zero && d <= TimeSpan.FromMinutes(10)
                ? d
                : throw new ToolException($"'timeout' value '{Cut(t)}' is not a duration between 0 and 10m");
        }

        var expect = json["expect"] is null ? BrowserExpectations.None : json["expect"] is JsonObject e ? ParseExpect(e) : throw new ToolException("'expect' must be an object");
        return new BrowserCheckInput(
            url,
            String(json, "screenshot") ?? $"screenshots/{stepId}.png",
            Strings(json, "selectors"),
            [.. Strings(json, "texts"), .. expect.Texts.Where(x => !Strings(json, "texts").Contains(x, StringComparer.Ordinal))],
            timeout,
            expect);
    }

    private static BrowserExpectations ParseExpect(JsonObject e)
    {
        foreach (var property in e)
        {
            if (!ExpectFields.Contains(property.Key, StringComparer.Ordinal))
            {
                throw new ToolException($"unknown property 'expect.{property.Key}'");
            }
        }

        return new BrowserExpectations(Int(e, "status"), String(e, "title"), Int(e, "images"), e["noConsoleErrors"] is JsonValue v && v.TryGetValue<bool>(out var b) && b, Strings(e, "texts"));
    }

    private static string? String(JsonObject json, string name) => json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Length <= 8192 ? s : throw new ToolException($"'{name}' is longer than 8192 characters"),
        _ => throw new ToolException($"'{name}' must be a string"),
    };

    private static int? Int(JsonObject json, string name) => json[name] switch
    {
        null => null,
        JsonValue v when v.TryGetValue<int>(out var i) => i,
        JsonValue v when v.TryGetValue<long>(out var l) && l is >= int.MinValue and <= int.MaxValue => (int)l,
        JsonValue v when v.TryGetValue<string>(out var s) && int.TryParse(s, System.Globalization.CultureInfo.InvariantCulture, out var p) => p,
        _ => throw new ToolException($"'{name}' must be a whole number"),
    };

    private static List<string> Strings(JsonObject json, string name)
    {
        if (json[name] is null)
        {
            return [];
        }

        if (json[name] is not JsonArray array || array.Count > MaxItems)
        {
            throw new ToolException($"'{name}' must be a list of at most {MaxItems} strings");
        }

        return array.Select(n => n is JsonValue v && v.TryGetValue<string>(out var s) && s.Length <= MaxChars
            ? s
            : throw new ToolException($"'{name}' must hold strings of at most {MaxChars} characters")).ToList();
    }

    /// <summary>At most <see cref="MaxChars"/> characters of <paramref name="text"/>.</summary>
    public static string Cut(string text) => text.Length <= MaxChars ? text : string.Concat(text.AsSpan(0, MaxChars), "…");
}
