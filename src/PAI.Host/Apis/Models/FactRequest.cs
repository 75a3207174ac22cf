using System.ComponentModel;
using System.Text.Json.Nodes;

namespace PAI.Host.Apis.Models;

/// <summary>One fact to store.</summary>
public sealed record FactRequest
{
    /// <summary>The subject entity's name.</summary>
    [Description("The subject entity's name (1-200 characters).")]
    public required string Subject { get; init; }

    /// <summary>The relation.</summary>
    [Description("The relation, e.g. 'lives_in' ('Lives In' is the same predicate).")]
    public required string Predicate { get; init; }

    /// <summary>An entity name, or a literal.</summary>
    [Description("An entity name (a string), or a literal value: a number, true/false, or {\"value\": <scalar>}.")]
    public required JsonNode Object { get; init; }

    /// <summary>When it started to hold.</summary>
    [Description("When it started to hold (ISO 8601 with an offset); default now.")]
    public DateTimeOffset? ValidFrom { get; init; }

    /// <summary>When it stopped holding.</summary>
    [Description("When it stopped holding (ISO 8601 with an offset); default open.")]
    public DateTimeOffset? ValidTo { get; init; }

    /// <summary>Single-valued predicate.</summary>
    [Description("True when the subject has one value for this predicate at a time: a current fact with another object is closed (and reported).")]
    public bool? Single { get; init; }
}
