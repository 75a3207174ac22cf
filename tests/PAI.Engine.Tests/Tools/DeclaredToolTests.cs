using System.Text.Json.Nodes;
using PAI.Engine.Tools;
using PAI.Engine.Tools.Declared;

namespace PAI.Engine.Tests.Tools;

public sealed class DeclaredToolTests
{
    private static readonly EchoTool Inner = new();

    [Fact]
    public async Task Invoke_InputsRoot_FillsTheRequestTemplate()
    {
        var tool = DeclaredToolSource.Parse("""
            name: weather
            kind: http
            request:
              url: "https://api.example.org/weather?q=${inputs.city}"
              days: "${inputs.days}"
            """, "weather.yaml", Inner, Inner);

        var output = await tool.InvokeAsync(Contexts.For("/tmp", new JsonObject { ["city"] = "Oslo", ["days"] = 3 }), CancellationToken.None);

        Assert.Equal("""{"url":"https://api.example.org/weather?q=Oslo","days":3}""", output!.ToJsonString());
    }

    [Fact]
    public void Parse_OldSingularInputRoot_IsRefusedNamingTheNewRoot()
    {
        var ex = Assert.Throws<FormatException>(() => DeclaredToolSource.Parse("""
            name: wc
            kind: process
            command: { executable: wc, args: ["-w", "${input.path}"] }
            """, "wc.yaml", Inner, Inner));

        Assert.StartsWith("wc.yaml:3: field 'command'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the root is 'inputs'", ex.Message, StringComparison.Ordinal);
    }
}
