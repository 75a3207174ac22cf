using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using OpenAI;
using OpenAI.Chat;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;

namespace PAI.Models.Gateway;

/// <summary>
/// One endpoint's connection and limits: the OpenAI-compatible client, the concurrency limit (requests beyond it wait
/// their turn), and a Polly pipeline of retries (429/5xx/timeouts/network, honouring <c>Retry-After</c>) around a
/// circuit breaker. Each attempt has the endpoint's timeout; a streamed answer, that long between two chunks.
/// </summary>
internal sealed partial class EndpointClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly IChatClient _chat;
    private readonly Lazy<IEmbeddingGenerator<string, Embedding<float>>> _embeddings;
    private readonly SemaphoreSlim _permits;
    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider _circuit = new();
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public EndpointClient(ModelEndpoint endpoint, TimeProvider time, ILogger logger)
    {
        Endpoint = endpoint;
        _time = time;
        _logger = logger;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        var options = new OpenAIClientOptions
        {
            Endpoint = endpoint.BaseUrl,
            Transport = new HttpClientPipelineTransport(_http),

            // PAI's pipeline retries and times out; the SDK's own would retry underneath it and multiply the waits.
            RetryPolicy = new ClientRetryPolicy(0),
            NetworkTimeout = endpoint.Timeout * 2,
        };

        // Local servers take any key; the client insists on one.
        var key = new ApiKeyCredential(endpoint.HasApiKey ? endpoint.ApiKey! : "none");
        var client = new OpenAIClient(key, options);
        _chat = client.GetChatClient(endpoint.Model).AsIChatClient();
        _embeddings = new(() => client.GetEmbeddingClient(endpoint.Model).AsIEmbeddingGenerator());
        _permits = new SemaphoreSlim(endpoint.MaxConcurrentRequests, endpoint.MaxConcurrentRequests);
        _pipeline = BuildPipeline(endpoint);
    }

    /// <summary>The endpoint.</summary>
    public ModelEndpoint Endpoint { get; }

    /// <summary>True while the circuit breaker is open after repeated failures (calls would fail at once).</summary>
    public bool IsResting => _circuit.CircuitState is CircuitState.Open or CircuitState.Isolated;

    /// <summary>Requests running now.</summary>
    public int InFlight => Endpoint.MaxConcurrentRequests - _permits.CurrentCount;

    /// <summary>One answer, with retries.</summary>
    public Task<ChatResponse> GetResponseAsync(IList<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions options, CancellationToken cancellationToken)
        => CallAsync(token => _chat.GetResponseAsync(messages, options, token), cancellationToken);

    /// <summary>A streamed answer: opening it (up to the first chunk) is retried; after that a failure ends it.</summary>
    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IList<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Opened opened;
        try
        {
            opened = await _pipeline.ExecuteAsync(token => OpenStreamAsync(messages, options, token), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ex);
        }

        await using var stream = opened;
        if (opened.First is null)
        {
            yield break;
        }

        yield return opened.First;
        while (true)
        {
            ChatResponseUpdate? next;
            try
            {
                opened.Idle.CancelAfter(Endpoint.Timeout);
                next = await opened.Updates.MoveNextAsync() ? opened.Updates.Current : null;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw Fail(new ModelTimeoutException($"the answer stopped for longer than {Endpoint.Timeout}"));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                throw Fail(ex);
            }

            if (next is null)
            {
                yield break;
            }

            yield return next;
        }
    }

    /// <summary>Embeddings, with retries.</summary>
    public Task<GeneratedEmbeddings<Embedding<float>>> EmbedAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options, CancellationToken cancellationToken)
        => CallAsync(token => _embeddings.Value.GenerateAsync(values, options, token), cancellationToken);

    /// <summary>One call through the pipeline (retries, circuit breaker), each attempt holding a permit of the
    /// endpoint's concurrency and bounded by its timeout.</summary>
    private async Task<T> CallAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    await WaitPermitAsync(token);
                    try
                    {
                        using var timeout = new CancellationTokenSource(Endpoint.Timeout, _time);
                        using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, timeout.Token);
                        try
                        {
                            return await call(linked.Token);
                        }
                        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !token.IsCancellationRequested)
                        {
                            throw new ModelTimeoutException($"no answer within {Endpoint.Timeout}");
                        }
                    }
                    finally
                    {
                        _permits.Release();
                    }
                },
                cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            throw Fail(ex);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _chat.Dispose();
        if (_embeddings.IsValueCreated)
        {
            _embeddings.Value.Dispose();
        }

        _http.Dispose();
        _permits.Dispose();
    }

    private async ValueTask<Opened> OpenStreamAsync(IList<Microsoft.Extensions.AI.ChatMessage> messages, ChatOptions options, CancellationToken token)
    {
        await WaitPermitAsync(token);
        var idle = new CancellationTokenSource(Endpoint.Timeout, _time);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(token, idle.Token);
        IAsyncEnumerator<ChatResponseUpdate>? updates = null;
        try
        {
            updates = _chat.GetStreamingResponseAsync(messages, options, linked.Token).GetAsyncEnumerator(linked.Token);
            var first = await updates.MoveNextAsync() ? updates.Current : null;
            return new Opened(updates, first, idle, linked, _permits);
        }
        catch (Exception ex)
        {
            if (updates is not null)
            {
                await updates.DisposeAsync();
            }

            linked.Dispose();
            idle.Dispose();
            _permits.Release();
            if (ex is OperationCanceledException && !token.IsCancellationRequested)
            {
                throw new ModelTimeoutException($"no first chunk within {Endpoint.Timeout}");
            }

            throw;
        }
    }

    private async Task WaitPermitAsync(CancellationToken token)
    {
        if (_permits.Wait(0, CancellationToken.None))
        {
            return;
        }

        var started = _time.GetTimestamp();
        await _permits.WaitAsync(token);
        ModelTelemetry.QueueWait.Record(_time.GetElapsedTime(started).TotalSeconds, new KeyValuePair<string, object?>("endpoint", Endpoint.Name));
    }

    private ResiliencePipeline BuildPipeline(ModelEndpoint endpoint)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = _time };
        if (endpoint.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = endpoint.MaxRetries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = endpoint.RetryDelay,
                MaxDelay = RetryAfter.Max,
                ShouldHandle = new PredicateBuilder().Handle<Exception>(RetryAfter.IsTransient),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is { } ex ? RetryAfter.Of(ex, _time.GetUtcNow()) : null),
                OnRetry = args =>
                {
                    var reason = Describe(args.Outcome.Exception);
                    ModelTelemetry.Retries.Add(1, new KeyValuePair<string, object?>("endpoint", endpoint.Name), new KeyValuePair<string, object?>("reason", reason));
                    LogRetry(_logger, endpoint.Name, args.AttemptNumber + 1, args.RetryDelay, reason);
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions
        {
            FailureRatio = 0.9,
            MinimumThroughput = 8,
            SamplingDuration = TimeSpan.FromSeconds(60),
            BreakDuration = endpoint.BreakDuration,
            StateProvider = _circuit,
            ShouldHandle = new PredicateBuilder().Handle<Exception>(ex => RetryAfter.IsTransient(ex) && ex is not ClientResultException { Status: 429 }),
        });
        return builder.Build();
    }

    private ModelCallException Fail(Exception ex)
    {
        var reason = Describe(ex);
        var retryable = RetryAfter.IsTransient(ex) || ex is BrokenCircuitException;
        return new ModelCallException($"model endpoint '{Endpoint.Name}' ({Endpoint.Model}): {reason}", retryable, ex);
    }

    private static string Describe(Exception? ex) => ex switch
    {
        null => "failed",
        ClientResultException { Status: > 0 } http => $"HTTP {http.Status}: {Shorten(http.Message)}",
        BrokenCircuitException => "resting after repeated failures (circuit open); try again later",
        TimeoutException timeout => timeout.Message,
        _ => $"{ex.GetType().Name}: {Shorten(ex.Message)}",
    };

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    /// <summary>An opened stream: its enumerator, first chunk, idle timer and the permit it holds.</summary>
    private sealed record Opened(IAsyncEnumerator<ChatResponseUpdate> Updates, ChatResponseUpdate? First, CancellationTokenSource Idle, CancellationTokenSource Linked, SemaphoreSlim Permits) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Updates.DisposeAsync();
            Linked.Dispose();
            Idle.Dispose();
            Permits.Release();
        }
    }
}
