namespace PAI.Browser;

/// <summary>Settings of <c>browser.check</c> (configuration section <c>Pai:Browser</c>).</summary>
public sealed class BrowserOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Pai:Browser";

    /// <summary>The Chromium to drive (Debian's package by default; Playwright's own download cannot work offline).</summary>
    public string ExecutablePath { get; set; } = "/usr/bin/chromium";

    /// <summary>Flags for a headless Chromium on a server: no sandbox (it may run as root), no GPU, no background
    /// network traffic of its own.</summary>
    public List<string> Arguments { get; set; } =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    ];

    /// <summary>How long one check may take in all (launch, load, checks, screenshot) when the call names no timeout.</summary>
    public TimeSpan DefaultTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The viewport width of the screenshot.</summary>
    public int ViewportWidth { get; set; } = 1280;

    /// <summary>The viewport height of the screenshot.</summary>
    public int ViewportHeight { get; set; } = 800;
}
