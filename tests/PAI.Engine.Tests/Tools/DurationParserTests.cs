using PAI.Abstractions.Goals;

namespace PAI.Engine.Tests.Tools;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("00:00:30", 30_000)]
    [InlineData("01:02:03.500", 3_723_500)]
    [InlineData("250ms", 250)]
    [InlineData("30s", 30_000)]
    [InlineData("5m", 300_000)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("1.5h", 5_400_000)]
    [InlineData(" 10S ", 10_000)]
    public void TryParse_SupportedForms_ReturnsDuration(string text, long millis)
    {
        Assert.True(DurationParser.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(millis), duration);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("soon")]
    [InlineData("10")]
    [InlineData("s")]
    [InlineData("-5s")]
    [InlineData("-00:00:05")]
    [InlineData("5 minutes")]
    [InlineData("1e400d")]
    public void TryParse_UnsupportedForms_ReturnsFalse(string? text) =>
        Assert.False(DurationParser.TryParse(text, out _));
}
