using System.Diagnostics.CodeAnalysis;
using Microsoft.AspNetCore.Http.HttpResults;

namespace PAI.Host.Apis.Json;

/// <summary>The outcome of <see cref="StrictJsonBody.ReadAsync{T}"/>: the value and the body's bytes, or the problem to answer.</summary>
/// <typeparam name="T">The request type.</typeparam>
public sealed class StrictJsonRead<T>
    where T : class
{
    private StrictJsonRead(T? value, ReadOnlyMemory<byte> body, ProblemHttpResult? problem)
    {
        Value = value;
        Body = body;
        Problem = problem;
    }

    /// <summary>The request, when it was read.</summary>
    public T? Value { get; }

    /// <summary>The body exactly as it arrived (for digests).</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>What to answer instead, when it was not.</summary>
    public ProblemHttpResult? Problem { get; }

    /// <summary>True when <see cref="Value"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Value))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool Succeeded => Problem is null;

    internal static StrictJsonRead<T> Read(T value, ReadOnlyMemory<byte> body) => new(value, body, null);

    internal static StrictJsonRead<T> Refused(ProblemHttpResult problem) => new(null, default, problem);
}
