namespace PAI.Memory.Memories.Index;

/// <summary>A query vector in the index's int8 form, with its float original for exact rescoring.</summary>
internal sealed class QuantizedQuery
{
    /// <summary>Quantizes a unit query vector.</summary>
    public QuantizedQuery(float[] vector)
    {
        ArgumentNullException.ThrowIfNull(vector);
        Vector = vector;
        Codes = new sbyte[vector.Length];
        Scale = Int8Vectors.Quantize(vector, Codes);
    }

    /// <summary>The original vector.</summary>
    public float[] Vector { get; }

    /// <summary>The int8 codes.</summary>
    public sbyte[] Codes { get; }

    /// <summary>The quantization scale.</summary>
    public float Scale { get; }
}
