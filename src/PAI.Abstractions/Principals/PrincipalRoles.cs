namespace PAI.Abstractions.Principals;

/// <summary>
/// The roles an API key can have. Every key authenticates one principal (who owns what the key creates); the role says
/// what the key may do:
/// <list type="bullet">
/// <item><c>admin</c>: everything, every principal's goals and schedules, the audit log, and the keys;</item>
/// <item><c>operator</c>: sees and acts on every principal's goals and schedules, and may approve or reject steps;</item>
/// <item><c>user</c>: its own goals and schedules only; cannot approve;</item>
/// <item><c>read-only</c>: reads its own goals, schedules and audit entries; changes nothing.</item>
/// </list>
/// </summary>
public static class PrincipalRoles
{
    /// <summary>Everything, including keys and every principal's data.</summary>
    public const string Admin = "admin";

    /// <summary>Every principal's goals and schedules, and approvals.</summary>
    public const string Operator = "operator";

    /// <summary>Its own goals and schedules.</summary>
    public const string User = "user";

    /// <summary>Reads its own goals, schedules and audit entries.</summary>
    public const string ReadOnly = "read-only";

    /// <summary>Every role, most powerful first.</summary>
    public static IReadOnlyList<string> All { get; } = [Admin, Operator, User, ReadOnly];

    /// <summary>True for one of <see cref="All"/> (exact, case-sensitive).</summary>
    public static bool IsKnown(string? role) => role is Admin or Operator or User or ReadOnly;

    /// <summary>True when the role may change anything (submit, cancel, create, delete).</summary>
    public static bool CanWrite(string? role) => role is Admin or Operator or User;

    /// <summary>True when the role may approve or reject a step waiting for a person.</summary>
    public static bool CanApprove(string? role) => role is Admin or Operator;

    /// <summary>True when the role sees (and acts on) every principal's goals and schedules, not only its own.</summary>
    public static bool SeesEveryPrincipal(string? role) => role is Admin or Operator;
}
