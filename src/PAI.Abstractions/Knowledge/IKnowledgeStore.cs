namespace PAI.Abstractions.Knowledge;

/// <summary>
/// The temporal knowledge graph and the notes index as rows in the store (SQLite embedded, PostgreSQL in cluster
/// mode): episodes, entities with their alias keys and name embeddings, bitemporal facts with their sources, and what
/// each note file was indexed as. Every call is confined to one principal. Walks are recursive queries in the database,
/// bounded by the depth and row limits the caller passes.
/// </summary>
public interface IKnowledgeStore
{
    /// <summary>
    /// Stores the episode, resolves every mention to an entity (creating the missing ones, adding new keys as aliases)
    /// and applies the facts by <see cref="FactIngestPlanner"/>, all in one transaction. An episode id already stored
    /// changes nothing and answers the fact ids it stored then (<see cref="GraphWriteResult.Replayed"/>).
    /// </summary>
    Task<GraphWriteResult> WriteAsync(GraphWrite write, CancellationToken cancellationToken = default);

    /// <summary>The principal's entity known by the first of <paramref name="keys"/> that any entity has, or null.</summary>
    Task<GraphEntity?> FindEntityAsync(string principal, IReadOnlyList<string> keys, CancellationToken cancellationToken = default);

    /// <summary>The principal's entities with these ids (missing ones left out).</summary>
    Task<IReadOnlyList<GraphEntity>> GetEntitiesAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>The principal's facts with these ids (missing ones left out).</summary>
    Task<IReadOnlyList<GraphFact>> GetFactsAsync(string principal, IReadOnlyList<string> ids, CancellationToken cancellationToken = default);

    /// <summary>
    /// Entities reachable from <paramref name="startId"/> over facts visible at <paramref name="asOf"/> (either direction),
    /// breadth first, at most <paramref name="maxDepth"/> steps away; the walk stops after <paramref name="maxRows"/> rows.
    /// Each entity once, at its shortest distance (the start at 0).
    /// </summary>
    Task<IReadOnlyList<EntityDistance>> WalkAsync(string principal, string startId, int maxDepth, DateTimeOffset asOf, int maxRows, CancellationToken cancellationToken = default);

    /// <summary>Facts visible at <paramref name="asOf"/> whose subject is one of <paramref name="entityIds"/> and whose object, if any, is too (<paramref name="bothEnds"/>) or is anything; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<GraphFact>> FactsAmongAsync(string principal, IReadOnlyList<string> entityIds, DateTimeOffset asOf, bool bothEnds, int limit, CancellationToken cancellationToken = default);

    /// <summary>
    /// A shortest path from <paramref name="fromId"/> to <paramref name="toId"/> over facts visible at <paramref name="asOf"/>
    /// (either direction, no entity twice), at most <paramref name="maxDepth"/> steps; the search gives up after
    /// <paramref name="maxRows"/> partial paths. Null when none was found; empty when both ids are the same.
    /// </summary>
    Task<IReadOnlyList<PathStep>?> FindPathAsync(string principal, string fromId, string toId, int maxDepth, DateTimeOffset asOf, int maxRows, CancellationToken cancellationToken = default);

    /// <summary>Facts learned or retired in [<paramref name="from"/>, <paramref name="to"/>), ordered by (time, kind, id), after <paramref name="after"/>; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<GraphChange>> ChangesAsync(string principal, DateTimeOffset from, DateTimeOffset to, GraphChangeCursor? after, int limit, CancellationToken cancellationToken = default);

    /// <summary>The principal's episodes of <paramref name="kind"/> (from <paramref name="source"/> when given), oldest first; at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<EpisodeRecord>> ListEpisodesAsync(string principal, string kind, string? source, int limit, CancellationToken cancellationToken = default);

    /// <summary>The episodes that stated the principal's fact <paramref name="factId"/> (its provenance), in the order they stated it; empty when there is no such fact.</summary>
    Task<IReadOnlyList<EpisodeRecord>> GetFactSourcesAsync(string principal, string factId, CancellationToken cancellationToken = default);

    /// <summary>Up to <paramref name="limit"/> entities (of any principal) whose name has no embedding yet, oldest first.</summary>
    Task<IReadOnlyList<EntityToEmbed>> ListUnembeddedAsync(int limit, CancellationToken cancellationToken = default);

    /// <summary>Drops name embeddings made by another model than <paramref name="model"/> (they are made again); returns how many.</summary>
    Task<int> ResetEntityVectorsAsync(string model, CancellationToken cancellationToken = default);

    /// <summary>Stores name embeddings (one transaction); entities gone meanwhile are skipped.</summary>
    Task SetEntityVectorsAsync(IReadOnlyList<EntityVectorUpdate> updates, CancellationToken cancellationToken = default);

    /// <summary>The principal's entity name embeddings made by <paramref name="model"/>.</summary>
    Task<IReadOnlyList<EntityVector>> ReadEntityVectorsAsync(string principal, string model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Merges entity <paramref name="mergeId"/> into <paramref name="keepId"/>: its keys become aliases of the kept one,
    /// its facts and mentions move over, and it is deleted. False when either is gone.
    /// </summary>
    Task<bool> MergeEntitiesAsync(string principal, string keepId, string mergeId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes an episode: facts and mentions whose only source it was go (a fact they had retired is current again),
    /// and so do entities nothing refers to any more. False when there was no such episode.
    /// </summary>
    Task<bool> DeleteEpisodeAsync(string principal, string episodeId, CancellationToken cancellationToken = default);

    /// <summary>Deletes an entity with its keys, its facts (either end) and their sources; entities only those facts referred to go too.</summary>
    Task<bool> DeleteEntityAsync(string principal, string entityId, CancellationToken cancellationToken = default);

    /// <summary>Deletes every episode, entity, fact and note record of the principal; returns how many rows went.</summary>
    Task<long> DeletePrincipalAsync(string principal, CancellationToken cancellationToken = default);

    /// <summary>The index record of the principal's note at <paramref name="path"/>, or null.</summary>
    Task<NoteIndexRecord?> GetNoteAsync(string principal, string path, CancellationToken cancellationToken = default);

    /// <summary>Every note index record of the principal, or of every principal when null.</summary>
    Task<IReadOnlyList<NoteIndexRecord>> ListNotesAsync(string? principal, CancellationToken cancellationToken = default);

    /// <summary>
    /// Stores the note's record, replacing the one before; when the record named another episode, that episode is
    /// deleted in the same transaction (as <see cref="DeleteEpisodeAsync"/>).
    /// </summary>
    Task PutNoteAsync(NoteIndexRecord note, CancellationToken cancellationToken = default);

    /// <summary>Deletes the note's record and its episode (as <see cref="DeleteEpisodeAsync"/>) in one transaction; false when there was none.</summary>
    Task<bool> DeleteNoteAsync(string principal, string path, CancellationToken cancellationToken = default);
}
