using PAI.Models.Json;

namespace PAI.Models.Tests.Json;

public sealed class JsonExtractionTests
{
    [Theory]
    [InlineData("{\"steps\":[]}", "{\"steps\":[]}")]
    [InlineData("Here is the plan:\n```json\n{\"a\":1}\n```\nDone.", "{\"a\":1}")]
    [InlineData("Sure! {\"a\": [1, 2,],} trailing words", "{\"a\":[1,2]}")]
    [InlineData("first { not json then {\"b\":true}", "{\"b\":true}")]
    public void Extract_FindsTheFirstJsonValue(string text, string expected) =>
        Assert.Equal(expected, JsonExtraction.Extract(text)!.ToJsonString());

    [Fact]
    public void Extract_OfHugeHostileText_EndsAndFindsNothing()
    {
        var text = new string('{', 200_000);

        Assert.Null(JsonExtraction.Extract(text));
    }
}
