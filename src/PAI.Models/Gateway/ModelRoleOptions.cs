namespace PAI.Models.Gateway;

/// <summary>The endpoint (name) or model id each role uses by default (<c>Pai:Models:Roles</c>).</summary>
public sealed class ModelRoleOptions
{
    /// <summary>Plans free-form goals.</summary>
    public string? Planner { get; set; }

    /// <summary>Runs agents and prompt phases.</summary>
    public string? Agent { get; set; }

    /// <summary>Answers judge checks.</summary>
    public string? Judge { get; set; }

    /// <summary>Embeds text.</summary>
    public string? Embeddings { get; set; }

    /// <summary>Summarises.</summary>
    public string? Summariser { get; set; }

    /// <summary>The reference configured for a role, if any.</summary>
    public string? Of(ModelRole role) => role switch
    {
        ModelRole.Planner => Planner,
        ModelRole.Agent => Agent,
        ModelRole.Judge => Judge,
        ModelRole.Embeddings => Embeddings,
        _ => Summariser,
    };
}
