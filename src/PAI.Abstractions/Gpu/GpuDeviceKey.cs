namespace PAI.Abstractions.Gpu;

/// <summary>Builds and splits device grain keys, <c>node/local-id</c>.</summary>
public static class GpuDeviceKey
{
    /// <summary>The key of the cluster's one <see cref="IGpuPoolGrain"/>.</summary>
    public const string PoolKey = "cluster";

    /// <summary>The key of a device on a node.</summary>
    public static string Create(string node, string localId) => $"{node}/{localId}";

    /// <summary>The node part of a device (or job) key: everything before the first '/'.</summary>
    public static string NodeOf(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 ? throw new ArgumentException($"'{key}' is not a 'node/id' key", nameof(key)) : key[..slash];
    }
}
