using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using PAI.Mcp.Client.Tools;

namespace PAI.Mcp.Tests.Client;

public sealed class McpToolOutputTests
{
    [Fact]
    public void From_TextBlocksAndStructuredContent_GivesTextContentAndStructuredContent()
    {
        var result = new CallToolResult
        {
            Content = [new TextContentBlock { Text = "one" }, new TextContentBlock { Text = "two" }],
            StructuredContent = JsonSerializer.SerializeToElement(new { sum = 3 }),
        };

        var output = McpToolOutput.From(result);

        Assert.Equal("one\ntwo", output["text"]!.GetValue<string>());
        Assert.Equal(2, output["content"]!.AsArray().Count);
        Assert.Equal("text", output["content"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(3, output["structuredContent"]!["sum"]!.GetValue<int>());
    }

    [Fact]
    public void From_NoStructuredContent_LeavesItOut()
    {
        var output = McpToolOutput.From(new CallToolResult { Content = [new TextContentBlock { Text = "hi" }] });

        Assert.False(output.ContainsKey("structuredContent"));
        Assert.Equal("hi", output["text"]!.GetValue<string>());
    }

    [Fact]
    public void Error_HugeServerMessage_IsCutAndNamesTheTool()
    {
        var error = McpToolOutput.Error("mcp.a.b", new CallToolResult { IsError = true, Content = [new TextContentBlock { Text = new string('x', 100_000) }] });

        Assert.StartsWith("MCP tool 'mcp.a.b' answered an error: ", error, StringComparison.Ordinal);
        Assert.True(error.Length < McpToolOutput.MaxErrorText + 100);
    }

    [Fact]
    public void Arguments_KeepJsonValuesAsTheyAre()
    {
        var arguments = McpToolOutput.Arguments(new JsonObject { ["n"] = 2, ["s"] = "x", ["o"] = new JsonObject { ["a"] = true }, ["z"] = null });

        Assert.Equal(2, arguments["n"].GetInt32());
        Assert.Equal("x", arguments["s"].GetString());
        Assert.True(arguments["o"].GetProperty("a").GetBoolean());
        Assert.Equal(JsonValueKind.Null, arguments["z"].ValueKind);
    }
}
