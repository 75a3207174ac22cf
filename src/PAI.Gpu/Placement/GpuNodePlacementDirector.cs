using Microsoft.Extensions.Options;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;
using PAI.Abstractions.Gpu;

namespace PAI.Gpu.Placement;

/// <summary>
/// Chooses the silo whose node name (silo metadata <see cref="NodeMetadataKey"/>) matches the node in the grain's key.
/// When that machine is not in the cluster the activation fails with a clear message: GPU grains wait for their machine.
/// </summary>
public sealed class GpuNodePlacementDirector(ISiloMetadataCache metadata, IOptions<GpuOptions> options) : IPlacementDirector
{
    /// <summary>The silo metadata key that carries the node name.</summary>
    public const string NodeMetadataKey = "pai.node";

    /// <inheritdoc />
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? string.Empty;
        var node = GpuDeviceKey.NodeOf(key);
        var compatible = context.GetCompatibleSilos(target);

        // The local silo's own metadata may not be in the cache yet during start-up; its name is known here.
        if (string.Equals(node, options.Value.NodeName, StringComparison.Ordinal) && compatible.Contains(context.LocalSilo))
        {
            return Task.FromResult(context.LocalSilo);
        }

        var matches = compatible
            .Where(s => metadata.GetSiloMetadata(s).Metadata.TryGetValue(NodeMetadataKey, out var n) && string.Equals(n, node, StringComparison.Ordinal))
            .ToArray();
        if (matches.Length == 0)
        {
            throw new OrleansException(
                $"GPU grain '{key}' waits for its machine: no active silo has node name '{node}'. It activates when that node joins the cluster.");
        }

        return Task.FromResult(matches[Random.Shared.Next(matches.Length)]);
    }
}
