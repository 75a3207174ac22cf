using PAI.Abstractions.Memory;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;
using PAI.Memory.Memories;

namespace PAI.Host.Apis;

/// <summary>Turns the memory request models (already shape-checked by <see cref="StrictJsonBody"/>) into the memory service's inputs.</summary>
public static class MemoryRequestMapper
{
    /// <summary>The items of a remember request.</summary>
    public static IReadOnlyList<MemoryInput> ToInputs(RememberRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return [.. request.Items.Select(i => new MemoryInput(i.Text, i.Metadata?.ToJsonString(), i.OccurredAt, i.Scope?.Agent, i.Scope?.Goal, i.Scope?.Project))];
    }

    /// <summary>The query of a search request; problems (mode, filter keys and values) are added to <paramref name="errors"/>.</summary>
    public static MemoryQuery ToQuery(MemorySearchRequest request, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(errors);
        var problems = new List<MemoryError>();
        var mode = MemorySearchModeNames.Parse(request.Mode, "mode", problems);
        MemoryFilter? filter = null;
        if (request.Filter is { } f)
        {
            var conditions = f.Metadata is { } metadata ? MemoryFilterJson.ReadConditions(metadata, "filter.metadata", problems) : [];
            filter = new MemoryFilter(conditions, f.OccurredAfter, f.OccurredBefore);
        }

        errors.AddRange(ToFieldErrors(problems));
        return new MemoryQuery(request.Query, request.K, mode, filter, request.Scope?.Agent, request.Scope?.Goal, request.Scope?.Project);
    }

    /// <summary>The memory service's errors as the API reports them.</summary>
    public static List<FieldError> ToFieldErrors(IEnumerable<MemoryError> errors) => [.. errors.Select(e => new FieldError(e.Path, e.Message))];
}
