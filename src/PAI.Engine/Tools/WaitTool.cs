using System.Globalization;
using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tools;

/// <summary><c>wait</c>: a durable timer. The absolute deadline is checkpointed on the first attempt, so a restarted
/// step waits only for what is left and ends at the original deadline.</summary>
public sealed class WaitTool(TimeProvider timeProvider) : ITool
{
    /// <summary>The tool's name.</summary>
    public const string Name = BuiltInToolNames.Wait;

    /// <summary>The checkpoint key holding the deadline (round-trip "O" format).</summary>
    public const string DeadlineKey = "deadline";

    // Task.Delay accepts at most uint.MaxValue - 1 milliseconds (~49 days); longer waits go in slices.
    private static readonly TimeSpan MaxSlice = TimeSpan.FromDays(30);

    /// <inheritdoc />
    public ToolDescriptor Descriptor { get; } = new(
        Name,
        "Waits durably for a duration or until a time; survives restarts and ends at the original deadline.",
        """
        {
          "type": "object",
          "properties": {
            "for": { "type": "string", "description": "Duration: hh:mm:ss[.fff] or <n>ms|s|m|h|d, e.g. 30s, 5m, 2h, 1d." },
            "until": { "type": "string", "format": "date-time", "description": "ISO-8601 instant with offset." }
          },
          "oneOf": [ { "required": ["for"] }, { "required": ["until"] } ],
          "additionalProperties": false
        }
        """,
        "none",
        null);

    /// <inheritdoc />
    public IReadOnlyList<string> Validate(JsonObject input)
    {
        var errors = new List<string>();
        var hasFor = input["for"] is not null;
        var hasUntil = input["until"] is not null;
        if (hasFor == hasUntil)
        {
            errors.Add("give exactly one of 'for' (a duration) or 'until' (an ISO-8601 time)");
            return errors;
        }

        var name = hasFor ? "for" : "until";
        var node = input[name];
        if (TemplateEvaluator.IsTemplate(node))
        {
            return errors;
        }

        try
        {
            _ = hasFor ? ParseFor(ToolInput.RequiredString(input, "for")) : (object)ParseUntil(ToolInput.RequiredString(input, "until"));
        }
        catch (ToolException ex)
        {
            errors.Add(ex.Message);
        }

        return errors;
    }

    /// <inheritdoc />
    public async Task<JsonNode?> InvokeAsync(ToolContext context, CancellationToken cancellationToken)
    {
        var deadline = await GetOrStoreDeadlineAsync(context, cancellationToken);
        while (true)
        {
            var remaining = deadline - timeProvider.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            await Task.Delay(remaining < MaxSlice ? remaining : MaxSlice, timeProvider, cancellationToken);
        }

        return new JsonObject
        {
            ["deadline"] = deadline.ToString("O", CultureInfo.InvariantCulture),
            ["waitedUntil"] = timeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
    }

    private async Task<DateTimeOffset> GetOrStoreDeadlineAsync(ToolContext context, CancellationToken cancellationToken)
    {
        if (context.Checkpoint.Get(DeadlineKey) is { } stored)
        {
            if (DateTimeOffset.TryParseExact(stored, "O", CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var saved))
            {
                return saved;
            }

            throw new ToolException($"stored wait deadline '{stored}' is not a round-trip time", retryable: false);
        }

        var forText = ToolInput.OptionalString(context.Input, "for");
        var untilText = ToolInput.OptionalString(context.Input, "until");
        if ((forText is null) == (untilText is null))
        {
            throw new ToolException("give exactly one of 'for' (a duration) or 'until' (an ISO-8601 time)", retryable: false);
        }

        DateTimeOffset deadline;
        try
        {
            deadline = forText is not null ? timeProvider.GetUtcNow() + ParseFor(forText) : ParseUntil(untilText!);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ToolException($"wait '{forText}' ends beyond the last representable time", retryable: false, ex);
        }

        await context.Checkpoint.SetAsync(DeadlineKey, deadline.ToString("O", CultureInfo.InvariantCulture), cancellationToken);
        return deadline;
    }

    private static TimeSpan ParseFor(string text) =>
        DurationParser.TryParse(text, out var duration)
            ? duration
            : throw new ToolException($"'for' value '{text}' is not a duration (use hh:mm:ss or e.g. 30s, 5m, 2h, 1d)", retryable: false);

    private static DateTimeOffset ParseUntil(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var until)
            ? until
            : throw new ToolException($"'until' value '{text}' is not an ISO-8601 time", retryable: false);
}
