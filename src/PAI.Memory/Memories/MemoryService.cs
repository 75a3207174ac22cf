using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Memory;
using PAI.Memory.Embeddings;

namespace PAI.Memory.Memories;

/// <summary>
/// The one path into memories, for the HTTP API and the tools alike: validates, embeds (documents on write, the query
/// on search, outside any grain so a model run never blocks one), writes rows to the store and asks the memory grain of
/// the search's scope to rank. Every call is confined to the calling principal.
/// </summary>
public sealed partial class MemoryService(
    IMemoryStore store,
    MemoryEmbedder embedder,
    IGrainFactory grains,
    IOptions<MemoryOptions> options,
    TimeProvider time,
    ILogger<MemoryService> logger)
{
    /// <summary>The id given to a memory the caller asked to remember with no idempotency key.</summary>
    public static string NewId() => "m_" + Guid.CreateVersion7().ToString("N");

    /// <summary>The id of item <paramref name="index"/> of a remember call with an idempotency key: the same on every retry.</summary>
    public static string IdFor(string principal, string idempotencyKey, int index) =>
        "m_" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{principal}\n{idempotencyKey}\n{index}")))[..32];

    /// <summary>
    /// Stores the memories in one transaction and returns their ids in input order. With <paramref name="idempotencyKey"/>,
    /// a retry of the same call stores nothing new and returns the same ids.
    /// </summary>
    /// <exception cref="MemoryValidationException">An item breaks a rule; nothing was stored.</exception>
    public async Task<IReadOnlyList<string>> RememberAsync(string principal, IReadOnlyList<MemoryInput> items, string? idempotencyKey = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(items);
        var settings = options.Value;
        var errors = new List<MemoryError>();
        CheckName("principal", principal, errors, required: true);
        if (items.Count == 0)
        {
            errors.Add(new MemoryError("items", "at least one item is required"));
        }
        else if (items.Count > settings.MaxItemsPerCall)
        {
            errors.Add(new MemoryError("items", $"at most {settings.MaxItemsPerCall} items per call (got {items.Count})"));
        }
        else
        {
            for (var i = 0; i < items.Count; i++)
            {
                Check(items[i], $"items[{i}]", settings, errors);
            }
        }

        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        using var activity = MemoryTelemetry.Source.StartActivity("memory.remember");
        activity?.SetTag("pai.memory.items", items.Count);
        var now = time.GetUtcNow();
        var occurred = items.Select(i => i.OccurredAt ?? now).ToArray();
        var documents = items.Select((item, i) => MemoryDocument.Of(item.Text, occurred[i])).ToArray();
        var started = Stopwatch.GetTimestamp();
        var vectors = await embedder.EmbedDocumentsAsync(documents, cancellationToken);
        MemoryTelemetry.EmbeddingDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("kind", "documents"));

        var rows = new NewMemory[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var id = idempotencyKey is null ? NewId() : IdFor(principal, idempotencyKey, i);
            var record = new MemoryRecord(id, new MemoryScope(principal, item.Agent, item.Goal, item.Project), item.Text, item.Metadata, occurred[i], now, embedder.ModelId, vectors[i].Length);
            rows[i] = new NewMemory(record, vectors[i], documents[i]);
        }

        var added = await store.AddAsync(rows, cancellationToken);
        MemoryTelemetry.Remembered.Add(added.Count);
        return rows.Select(r => r.Record.Id).ToArray();
    }

    /// <summary>Searches the principal's memories inside the query's scope.</summary>
    /// <exception cref="MemoryValidationException">The query breaks a rule.</exception>
    public async Task<MemorySearchResult> SearchAsync(string principal, MemoryQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var settings = options.Value;
        var errors = new List<MemoryError>();
        CheckName("principal", principal, errors, required: true);
        if (string.IsNullOrWhiteSpace(query.Text))
        {
            errors.Add(new MemoryError("query", "a non-empty query is required"));
        }
        else if (query.Text.Length > settings.MaxQueryLength)
        {
            errors.Add(new MemoryError("query", $"at most {settings.MaxQueryLength} characters (got {query.Text.Length})"));
        }

        if (query.K is { } k && (k < 1 || k > settings.MaxK))
        {
            errors.Add(new MemoryError("k", $"must be between 1 and {settings.MaxK}"));
        }

        CheckName("scope.agent", query.Agent, errors);
        CheckName("scope.goal", query.Goal, errors);
        CheckName("scope.project", query.Project, errors);
        if (errors.Count > 0)
        {
            throw new MemoryValidationException(errors);
        }

        using var activity = MemoryTelemetry.Source.StartActivity("memory.search");
        activity?.SetTag("pai.memory.mode", query.Mode.ToString());
        var scope = new MemoryScope(principal, query.Agent, query.Goal, query.Project);
        var embedding = TimeSpan.Zero;
        float[]? vector = null;
        if (query.Mode != MemorySearchMode.Keyword)
        {
            var started = Stopwatch.GetTimestamp();
            vector = await embedder.EmbedQueryAsync(query.Text, cancellationToken);
            embedding = Stopwatch.GetElapsedTime(started);
            MemoryTelemetry.EmbeddingDuration.Record(embedding.TotalMilliseconds, new KeyValuePair<string, object?>("kind", "query"));
        }

        var search = new MemorySearch(query.Text, query.K ?? settings.DefaultK, query.Mode, query.Filter ?? MemoryFilter.None, vector, vector is null ? null : embedder.ModelId, query.Context, query.Diversify);
        var searchStarted = Stopwatch.GetTimestamp();
        var hits = await grains.GetGrain<IMemoryGrain>(scope.ToKey()).SearchAsync(search);
        var searched = Stopwatch.GetElapsedTime(searchStarted);
        MemoryTelemetry.Searches.Add(1, new KeyValuePair<string, object?>("mode", query.Mode.ToString()));
        return new MemorySearchResult(hits, embedding, searched);
    }

    /// <summary>Deletes one of the principal's memories (with its vector and full-text row); false when it has none with that id.</summary>
    public async Task<bool> ForgetAsync(string principal, string id, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(principal);
        ArgumentNullException.ThrowIfNull(id);
        using var activity = MemoryTelemetry.Source.StartActivity("memory.forget");
        var deleted = await store.DeleteAsync(principal, [id], cancellationToken);
        MemoryTelemetry.Forgotten.Add(deleted);
        return deleted > 0;
    }

    /// <summary>Deletes every memory of the principal; returns how many there were.</summary>
    public async Task<long> ForgetAllAsync(string principal, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(principal);
        using var activity = MemoryTelemetry.Source.StartActivity("memory.forget_all");
        var deleted = await store.DeletePrincipalAsync(principal, cancellationToken);
        MemoryTelemetry.Forgotten.Add(deleted);
        LogForgotAll(logger, deleted);
        return deleted;
    }

    private static void Check(MemoryInput item, string path, MemoryOptions settings, List<MemoryError> errors)
    {
        if (item is null)
        {
            errors.Add(new MemoryError(path, "an item is required"));
            return;
        }

        if (string.IsNullOrWhiteSpace(item.Text))
        {
            errors.Add(new MemoryError(path + ".text", "a non-empty text is required"));
        }
        else if (item.Text.Length > settings.MaxTextLength)
        {
            errors.Add(new MemoryError(path + ".text", $"at most {settings.MaxTextLength} characters (got {item.Text.Length})"));
        }

        if (item.Metadata is not null)
        {
            if (item.Metadata.Length > settings.MaxMetadataLength)
            {
                errors.Add(new MemoryError(path + ".metadata", $"at most {settings.MaxMetadataLength} characters of JSON"));
            }
            else if (!IsJsonObject(item.Metadata))
            {
                errors.Add(new MemoryError(path + ".metadata", "must be a JSON object"));
            }
        }

        if (item.OccurredAt is { } at && (at.Year < 1 || at.Year > 9999))
        {
            errors.Add(new MemoryError(path + ".occurredAt", "must be a time between years 1 and 9999"));
        }

        CheckName(path + ".scope.agent", item.Agent, errors);
        CheckName(path + ".scope.goal", item.Goal, errors);
        CheckName(path + ".scope.project", item.Project, errors);
    }

    private static void CheckName(string path, string? value, List<MemoryError> errors, bool required = false)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(new MemoryError(path, "is required"));
            }

            return;
        }

        if (value.Length == 0 || value.Length > MemoryScope.MaxFieldLength)
        {
            errors.Add(new MemoryError(path, $"must be 1-{MemoryScope.MaxFieldLength} characters"));
        }
    }

    private static bool IsJsonObject(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 16 });
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Forgot every memory of a principal ({Count} memories)")]
    private static partial void LogForgotAll(ILogger logger, long count);
}
