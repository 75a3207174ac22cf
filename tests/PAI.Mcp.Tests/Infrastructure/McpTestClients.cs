using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>The C# SDK's MCP client connected to a PAI host: over streamable HTTP, or over stdio through <c>pai mcp</c>.</summary>
public static class McpTestClients
{
    /// <summary>The built CLI.</summary>
    public static string CliDll => Path.GetFullPath(typeof(McpTestClients).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PaiCliDll").Value!);

    /// <summary>A client of <c>{host}/mcp</c> authenticated with <paramref name="key"/>.</summary>
    public static Task<McpClient> HttpAsync(PaiProcess host, string key) =>
        McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(host.Client.BaseAddress!, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + key },
        }));

    /// <summary>A client that launches <c>pai mcp</c> (as a desktop MCP client would) against <paramref name="host"/>.</summary>
    public static Task<McpClient> StdioAsync(PaiProcess host, string key) =>
        McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "pai",
            Command = "dotnet",
            Arguments = [CliDll, "mcp"],
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["PAI_URL"] = host.Client.BaseAddress!.ToString(),
                ["PAI_API_KEY"] = key,
                ["DOTNET_NOLOGO"] = "1",
            },
        }));

    /// <summary>Calls a tool and returns its structured content (the same JSON as the HTTP answer); with
    /// <paramref name="progress"/>, the call carries that log's progress token.</summary>
    public static async Task<(bool IsError, JsonObject Content)> CallAsync(this McpClient client, string tool, object arguments, ProgressLog? progress = null)
    {
        var args = JsonSerializer.SerializeToNode(arguments)!.AsObject().ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value));
        var call = new CallToolRequestParams { Name = tool, Arguments = args };
        if (progress is not null)
        {
            call.Meta = new JsonObject { ["progressToken"] = progress.Token.ToString() };
        }

        var result = await client.CallToolAsync(call);
        var content = JsonSerializer.SerializeToNode(result.StructuredContent)?.AsObject()
            ?? throw new InvalidOperationException($"{tool} answered no structured content: {JsonSerializer.Serialize(result)}");
        return (result.IsError == true, content);
    }

    /// <summary>Calls a tool that must succeed; returns its structured content.</summary>
    public static async Task<JsonObject> CallOkAsync(this McpClient client, string tool, object arguments, ProgressLog? progress = null)
    {
        var (isError, content) = await client.CallAsync(tool, arguments, progress);
        Assert.False(isError, $"{tool} failed: {content.ToJsonString()}");
        return content;
    }
}

/// <summary>
/// Collects the progress notifications of calls made with its token. It listens on the client for as long as it lives:
/// the C# client handles incoming messages concurrently, so a notification may be handled after the call's result, and
/// a per-call progress handler would miss it.
/// </summary>
public sealed class ProgressLog : IAsyncDisposable
{
    private readonly ConcurrentQueue<ProgressNotificationValue> _values = new();
    private IAsyncDisposable? _registration;

    private ProgressLog()
    {
    }

    /// <summary>The token calls carry.</summary>
    public ProgressToken Token { get; } = new(Guid.NewGuid().ToString("N"));

    /// <summary>Everything received so far, by progress value.</summary>
    public IReadOnlyList<ProgressNotificationValue> Values => [.. _values.OrderBy(v => v.Progress)];

    /// <summary>Starts listening on <paramref name="client"/>.</summary>
    public static ProgressLog Attach(McpClient client)
    {
        var log = new ProgressLog();
        log._registration = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (notification, _) =>
        {
            if (notification.Params.Deserialize<ProgressNotificationParams>(McpJsonUtilities.DefaultOptions) is { } p && p.ProgressToken == log.Token)
            {
                log._values.Enqueue(p.Progress);
            }

            return ValueTask.CompletedTask;
        });
        return log;
    }

    /// <summary>Waits until a notification whose message contains <paramref name="text"/> arrived (it may be handled
    /// after the call's result); returns all of them by progress value.</summary>
    public async Task<IReadOnlyList<ProgressNotificationValue>> WaitForAsync(string text)
    {
        for (var i = 0; i < 1000 && !_values.Any(v => v.Message?.Contains(text, StringComparison.Ordinal) == true); i++)
        {
            await Task.Delay(10);
        }

        return Values;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _registration?.DisposeAsync() ?? ValueTask.CompletedTask;
}
