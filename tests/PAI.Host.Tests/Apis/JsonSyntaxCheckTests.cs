using System.Text;
using PAI.Host.Apis.Json;

namespace PAI.Host.Tests.Apis;

/// <summary>The syntax checks System.Text.Json leaves to later readers, each pointing at its path.</summary>
public sealed class JsonSyntaxCheckTests
{
    [Theory]
    [InlineData("""{"title":"a","nested":{"list":[1,{"k":"v"}]},"ok":true}""")]
    [InlineData("""[1,2,{"a":null}]""")]
    [InlineData("""{"a":{"x":1},"b":{"x":2}}""")]
    [InlineData("""{"emoji":"\ud83d\ude00","plain":"é"}""")]
    public void Check_ValidJson_NoErrors(string json) => Assert.Empty(JsonSyntaxCheck.Check(Encoding.UTF8.GetBytes(json)));

    [Theory]
    [InlineData("""{"title":"a","title":"b"}""", "title")]
    [InlineData("""{"plan":{"steps":[{"id":"x"},{"id":"y","with":{"k":1,"k":2}}]}}""", "plan.steps[1].with.k")]
    [InlineData("""{"k":1,"\u006b":2}""", "k")]
    [InlineData("""[{"a":1,"a":1}]""", "$[0].a")]
    [InlineData("""{"odd name":1,"odd name":2}""", "$['odd name']")]
    public void Check_DuplicateProperty_NamesItsPath(string json, string path)
    {
        var error = Assert.Single(JsonSyntaxCheck.Check(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, error.Path);
        Assert.Contains("duplicate property", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"t":"\ud800"}""", "t")]
    [InlineData("""{"t":"x\udc00"}""", "t")]
    [InlineData("""{"a":["ok","\ud800 tail"]}""", "a[1]")]
    public void Check_EscapedLoneSurrogate_NamesItsPath(string json, string path)
    {
        var error = Assert.Single(JsonSyntaxCheck.Check(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(path, error.Path);
        Assert.Contains("lone surrogate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_InvalidUtf8InValueAndName_NamesBoth()
    {
        byte[] body = [.. "{\"t\":\"a"u8, 0xC3, 0x28, .. "\",\""u8, 0xFF, .. "\":1}"u8];
        var errors = JsonSyntaxCheck.Check(body);
        Assert.Equal(2, errors.Count);
        Assert.Equal("t", errors[0].Path);
        Assert.Contains("not valid UTF-8", errors[1].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"title": "x", """)]
    [InlineData("""{"a":1} {"b":2}""")]
    [InlineData("""{"a":1,}""")]
    [InlineData("""{"a":1 /* comment */}""")]
    [InlineData("")]
    public void Check_MalformedJson_OneErrorForTheBody(string json)
    {
        var error = Assert.Single(JsonSyntaxCheck.Check(Encoding.UTF8.GetBytes(json)));
        Assert.Equal(JsonFieldPath.Root, error.Path);
        Assert.StartsWith("the body is not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_NestingDeeperThanTheLimit_IsRefused()
    {
        var deep = new string('[', JsonSyntaxCheck.MaxDepth + 1) + new string(']', JsonSyntaxCheck.MaxDepth + 1);
        Assert.Single(JsonSyntaxCheck.Check(Encoding.UTF8.GetBytes(deep)));
    }

    [Fact]
    public void Check_ManyDuplicates_ReportsAtMostTheLimit()
    {
        var json = "{" + string.Join(",", Enumerable.Repeat("\"k\":1", 1000)) + "}";
        Assert.Equal(JsonSyntaxCheck.MaxErrors, JsonSyntaxCheck.Check(Encoding.UTF8.GetBytes(json)).Count);
    }

    [Fact]
    public void Check_HugeHostileName_PathIsBounded()
    {
        var name = new string('x', 100_000);
        var error = Assert.Single(JsonSyntaxCheck.Check(Encoding.UTF8.GetBytes($$"""{"{{name}}":1,"{{name}}":2}""")));
        Assert.True(error.Path.Length < 200 && error.Message.Length < 300, error.Path);
    }
}
