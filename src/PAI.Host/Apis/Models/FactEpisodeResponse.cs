using System.ComponentModel;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Notes;

namespace PAI.Host.Apis.Models;

/// <summary>One episode a fact came from.</summary>
public sealed record FactEpisodeResponse(
    [property: Description("The episode's id.")] string Id,
    [property: Description("What it was: api, mcp, tool, note (a note version's links and tags), note.extraction (a model's reading of a note version), goal (a finished goal, with any facts the model read out of it).")] string Kind,
    [property: Description("Where it came from: the call, the note's path, the goal id.")] string Source,
    [property: Description("The goal, for a goal's episode.")] string? GoalId,
    [property: Description("The note's path, for a note's episodes.")] string? NotePath,
    [property: Description("The SHA-256 of the note version a model read, for note.extraction.")] string? ContentSha256,
    [property: Description("When it happened.")] DateTimeOffset OccurredAt,
    [property: Description("When PAI recorded it.")] DateTimeOffset RecordedAt)
{
    /// <summary>The view of an episode.</summary>
    public static FactEpisodeResponse From(EpisodeRecord episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var isNote = episode.Kind is "note" or NotesService.ExtractionKind;
        var digest = episode.Kind == NotesService.ExtractionKind && episode.Content.StartsWith("sha256:", StringComparison.Ordinal)
            ? episode.Content[7..Math.Min(episode.Content.Length, 7 + 64)]
            : null;
        return new(episode.Id, episode.Kind, episode.Source, episode.Kind == "goal" ? episode.Source : null, isNote ? episode.Source : null, digest, episode.OccurredAt, episode.RecordedAt);
    }
}
