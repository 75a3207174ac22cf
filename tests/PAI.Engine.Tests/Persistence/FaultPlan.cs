namespace PAI.Engine.Tests.Persistence;

/// <summary>
/// Which writes of one goal's grains fail and how, and what the store saw. Selection: the writes numbered
/// <see cref="FailFrom"/> to <see cref="FailFrom"/> + <see cref="FailCount"/> - 1, every <see cref="EveryNth"/>th
/// write, or each write with <see cref="Probability"/> (seeded). Writes are numbered from 1 among those that match
/// <see cref="GrainType"/>.
/// </summary>
public sealed class FaultPlan
{
    private readonly Lock _gate = new();
    private readonly HashSet<GrainId> _awaitingReload = [];
    private Random? _random;
    private int _writes;

    /// <summary>What a fault does.</summary>
    public FaultKind Kind { get; init; } = FaultKind.BeforeCommit;

    /// <summary>Only grains of this type (<c>goal</c>, <c>steprun</c>) get faults; null for all.</summary>
    public string? GrainType { get; init; }

    /// <summary>Every Nth matching write fails; 0 for none.</summary>
    public int EveryNth { get; init; }

    /// <summary>The first write of a run of consecutive failures; 0 for none.</summary>
    public int FailFrom { get; init; }

    /// <summary>How many consecutive writes fail from <see cref="FailFrom"/>.</summary>
    public int FailCount { get; init; }

    /// <summary>The chance that a matching write fails.</summary>
    public double Probability { get; init; }

    /// <summary>Seed of the random choices.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Matching writes seen.</summary>
    public int Writes { get { lock (_gate) { return _writes; } } }

    /// <summary>Writes that threw before committing.</summary>
    public int FailedBeforeCommit { get; private set; }

    /// <summary>Writes that committed and then threw.</summary>
    public int FailedAfterCommit { get; private set; }

    /// <summary>Reads of a grain's state after a fault on that grain and before its next successful write: reloads.</summary>
    public int ReloadsAfterFault { get; private set; }

    /// <summary>Decides the fate of the next write of the grain.</summary>
    public FaultKind? NextWrite(GrainId grainId)
    {
        lock (_gate)
        {
            if (GrainType is not null && grainId.Type.ToString() != GrainType)
            {
                return null;
            }

            var n = ++_writes;
            _random ??= new Random(Seed);
            var fail = (EveryNth > 0 && n % EveryNth == 0)
                || (FailFrom > 0 && n >= FailFrom && n < FailFrom + FailCount)
                || (Probability > 0 && _random.NextDouble() < Probability);
            if (!fail)
            {
                return null;
            }

            var kind = Kind == FaultKind.Either ? (_random.Next(2) == 0 ? FaultKind.BeforeCommit : FaultKind.AfterCommit) : Kind;
            if (kind == FaultKind.BeforeCommit)
            {
                FailedBeforeCommit++;
            }
            else
            {
                FailedAfterCommit++;
            }

            _awaitingReload.Add(grainId);
            return kind;
        }
    }

    /// <summary>Counts a read; a read of a grain that just had a fault is a reload.</summary>
    public void OnRead(GrainId grainId)
    {
        lock (_gate)
        {
            if (_awaitingReload.Remove(grainId))
            {
                ReloadsAfterFault++;
            }
        }
    }
}
