namespace PAI.Models.Gateway;

/// <summary>
/// Model access (<c>Pai:Models</c>). With nothing configured but <c>OPENAI_BASE_URL</c>, <c>OPENAI_API_KEY</c> (optional)
/// and <c>PAI_MODEL</c>, one endpoint named <c>default</c> serves every role.
/// </summary>
public sealed class ModelOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Models";

    /// <summary>The name of the endpoint the environment variables describe.</summary>
    public const string DefaultEndpoint = "default";

    /// <summary>Named endpoints.</summary>
    public Dictionary<string, ModelEndpointOptions> Endpoints { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The endpoint or model each role uses when an agent or skill names none.</summary>
    public ModelRoleOptions Roles { get; set; } = new();

    /// <summary>How often the planner may send an invalid plan back for repair before the goal fails.</summary>
    public int MaxPlanRepairs { get; set; } = 2;

    /// <summary>Turns an agent loop may take unless the agent or goal says fewer.</summary>
    public int MaxAgentTurns { get; set; } = 24;

    /// <summary>How long an agent loop may run unless the agent or goal says less.</summary>
    public TimeSpan AgentTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest a call waits for a GPU lease before it fails (retryable).</summary>
    public TimeSpan LeaseWait { get; set; } = TimeSpan.FromMinutes(10);
}
