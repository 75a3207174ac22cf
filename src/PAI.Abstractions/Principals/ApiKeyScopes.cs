using PAI.Abstractions.Goals;

namespace PAI.Abstractions.Principals;

/// <summary>
/// What a key is restricted to, as OAuth does it: a set of scope strings, <c>tool:&lt;name&gt;</c> or
/// <c>skill:&lt;name&gt;</c>. A key without scopes may use every tool and skill; a key with scopes may only submit
/// goals whose skill and plan steps are in its set (a skill in scope brings the tools its phases call).
/// Stored as one space-separated, sorted string so that equal sets compare equal.
/// </summary>
public sealed class ApiKeyScopes
{
    /// <summary>The most scopes one key may carry.</summary>
    public const int MaxCount = 64;

    /// <summary>The longest tool or skill name in a scope.</summary>
    public const int MaxNameLength = 100;

    /// <summary>Prefix of a tool scope.</summary>
    public const string ToolPrefix = "tool:";

    /// <summary>Prefix of a skill scope.</summary>
    public const string SkillPrefix = "skill:";

    private readonly HashSet<string> _tools;
    private readonly HashSet<string> _skills;

    private ApiKeyScopes(HashSet<string> tools, HashSet<string> skills)
    {
        _tools = tools;
        _skills = skills;
    }

    /// <summary>No restriction: every tool and skill.</summary>
    public static ApiKeyScopes Unrestricted { get; } = new([], []) { IsUnrestricted = true };

    /// <summary>True for a key without scopes.</summary>
    public bool IsUnrestricted { get; private init; }

    /// <summary>The tools in scope (empty when unrestricted).</summary>
    public IReadOnlyCollection<string> Tools => _tools;

    /// <summary>The skills in scope (empty when unrestricted).</summary>
    public IReadOnlyCollection<string> Skills => _skills;

    /// <summary>True when a goal may call this tool directly.</summary>
    public bool AllowsTool(string tool) => IsUnrestricted || _tools.Contains(tool);

    /// <summary>True when a goal may run this skill.</summary>
    public bool AllowsSkill(string skill) => IsUnrestricted || _skills.Contains(skill);

    /// <summary>
    /// Why a goal is outside this key's scopes (empty when it is inside): its skill, and every plan step's tool or skill,
    /// must be in scope. A goal with neither a skill nor a plan is planned by matching or by a model, which could pick
    /// anything, so a key with scopes must name one.
    /// </summary>
    public IReadOnlyList<PlanError> Refusals(GoalSubmission submission)
    {
        ArgumentNullException.ThrowIfNull(submission);
        if (IsUnrestricted)
        {
            return [];
        }

        var refusals = new List<PlanError>();
        if (submission.Skill is { } skill && !AllowsSkill(skill))
        {
            refusals.Add(new("skill", $"skill '{skill}' is not in this key's scopes"));
        }

        if (submission.Plan is { } plan)
        {
            for (var i = 0; i < plan.Steps.Count; i++)
            {
                var step = plan.Steps[i];
                if (step.Tool is { } tool && !AllowsTool(tool))
                {
                    refusals.Add(new($"plan.steps[{i}].tool", $"tool '{tool}' is not in this key's scopes"));
                }

                if (step.Skill is { } stepSkill && !AllowsSkill(stepSkill))
                {
                    refusals.Add(new($"plan.steps[{i}].skill", $"skill '{stepSkill}' is not in this key's scopes"));
                }
            }
        }
        else if (submission.Skill is null)
        {
            refusals.Add(new("plan", "a key with scopes must name the goal's skill or give its plan"));
        }

        return refusals;
    }

    /// <summary>The stored form: null when unrestricted, else the scopes sorted and space-separated.</summary>
    public string? Format() => IsUnrestricted
        ? null
        : string.Join(' ', _tools.Select(t => ToolPrefix + t).Concat(_skills.Select(s => SkillPrefix + s)).Order(StringComparer.Ordinal));

    /// <summary>The scopes as a list (empty when unrestricted), in stored order.</summary>
    public IReadOnlyList<string> ToList() => Format()?.Split(' ') ?? [];

    /// <summary>Reads the stored form (null or empty: unrestricted); throws on a malformed value.</summary>
    public static ApiKeyScopes Parse(string? stored)
    {
        if (string.IsNullOrEmpty(stored))
        {
            return Unrestricted;
        }

        var scopes = TryCreate(stored.Split(' '), out var error);
        return scopes ?? throw new FormatException(error);
    }

    /// <summary>
    /// Builds a scope set from a request's list; null and a readable <paramref name="error"/> when an entry is not
    /// <c>tool:&lt;name&gt;</c> or <c>skill:&lt;name&gt;</c> (names: letters, digits, <c>.</c>, <c>_</c>, <c>-</c>).
    /// An empty list is refused: a key that may use nothing is a mistake, not a restriction.
    /// </summary>
    public static ApiKeyScopes? TryCreate(IReadOnlyList<string> scopes, out string? error)
    {
        error = null;
        if (scopes.Count == 0)
        {
            error = "give at least one scope, or leave 'scopes' out for a key without restriction";
            return null;
        }

        if (scopes.Count > MaxCount)
        {
            error = $"at most {MaxCount} scopes";
            return null;
        }

        var tools = new HashSet<string>(StringComparer.Ordinal);
        var skills = new HashSet<string>(StringComparer.Ordinal);
        foreach (var scope in scopes)
        {
            var (set, name) = scope switch
            {
                _ when scope.StartsWith(ToolPrefix, StringComparison.Ordinal) => (tools, scope[ToolPrefix.Length..]),
                _ when scope.StartsWith(SkillPrefix, StringComparison.Ordinal) => (skills, scope[SkillPrefix.Length..]),
                _ => (null, ""),
            };
            if (set is null || !IsName(name))
            {
                error = $"'{Shorten(scope)}' is not a scope: use 'tool:<name>' or 'skill:<name>' (letters, digits, '.', '_', '-'; at most {MaxNameLength} characters)";
                return null;
            }

            set.Add(name);
        }

        return new ApiKeyScopes(tools, skills);
    }

    private static bool IsName(string name)
    {
        if (name.Length is 0 or > MaxNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
