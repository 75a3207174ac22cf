namespace PAI.Engine.Templates;

/// <summary>A piece of a template string: literal text, or an expression to evaluate.</summary>
/// <param name="Literal">The text, when this part is literal.</param>
/// <param name="Expression">The expression, when this part is one.</param>
internal readonly record struct TemplatePart(string? Literal, TemplateExpression? Expression);
