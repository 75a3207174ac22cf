namespace PAI.Principals.Quotas;

/// <summary>What a principal's quota grain stores: its model token count by hour (the admissions are memory only).</summary>
[GenerateSerializer]
public sealed class PrincipalQuotaState
{
    /// <summary>The hours still counting, oldest first (<see cref="ModelTokenWindow"/>).</summary>
    [Id(0)] public List<TokenBucket> Tokens { get; set; } = [];
}
