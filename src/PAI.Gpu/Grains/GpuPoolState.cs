using PAI.Abstractions.Gpu;
using PAI.Engine.Persistence;

namespace PAI.Gpu.Grains;

/// <summary>The persisted device registry.</summary>
[GenerateSerializer]
public sealed class GpuPoolState : IRevisioned
{
    /// <inheritdoc />
    [Id(0)] public long Revision { get; set; }

    /// <inheritdoc />
    [Id(2)] public string? WriterId { get; set; }

    /// <summary>Registered devices by key.</summary>
    [Id(1)] public Dictionary<string, GpuDeviceInfo> Devices { get; set; } = new(StringComparer.Ordinal);
}
