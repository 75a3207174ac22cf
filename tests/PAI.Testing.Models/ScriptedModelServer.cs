using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace PAI.Testing.Models;

/// <summary>
/// An OpenAI-compatible server on loopback that answers from a script: chat completions (plain and streamed, text, tool
/// calls, JSON for a <c>response_format</c>), embeddings (deterministic vectors), and faults (HTTP errors with
/// <c>Retry-After</c>, requests that hang). Rules (<see cref="On"/>) are tried in order, then the queue
/// (<see cref="Enqueue"/>); a request nothing answers gets a 500 that names it, so a test fails loudly.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<ScriptedRequest> _requests = [];
    private readonly List<Rule> _rules = [];
    private readonly Queue<ScriptedReply> _queue = new();
    private readonly CancellationTokenSource _release = new();
    private readonly object _lock = new();
    private int _hanging;

    private ScriptedModelServer(WebApplication app) => _app = app;

    /// <summary>The base URL to configure (<c>http://127.0.0.1:{port}/v1</c>).</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Dimensions of the embeddings it returns.</summary>
    public int EmbeddingDimensions { get; set; } = 16;

    /// <summary>Requests now hanging.</summary>
    public int Hanging => Volatile.Read(ref _hanging);

    /// <summary>Every request so far (a copy).</summary>
    public IReadOnlyList<ScriptedRequest> Requests
    {
        get
        {
            lock (_lock)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<ScriptedModelServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new ScriptedModelServer(app);
        app.MapPost("/v1/chat/completions", server.ChatAsync);
        app.MapPost("/v1/embeddings", server.EmbeddingsAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/v1");
        return server;
    }

    /// <summary>Answers requests that match <paramref name="when"/> (at most <paramref name="times"/> of them).</summary>
    public void On(Func<ScriptedRequest, bool> when, Func<ScriptedRequest, ScriptedReply> reply, int times = int.MaxValue)
    {
        lock (_lock)
        {
            _rules.Add(new Rule(when, reply, times));
        }
    }

    /// <summary>Answers the next requests no rule matches, in order.</summary>
    public void Enqueue(params ScriptedReply[] replies)
    {
        lock (_lock)
        {
            foreach (var reply in replies)
            {
                _queue.Enqueue(reply);
            }
        }
    }

    /// <summary>Lets every hanging request go (they end with a 503).</summary>
    public Task ReleaseHangingAsync() => _release.CancelAsync();

    /// <summary>Waits until a request matching <paramref name="match"/> has arrived (polling; the timeout only guards against hangs).</summary>
    public async Task<ScriptedRequest> WaitForAsync(Func<ScriptedRequest, bool> match, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            if (Requests.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            if (DateTimeOffset.UtcNow > until)
            {
                throw new TimeoutException($"no matching request within {timeout}; {Requests.Count} request(s) seen");
            }

            await Task.Delay(25);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _release.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
        _release.Dispose();
    }

    private async Task ChatAsync(HttpContext http)
    {
        var request = await ReadAsync(http);
        if (request is null)
        {
            return;
        }

        var reply = NextOrNull(request);
        if (!await PrepareAsync(http, reply, request))
        {
            return;
        }

        var content = reply!.Content;
        var inputTokens = reply.InputTokens ?? Math.Max(1, request.Messages.ToJsonString().Length / 4);
        var outputTokens = reply.OutputTokens ?? Math.Max(1, ((content?.Length ?? 0) + reply.Calls.Sum(c => c.Arguments.ToJsonString().Length)) / 4);
        var usage = new JsonObject { ["prompt_tokens"] = inputTokens, ["completion_tokens"] = outputTokens, ["total_tokens"] = inputTokens + outputTokens };
        var id = "chatcmpl-" + request.GetHashCode().ToString("x", CultureInfo.InvariantCulture);
        var finish = reply.Calls.Count > 0 ? "tool_calls" : "stop";
        if (!request.Stream)
        {
            var message = new JsonObject { ["role"] = "assistant", ["content"] = content };
            if (reply.Calls.Count > 0)
            {
                message["tool_calls"] = ToolCalls(reply.Calls, withIndex: false);
            }

            var body = new JsonObject
            {
                ["id"] = id, ["object"] = "chat.completion", ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["model"] = request.Model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["message"] = message, ["finish_reason"] = finish }),
                ["usage"] = usage,
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
            return;
        }

        http.Response.ContentType = "text/event-stream";
        JsonObject Chunk(JsonObject delta, string? finishReason) => new()
        {
            ["id"] = id, ["object"] = "chat.completion.chunk", ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), ["model"] = request.Model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
        };
        await SendAsync(http, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
        for (var i = 0; content is not null && i < content.Length; i += 8)
        {
            await SendAsync(http, Chunk(new JsonObject { ["content"] = content.Substring(i, Math.Min(8, content.Length - i)) }, null));
        }

        if (reply.Calls.Count > 0)
        {
            await SendAsync(http, Chunk(new JsonObject { ["tool_calls"] = ToolCalls(reply.Calls, withIndex: true) }, null));
        }

        await SendAsync(http, Chunk(new JsonObject(), finish));
        await SendAsync(http, new JsonObject { ["id"] = id, ["object"] = "chat.completion.chunk", ["model"] = request.Model, ["choices"] = new JsonArray(), ["usage"] = usage });
        await http.Response.WriteAsync("data: [DONE]\n\n", http.RequestAborted);
    }

    private async Task EmbeddingsAsync(HttpContext http)
    {
        var request = await ReadAsync(http);
        if (request is null)
        {
            return;
        }

        var reply = NextOrNull(request);
        if (reply is not null && !await PrepareAsync(http, reply, request))
        {
            return;
        }

        var inputs = request.Body["input"] switch
        {
            JsonArray a => a.Select(i => i?.GetValue<string>() ?? "").ToList(),
            JsonValue v => [v.GetValue<string>()],
            _ => [],
        };
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = Vector(inputs[i]) });
        }

        var tokens = Math.Max(1, inputs.Sum(s => s.Length) / 4);
        var body = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = request.Model, ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens } };
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(body.ToJsonString(), http.RequestAborted);
    }

    /// <summary>Delays, errors and hangs; true when an answer should follow.</summary>
    private async Task<bool> PrepareAsync(HttpContext http, ScriptedReply? reply, ScriptedRequest request)
    {
        if (reply is null)
        {
            await ErrorAsync(http, 500, $"no scripted reply for request {Requests.Count} ({request.Path}, last user message: {Shorten(request.LastUser)})", null);
            return false;
        }

        if (reply.Delay is { } delay)
        {
            await Task.Delay(delay, http.RequestAborted);
        }

        if (reply.Gate is { } gate)
        {
            await gate.WaitAsync(http.RequestAborted);
        }

        if (reply.Hang)
        {
            Interlocked.Increment(ref _hanging);
            try
            {
                using var both = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _release.Token);
                await Task.Delay(Timeout.Infinite, both.Token);
            }
            catch (OperationCanceledException)
            {
                // The client gave up, or the test let go.
            }
            finally
            {
                Interlocked.Decrement(ref _hanging);
            }

            if (!http.RequestAborted.IsCancellationRequested)
            {
                await ErrorAsync(http, 503, "released", null);
            }

            return false;
        }

        if (reply.Status is { } status)
        {
            await ErrorAsync(http, status, $"scripted error {status}", reply.RetryAfter);
            return false;
        }

        return true;
    }

    private async Task<ScriptedRequest?> ReadAsync(HttpContext http)
    {
        JsonObject? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject;
        }
        catch (System.Text.Json.JsonException)
        {
            body = null;
        }

        if (body is null)
        {
            await ErrorAsync(http, 400, "the body is not a JSON object", null);
            return null;
        }

        var request = new ScriptedRequest(http.Request.Path, body, DateTimeOffset.UtcNow);
        lock (_lock)
        {
            _requests.Add(request);
        }

        return request;
    }

    private ScriptedReply? NextOrNull(ScriptedRequest request)
    {
        lock (_lock)
        {
            foreach (var rule in _rules)
            {
                if (rule.Times > 0 && rule.When(request))
                {
                    rule.Times--;
                    return rule.Reply(request);
                }
            }

            return _queue.TryDequeue(out var next) ? next : null;
        }
    }

    private static async Task ErrorAsync(HttpContext http, int status, string message, TimeSpan? retryAfter)
    {
        http.Response.StatusCode = status;
        if (retryAfter is { } wait)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        }

        http.Response.ContentType = "application/json";
        var body = new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "scripted", ["code"] = status } };
        await http.Response.WriteAsync(body.ToJsonString());
    }

    private static JsonArray ToolCalls(IReadOnlyList<ScriptedCall> calls, bool withIndex)
    {
        var array = new JsonArray();
        for (var i = 0; i < calls.Count; i++)
        {
            var call = new JsonObject
            {
                ["id"] = calls[i].Id ?? $"call_{i}",
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = calls[i].Name, ["arguments"] = calls[i].Arguments.ToJsonString() },
            };
            if (withIndex)
            {
                call["index"] = i;
            }

            array.Add(call);
        }

        return array;
    }

    private static async Task SendAsync(HttpContext http, JsonObject chunk)
    {
        await http.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", http.RequestAborted);
        await http.Response.Body.FlushAsync(http.RequestAborted);
    }

    private JsonArray Vector(string text)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var vector = new JsonArray();
        for (var i = 0; i < EmbeddingDimensions; i++)
        {
            vector.Add((hash[i % hash.Length] - 128) / 128.0);
        }

        return vector;
    }

    private static string Shorten(string text) => text.Length <= 120 ? text : text[..120] + "…";

    private sealed class Rule(Func<ScriptedRequest, bool> when, Func<ScriptedRequest, ScriptedReply> reply, int times)
    {
        public Func<ScriptedRequest, bool> When { get; } = when;

        public Func<ScriptedRequest, ScriptedReply> Reply { get; } = reply;

        public int Times { get; set; } = times;
    }
}
