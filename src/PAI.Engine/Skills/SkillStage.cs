namespace PAI.Engine.Skills;

/// <summary>The stages of a skill run, in order.</summary>
public enum SkillStage
{
    /// <summary>Main phases and verify checks.</summary>
    Main,

    /// <summary>Publishing staged outputs and deferred effects.</summary>
    Commit,

    /// <summary>Cleanup phases and removal of the run's temp folder (always reached).</summary>
    Cleanup,

    /// <summary>Finished; the outcome is kept until the goal has it.</summary>
    Done,

    /// <summary>Checks of what the commit published (between Commit and Cleanup; a failure withdraws the publish).</summary>
    VerifyPublished,
}
