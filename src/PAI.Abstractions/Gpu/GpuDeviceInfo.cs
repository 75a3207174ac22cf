namespace PAI.Abstractions.Gpu;

/// <summary>What discovery found (or configuration declared) about one device.</summary>
/// <param name="Node">The machine (silo node name) that has it.</param>
/// <param name="Index">Index on that machine (the value for <c>CUDA_VISIBLE_DEVICES</c>).</param>
/// <param name="Uuid">NVIDIA UUID, or null for logical devices.</param>
/// <param name="Name">Product name.</param>
/// <param name="MemoryTotalMiB">Total memory, when known.</param>
/// <param name="MemoryUsedMiB">Used memory at the last probe, when known.</param>
/// <param name="UtilizationPercent">GPU utilisation at the last probe, when known.</param>
/// <param name="Source">Where it came from: <c>nvml</c>, <c>nvidia-smi</c> or <c>config</c>.</param>
[GenerateSerializer, Immutable]
public sealed record GpuDeviceInfo(
    [property: Id(0)] string Node,
    [property: Id(1)] string Index,
    [property: Id(2)] string? Uuid,
    [property: Id(3)] string Name,
    [property: Id(4)] long? MemoryTotalMiB,
    [property: Id(5)] long? MemoryUsedMiB,
    [property: Id(6)] int? UtilizationPercent,
    [property: Id(7)] string Source)
{
    /// <summary>The device grain key: <c>node/uuid</c>, or <c>node/index</c> without a UUID.</summary>
    public string DeviceId => GpuDeviceKey.Create(Node, Uuid ?? Index);
}
