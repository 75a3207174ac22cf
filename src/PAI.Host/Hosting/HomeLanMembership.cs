using Orleans.Configuration;

namespace PAI.Host.Hosting;

/// <summary>
/// PAI's membership defaults for a home LAN (a few machines on one switch, round trips well under 1 ms), tighter than
/// Orleans' data-centre defaults so a lost silo is declared dead, and its goals resumed elsewhere, within seconds.
/// Every value can be overridden under <c>Orleans:Membership</c> (e.g. <c>Orleans__Membership__ProbeTimeout=00:00:05</c>).
/// </summary>
/// <remarks>
/// The trade-off: a silo that stalls longer than about ProbeTimeout × NumMissedProbesLimit (a long GC pause, a
/// saturated Wi-Fi link, a laptop lid closed) is declared dead and must restart, and its grains move; its later writes
/// are refused by the ETag check. On Wi-Fi or a busy network, raise ProbeTimeout to 2–5 s.
/// </remarks>
public static class HomeLanMembership
{
    /// <summary>Per-probe timeout (Orleans: 5 s).</summary>
    public static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Missed probes before a silo suspects its peer (Orleans: 3).</summary>
    public const int NumMissedProbesLimit = 3;

    /// <summary>Suspicions needed to declare death; Orleans caps it by the number of live silos that can vote (Orleans: 2).</summary>
    public const int NumVotesForDeathDeclaration = 2;

    /// <summary>How long a suspicion vote counts (Orleans: 2 min).</summary>
    public static readonly TimeSpan DeathVoteExpirationTimeout = TimeSpan.FromSeconds(20);

    /// <summary>How often each silo re-reads the membership table besides gossip (Orleans: 60 s).</summary>
    public static readonly TimeSpan TableRefreshTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How often a silo writes its I-am-alive time (Orleans: 30 s).</summary>
    public static readonly TimeSpan IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Applies these defaults.</summary>
    public static void Apply(ClusterMembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.ProbeTimeout = ProbeTimeout;
        options.NumMissedProbesLimit = NumMissedProbesLimit;
        options.NumVotesForDeathDeclaration = NumVotesForDeathDeclaration;
        options.DeathVoteExpirationTimeout = DeathVoteExpirationTimeout;
        options.TableRefreshTimeout = TableRefreshTimeout;
        options.IAmAliveTablePublishTimeout = IAmAliveTablePublishTimeout;
    }
}
