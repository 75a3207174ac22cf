using System.Text.Json.Nodes;

namespace PAI.Testing.Models;

/// <summary>A function call a scripted reply makes: the function's name and its arguments.</summary>
/// <param name="Name">The function (tool names have '.' as '_': <c>file_write</c>).</param>
/// <param name="Arguments">The arguments object.</param>
/// <param name="Id">The call id (default: generated from the position).</param>
public sealed record ScriptedCall(string Name, JsonObject Arguments, string? Id = null);
