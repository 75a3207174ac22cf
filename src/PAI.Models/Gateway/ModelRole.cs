namespace PAI.Models.Gateway;

/// <summary>What a model call is for; each role has a default endpoint (<c>Pai:Models:Roles</c>).</summary>
public enum ModelRole
{
    /// <summary>Turns free-form goals into plans.</summary>
    Planner,

    /// <summary>Runs agents' tool-calling loops, prompt phases and the <c>llm.*</c> tools.</summary>
    Agent,

    /// <summary>Answers skills' <c>judge</c> checks.</summary>
    Judge,

    /// <summary>Embeds text.</summary>
    Embeddings,

    /// <summary>Summarises (goal summaries, long transcripts).</summary>
    Summariser,
}
