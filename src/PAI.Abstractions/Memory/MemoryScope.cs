namespace PAI.Abstractions.Memory;

/// <summary>
/// Whose a memory is and where it belongs: always a principal, optionally an agent, a goal and a project. As a search
/// scope it is a filter: a memory matches when its principal is the same and every field set here is equal to the
/// memory's (fields left null match anything).
/// </summary>
/// <param name="Principal">The owner; never empty.</param>
/// <param name="Agent">The agent the memory belongs to, if any.</param>
/// <param name="Goal">The goal the memory came from, if any.</param>
/// <param name="Project">The project the memory belongs to, if any.</param>
[GenerateSerializer, Immutable]
public sealed record MemoryScope(
    [property: Id(0)] string Principal,
    [property: Id(1)] string? Agent = null,
    [property: Id(2)] string? Goal = null,
    [property: Id(3)] string? Project = null)
{
    /// <summary>The longest principal, agent, goal or project name accepted.</summary>
    public const int MaxFieldLength = 200;

    /// <summary>True when a memory stored under <paramref name="memory"/> falls inside this scope.</summary>
    public bool Matches(MemoryScope memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        return string.Equals(Principal, memory.Principal, StringComparison.Ordinal)
            && (Agent is null || string.Equals(Agent, memory.Agent, StringComparison.Ordinal))
            && (Goal is null || string.Equals(Goal, memory.Goal, StringComparison.Ordinal))
            && (Project is null || string.Equals(Project, memory.Project, StringComparison.Ordinal));
    }

    /// <summary>How many of <paramref name="memory"/>'s optional fields equal this scope's (0-3): the basis of scope boosts.</summary>
    public int Overlap(MemoryScope memory)
    {
        ArgumentNullException.ThrowIfNull(memory);
        var n = 0;
        n += Agent is not null && string.Equals(Agent, memory.Agent, StringComparison.Ordinal) ? 1 : 0;
        n += Goal is not null && string.Equals(Goal, memory.Goal, StringComparison.Ordinal) ? 1 : 0;
        n += Project is not null && string.Equals(Project, memory.Project, StringComparison.Ordinal) ? 1 : 0;
        return n;
    }

    /// <summary>
    /// The canonical string form (the memory grain's key): each field percent-encoded, absent fields left out, so two
    /// equal scopes always give the same key and the key can be parsed back.
    /// </summary>
    public string ToKey()
    {
        var key = "p=" + Uri.EscapeDataString(Principal);
        if (Agent is not null)
        {
            key += "&a=" + Uri.EscapeDataString(Agent);
        }

        if (Goal is not null)
        {
            key += "&g=" + Uri.EscapeDataString(Goal);
        }

        if (Project is not null)
        {
            key += "&j=" + Uri.EscapeDataString(Project);
        }

        return key;
    }

    /// <summary>Parses <see cref="ToKey"/>'s form.</summary>
    public static MemoryScope FromKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        string? principal = null, agent = null, goal = null, project = null;
        foreach (var part in key.Split('&'))
        {
            if (part.Length < 2 || part[1] != '=')
            {
                throw new FormatException($"not a memory scope key: '{key}'");
            }

            var value = Uri.UnescapeDataString(part[2..]);
            switch (part[0])
            {
                case 'p': principal = value; break;
                case 'a': agent = value; break;
                case 'g': goal = value; break;
                case 'j': project = value; break;
                default: throw new FormatException($"not a memory scope key: '{key}'");
            }
        }

        return new MemoryScope(principal ?? throw new FormatException($"no principal in memory scope key '{key}'"), agent, goal, project);
    }
}
