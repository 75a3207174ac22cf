namespace PAI.Gpu.Placement;

/// <summary>Places a grain keyed <c>node/...</c> on a silo whose node name is that node.</summary>
[GenerateSerializer, Immutable]
public sealed class GpuNodePlacement : PlacementStrategy
{
    /// <summary>The one instance.</summary>
    public static GpuNodePlacement Instance { get; } = new();
}
