namespace PAI.Console.Tests.Infrastructure;

/// <summary>A test that needs Debian's Chromium: skipped, saying why, where it is not installed or where .ci/run found it
/// cannot be installed or started (an environmental reason it prints); required, never skipped, once .ci/run has seen it
/// start (see <see cref="Chromium"/>).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser cannot be used.</summary>
    public ChromiumFactAttribute()
    {
        if (Chromium.SkipReason is { } reason)
        {
            Skip = reason;
        }
    }
}
