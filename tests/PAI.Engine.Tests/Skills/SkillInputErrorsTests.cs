using PAI.Engine.Skills;

namespace PAI.Engine.Tests.Skills;

public sealed class SkillInputErrorsTests
{
    private static readonly SkillDefinition Skill = SkillLoader.Parse("""
        name: forms
        description: inputs of every kind
        inputs:
          type: object
          required: [name, files]
          additionalProperties: false
          properties:
            name: { type: string, pattern: "^[a-z]+$" }
            files: { type: array, minItems: 1, items: { type: string } }
            mode: { type: string, enum: [fast, slow] }
            odd name: { type: integer }
        phases:
          - { id: a, tool: echo }
        """, "forms.yaml");

    [Fact]
    public void Check_ValidInputs_NoErrors()
    {
        Assert.Empty(SkillInputErrors.Check(Skill, """{ "name": "ok", "files": ["a"], "mode": "fast" }"""));
    }

    [Fact]
    public void Check_MissingAndMismatched_EachErrorNamesItsInputReadably()
    {
        var errors = SkillInputErrors.Check(Skill, """{ "name": "Not OK", "mode": "medium", "odd name": "x", "extra": 1 }""")
            .ToDictionary(e => e.Path, e => e.Message);

        Assert.StartsWith("must match ^[a-z]+$", errors["inputs.name"], StringComparison.Ordinal);
        Assert.StartsWith("is required", errors["inputs.files"], StringComparison.Ordinal);
        Assert.StartsWith("must be one of: fast, slow", errors["inputs.mode"], StringComparison.Ordinal);
        Assert.StartsWith("must be an integer", errors["inputs['odd name']"], StringComparison.Ordinal);
        Assert.StartsWith("is not an input of this skill", errors["inputs.extra"], StringComparison.Ordinal);
        Assert.All(errors.Values, m => Assert.EndsWith("(skill 'forms')", m, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ItemOfWrongKind_PathHasItsIndex()
    {
        var error = Assert.Single(SkillInputErrors.Check(Skill, """{ "name": "ok", "files": ["a", 7] }"""));

        Assert.Equal("inputs.files[1]", error.Path);
        Assert.StartsWith("must be a string", error.Message, StringComparison.Ordinal);
    }
}
