using System.Numerics.Tensors;
using PAI.Memory.Memories.Index;

namespace PAI.Memory.Tests.Memories.Index;

public sealed class Int8VectorsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(33)]
    [InlineData(384)]
    [InlineData(1000)]
    public void Dot_AnyLength_EqualsTheScalarSum(int length)
    {
        var random = new Random(length);
        var a = new sbyte[length];
        var b = new sbyte[length];
        for (var i = 0; i < length; i++)
        {
            a[i] = (sbyte)random.Next(-127, 128);
            b[i] = (sbyte)random.Next(-127, 128);
        }

        var expected = 0;
        for (var i = 0; i < length; i++)
        {
            expected += a[i] * b[i];
        }

        Assert.Equal(expected, Int8Vectors.Dot(a, b));
    }

    [Fact]
    public void Quantize_UnitVectors_KeepCosineWithinAThousandth()
    {
        var random = new Random(7);
        for (var trial = 0; trial < 200; trial++)
        {
            var x = UnitVector(random, 384);
            var y = UnitVector(random, 384);
            var cx = new sbyte[384];
            var cy = new sbyte[384];
            var sx = Int8Vectors.Quantize(x, cx);
            var sy = Int8Vectors.Quantize(y, cy);

            var approximate = sx * sy * Int8Vectors.Dot(cx, cy);

            Assert.InRange(approximate - TensorPrimitives.Dot(x, y), -1e-3, 1e-3);
        }
    }

    [Fact]
    public void Quantize_ZeroVector_GivesZeroScaleAndCodes()
    {
        var codes = new sbyte[4];

        Assert.Equal(0f, Int8Vectors.Quantize(new float[4], codes));
        Assert.All(codes, c => Assert.Equal(0, c));
    }

    internal static float[] UnitVector(Random random, int dimensions)
    {
        var v = new float[dimensions];
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = (float)(random.NextDouble() * 2 - 1);
        }

        TensorPrimitives.Divide(v, TensorPrimitives.Norm(v), v);
        return v;
    }
}
