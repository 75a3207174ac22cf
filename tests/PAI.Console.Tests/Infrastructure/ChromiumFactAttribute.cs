namespace PAI.Console.Tests.Infrastructure;

/// <summary>A test that needs Debian's Chromium: skipped, saying why, where it is not installed, except in CI, where
/// .ci/run installs it and its absence fails the tests.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser is missing.</summary>
    public ChromiumFactAttribute()
    {
        if (!Chromium.Available && !Chromium.Required)
        {
            Skip = Chromium.SkipReason;
        }
    }
}
