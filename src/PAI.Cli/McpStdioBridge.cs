using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace PAI.Cli;

/// <summary>
/// <c>pai mcp</c>: MCP over stdio in front of a PAI host's streamable HTTP endpoint <c>/mcp</c>, for MCP clients that
/// launch a command (Claude Desktop, Claude Code). Every JSON-RPC message from standard input is posted to the host
/// with the API key, concurrently (a long <c>watch_goal</c> does not hold up a <c>list_goals</c>), and everything the
/// host answers (results, errors, progress notifications) is written to standard output. It works at the transport
/// level, so every MCP method passes unchanged. A client's <c>notifications/cancelled</c> also aborts the HTTP request
/// it names, which cancels the tool call on the host. Standard output carries only protocol; diagnostics go to
/// standard error and never include the key.
/// </summary>
public sealed class McpStdioBridge(Uri endpoint, string apiKey, TextWriter diagnostics)
{
    private readonly ConcurrentDictionary<RequestId, CancellationTokenSource> _inFlight = new();

    /// <summary>Bridges until <paramref name="input"/> ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = endpoint,
            Name = "pai",
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = new Dictionary<string, string> { ["Authorization"] = "Bearer " + apiKey },
        };
        await using var host = new HttpClientTransport(options);
        await using var upstream = await host.ConnectAsync(cancellationToken);
        await using var downstream = new StreamServerTransport(input, output, "pai");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answers = ForwardAnswersAsync(upstream, downstream, stop.Token);
        var sends = new List<Task>();
        try
        {
            await foreach (var message in downstream.MessageReader.ReadAllAsync(cancellationToken))
            {
                sends.RemoveAll(t => t.IsCompleted);
                sends.Add(ForwardAsync(message, upstream, downstream, stop.Token));
            }
        }
        finally
        {
            // Standard input closed: the client is gone, and so is anything still waiting for an answer.
            await stop.CancelAsync();
            await Task.WhenAll(sends);
            await answers;
        }
    }

    private async Task ForwardAsync(JsonRpcMessage message, ITransport upstream, ITransport downstream, CancellationToken stop)
    {
        await Task.Yield();
        if (message is JsonRpcNotification { Method: NotificationMethods.CancelledNotification } cancelled && CancelledRequest(cancelled) is { } id
            && _inFlight.TryGetValue(id, out var running))
        {
            await running.CancelAsync();
        }

        var request = message as JsonRpcRequest;
        using var call = CancellationTokenSource.CreateLinkedTokenSource(stop);
        if (request is not null)
        {
            _inFlight[request.Id] = call;
        }

        try
        {
            await upstream.SendMessageAsync(message, call.Token);
        }
        catch (OperationCanceledException) when (call.IsCancellationRequested)
        {
            // Cancelled by the client, or the bridge is stopping: nobody waits for an answer.
        }
        catch (Exception ex)
        {
            await diagnostics.WriteLineAsync($"pai mcp: {Describe(ex)}");
            if (request is not null)
            {
                await AnswerErrorAsync(downstream, request.Id, ex, stop);
            }
        }
        finally
        {
            if (request is not null)
            {
                _inFlight.TryRemove(request.Id, out _);
            }
        }
    }

    private static async Task ForwardAnswersAsync(ITransport upstream, ITransport downstream, CancellationToken stop)
    {
        try
        {
            await foreach (var message in upstream.MessageReader.ReadAllAsync(stop))
            {
                await downstream.SendMessageAsync(message, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>A request the host never answered gets a JSON-RPC error, so the client does not wait forever.</summary>
    private async Task AnswerErrorAsync(ITransport downstream, RequestId id, Exception ex, CancellationToken stop)
    {
        var detail = ex switch
        {
            McpProtocolException protocol => new JsonRpcErrorDetail { Code = (int)protocol.ErrorCode, Message = protocol.Message },
            _ => new JsonRpcErrorDetail { Code = (int)McpErrorCode.InternalError, Message = Describe(ex) },
        };
        try
        {
            await downstream.SendMessageAsync(new JsonRpcError { Id = id, Error = detail }, stop);
        }
        catch (Exception sendFailure) when (sendFailure is IOException or OperationCanceledException)
        {
            // The client is gone.
        }
    }

    private string Describe(Exception ex) => ex switch
    {
        HttpRequestException { StatusCode: HttpStatusCode.Unauthorized } => $"PAI at {endpoint} refused the API key (401): check PAI_API_KEY",
        HttpRequestException { StatusCode: HttpStatusCode.Forbidden } => $"PAI at {endpoint} refused this key (403)",
        HttpRequestException { StatusCode: { } status } => $"PAI at {endpoint} answered {(int)status}: {OneLine(ex.Message)}",
        HttpRequestException => $"cannot reach PAI at {endpoint}: {OneLine(ex.Message)}",
        _ => OneLine(ex.Message),
    };

    private static RequestId? CancelledRequest(JsonRpcNotification notification)
    {
        try
        {
            return notification.Params?.Deserialize(McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(CancelledNotificationParams))) is CancelledNotificationParams p
                ? p.RequestId
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length > 300 ? line[..300] : line;
    }
}
