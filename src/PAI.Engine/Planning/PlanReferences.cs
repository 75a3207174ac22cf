using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Planning;

/// <summary>Plan-time checks of a step's <c>${...}</c> references: syntax, roots (<c>steps</c> and <c>inputs</c>),
/// step names, and goal inputs that must exist (they are known at submit).</summary>
internal static class PlanReferences
{
    private const string Usage = "use ${steps.<id>.output...} or ${inputs...}";

    /// <summary>What is wrong with the references in <paramref name="with"/>, as messages.</summary>
    public static List<string> Check(JsonNode? with, JsonNode? inputs, Func<string, bool> isStep)
    {
        var problems = new List<string>();
        IReadOnlyList<TemplateExpression> expressions;
        try
        {
            expressions = TemplateEvaluator.Find(with);
        }
        catch (ToolException ex)
        {
            problems.Add(ex.Message);
            return problems;
        }

        var scope = TemplateScope.ForPlan(inputs, _ => null);
        foreach (var expression in expressions)
        {
            if (StepOf(expression) is { } step)
            {
                if (!isStep(step))
                {
                    problems.Add($"'{expression}' names step '{step}', which is not a step of this plan");
                }
            }
            else if (expression.Root != "inputs")
            {
                problems.Add($"'{expression}' is not a reference: {Usage}");
            }
            else if (inputs is null or JsonObject)
            {
                try
                {
                    TemplateEvaluator.Lookup(expression, scope);
                }
                catch (ToolException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }

        return problems;
    }

    /// <summary>Every step <paramref name="with"/> reads, with the expression that reads it (for well-formed templates).</summary>
    public static IEnumerable<(TemplateExpression Expression, string Step)> StepReads(JsonNode? with) =>
        TemplateEvaluator.Find(with).Select(e => (e, StepOf(e)!)).Where(r => r.Item2 is not null);

    /// <summary>The step a <c>${steps.&lt;id&gt;.output...}</c> expression reads; null for anything else.</summary>
    private static string? StepOf(TemplateExpression expression) =>
        expression is { Root: "steps", Path: [{ Name: { } id }, { Name: "output" }, ..] } ? id : null;
}
