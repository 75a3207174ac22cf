using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using PAI.Abstractions.Tools;
using PAI.Engine.Hosting;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

/// <summary>A real HTTP server on 127.0.0.1 (HttpListener) whose routes exercise the tool.</summary>
public sealed class LoopbackServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    public LoopbackServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        BaseUrl = $"http://127.0.0.1:{port}/";
        listener.Prefixes.Add(BaseUrl);
        listener.Start();
        loop = Task.Run(AcceptLoopAsync);
    }

    public string BaseUrl { get; }

    /// <summary>Headers of the last request, by name.</summary>
    public WebHeaderCollection? LastHeaders { get; private set; }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TaskCompletionSource> slowStarted = new();

    /// <summary>Completes when /slow?id=<paramref name="id"/> has received its request.</summary>
    public Task SlowStartedAsync(string id) =>
        slowStarted.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Dispose()
    {
        stopping.Cancel();
        listener.Close();
        try
        {
            loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends by the listener closing under it.
        }

        stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!stopping.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (stopping.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(() => HandleAsync(context));
        }
    }

    private async Task HandleAsync(HttpListenerContext context)
    {
        var request = context.Request;
        var response = context.Response;
        LastHeaders = (WebHeaderCollection)request.Headers;
        try
        {
            var path = request.Url!.AbsolutePath;
            if (path.StartsWith("/status/", StringComparison.Ordinal))
            {
                response.StatusCode = int.Parse(path["/status/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                await WriteAsync(response, "text/plain", "status body");
            }
            else if (path == "/json")
            {
                using var reader = new StreamReader(request.InputStream, Encoding.UTF8);
                var sent = await reader.ReadToEndAsync();
                await WriteAsync(response, "application/json; charset=utf-8",
                    new JsonObject { ["method"] = request.HttpMethod, ["received"] = sent, ["contentType"] = request.ContentType }.ToJsonString());
            }
            else if (path.StartsWith("/bytes/", StringComparison.Ordinal))
            {
                var count = int.Parse(path["/bytes/".Length..], System.Globalization.CultureInfo.InvariantCulture);
                var chunked = request.QueryString["chunked"] == "1";
                response.SendChunked = chunked;
                await WriteAsync(response, "text/plain", new string('b', count));
            }
            else if (path == "/slow")
            {
                slowStarted.GetOrAdd(request.QueryString["id"] ?? string.Empty, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
                await Task.Delay(Timeout.Infinite, stopping.Token);
            }
            else
            {
                await WriteAsync(response, "text/plain", "hello");
            }
        }
        catch (Exception)
        {
            // Client went away (timeouts, caps) or the server is stopping.
        }
        finally
        {
            try
            {
                response.Close();
            }
            catch (Exception)
            {
                // Already torn down.
            }
        }
    }

    private static async Task WriteAsync(HttpListenerResponse response, string contentType, string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        response.ContentType = contentType;
        if (!response.SendChunked)
        {
            response.ContentLength64 = bytes.Length;
        }

        await response.OutputStream.WriteAsync(bytes);
    }
}

public sealed class HttpRequestToolTests(LoopbackServer server) : IClassFixture<LoopbackServer>
{
    private static HttpRequestTool CreateTool(TimeProvider? time = null)
    {
        var services = new ServiceCollection();
        if (time is not null)
        {
            services.AddSingleton(time);
        }

        services.AddBuiltInTools();
        var provider = services.BuildServiceProvider();
        return (HttpRequestTool)provider.GetRequiredService<IToolRegistry>().All.Single(t => t.Descriptor.Name == HttpRequestTool.Name);
    }

    private static ToolContext Context(JsonObject input, string key = "goal-9/fetch") => Contexts.For("/tmp", input, key);

    [Fact]
    public async Task InvokeAsync_Ok_ReturnsStatusHeadersAndBody()
    {
        var output = await CreateTool().InvokeAsync(Context(new JsonObject { ["url"] = server.BaseUrl + "hello" }), default);

        Assert.Equal(200, output!["status"]!.GetValue<int>());
        Assert.Equal("hello", output["body"]!.GetValue<string>());
        Assert.StartsWith("text/plain", output["headers"]!["content-type"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_AnyRequest_SendsIdempotencyKeyHeader()
    {
        await CreateTool().InvokeAsync(
            Context(new JsonObject { ["url"] = server.BaseUrl + "hello", ["headers"] = new JsonObject { ["Idempotency-Key"] = "spoofed" } }, "goal-7/step-x"),
            default);

        Assert.Equal("goal-7/step-x", server.LastHeaders!["Idempotency-Key"]);
    }

    [Fact]
    public async Task InvokeAsync_JsonBodyAndJsonResponse_SendsJsonAndParsesResponse()
    {
        var output = await CreateTool().InvokeAsync(
            Context(new JsonObject { ["method"] = "post", ["url"] = server.BaseUrl + "json", ["body"] = new JsonObject { ["a"] = 1 } }),
            default);

        var body = output!["body"]!.AsObject();
        Assert.Equal("POST", body["method"]!.GetValue<string>());
        Assert.Equal("""{"a":1}""", body["received"]!.GetValue<string>());
        Assert.StartsWith("application/json", body["contentType"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task InvokeAsync_ServerError_ThrowsRetryable(int status)
    {
        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            CreateTool().InvokeAsync(Context(new JsonObject { ["url"] = $"{server.BaseUrl}status/{status}" }), default));

        Assert.True(ex.Retryable);
        Assert.Contains($"HTTP {status}", ex.Message);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(404)]
    public async Task InvokeAsync_ClientError_ThrowsNonRetryable(int status)
    {
        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            CreateTool().InvokeAsync(Context(new JsonObject { ["url"] = $"{server.BaseUrl}status/{status}" }), default));

        Assert.False(ex.Retryable);
        Assert.Contains($"HTTP {status}", ex.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?chunked=1")]
    public async Task InvokeAsync_ResponseOverCap_ThrowsNonRetryable(string query)
    {
        var ex = await Assert.ThrowsAsync<ToolException>(() =>
            CreateTool().InvokeAsync(Context(new JsonObject { ["url"] = $"{server.BaseUrl}bytes/2000{query}", ["maxResponseBytes"] = 1000 }), default));

        Assert.False(ex.Retryable);
        Assert.Equal("response exceeds 1000 bytes", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_ResponseExactlyAtCap_Succeeds()
    {
        var output = await CreateTool().InvokeAsync(
            Context(new JsonObject { ["url"] = $"{server.BaseUrl}bytes/1000?chunked=1", ["maxResponseBytes"] = 1000 }), default);

        Assert.Equal(1000, output!["body"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task InvokeAsync_ServerSlowerThanTimeout_ThrowsRetryableTimeout()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var tool = CreateTool(time);

        var call = tool.InvokeAsync(Context(new JsonObject { ["url"] = server.BaseUrl + "slow?id=timeout", ["timeoutSeconds"] = 5 }), default);
        await server.SlowStartedAsync("timeout").WaitAsync(TimeSpan.FromSeconds(10));
        time.Advance(TimeSpan.FromSeconds(5));
        var ex = await Assert.ThrowsAsync<ToolException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.True(ex.Retryable);
        Assert.Contains("timed out after 5 s", ex.Message);
    }

    [Fact]
    public async Task InvokeAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancel = new CancellationTokenSource();
        var call = CreateTool().InvokeAsync(Context(new JsonObject { ["url"] = server.BaseUrl + "slow?id=cancel", ["timeoutSeconds"] = 60 }), cancel.Token);
        await server.SlowStartedAsync("cancel").WaitAsync(TimeSpan.FromSeconds(10));

        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Theory]
    [InlineData("""{}""", "input 'url' is required")]
    [InlineData("""{"url":"ftp://example.com/x"}""", "url 'ftp://example.com/x' is not an absolute http or https URL")]
    [InlineData("""{"url":"/relative"}""", "url '/relative' is not an absolute http or https URL")]
    [InlineData("""{"url":"http://x","method":"BREW"}""", "method 'BREW' is not one of GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")]
    [InlineData("""{"url":"http://x","timeoutSeconds":0}""", "input 'timeoutSeconds' must be a positive whole number")]
    public void Validate_BadInput_ReportsReadableError(string json, string expected) =>
        Assert.Equal([expected], CreateTool().Validate(JsonNode.Parse(json)!.AsObject()));

    [Fact]
    public void Validate_ReferenceUrl_IsSkipped() =>
        Assert.Empty(CreateTool().Validate(new JsonObject { ["url"] = "${steps.find.output.url}" }));
}
