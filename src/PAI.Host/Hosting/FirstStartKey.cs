namespace PAI.Host.Hosting;

/// <summary>What the first start did about the admin key, held in memory until the start-up banner shows it once.
/// Never logged: log pipelines ship to collectors, and this secret must not travel.</summary>
public sealed class FirstStartKey
{
    /// <summary>The key generated on this start, if one was.</summary>
    public string? Generated { get; private set; }

    /// <summary>Whether this start created the first key from <c>PAI_API_KEY</c>.</summary>
    public bool FromEnvironment { get; private set; }

    /// <summary>Records a key generated on this start.</summary>
    public void SetGenerated(string key) => Generated = key;

    /// <summary>Records that the first key came from <c>PAI_API_KEY</c>.</summary>
    public void SetFromEnvironment() => FromEnvironment = true;

    /// <summary>Forgets the generated key once it has been shown.</summary>
    public void Forget() => Generated = null;
}
