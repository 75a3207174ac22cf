namespace PAI.Engine.Planning;

/// <summary>What model work this process can do, for plan validation: null members mean "available", otherwise why
/// not (a sentence saying how to configure a model). Registered by the models module; without it, nothing is.</summary>
/// <param name="FreeFormUnavailable">Why free-form goals (no plan, no skill) cannot be planned, or null.</param>
/// <param name="AgentsUnavailable">Why agent tasks and model phases cannot run, or null.</param>
public sealed record ModelCapabilities(string? FreeFormUnavailable, string? AgentsUnavailable)
{
    /// <summary>How to configure a model, for messages.</summary>
    public const string HowToConfigure =
        "set OPENAI_BASE_URL (e.g. http://127.0.0.1:11434/v1 for Ollama) and PAI_MODEL (the model id), plus OPENAI_API_KEY for a hosted API, " +
        "or configure endpoints under Pai:Models:Endpoints (see docs/models.md)";

    /// <summary>No model at all.</summary>
    public static ModelCapabilities None { get; } = new("no model is configured: " + HowToConfigure, "no model is configured: " + HowToConfigure);
}
