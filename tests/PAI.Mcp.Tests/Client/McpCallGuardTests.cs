using PAI.Mcp.Client.Tools;

namespace PAI.Mcp.Tests.Client;

public sealed class McpCallGuardTests
{
    private const string Tool = "mcp.shop.order";

    [Fact]
    public void Refusal_NeverCalledInThisStep_AllowsTheCall() =>
        Assert.Null(McpCallGuard.Refusal(null, idempotent: false, Tool, "shop", "order"));

    [Fact]
    public void Refusal_EarlierCallSentWithoutAnswer_FailsAsUnknownOutcome()
    {
        var refusal = McpCallGuard.Refusal(McpCallGuard.SentMark(1), idempotent: false, Tool, "shop", "order");

        Assert.NotNull(refusal);
        Assert.StartsWith(McpCallGuard.UnknownOutcome + ":", refusal, StringComparison.Ordinal);
        Assert.Contains("attempt 1", refusal, StringComparison.Ordinal);
        Assert.Contains("Pai:Mcp:Servers:shop:IdempotentTools", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_EarlierCallAnsweredButOutputLost_FailsAsUnknownOutcome()
    {
        var refusal = McpCallGuard.Refusal(McpCallGuard.DoneMark(2), idempotent: false, Tool, "shop", "order");

        Assert.StartsWith(McpCallGuard.UnknownOutcome + ":", refusal, StringComparison.Ordinal);
        Assert.Contains("output was lost", refusal, StringComparison.Ordinal);
    }

    [Fact]
    public void Refusal_EarlierCallAnsweredAnError_AllowsAnotherCall() =>
        Assert.Null(McpCallGuard.Refusal(McpCallGuard.FailedMark(1), idempotent: false, Tool, "shop", "order"));

    [Theory]
    [InlineData("sent:1")]
    [InlineData("done:3")]
    public void Refusal_ToolDeclaredIdempotent_AllowsTheCallAgain(string mark) =>
        Assert.Null(McpCallGuard.Refusal(mark, idempotent: true, Tool, "shop", "order"));

    [Fact]
    public void Key_IsPerTool() =>
        Assert.NotEqual(McpCallGuard.Key("mcp.a.x"), McpCallGuard.Key("mcp.a.y"));
}
