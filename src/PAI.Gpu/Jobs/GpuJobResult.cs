namespace PAI.Gpu.Jobs;

/// <summary>How a leased job ended.</summary>
/// <param name="Outcome">Why it ended.</param>
/// <param name="Process">The process group's result.</param>
public sealed record GpuJobResult(GpuJobOutcome Outcome, GpuProcessResult Process);
