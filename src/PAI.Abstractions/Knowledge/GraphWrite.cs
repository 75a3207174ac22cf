namespace PAI.Abstractions.Knowledge;

/// <summary>One write to a principal's graph, stored in one transaction with its episode.</summary>
/// <param name="Episode">Where it all came from.</param>
/// <param name="Mentions">Entities the episode mentions besides the facts' (they live as long as an episode mentions them).</param>
/// <param name="Facts">The facts, applied in order (a later one may close an earlier one).</param>
public sealed record GraphWrite(EpisodeRecord Episode, IReadOnlyList<EntityMention> Mentions, IReadOnlyList<FactAssertion> Facts);
