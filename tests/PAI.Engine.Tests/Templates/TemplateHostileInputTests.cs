using System.Text;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;
using PAI.Engine.Templates;

namespace PAI.Engine.Tests.Templates;

/// <summary>Inputs that made the old backtracking patterns run for minutes. The scanner answers each with a result
/// or a clear error; the assertions are on the answer (the scanner is linear, so no time bound is needed).</summary>
public sealed class TemplateHostileInputTests
{
    private static readonly JsonObject Roots = new() { ["inputs"] = new JsonObject { ["a"] = new JsonArray(1, 2, 3), ["s"] = "x" } };

    private static string Fail(string template) =>
        Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(JsonValue.Create(template), Roots)).Message;

    [Theory]
    [InlineData(4_000)]
    [InlineData(8 * 1024)]
    [InlineData(12 * 1024)]
    [InlineData(1024 * 1024)]
    public void Resolve_DollarBraceThenSpaces_IsRefusedAsUnclosed(int spaces)
    {
        var message = Fail("${" + new string(' ', spaces));

        Assert.Contains("'${' at character 1", message, StringComparison.Ordinal);
        Assert.True(message.Length < 300, message);
    }

    [Theory]
    [InlineData(8 * 1024)]
    [InlineData(12 * 1024)]
    public void Find_PlanInputWithSpacesVariant_IsRefusedAsUnclosed(int spaces)
    {
        var with = JsonNode.Parse(new JsonObject { ["t"] = "${" + new string(' ', spaces) }.ToJsonString());

        var ex = Assert.Throws<ToolException>(() => TemplateEvaluator.Find(with));

        Assert.Contains("not closed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ManyOpenersWithoutClose_IsRefused()
    {
        var template = string.Concat(Enumerable.Repeat("${ ", 5_000));

        Assert.Contains("an expression starts with a root name", Fail(template), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_NestedOpeners_AreASyntaxError()
    {
        var template = string.Concat(Enumerable.Repeat("${inputs.", 2_000)) + new string('}', 2_000);

        Assert.Contains("expected a field name after '.'", Fail(template), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_UnclosedExpressionLongerThanTheLimit_StopsAtTheLimit()
    {
        var message = Fail("${inputs" + string.Concat(Enumerable.Repeat(".a", 50_000)));

        Assert.Contains($"the path is deeper than {TemplateLimits.MaxPathDepth} steps", message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LongNameWithoutClose_NamesTheLengthLimit()
    {
        var message = Fail("${inputs." + new string('a', 100_000));

        Assert.Contains($"is not closed by '}}' within {TemplateLimits.MaxExpressionLength} characters", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("${inputs.a[2147483648]}", "index 2147483648 is out of range (0 to 2147483647)")]
    [InlineData("${inputs.a[99999999999]}", "index 99999999999 is out of range (0 to 2147483647)")]
    [InlineData("${inputs.a[99999999999999999999999999999999999999]}", "is out of range (0 to 2147483647)")]
    [InlineData("${inputs.a[-1]}", "an index is a whole number from 0 to 2147483647")]
    [InlineData("${inputs.a[1.5]}", "an index is a whole number from 0 to 2147483647")]
    [InlineData("${inputs.a[]}", "an index is a whole number from 0 to 2147483647")]
    public void Resolve_BadIndex_IsAClearErrorNotAnOverflow(string template, string fragment)
    {
        Assert.Contains(fragment, Fail(template), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_LargestIndex_IsMissingNotAnError()
    {
        Assert.Contains("has 3 item(s), so [2147483647] is out of range", Fail("${inputs.a[2147483647]}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_PathDeeperThanTheLimit_IsRefused()
    {
        var template = "${inputs" + string.Concat(Enumerable.Repeat(".a", TemplateLimits.MaxPathDepth + 1)) + "}";

        Assert.Contains($"deeper than {TemplateLimits.MaxPathDepth}", Fail(template), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ThousandsOfExpressionsInOneString_IsRefusedPastTheLimit()
    {
        var template = string.Concat(Enumerable.Repeat("${inputs.s}", 5_000));

        Assert.Contains($"more than {TemplateLimits.MaxExpressions}", Fail(template), StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ExpressionsUpToTheLimit_AreAllEvaluated()
    {
        var template = string.Concat(Enumerable.Repeat("${inputs.s}", TemplateLimits.MaxExpressions));

        var resolved = TemplateEvaluator.Resolve(JsonValue.Create(template), Roots)!;

        Assert.Equal(new string('x', TemplateLimits.MaxExpressions), resolved.GetValue<string>());
    }

    [Fact]
    public void Resolve_ExpressionCount_IsCountedAcrossTheWholeTemplate()
    {
        var template = new JsonObject();
        for (var i = 0; i < 11; i++)
        {
            template[$"k{i}"] = string.Concat(Enumerable.Repeat("${inputs.s}", 100));
        }

        var ex = Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(template, Roots));

        Assert.Contains($"more than {TemplateLimits.MaxExpressions}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Resolve_ResultLargerThanTheLimit_IsRefused()
    {
        var big = new string('b', 300 * 1024);
        var roots = new JsonObject { ["steps"] = new JsonObject(), ["inputs"] = new JsonObject { ["big"] = big, ["list"] = new JsonArray(big, big) } };

        Assert.Contains("add up to more than", Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(JsonValue.Create(string.Concat(Enumerable.Repeat("${inputs.big}", 4))), roots)).Message, StringComparison.Ordinal);
        Assert.Contains("add up to more than", Assert.Throws<ToolException>(() => TemplateEvaluator.Resolve(JsonNode.Parse("""["${inputs.list}", "${inputs.list}"]"""), roots)).Message, StringComparison.Ordinal);
        Assert.Equal(300 * 1024 * 3, TemplateEvaluator.Resolve(JsonValue.Create("${inputs.big}${inputs.big}${inputs.big}"), roots)!.GetValue<string>().Length);
    }

    [Fact]
    public void Resolve_RandomText_NeverThrowsAnythingButToolException()
    {
        var random = new Random(1234);
        const string alphabet = "${}[].0123456789-abc s$";
        for (var n = 0; n < 2_000; n++)
        {
            var text = new StringBuilder();
            for (var i = random.Next(1, 80); i > 0; i--)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            try
            {
                TemplateEvaluator.Resolve(JsonValue.Create(text.ToString()), Roots);
            }
            catch (ToolException)
            {
                // A clear, non-retryable error is a fine answer; anything else fails the test.
            }
        }
    }
}
