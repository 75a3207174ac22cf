namespace PAI.Bench.Cluster;

/// <summary>Hangfire's no-op job, the peer of PAI's <c>echo</c> step.</summary>
public static class NoopJob
{
    /// <summary>Does nothing.</summary>
    public static void Run()
    {
    }
}
