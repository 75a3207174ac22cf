namespace PAI.Models.Gateway;

/// <summary>One OpenAI-compatible endpoint, as configured under <c>Pai:Models:Endpoints:{name}</c>.</summary>
public sealed class ModelEndpointOptions
{
    /// <summary>The server's base URL, up to and including <c>/v1</c> (e.g. <c>http://127.0.0.1:11434/v1</c>).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The model id the server knows (e.g. <c>llama3.1:8b</c>, <c>gpt-4o-mini</c>).</summary>
    public string? Model { get; set; }

    /// <summary>The API key itself (prefer user secrets or <see cref="ApiKeyEnvironmentVariable"/>); never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The environment variable that holds the key.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>A file whose content (trimmed) is the key, e.g. a mounted secret.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>The model's context size in tokens (long transcripts are cut to fit); null: unknown.</summary>
    public int? ContextSize { get; set; }

    /// <summary>How long one attempt may take (for a streamed answer: the longest silence between two chunks).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Requests this endpoint serves at once (a home GPU serves a few, not fifty); more wait their turn.</summary>
    public int MaxConcurrentRequests { get; set; } = 4;

    /// <summary>Retries after a 429, a 5xx, a timeout or a network error (honouring <c>Retry-After</c>).</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry delay when the server gives no <c>Retry-After</c> (doubles each time).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the endpoint rests once most of its recent calls failed (circuit breaker); calls meanwhile fail at once.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the server accepts a JSON schema as <c>response_format</c> (OpenAI, vLLM, Ollama, llama.cpp do);
    /// false: PAI asks for JSON in the prompt and extracts it tolerantly.</summary>
    public bool StructuredOutput { get; set; } = true;

    /// <summary>The GPU device that serves this endpoint (a device grain key, <c>node/index-or-uuid</c>): every call
    /// then holds a lease on it. Null: not routed through GPU leases.</summary>
    public string? Gpu { get; set; }
}
