using PAI.Abstractions.Goals;

namespace PAI.Engine.Skills;

/// <summary>A named skill whose definition is a step template: the plan a goal naming it gets.</summary>
/// <param name="Name">The skill's name.</param>
/// <param name="Version">Its version.</param>
/// <param name="Description">One sentence.</param>
/// <param name="Inputs">Input names the goal must provide.</param>
/// <param name="Steps">The step template; <c>${inputs.x}</c> takes the goal's inputs at dispatch.</param>
/// <param name="Source">The file it came from.</param>
public sealed record SkillTemplate(
    string Name,
    string Version,
    string Description,
    IReadOnlyList<string> Inputs,
    IReadOnlyList<StepSpec> Steps,
    string Source);
