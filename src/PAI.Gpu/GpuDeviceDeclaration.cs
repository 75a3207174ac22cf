namespace PAI.Gpu;

/// <summary>A logical device declared in configuration (<c>Pai:Gpus:Devices:N</c>).</summary>
public sealed class GpuDeviceDeclaration
{
    /// <summary>The node that has it; empty means this node. Devices of other nodes are registered by those nodes.</summary>
    public string? Node { get; set; }

    /// <summary>Index on the node (the <c>CUDA_VISIBLE_DEVICES</c> value); defaults to the position in the list.</summary>
    public string? Index { get; set; }

    /// <summary>Optional UUID; the device key uses it when set.</summary>
    public string? Uuid { get; set; }

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "logical GPU";

    /// <summary>Memory, in MiB.</summary>
    public long? MemoryMiB { get; set; }
}
