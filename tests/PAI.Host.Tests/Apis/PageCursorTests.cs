using PAI.Host.Apis.Json;
using PAI.Host.Apis.Paging;

namespace PAI.Host.Tests.Apis;

/// <summary>Opaque cursors: round-trip, bound to their list, robust to anything a client sends.</summary>
public sealed class PageCursorTests
{
    [Fact]
    public void Encode_ThenDecode_RoundTripsTheParts()
    {
        var cursor = PageCursor.Encode("goals", "638990000000000000", "g_\"odd\" id/ü");

        Assert.True(PageCursor.TryDecode(cursor, "goals", 2, out var parts));
        Assert.Equal(["638990000000000000", "g_\"odd\" id/ü"], parts);
        Assert.All(cursor, c => Assert.True(char.IsAsciiLetterOrDigit(c) || c is '-' or '_', cursor));
    }

    [Theory]
    [InlineData("tools", 1)]
    [InlineData("goals", 1)]
    [InlineData("goals", 3)]
    public void TryDecode_OtherListOrShape_IsRefused(string list, int count) =>
        Assert.False(PageCursor.TryDecode(PageCursor.Encode("goals", "a", "b"), list, count, out _));

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor")]
    [InlineData("bnVsbA")] // base64url of "null"
    [InlineData("e30")] // base64url of "{}"
    [InlineData("WzEsMl0")] // base64url of "[1,2]"
    [InlineData("WyJnb2FscyIsbnVsbF0")] // base64url of ["goals",null]
    public void TryDecode_Garbage_IsRefused(string cursor) => Assert.False(PageCursor.TryDecode(cursor, "goals", 1, out _));

    [Fact]
    public void TryDecode_HugeCursor_IsRefusedWithoutDecoding() =>
        Assert.False(PageCursor.TryDecode(new string('A', PageCursor.MaxLength + 1), "goals", 1, out _));

    [Theory]
    [InlineData(null, null, PageQuery.DefaultLimit)]
    [InlineData("1", null, 1)]
    [InlineData("500", null, 500)]
    public void PageQuery_GoodParameters_NoErrors(string? limit, string? cursor, int expected)
    {
        var errors = new List<FieldError>();
        var query = PageQuery.Parse(limit, cursor, "tools", 1, errors);
        Assert.Empty(errors);
        Assert.Equal(expected, query.Limit);
        Assert.Null(query.After);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("501")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("99999999999999999999")]
    public void PageQuery_BadLimit_NamesLimit(string limit)
    {
        var errors = new List<FieldError>();
        PageQuery.Parse(limit, null, "tools", 1, errors);
        Assert.Equal("limit", Assert.Single(errors).Path);
    }
}
