using PAI.Abstractions.Knowledge;

namespace PAI.Memory.Graph;

/// <summary>A fact with where it came from: the episodes that stated it (oldest first) and the fact that retired it, if one did.</summary>
/// <param name="Fact">The fact with its subject's and object's names.</param>
/// <param name="Episodes">Every episode that stated it (an API call, a tool, a note version, a goal, a model's reading of a note).</param>
/// <param name="SupersededBy">The fact that retired it (a contradiction on a single-valued predicate), when it still exists.</param>
public sealed record FactProvenance(FactView Fact, IReadOnlyList<EpisodeRecord> Episodes, FactView? SupersededBy);
