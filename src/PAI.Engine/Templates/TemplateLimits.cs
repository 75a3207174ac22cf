namespace PAI.Engine.Templates;

/// <summary>The bounds every template evaluation keeps, whatever its input: each one turns a hostile or runaway
/// template into a clear error instead of time or memory spent.</summary>
public static class TemplateLimits
{
    /// <summary>Most characters between <c>${</c> and <c>}</c>.</summary>
    public const int MaxExpressionLength = 1_000;

    /// <summary>Most <c>.name</c> and <c>[index]</c> steps in one expression's path.</summary>
    public const int MaxPathDepth = 32;

    /// <summary>Most expressions in one template (all strings of a JSON value together).</summary>
    public const int MaxExpressions = 1_000;

    /// <summary>Most characters of JSON that evaluation may produce for one template (substituted values together).</summary>
    public const int MaxResultLength = 1024 * 1024;
}
