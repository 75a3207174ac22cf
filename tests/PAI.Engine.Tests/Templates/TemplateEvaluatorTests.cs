using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tests.Templates;

public sealed class TemplateEvaluatorTests
{
    private static JsonObject Roots() => new()
    {
        ["inputs"] = new JsonObject { ["n"] = 3, ["list"] = new JsonArray(1, 2), ["name"] = "ann", ["flag"] = true, ["none"] = null },
        ["phases"] = new JsonObject { ["a"] = new JsonObject { ["x-y"] = "v", ["obj"] = new JsonObject { ["k"] = 1 } } },
    };

    [Fact]
    public void Resolve_WholeStringExpression_KeepsTheJsonType()
    {
        var resolved = TemplateEvaluator.Resolve(JsonNode.Parse("""{ "n": "${inputs.n}", "l": "${inputs.list}", "b": "${inputs.flag}", "o": "${phases.a.obj}", "z": "${inputs.none}" }"""), Roots())!;

        Assert.Equal("""{"n":3,"l":[1,2],"b":true,"o":{"k":1},"z":null}""", resolved.ToJsonString());
    }

    [Fact]
    public void Resolve_EmbeddedExpressions_AreInterpolatedAsText()
    {
        var resolved = TemplateEvaluator.Resolve(JsonNode.Parse("""{ "t": "n=${inputs.n} ${phases.a.x-y} ${inputs.list} ${inputs.name}!${inputs.none}|" }"""), Roots())!;

        Assert.Equal("n=3 v [1,2] ann!|", resolved["t"]!.GetValue<string>());
    }

    [Fact]
    public void Resolve_IndexAndNestedPath_WalkTheValue()
    {
        var resolved = TemplateEvaluator.Resolve(JsonValue.Create("${inputs.list[1]}"), Roots())!;

        Assert.Equal(2, resolved.GetValue<int>());
    }

    [Fact]
    public void Resolve_WhitespaceBetweenTokens_IsAllowed()
    {
        var resolved = TemplateEvaluator.Resolve(JsonValue.Create("${ inputs . list [ 0 ] }"), Roots())!;

        Assert.Equal(1, resolved.GetValue<int>());
    }

    [Fact]
    public void Resolve_EscapedDollarBrace_IsLiteralText()
    {
        var resolved = TemplateEvaluator.Resolve(JsonValue.Create("echo $${HOME} for ${inputs.name}"), Roots())!;

        Assert.Equal("echo ${HOME} for ann", resolved.GetValue<string>());
    }

    [Fact]
    public void Resolve_ValuesAreNotReadAgainAsTemplates()
    {
        var roots = new JsonObject { ["inputs"] = new JsonObject { ["t"] = "${inputs.t}" } };

        Assert.Equal("${inputs.t}", TemplateEvaluator.Resolve(JsonValue.Create("${inputs.t}"), roots)!.GetValue<string>());
        Assert.Equal("<${inputs.t}>", TemplateEvaluator.Resolve(JsonValue.Create("<${inputs.t}>"), roots)!.GetValue<string>());
    }

    [Fact]
    public void Resolve_LiteralsAndKeys_AreCopiedUnchanged()
    {
        var template = JsonNode.Parse("""{ "${not.a.key}": [1, "two", { "x": null }], "s": "plain $ { } text" }""");

        var resolved = TemplateEvaluator.Resolve(template, Roots())!;

        Assert.Equal(template!.ToJsonString(), resolved.ToJsonString());
    }

    [Theory]
    [InlineData("${inputs.missing}", "'${inputs.missing}' names a value that does not exist: inputs has no field 'missing'")]
    [InlineData("${inputs.list[5]}", "'${inputs.list[5]}' names a value that does not exist: inputs.list has 2 item(s), so [5] is out of range")]
    [InlineData("${inputs.name.first}", "'${inputs.name.first}' names a value that does not exist: inputs.name is a string, not an object")]
    [InlineData("${inputs.n[0]}", "'${inputs.n[0]}' names a value that does not exist: inputs.n is a number, not a list")]
    [InlineData("x ${inputs.none.y} x", "'${inputs.none.y}' names a value that does not exist: inputs.none is null, not an object")]
    public void Resolve_MissingValue_ThrowsOneClearMessage(string template, string message)
    {
        var ex = Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(JsonValue.Create(template), Roots()));

        Assert.Equal(message, ex.Message);
        Assert.False(ex.Retryable);
    }

    [Fact]
    public void Resolve_PlanScopeMissingValue_GivesTheSameWordingAsSkills()
    {
        var inputs = new JsonObject { ["a"] = new JsonArray(1) };

        var plan = Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(JsonValue.Create("${inputs.a[3]}"), _ => null, inputs));
        var skill = Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(JsonValue.Create("${inputs.a[3]}"), new JsonObject { ["inputs"] = inputs.DeepClone() }));

        Assert.Equal(skill.Message, plan.Message);
    }

    [Fact]
    public void Resolve_StepOutputs_AreLookedUpOnlyWhenNamedAndOncePerTemplate()
    {
        var asked = new List<string>();
        JsonNode? Output(string id)
        {
            asked.Add(id);
            return JsonNode.Parse("""{ "path": "a.txt", "bytes": 2 }""");
        }

        var resolved = TemplateEvaluator.Resolve(JsonNode.Parse("""{ "p": "${steps.w.output.path}", "t": "${steps.w.output.bytes} bytes" }"""), Output, null)!;

        Assert.Equal("""{"p":"a.txt","t":"2 bytes"}""", resolved.ToJsonString());
        Assert.Equal(["w"], asked);
    }

    [Fact]
    public void Resolve_StepWithoutOutput_ReadsAsNull()
    {
        var resolved = TemplateEvaluator.Resolve(JsonValue.Create("${steps.a.output}"), _ => null, null);

        Assert.Null(resolved);
    }

    [Fact]
    public void Resolve_OldSingularRoot_NamesThePluralOne()
    {
        var ex = Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(JsonValue.Create("${input.city}"), new JsonObject { ["inputs"] = new JsonObject() }));

        Assert.Equal("'${input.city}' names 'input', which is not available here; the root is 'inputs' (available: inputs)", ex.Message);
    }

    [Fact]
    public void Evaluate_ForeachExpression_ReturnsTheList()
    {
        var list = TemplateEvaluator.Evaluate("${inputs.list}", Roots());

        Assert.Equal("[1,2]", list!.ToJsonString());
    }

    [Theory]
    [InlineData("status", "200")]
    [InlineData("$.headers.type", "\"text\"")]
    [InlineData("items[1]", "\"b\"")]
    [InlineData("", """{"status":200,"headers":{"type":"text"},"items":["a","b"]}""")]
    public void Select_Path_FindsTheValue(string path, string expected)
    {
        var value = JsonNode.Parse("""{ "status": 200, "headers": { "type": "text" }, "items": ["a", "b"] }""");

        Assert.Equal(expected, TemplateEvaluator.Select(value, path)!.ToJsonString());
    }

    [Fact]
    public void Select_AbsentPath_ReturnsNull()
    {
        Assert.Null(TemplateEvaluator.Select(JsonNode.Parse("""{ "a": [1] }"""), "a[4].b"));
    }

    [Fact]
    public void Check_TemplateWithUnknownRootOrBadSyntax_ReportsEachProblem()
    {
        Assert.Empty(TemplateEvaluator.Check(JsonNode.Parse("""{ "u": "${inputs.url}" }"""), ["inputs"]));
        Assert.Equal(
            ["'${input.url}' names 'input', which is not available here; the root is 'inputs' (available: inputs)"],
            TemplateEvaluator.Check(JsonNode.Parse("""{ "u": "${input.url}", "v": "${input.url}" }"""), ["inputs"]));
        Assert.Single(TemplateEvaluator.Check(JsonValue.Create("${inputs.url"), ["inputs"]));
    }
}
