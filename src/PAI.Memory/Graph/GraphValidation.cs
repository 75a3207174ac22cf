using System.Text.Json;
using PAI.Abstractions.Knowledge;
using PAI.Abstractions.Memory;
using PAI.Memory.Memories;

namespace PAI.Memory.Graph;

/// <summary>The rules a fact must keep, and how its names become entity mentions.</summary>
internal static class GraphValidation
{
    public static void CheckPrincipal(string? principal, List<MemoryError> errors)
    {
        if (string.IsNullOrEmpty(principal) || principal.Length > MemoryScope.MaxFieldLength)
        {
            errors.Add(new MemoryError("principal", $"must be 1-{MemoryScope.MaxFieldLength} characters"));
        }
    }

    public static void CheckName(string path, string? name, List<MemoryError> errors)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            errors.Add(new MemoryError(path, "a non-empty name is required"));
        }
        else if (name.Length > EntityKeys.MaxNameLength)
        {
            errors.Add(new MemoryError(path, $"at most {EntityKeys.MaxNameLength} characters (got {name.Length})"));
        }
        else if (EntityKeys.Normalise(name).Length == 0)
        {
            errors.Add(new MemoryError(path, "must contain a letter or digit"));
        }
    }

    /// <summary>The keys to look a name up by: as typed free-form name, then as any system identifier (<c>tool:file.write</c> as given).</summary>
    public static IReadOnlyList<string> LookupKeys(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var keys = new List<string> { EntityKeys.Normalise(name) };
        var colon = name.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && EntityKeys.IsSystemType(name[..colon]))
        {
            keys.Insert(0, EntityKeys.For(name[(colon + 1)..], name[..colon]));
        }

        return keys;
    }

    public static FactAssertion? ToAssertion(FactInput? fact, string path, DateTimeOffset now, GraphOptions settings, List<MemoryError> errors)
    {
        if (fact is null)
        {
            errors.Add(new MemoryError(path, "a fact is required"));
            return null;
        }

        var before = errors.Count;
        CheckName(path + ".subject", fact.Subject, errors);
        var predicate = fact.Predicate is null ? "" : Predicates.Normalise(fact.Predicate);
        if (predicate.Length == 0)
        {
            errors.Add(new MemoryError(path + ".predicate", "a predicate with a letter or digit is required"));
        }
        else if (predicate.Length > Predicates.MaxLength)
        {
            errors.Add(new MemoryError(path + ".predicate", $"at most {Predicates.MaxLength} characters"));
        }

        if (fact.Object is null == fact.Value is null)
        {
            errors.Add(new MemoryError(path + ".object", "give an entity name or a value"));
        }
        else if (fact.Object is not null)
        {
            CheckName(path + ".object", fact.Object, errors);
        }
        else if (fact.Value!.Length > settings.MaxValueLength || !IsJsonScalar(fact.Value))
        {
            errors.Add(new MemoryError(path + ".object", $"a value must be a JSON scalar of at most {settings.MaxValueLength} characters"));
        }

        CheckTime(path + ".validFrom", fact.ValidFrom, errors);
        CheckTime(path + ".validTo", fact.ValidTo, errors);
        var from = fact.ValidFrom ?? now;
        if (fact.ValidTo is { } to && to <= from)
        {
            errors.Add(new MemoryError(path + ".validTo", "must be after validFrom"));
        }

        CheckType(path + ".subjectType", fact.SubjectType, errors);
        CheckType(path + ".objectType", fact.ObjectType, errors);
        if (errors.Count > before)
        {
            return null;
        }

        return new FactAssertion(
            Mention(fact.Subject, fact.SubjectType),
            predicate,
            fact.Object is null ? null : Mention(fact.Object, fact.ObjectType),
            fact.Value,
            from,
            fact.ValidTo,
            fact.Single);
    }

    public static EntityMention Mention(string name, string? type) => EntityMention.Named(name.Trim(), type);

    private static void CheckType(string path, string? type, List<MemoryError> errors)
    {
        if (type is not null && (type.Length is 0 or > 50 || !type.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '_')))
        {
            errors.Add(new MemoryError(path, "must be 1-50 lower-case letters, digits or '_'"));
        }
    }

    private static void CheckTime(string path, DateTimeOffset? value, List<MemoryError> errors)
    {
        if (value is { } at && (at.Year < 1 || at.Year > 9999))
        {
            errors.Add(new MemoryError(path, "must be a time between years 1 and 9999"));
        }
    }

    private static bool IsJsonScalar(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 2 });
            return document.RootElement.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
