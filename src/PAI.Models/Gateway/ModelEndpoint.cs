namespace PAI.Models.Gateway;

/// <summary>A resolved endpoint: where it is, which model it serves, its limits. The key never leaves this type
/// except to the HTTP client; <see cref="ToString"/> leaves it out.</summary>
public sealed class ModelEndpoint
{
    private readonly ModelEndpointOptions _options;

    internal ModelEndpoint(string name, Uri baseUrl, string model, string? apiKey, ModelEndpointOptions options)
    {
        _options = options;
        Name = name;
        BaseUrl = baseUrl;
        Model = model;
        ApiKey = apiKey;
        ContextSize = options.ContextSize;
        Timeout = options.Timeout;
        MaxConcurrentRequests = options.MaxConcurrentRequests;
        MaxRetries = options.MaxRetries;
        RetryDelay = options.RetryDelay;
        BreakDuration = options.BreakDuration;
        StructuredOutput = options.StructuredOutput;
        Gpu = string.IsNullOrWhiteSpace(options.Gpu) ? null : options.Gpu;
    }

    /// <summary>The endpoint's name.</summary>
    public string Name { get; }

    /// <summary>The base URL (ends in a slash).</summary>
    public Uri BaseUrl { get; }

    /// <summary>The model id.</summary>
    public string Model { get; }

    /// <summary>The key, if any.</summary>
    internal string? ApiKey { get; }

    /// <summary>The context size in tokens, if known.</summary>
    public int? ContextSize { get; }

    /// <summary>Per-attempt limit (streams: longest silence).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Requests served at once.</summary>
    public int MaxConcurrentRequests { get; }

    /// <summary>Retries of a failed attempt.</summary>
    public int MaxRetries { get; }

    /// <summary>First retry delay without Retry-After.</summary>
    public TimeSpan RetryDelay { get; }

    /// <summary>How long the circuit stays open.</summary>
    public TimeSpan BreakDuration { get; }

    /// <summary>Whether JSON-schema output is supported.</summary>
    public bool StructuredOutput { get; }

    /// <summary>The GPU device serving it, or null.</summary>
    public string? Gpu { get; }

    /// <summary>Whether a key is set (for views; the key itself is never shown).</summary>
    public bool HasApiKey => !string.IsNullOrEmpty(ApiKey);

    /// <summary>The same server and limits, asked for another model (a server such as Ollama serves many).</summary>
    internal ModelEndpoint WithModel(string model) => new(Name, BaseUrl, model, ApiKey, _options);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Model} at {BaseUrl})";
}
