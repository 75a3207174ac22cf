using Microsoft.Extensions.Configuration;

namespace PAI.Models.Gateway;

/// <summary>
/// The endpoints PAI may call, resolved once from configuration and the environment, and how a role, an agent's or a
/// skill's model reference finds its endpoints. Pure: built from values, no I/O but reading key files at start.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>The message every "no model" error carries: how to configure one.</summary>
    public const string HowToConfigure =
        "set OPENAI_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama) and PAI_MODEL (the model id), plus OPENAI_API_KEY for a hosted API, " +
        "or configure endpoints under Pai:Models:Endpoints (see docs/models.md)";

    private readonly Dictionary<string, ModelEndpoint> _byName;
    private readonly ModelRoleOptions _roles;

    /// <summary>Builds the catalog; problems (an endpoint without a URL or model) are collected in <see cref="Problems"/>.</summary>
    public ModelCatalog(ModelOptions options, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(environment);
        _roles = options.Roles;
        _byName = new(StringComparer.Ordinal);
        var problems = new List<string>();
        var endpoints = new Dictionary<string, ModelEndpointOptions>(options.Endpoints, StringComparer.Ordinal);

        // Zero configuration: the conventional variables describe one endpoint, unless one named "default" exists.
        var envModel = environment("PAI_MODEL");
        if (!endpoints.ContainsKey(ModelOptions.DefaultEndpoint) && !string.IsNullOrWhiteSpace(envModel))
        {
            endpoints[ModelOptions.DefaultEndpoint] = new ModelEndpointOptions
            {
                BaseUrl = environment("OPENAI_BASE_URL") is { Length: > 0 } url ? url : "https://api.openai.com/v1",
                Model = envModel.Trim(),
                ApiKeyEnvironmentVariable = "OPENAI_API_KEY",
            };
        }

        foreach (var (name, endpoint) in endpoints.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!Uri.TryCreate(AsBase(endpoint.BaseUrl), UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("http" or "https"))
            {
                problems.Add($"{ModelOptions.SectionName}:Endpoints:{name}:BaseUrl must be an http(s) URL");
                continue;
            }

            if (string.IsNullOrWhiteSpace(endpoint.Model))
            {
                problems.Add($"{ModelOptions.SectionName}:Endpoints:{name}:Model is required");
                continue;
            }

            if (endpoint.MaxConcurrentRequests < 1 || endpoint.Timeout <= TimeSpan.Zero || endpoint.MaxRetries < 0)
            {
                problems.Add($"{ModelOptions.SectionName}:Endpoints:{name}: MaxConcurrentRequests must be at least 1, Timeout positive, MaxRetries not negative");
                continue;
            }

            _byName[name] = new ModelEndpoint(name, baseUrl, endpoint.Model.Trim(), KeyOf(name, endpoint, environment, problems), endpoint);
        }

        Problems = problems;
        All = _byName.Values.ToList();
    }

    /// <summary>Every usable endpoint, by name.</summary>
    public IReadOnlyList<ModelEndpoint> All { get; }

    /// <summary>Configuration mistakes found (each names its setting; none holds a secret).</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>True when at least one endpoint is usable.</summary>
    public bool IsConfigured => _byName.Count > 0;

    /// <summary>Builds the catalog from configuration (section <see cref="ModelOptions.SectionName"/> and the
    /// environment variables, which <see cref="IConfiguration"/> also holds).</summary>
    public static ModelCatalog From(ModelOptions options, IConfiguration configuration) =>
        new(options, name => configuration[name] ?? Environment.GetEnvironmentVariable(name));

    /// <summary>
    /// The route for <paramref name="reference"/> (an endpoint name or a model id; null: the role's default). An endpoint
    /// name routes to every endpoint serving its model (a pool); a model id to the endpoints serving it; a model id no
    /// endpoint names, to the default endpoint's server asking for that model. Null when nothing matches.
    /// </summary>
    public ModelRoute? Resolve(ModelRole role, string? reference)
    {
        reference = string.IsNullOrWhiteSpace(reference) ? _roles.Of(role) : reference.Trim();
        if (string.IsNullOrWhiteSpace(reference))
        {
            // Embeddings are a separate kind of model: a chat endpoint is never assumed to serve them.
            if (role == ModelRole.Embeddings)
            {
                return null;
            }

            if (_byName.TryGetValue(ModelOptions.DefaultEndpoint, out var fallback))
            {
                return PoolOf(fallback.Model);
            }

            return _byName.Count == 1 ? PoolOf(_byName.Values.First().Model) : null;
        }

        if (_byName.TryGetValue(reference, out var named))
        {
            return PoolOf(named.Model);
        }

        if (PoolOf(reference) is { } pool)
        {
            return pool;
        }

        return _byName.TryGetValue(ModelOptions.DefaultEndpoint, out var server) ? new ModelRoute(reference, [server.WithModel(reference)]) : null;
    }

    /// <summary>Why <paramref name="role"/> has no model, as a sentence that says how to configure one.</summary>
    public string Unavailable(ModelRole role, string? reference)
    {
        var what = string.IsNullOrWhiteSpace(reference) ? $"no model is configured for the {role.ToString().ToLowerInvariant()} role" : $"no model endpoint is named or serves '{reference}'";
        var problems = Problems.Count > 0 ? $" (configuration problems: {string.Join("; ", Problems)})" : "";
        return $"{what}{problems}: {HowToConfigure}";
    }

    private ModelRoute? PoolOf(string model)
    {
        var endpoints = _byName.Values.Where(e => e.Model == model).ToList();
        return endpoints.Count == 0 ? null : new ModelRoute(model, endpoints);
    }

    private static string? AsBase(string? url) => string.IsNullOrWhiteSpace(url) ? null : url.Trim().TrimEnd('/') + "/";

    private static string? KeyOf(string name, ModelEndpointOptions endpoint, Func<string, string?> environment, List<string> problems)
    {
        if (!string.IsNullOrEmpty(endpoint.ApiKey))
        {
            return endpoint.ApiKey;
        }

        if (!string.IsNullOrWhiteSpace(endpoint.ApiKeyEnvironmentVariable) && environment(endpoint.ApiKeyEnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return fromEnvironment.Trim();
        }

        if (string.IsNullOrWhiteSpace(endpoint.ApiKeyFile))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(endpoint.ApiKeyFile).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The path is configuration, not a secret; the content is never shown.
            problems.Add($"{ModelOptions.SectionName}:Endpoints:{name}:ApiKeyFile '{endpoint.ApiKeyFile}' cannot be read ({ex.GetType().Name})");
            return null;
        }
    }
}
