using Orleans.Serialization;
using Orleans.Storage;

namespace PAI.Abstractions.Storage;

/// <summary>
/// Orleans' binary grain-storage format (the same bytes as <see cref="OrleansGrainStorageSerializer"/>), written through
/// Orleans' pooled buffer into one array of the exact size. Orleans' own serializer grows a fresh
/// <c>ArrayBufferWriter</c> by doubling and hands back a view of it, so the stores copied it once more: for a goal of a
/// thousand steps (~150 KB of state) that was three large-object-heap arrays and ~600 KB allocated per transition, and
/// the background GC they caused was a sixth of a long chain's CPU. Here each write allocates its one exact array.
/// </summary>
public sealed class PooledGrainStorageSerializer(Serializer serializer) : IGrainStorageSerializer
{
    /// <inheritdoc />
    public BinaryData Serialize<T>(T? input) => new(serializer.SerializeToArray(input));

    /// <inheritdoc />
    public T Deserialize<T>(BinaryData input)
    {
        ArgumentNullException.ThrowIfNull(input);
        return serializer.Deserialize<T>(input.ToMemory())
            ?? throw new InvalidDataException("The stored grain state is empty.");
    }

    /// <summary>
    /// The bytes of <paramref name="data"/> as one array without copying when it is exactly one (what
    /// <see cref="Serialize{T}"/> returns); otherwise a copy.
    /// </summary>
    public static byte[] ToExactArray(BinaryData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var memory = data.ToMemory();
        return System.Runtime.InteropServices.MemoryMarshal.TryGetArray(memory, out var segment)
            && segment.Offset == 0 && segment.Array is { } array && segment.Count == array.Length
            ? array
            : memory.ToArray();
    }
}
