namespace PAI.Browser.Tests;

/// <summary>A test that needs Debian's Chromium: skipped, saying why, where it is not installed, except in CI
/// (<c>CI=true</c>), where its absence fails the test.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Where the browser is (<c>PAI_CHROMIUM</c> overrides).</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PAI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser is missing outside CI.</summary>
    public ChromiumFactAttribute()
    {
        if (!File.Exists(ExecutablePath) && !string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Chromium is not installed (/usr/bin/chromium): apt-get install -y chromium to run the browser tests";
        }
    }
}
