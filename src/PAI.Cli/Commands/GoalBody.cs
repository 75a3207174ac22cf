using System.Text.Json;
using System.Text.Json.Nodes;

namespace PAI.Cli.Commands;

/// <summary>The body of <c>POST /api/goals</c> from <c>pai goals submit</c>'s options (the host validates it).</summary>
public static class GoalBody
{
    private const int MaxTitle = 200;

    /// <summary>
    /// A goal from a title and/or free text, a skill, <c>name=value</c> inputs and a plan's JSON text; free text alone
    /// becomes the description and its start the title.
    /// </summary>
    public static string Build(string? title, string? text, string? skill, IReadOnlyList<string> inputs, string? planJson)
    {
        if (title is null && text is null && skill is null)
        {
            throw new PaiCliException("give a goal file, or --title or --text (see 'pai goals submit --help')", ExitCodes.Usage);
        }

        var body = new JsonObject { ["title"] = title ?? Shorten(text ?? skill!) };
        if (text is not null)
        {
            body["description"] = text;
        }

        if (skill is not null)
        {
            body["skill"] = skill;
        }

        if (inputs.Count > 0)
        {
            var values = new JsonObject();
            foreach (var input in inputs)
            {
                var at = input.IndexOf('=', StringComparison.Ordinal);
                if (at <= 0)
                {
                    throw new PaiCliException($"--input '{Shorten(input)}' is not name=value", ExitCodes.Usage);
                }

                values[input[..at]] = Value(input[(at + 1)..]);
            }

            body["inputs"] = values;
        }

        if (planJson is not null)
        {
            try
            {
                body["plan"] = JsonNode.Parse(planJson);
            }
            catch (JsonException ex)
            {
                throw new PaiCliException($"the plan is not JSON (line {ex.LineNumber + 1})", ExitCodes.Usage);
            }
        }

        return body.ToJsonString();
    }

    /// <summary>A value that parses as JSON (a number, true, an object...) is that value; anything else is a string.</summary>
    private static JsonNode? Value(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static string Shorten(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length > MaxTitle ? string.Concat(line.AsSpan(0, MaxTitle - 1), "…") : line;
    }
}
