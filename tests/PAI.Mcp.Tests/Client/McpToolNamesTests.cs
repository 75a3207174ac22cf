using PAI.Mcp.Client.Tools;

namespace PAI.Mcp.Tests.Client;

public sealed class McpToolNamesTests
{
    [Theory]
    [InlineData("everything", "echo")]
    [InlineData("fs", "read_text_file")]
    [InlineData("srv", "dotted.tool-name")]
    public void TryParse_NameMadeByOf_GivesServerAndToolBack(string server, string tool)
    {
        Assert.True(McpToolNames.TryParse(McpToolNames.Of(server, tool), out var s, out var t));
        Assert.Equal(server, s);
        Assert.Equal(tool, t);
    }

    [Theory]
    [InlineData("echo")]
    [InlineData("mcp.")]
    [InlineData("mcp.server")]
    [InlineData("mcp.server.")]
    [InlineData("mcp..tool")]
    public void TryParse_NotAnMcpToolName_IsFalse(string name) => Assert.False(McpToolNames.TryParse(name, out _, out _));

    [Theory]
    [InlineData("ok_name-1.x", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("semi;colon", false)]
    public void IsValidToolName_FollowsTheSpecificationsCharacters(string tool, bool valid) => Assert.Equal(valid, McpToolNames.IsValidToolName(tool));
}
