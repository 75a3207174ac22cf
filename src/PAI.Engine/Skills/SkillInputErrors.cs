using System.Globalization;
using System.Text;
using NJsonSchema;
using NJsonSchema.Validation;
using PAI.Abstractions.Goals;

namespace PAI.Engine.Skills;

/// <summary>
/// A skill's input errors as request errors: one per problem, each naming its input (<c>inputs.name</c>,
/// <c>inputs.files[0]</c>, <c>inputs['odd name']</c>) with a sentence a person can act on, so a form can show it beside
/// the field.
/// </summary>
public static class SkillInputErrors
{
    /// <summary>The problems of <paramref name="inputsJson"/> against the skill's input schema (empty when fine).</summary>
    public static IReadOnlyList<PlanError> Check(SkillDefinition skill, string inputsJson) =>
        Leaves(skill.Schema.Validate(inputsJson)).Select(e => new PlanError(PathOf(e), $"{Describe(e)} (skill '{skill.Name}')")).ToList();

    /// <summary>"array item not valid" says less than the errors inside it: those are reported instead.</summary>
    private static IEnumerable<ValidationError> Leaves(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(e => e is ChildSchemaValidationError { Errors.Count: > 0 } child ? Leaves(child.Errors.SelectMany(kv => kv.Value)) : [e]);

    /// <summary>NJsonSchema's <c>#/files[0]/name</c> as <c>inputs.files[0].name</c>.</summary>
    public static string PathOf(ValidationError error)
    {
        var path = new StringBuilder("inputs");
        var pointer = (error.Path ?? "").TrimStart('#');
        foreach (var segment in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var bracket = segment.IndexOf('[', StringComparison.Ordinal);
            var name = bracket > 0 && segment.EndsWith(']') ? segment[..bracket] : segment;
            var index = bracket > 0 && segment.EndsWith(']') ? segment[bracket..] : "";
            path.Append(IsPlain(name) ? "." + name : "['" + name.Replace("'", "\\'", StringComparison.Ordinal) + "']").Append(index);
        }

        return path.ToString();
    }

    private static bool IsPlain(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');

    private static string Describe(ValidationError error)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "is required",
            ValidationErrorKind.PatternMismatch => $"must match {schema?.Pattern}",
            ValidationErrorKind.StringExpected => "must be a string",
            ValidationErrorKind.IntegerExpected => "must be an integer",
            ValidationErrorKind.NumberExpected => "must be a number",
            ValidationErrorKind.BooleanExpected => "must be true or false",
            ValidationErrorKind.ArrayExpected => "must be an array",
            ValidationErrorKind.ObjectExpected => "must be an object",
            ValidationErrorKind.StringTooShort => $"must be at least {schema?.MinLength} characters",
            ValidationErrorKind.StringTooLong => $"must be at most {schema?.MaxLength} characters",
            ValidationErrorKind.TooFewItems => $"needs at least {schema?.MinItems} item(s)",
            ValidationErrorKind.TooManyItems => $"takes at most {schema?.MaxItems} item(s)",
            ValidationErrorKind.NumberTooSmall => $"must be at least {schema?.Minimum?.ToString(CultureInfo.InvariantCulture)}",
            ValidationErrorKind.NumberTooBig => $"must be at most {schema?.Maximum?.ToString(CultureInfo.InvariantCulture)}",
            ValidationErrorKind.NotInEnumeration => $"must be one of: {string.Join(", ", schema?.Enumeration.Select(v => v?.ToString() ?? "null") ?? [])}",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "is not an input of this skill",
            _ => Words(error.Kind.ToString()),
        };
    }

    /// <summary>"DateTimeExpected" as "date time expected".</summary>
    private static string Words(string kind)
    {
        var text = new StringBuilder();
        foreach (var c in kind)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
