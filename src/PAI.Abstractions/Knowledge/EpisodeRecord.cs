namespace PAI.Abstractions.Knowledge;

/// <summary>
/// The provenance of everything a write derives: what came in (an API call, a tool call, a note, a finished goal),
/// from where, and its text. Facts and mentioned entities keep a link to every episode that stated them; a fact whose
/// last episode is deleted goes with it.
/// </summary>
/// <param name="Id">The episode's id (<c>ep_</c> and 32 hex digits); a write with an id already stored changes nothing.</param>
/// <param name="Principal">Whose it is.</param>
/// <param name="Kind"><c>api</c>, <c>tool</c>, <c>note</c> or <c>goal</c>.</param>
/// <param name="Source">Where it came from (a note's path, a goal id, a step's idempotency key).</param>
/// <param name="Content">What it said, in short (bounded by the writer).</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="RecordedAt">When PAI stored it.</param>
public sealed record EpisodeRecord(
    string Id,
    string Principal,
    string Kind,
    string Source,
    string Content,
    DateTimeOffset OccurredAt,
    DateTimeOffset RecordedAt);
