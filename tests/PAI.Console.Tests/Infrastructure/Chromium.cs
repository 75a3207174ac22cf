namespace PAI.Console.Tests.Infrastructure;

/// <summary>Where Debian's Chromium is, and the flags it needs on these machines.</summary>
public static class Chromium
{
    /// <summary>Debian's package installs it here; <c>PAI_CHROMIUM</c> overrides.</summary>
    public static string ExecutablePath => Environment.GetEnvironmentVariable("PAI_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>True when the browser is installed.</summary>
    public static bool Available => File.Exists(ExecutablePath);

    /// <summary>Set by .ci/run (<c>PAI_CHROMIUM_REQUIRED=1</c>) once Chromium is installed and starts headless there:
    /// then a missing browser, or one that does not start, fails the tests instead of skipping them.</summary>
    public static bool Required => Environment.GetEnvironmentVariable("PAI_CHROMIUM_REQUIRED") == "1";

    /// <summary>Why the browser tests are skipped, or null when they run: .ci/run's reason (<c>PAI_CHROMIUM_SKIP</c>:
    /// Chromium could not be installed, or does not start on that machine), else a missing browser (unless required).</summary>
    public static string? SkipReason =>
        Required ? null
        : Environment.GetEnvironmentVariable("PAI_CHROMIUM_SKIP") is { Length: > 0 } reason ? "browser tests skipped: " + reason
        : Available ? null
        : MissingReason;

    /// <summary>What a missing browser means.</summary>
    public const string MissingReason =
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
