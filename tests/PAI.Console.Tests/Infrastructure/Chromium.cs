namespace PAI.Console.Tests.Infrastructure;

/// <summary>Where Debian's Chromium is, and the flags it needs on these machines.</summary>
public static class Chromium
{
    /// <summary>Debian's package installs it here; <c>PAI_CHROMIUM</c> overrides.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PAI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>True when the browser is installed.</summary>
    public static bool Available => File.Exists(ExecutablePath);

    /// <summary>In CI (<c>CI=true</c>, which .ci/run runs under after installing Chromium) a missing browser is a
    /// failure, not a skip.</summary>
    public static bool Required => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>Why the browser tests are skipped, when they are.</summary>
    public const string SkipReason =
        "Chromium is not installed (/usr/bin/chromium): apt-get install -y chromium to run the browser tests (.ci/run installs it)";

    /// <summary>Running as root needs --no-sandbox; the rest keep Chromium off the network (these machines have none)
    /// and off the GPU.</summary>
    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
        "--disable-extensions", "--mute-audio", "--hide-scrollbars",
    ];
}
