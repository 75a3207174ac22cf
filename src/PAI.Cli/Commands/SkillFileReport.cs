using System.Text.Json.Nodes;

namespace PAI.Cli.Commands;

/// <summary>What <c>pai skills validate</c> found in one file.</summary>
/// <param name="File">The file as named on the command line.</param>
/// <param name="Valid">True when the skill loads.</param>
/// <param name="Name">The skill's name, when valid.</param>
/// <param name="Version">Its version, when valid.</param>
/// <param name="Phases">Its phases, checks, commit items and cleanup phases, when valid.</param>
/// <param name="Error">The error as one line (<c>file:line: field 'x': message</c>), when invalid.</param>
public sealed record SkillFileReport(string File, bool Valid, string? Name, string? Version, int Phases, string? Error)
{
    /// <summary>The report as <c>--json</c> prints it.</summary>
    public JsonObject ToJson() => new()
    {
        ["file"] = File,
        ["valid"] = Valid,
        ["name"] = Name,
        ["version"] = Version,
        ["errors"] = Error is null ? new JsonArray() : new JsonArray(Error),
    };
}
