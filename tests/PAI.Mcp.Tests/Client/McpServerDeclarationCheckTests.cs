using PAI.Mcp.Client.Servers;

namespace PAI.Mcp.Tests.Client;

public sealed class McpServerDeclarationCheckTests
{
    [Fact]
    public void Problems_StdioAndHttpDeclarations_AreValid()
    {
        var options = new McpServersOptions
        {
            Servers =
            {
                ["fs"] = new McpServerDeclaration { Command = "npx", Arguments = ["-y", "@modelcontextprotocol/server-filesystem", "/tmp"], Environment = { ["TOKEN"] = "x" } },
                ["remote_1"] = new McpServerDeclaration { Url = "https://mcp.example.com/mcp", Headers = { ["Authorization"] = "Bearer s3cret" }, Transport = "streamable" },
            },
        };

        Assert.Empty(McpServerDeclarationCheck.Problems(options));
    }

    [Fact]
    public void Problems_NeitherOrBothOfCommandAndUrl_AreRefused()
    {
        Assert.Contains(McpServerDeclarationCheck.Problems("a", new McpServerDeclaration()), p => p.Message.Contains("exactly one of Command", StringComparison.Ordinal));
        Assert.Contains(McpServerDeclarationCheck.Problems("a", new McpServerDeclaration { Command = "x", Url = "http://h/" }), p => p.Message.Contains("exactly one of Command", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Has.Dot")]
    [InlineData("UPPER")]
    [InlineData("-leading")]
    [InlineData("a-name-that-is-far-too-long-for-a-server-name")]
    public void Problems_BadServerName_IsRefused(string name) =>
        Assert.Contains(McpServerDeclarationCheck.Problems(name, new McpServerDeclaration { Command = "x" }), p => p.Field.Length == 0 && p.Message.Contains("server name", StringComparison.Ordinal));

    [Theory]
    [InlineData("ftp://h/mcp")]
    [InlineData("/relative")]
    [InlineData("not a url")]
    public void Problems_UrlThatIsNotHttp_NamesUrl(string url) =>
        Assert.Contains(McpServerDeclarationCheck.Problems("a", new McpServerDeclaration { Url = url }), p => p.Field == "Url");

    [Fact]
    public void Problems_HeaderValueWithLineBreak_NamesTheHeaderButNotItsValue()
    {
        var options = new McpServersOptions { Servers = { ["a"] = new McpServerDeclaration { Url = "http://h/mcp", Headers = { ["Authorization"] = "Bearer top-secret\r\nX: y" } } } };

        var problem = Assert.Single(McpServerDeclarationCheck.Problems(options));

        Assert.Contains("Pai:Mcp:Servers:a:Headers:Authorization", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Problems_TimeoutOutOfRangeAndRetiredPermission_AreNamed()
    {
        var problems = McpServerDeclarationCheck.Problems("a", new McpServerDeclaration { Command = "x", Timeout = TimeSpan.Zero, Permission = "dangerous", MaxOutputBytes = 0 }).Select(p => p.Field).ToList();

        Assert.Contains("Timeout", problems);
        Assert.Contains("Permission", problems);
        Assert.Contains("MaxOutputBytes", problems);
    }

    [Fact]
    public void Problems_HttpFieldsOnAStdioServer_AreRefused() =>
        Assert.Contains(McpServerDeclarationCheck.Problems("a", new McpServerDeclaration { Command = "x", Headers = { ["A"] = "b" } }), p => p.Field == "Headers");
}
