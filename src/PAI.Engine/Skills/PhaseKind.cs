namespace PAI.Engine.Skills;

/// <summary>What a phase does.</summary>
public enum PhaseKind
{
    /// <summary>Calls a tool.</summary>
    Tool,

    /// <summary>Asks the agent's model (the <c>llm.chat</c> tool); fails clearly when no model is configured.</summary>
    Prompt,

    /// <summary>Runs a GPU job through the <c>gpu.run</c> tool; fails clearly when none is registered.</summary>
    Gpu,

    /// <summary>Runs another skill's phases inside this run (its commit and cleanup join this run's).</summary>
    Skill,

    /// <summary>A verification check that must pass.</summary>
    Verify,

    /// <summary>Moves a staged file or folder into the workspace (commit only).</summary>
    Publish,

    /// <summary>Internal: binds a sub-skill's inputs.</summary>
    EnterSkill,

    /// <summary>Internal: collects a sub-skill's outputs as the output of its phase.</summary>
    ExitSkill,
}
