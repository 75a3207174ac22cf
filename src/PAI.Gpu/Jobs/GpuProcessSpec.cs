namespace PAI.Gpu.Jobs;

/// <summary>A command to run in its own process group.</summary>
/// <param name="FileName">The executable.</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="WorkingDirectory">Where it runs.</param>
/// <param name="Environment">Variables to set (e.g. <c>CUDA_VISIBLE_DEVICES</c>).</param>
/// <param name="OutputTailChars">How much of the output to keep.</param>
public sealed record GpuProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string? WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    int OutputTailChars);
