using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using PAI.Abstractions.Models;
using PAI.Models.Gateway;
using PAI.Testing.Models;

namespace PAI.Models.Tests.Gateway;

/// <summary>The gateway against a scripted server over real HTTP: retries honouring Retry-After, timeouts, streaming,
/// the per-endpoint concurrency limit, usage.</summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private ScriptedModelServer _server = null!;

    public async Task InitializeAsync() => _server = await ScriptedModelServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ModelGateway Gateway(TimeProvider time, Action<ModelEndpointOptions>? configure = null)
    {
        var endpoint = new ModelEndpointOptions { BaseUrl = _server.BaseUrl.ToString(), Model = "scripted", RetryDelay = TimeSpan.FromMilliseconds(10) };
        configure?.Invoke(endpoint);
        var options = new ModelOptions { Endpoints = { ["main"] = endpoint } };
        return new ModelGateway(new ModelCatalog(options, _ => null), Options.Create(options), new ServiceCollection().BuildServiceProvider(), time, NullLogger<ModelGateway>.Instance);
    }

    [Fact]
    public async Task TooManyRequests_WithRetryAfter_IsRetriedOnlyAfterTheServersDelay()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var gateway = Gateway(time);
        _server.Enqueue(ScriptedReply.Error(429, TimeSpan.FromSeconds(30)), ScriptedReply.Text("ok"));
        var chat = gateway.ChatClient(ModelRole.Agent, null, new ModelCallContext("test"));

        var answer = chat.GetResponseAsync("hello");
        await _server.WaitForAsync(_ => true, TimeSpan.FromSeconds(30));
        var advanced = TimeSpan.Zero;
        while (_server.Requests.Count < 2)
        {
            // Fake time only moves here: the retry cannot come before 30 fake seconds after the 429.
            time.Advance(TimeSpan.FromSeconds(1));
            advanced += TimeSpan.FromSeconds(1);
            await Task.Delay(20);
            Assert.True(advanced < TimeSpan.FromMinutes(10), "no retry at all");
        }

        Assert.Equal("ok", (await answer).Text);
        Assert.True(advanced >= TimeSpan.FromSeconds(30), $"retried after {advanced} of fake time, before the server's Retry-After of 30 s");
    }

    [Fact]
    public async Task ServerThatHangs_FailsAfterTheTimeoutOfEachAttempt_WithAClearMessage()
    {
        using var gateway = Gateway(TimeProvider.System, e => (e.Timeout, e.MaxRetries) = (TimeSpan.FromMilliseconds(300), 1));
        _server.Enqueue(ScriptedReply.Hanging(), ScriptedReply.Hanging());
        var chat = gateway.ChatClient(ModelRole.Agent, null, new ModelCallContext("test"));

        var failure = await Assert.ThrowsAsync<ModelCallException>(() => chat.GetResponseAsync("hello"));

        Assert.Contains("model endpoint 'main' (scripted): no answer within", failure.Message, StringComparison.Ordinal);
        Assert.True(failure.Retryable);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task ServerThatStopsMidStream_FailsTheStreamAfterTheSilence()
    {
        using var gateway = Gateway(TimeProvider.System, e => (e.Timeout, e.MaxRetries) = (TimeSpan.FromMilliseconds(300), 0));
        _server.Enqueue(ScriptedReply.Hanging());
        var chat = gateway.ChatClient(ModelRole.Agent, null, new ModelCallContext("test"));

        var failure = await Assert.ThrowsAsync<ModelCallException>(async () =>
        {
            await foreach (var update in chat.GetStreamingResponseAsync("hello"))
            {
                Assert.NotNull(update);
            }
        });

        Assert.Contains("no first chunk within", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamedAnswer_ArrivesInChunks_AndItsUsageIsCounted()
    {
        using var gateway = Gateway(TimeProvider.System);
        _server.Enqueue(ScriptedReply.Text("a streamed answer of some length") with { InputTokens = 11, OutputTokens = 7 });
        var usage = ModelUsage.None;
        var chat = gateway.ChatClient(ModelRole.Agent, null, new ModelCallContext("test") { OnUsage = (_, u) => usage = usage.Add(u) });

        var chunks = new List<string>();
        await foreach (var update in chat.GetStreamingResponseAsync("hello"))
        {
            if (update.Text.Length > 0)
            {
                chunks.Add(update.Text);
            }
        }

        Assert.Equal("a streamed answer of some length", string.Concat(chunks));
        Assert.True(chunks.Count > 1);
        Assert.Equal((1L, 11L, 7L), (usage.Calls, usage.InputTokens, usage.OutputTokens));
    }

    [Fact]
    public async Task ConcurrencyLimit_OfOne_HoldsTheSecondRequestUntilTheFirstEnds()
    {
        using var gateway = Gateway(TimeProvider.System, e => e.MaxConcurrentRequests = 1);
        var gate = new TaskCompletionSource();
        _server.Enqueue(ScriptedReply.Text("first") with { Gate = gate.Task }, ScriptedReply.Text("second"));
        var chat = gateway.ChatClient(ModelRole.Agent, null, new ModelCallContext("test"));

        var first = chat.GetResponseAsync("one");
        await _server.WaitForAsync(_ => true, TimeSpan.FromSeconds(30));
        var second = chat.GetResponseAsync("two");
        await Task.Delay(300);
        Assert.Single(_server.Requests);

        gate.SetResult();
        Assert.Equal("first", (await first).Text);
        Assert.Equal("second", (await second).Text);
        Assert.Equal(2, _server.Requests.Count);
    }
}
