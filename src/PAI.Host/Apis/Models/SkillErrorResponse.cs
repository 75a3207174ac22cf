namespace PAI.Host.Apis.Models;

/// <summary>A skill file that did not load, and why (<c>GET /api/skills/errors</c>).</summary>
/// <param name="Message">The file and the reason.</param>
public sealed record SkillErrorResponse(string Message);
