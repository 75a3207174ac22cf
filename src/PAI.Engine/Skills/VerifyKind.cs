namespace PAI.Engine.Skills;

/// <summary>The built-in verification checks.</summary>
public enum VerifyKind
{
    /// <summary>A workspace file exists and is not empty.</summary>
    FileExists,

    /// <summary>A GET of a URL answers with the expected status (through <c>http.request</c>).</summary>
    HttpStatus,

    /// <summary>A value at a path inside a JSON value equals the expected one.</summary>
    JsonPath,

    /// <summary>The number of items of a list (or properties of an object) is within bounds.</summary>
    Count,

    /// <summary>A model judges the output (needs a model; fails clearly without one).</summary>
    Judge,

    /// <summary>A tool call that must succeed.</summary>
    Tool,
}
