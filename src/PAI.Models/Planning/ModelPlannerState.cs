using PAI.Abstractions.Goals;
using PAI.Abstractions.Models;
using PAI.Abstractions.Planning;

namespace PAI.Models.Planning;

/// <summary>
/// One goal's planning, as stored: the version being planned, every answer the model gave with the errors it got, the
/// memories recalled, usage, and once done the result. An answer is stored before it is validated, so a crash never
/// asks the model for it again, and a stored result is returned as it is.
/// </summary>
[GenerateSerializer]
public sealed class ModelPlannerState
{
    /// <summary>The plan version this state is about (a re-plan starts afresh with the next one).</summary>
    [Id(0)] public int Version { get; set; }

    /// <summary>The model's answers, in order.</summary>
    [Id(1)] public List<string> Answers { get; set; } = [];

    /// <summary>The validation errors of each answer (same order; the last may be missing while it is checked).</summary>
    [Id(2)] public List<List<PlanError>> Errors { get; set; } = [];

    /// <summary>The memories recalled for the goal (recalled once per version).</summary>
    [Id(3)] public List<RecalledMemory>? Memories { get; set; }

    /// <summary>The model asked.</summary>
    [Id(4)] public string? Model { get; set; }

    /// <summary>What the answers cost.</summary>
    [Id(5)] public ModelUsage Usage { get; set; } = ModelUsage.None;

    /// <summary>The result, once planning is over.</summary>
    [Id(6)] public PlanResult? Result { get; set; }

    /// <summary>Model calls that failed in a row (after the gateway's own retries).</summary>
    [Id(7)] public int Failures { get; set; }
}
