namespace PAI.Host.Tests;

/// <summary>A test that needs Debian's Chromium (<c>/usr/bin/chromium</c>): skipped, saying why, where it is not
/// installed, except in CI (<c>CI=true</c>), where its absence fails the test.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> when the browser is missing outside CI.</summary>
    public ChromiumFactAttribute()
    {
        if (!File.Exists("/usr/bin/chromium") && !string.Equals(System.Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Skip = "Chromium is not installed (/usr/bin/chromium): apt-get install -y chromium to run the blog-post tests";
        }
    }
}
