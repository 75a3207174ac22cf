namespace PAI.Models.Agents;

/// <summary>The agent grain's stored state: today's token total (slots are leases held in memory and renewed).</summary>
[GenerateSerializer]
public sealed class AgentGrainState
{
    /// <summary>The UTC day <see cref="Tokens"/> counts.</summary>
    [Id(0)] public DateOnly Day { get; set; }

    /// <summary>Tokens used on <see cref="Day"/>.</summary>
    [Id(1)] public long Tokens { get; set; }
}
