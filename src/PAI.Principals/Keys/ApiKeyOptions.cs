namespace PAI.Principals.Keys;

/// <summary>Options of the API key grains (<c>Pai:Keys</c>).</summary>
public sealed class ApiKeyOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Keys";

    /// <summary>
    /// How often a key's last-used time is written to the store while the key is in use (and once more when its grain
    /// deactivates). Requests in between cost no write; a crash loses at most this much last-used history.
    /// </summary>
    public TimeSpan LastUsedFlushInterval { get; set; } = TimeSpan.FromMinutes(1);
}
