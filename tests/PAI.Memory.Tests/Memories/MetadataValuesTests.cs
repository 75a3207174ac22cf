using System.Text.Json;
using PAI.Abstractions.Memory;

namespace PAI.Memory.Tests.Memories;

public sealed class MetadataValuesTests
{
    [Fact]
    public void Flatten_TopLevelScalars_GiveCanonicalLiterals()
    {
        var pairs = MetadataValues.Flatten("""{"s":"Caroline","n":3.0,"t":true,"f":false,"o":{"x":1},"a":[1],"z":null}""").ToList();

        Assert.Equal([("s", "\"Caroline\""), ("n", "3"), ("t", "true"), ("f", "false")], pairs);
    }

    [Theory]
    [InlineData("\"1\"", MetadataValues.Kind.String)]
    [InlineData("1.5", MetadataValues.Kind.Number)]
    [InlineData("true", MetadataValues.Kind.True)]
    [InlineData("false", MetadataValues.Kind.False)]
    public void Parse_CanonicalLiteral_GivesItsKind(string literal, MetadataValues.Kind kind)
    {
        Assert.Equal(kind, MetadataValues.Parse(literal).Kind);
        using var document = JsonDocument.Parse(literal);
        Assert.Equal(literal, MetadataValues.Canonical(document.RootElement));
    }

    [Theory]
    [InlineData("speaker", true)]
    [InlineData("a.b-c_9", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("quote\"", false)]
    public void IsValidKey_Characters_AreChecked(string key, bool valid) => Assert.Equal(valid, MetadataValues.IsValidKey(key));
}
