using Orleans.Placement;

namespace PAI.Gpu.Placement;

/// <summary>Marks a grain keyed <c>node/...</c> to be activated on that node's silo.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class GpuNodePlacementAttribute : PlacementAttribute
{
    /// <summary>Creates the attribute.</summary>
    public GpuNodePlacementAttribute() : base(GpuNodePlacement.Instance)
    {
    }
}
