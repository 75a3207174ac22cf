using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Knowledge;
using PAI.Memory.Memories;

namespace PAI.Memory.Graph;

/// <summary>
/// The one path into the knowledge graph, for the HTTP API, the tools, notes and goal write-back alike: validates,
/// turns names into entity mentions, writes through the store in one transaction per call, answers with names, and
/// wakes the <see cref="EntityResolver"/> to embed new entity names. Every call is confined to one principal.
/// </summary>
public sealed partial class KnowledgeGraphService(
    IKnowledgeStore store,
    EntityResolver resolver,
    IOptions<GraphOptions> options,
    TimeProvider time)
{
    /// <summary>Longest episode content kept, in characters.</summary>
    public const int MaxEpisodeContent = 8000;

    /// <summary>The id of the episode of a call with an idempotency key: the same on every retry.</summary>
    public static string EpisodeIdFor(string principal, string idempotencyKey) =>
        "ep_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{principal}\n{idempotencyKey}")))[..32];

    /// <summary>A fresh episode id.</summary>
    public static string NewEpisodeId() => "ep_" + Guid.CreateVersion7().ToString("N");

    /// <summary>
    /// Stores the facts (one transaction, one episode of <paramref name="kind"/> from <paramref name="source"/>) and
    /// answers their ids and the conflicts they settled. With <paramref name="idempotencyKey"/>, a retry changes
    /// nothing and answers the same ids.
    /// </summary>
    /// <exception cref="MemoryValidationException">A fact breaks a rule; nothing was stored.</exception>
    public async Task<GraphAssertResult> AssertAsync(string principal, IReadOnlyList<FactInput> facts, string kind, string source, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var settings = options.Value;
        var errors = new List<MemoryError>();
        GraphValidation.CheckPrincipal(principal, errors);
        if (facts.Count == 0)
        {
            errors.Add(new MemoryError("facts", "at least one fact is required"));
        }
        else if (facts.Count > settings.MaxFactsPerCall)
        {
            errors.Add(new MemoryError("facts", $"at most {settings.MaxFactsPerCall} facts per call (got {facts.Count})"));
        }

        var now = time.GetUtcNow();
        var assertions = new List<FactAssertion>(facts.Count);
        for (var i = 0; i < facts.Count && errors.Count < 50; i++)
        {
            if (GraphValidation.ToAssertion(facts[i], $"facts[{i}]", now, settings, errors) is { } assertion)
            {
                assertions.Add(assertion);
            }
        }

        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        var episode = new EpisodeRecord(
            idempotencyKey is null ? NewEpisodeId() : EpisodeIdFor(principal, idempotencyKey),
            principal,
            kind,
            Shorten(source, 500),
            Shorten(string.Join("\n", facts.Select(Describe)), MaxEpisodeContent),
            now,
            now);
        return await WriteAsync(new GraphWrite(episode, [], assertions), cancellationToken);
    }

    /// <summary>Writes a prepared graph write (notes, goal write-back) and answers with names.</summary>
    public async Task<GraphAssertResult> WriteAsync(GraphWrite write, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(write);
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.write");
        activity?.SetTag("pai.knowledge.facts", write.Facts.Count);
        activity?.SetTag("pai.knowledge.episode_kind", write.Episode.Kind);
        var result = await store.WriteAsync(write, cancellationToken);
        if (!result.Replayed)
        {
            KnowledgeTelemetry.FactsAsserted.Add(write.Facts.Count);
            foreach (var conflict in result.Conflicts)
            {
                KnowledgeTelemetry.Conflicts.Add(1, new KeyValuePair<string, object?>("kind", conflict.Kind.ToString()));
            }

            resolver.Wake();
        }

        var conflicts = result.Conflicts.Count == 0 ? [] : await NameAsync(write.Episode.Principal, result.Conflicts.Select(c => c.Existing).ToList(), cancellationToken);
        return new GraphAssertResult(result.FactIds, result.Conflicts.Select((c, i) => new ConflictView(c.Index, c.FactId, c.Kind, conflicts[i])).ToList(), result.Replayed);
    }

    /// <summary>The principal's entity known by <paramref name="name"/> (its name or an alias), or null.</summary>
    public Task<GraphEntity?> FindEntityAsync(string principal, string name, CancellationToken cancellationToken = default) =>
        store.FindEntityAsync(principal, GraphValidation.LookupKeys(name), cancellationToken);

    /// <summary>The entity called <paramref name="name"/> with its neighbours to <paramref name="depth"/> steps and the facts among them as of <paramref name="asOf"/> (default now); null when there is no such entity.</summary>
    /// <exception cref="MemoryValidationException">The depth or time is out of range.</exception>
    public async Task<EntityNeighbourhood?> GetEntityAsync(string principal, string name, int? depth = null, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var errors = new List<MemoryError>();
        GraphValidation.CheckPrincipal(principal, errors);
        if (depth is { } d && (d < 0 || d > settings.MaxDepth))
        {
            errors.Add(new MemoryError("depth", $"must be between 0 and {settings.MaxDepth}"));
        }

        GraphValidation.CheckName("name", name, errors);
        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.entity");
        if (await FindEntityAsync(principal, name, cancellationToken) is not { } entity)
        {
            return null;
        }

        var at = asOf ?? time.GetUtcNow();
        var walked = await store.WalkAsync(principal, entity.Id, depth ?? settings.DefaultDepth, at, settings.MaxWalkRows, cancellationToken);
        var truncated = walked.Count > settings.MaxNeighbours + 1;
        var reached = walked.Take(settings.MaxNeighbours + 1).ToList();
        if (reached.All(r => r.EntityId != entity.Id))
        {
            reached.Insert(0, new EntityDistance(entity.Id, 0));
        }

        var ids = reached.Select(r => r.EntityId).ToList();
        var facts = await store.FactsAmongAsync(principal, ids, at, bothEnds: true, settings.MaxFacts + 1, cancellationToken);
        truncated |= facts.Count > settings.MaxFacts;
        var named = await NameAsync(principal, facts.Take(settings.MaxFacts).ToList(), cancellationToken);
        var entities = (await store.GetEntitiesAsync(principal, ids, cancellationToken)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        var neighbours = reached.Where(r => r.EntityId != entity.Id && entities.ContainsKey(r.EntityId)).Select(r => (entities[r.EntityId], r.Depth)).ToList();
        KnowledgeTelemetry.QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kind", "entity"));
        return new EntityNeighbourhood(entity, neighbours, named, at, truncated);
    }

    /// <summary>A shortest path between the entities called <paramref name="from"/> and <paramref name="to"/>, as of <paramref name="asOf"/> (default now); null when either is unknown.</summary>
    public async Task<GraphPathResult?> PathAsync(string principal, string from, string to, DateTimeOffset? asOf = null, CancellationToken cancellationToken = default)
    {
        var errors = new List<MemoryError>();
        GraphValidation.CheckPrincipal(principal, errors);
        GraphValidation.CheckName("from", from, errors);
        GraphValidation.CheckName("to", to, errors);
        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        var started = Stopwatch.GetTimestamp();
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.path");
        var settings = options.Value;
        if (await FindEntityAsync(principal, from, cancellationToken) is not { } start || await FindEntityAsync(principal, to, cancellationToken) is not { } end)
        {
            return null;
        }

        var steps = await store.FindPathAsync(principal, start.Id, end.Id, settings.MaxPathDepth, asOf ?? time.GetUtcNow(), settings.MaxPathRows, cancellationToken);
        KnowledgeTelemetry.QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kind", "path"));
        if (steps is null)
        {
            return new GraphPathResult(start, end, null, settings.MaxPathDepth);
        }

        var facts = (await store.GetFactsAsync(principal, steps.Select(s => s.FactId).ToList(), cancellationToken)).ToList();
        var named = (await NameAsync(principal, facts, cancellationToken)).ToDictionary(f => f.Fact.Id, StringComparer.Ordinal);
        var entities = (await store.GetEntitiesAsync(principal, steps.Select(s => s.EntityId).ToList(), cancellationToken)).ToDictionary(e => e.Id, StringComparer.Ordinal);
        return new GraphPathResult(start, end, steps.Where(s => named.ContainsKey(s.FactId) && entities.ContainsKey(s.EntityId)).Select(s => (named[s.FactId], entities[s.EntityId])).ToList(), settings.MaxPathDepth);
    }

    /// <summary>Facts learned or retired in [<paramref name="from"/>, <paramref name="to"/>), oldest first, a page at a time.</summary>
    public async Task<GraphChangesPage> ChangesAsync(string principal, DateTimeOffset from, DateTimeOffset to, GraphChangeCursor? after, int limit, CancellationToken cancellationToken = default)
    {
        var errors = new List<MemoryError>();
        GraphValidation.CheckPrincipal(principal, errors);
        if (to < from)
        {
            errors.Add(new MemoryError("to", "must not be before 'from'"));
        }

        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        var started = Stopwatch.GetTimestamp();
        var changes = await store.ChangesAsync(principal, from, to, after, limit + 1, cancellationToken);
        var page = changes.Take(limit).ToList();
        var named = await NameAsync(principal, page.Select(c => c.Fact).ToList(), cancellationToken);
        var next = changes.Count > limit ? new GraphChangeCursor(page[^1].At, page[^1].Kind, page[^1].Fact.Id) : null;
        KnowledgeTelemetry.QueryDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kind", "changes"));
        return new GraphChangesPage(page.Select((c, i) => (c, named[i])).ToList(), next);
    }

    /// <summary>The principal's fact <paramref name="factId"/> with its episodes and the fact that retired it; null when the principal has no such fact.</summary>
    public async Task<FactProvenance?> GetFactAsync(string principal, string factId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(factId);
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.fact");
        var ids = new List<string> { factId };
        if ((await store.GetFactsAsync(principal, ids, cancellationToken)) is not [var fact])
        {
            return null;
        }

        var superseding = fact.SupersededBy is { } by ? await store.GetFactsAsync(principal, [by], cancellationToken) : [];
        var named = await NameAsync(principal, [fact, .. superseding], cancellationToken);
        var episodes = await store.GetFactSourcesAsync(principal, factId, cancellationToken);
        return new FactProvenance(named[0], episodes, named.Count > 1 ? named[1] : null);
    }

    /// <summary>Deletes the entity called <paramref name="name"/>, its facts and what only they referred to; false when unknown.</summary>
    public async Task<bool> ForgetEntityAsync(string principal, string name, CancellationToken cancellationToken = default)
    {
        using var activity = KnowledgeTelemetry.Source.StartActivity("knowledge.forget_entity");
        return await FindEntityAsync(principal, name, cancellationToken) is { } entity && await store.DeleteEntityAsync(principal, entity.Id, cancellationToken);
    }

    /// <summary>The facts with their subjects' and objects' names, in the same order.</summary>
    public async Task<IReadOnlyList<FactView>> NameAsync(string principal, IReadOnlyList<GraphFact> facts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        if (facts.Count == 0)
        {
            return [];
        }

        var ids = facts.SelectMany(f => f.ObjectId is null ? [f.SubjectId] : new[] { f.SubjectId, f.ObjectId }).Distinct(StringComparer.Ordinal).ToList();
        var names = (await store.GetEntitiesAsync(principal, ids, cancellationToken)).ToDictionary(e => e.Id, e => e.Name, StringComparer.Ordinal);
        return facts.Select(f => new FactView(f, names.GetValueOrDefault(f.SubjectId) ?? f.SubjectId, f.ObjectId is null ? null : names.GetValueOrDefault(f.ObjectId) ?? f.ObjectId)).ToList();
    }

    private static string Describe(FactInput fact) => $"{fact.Subject} {fact.Predicate} {fact.Object ?? fact.Value}";

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max];
}
