using Microsoft.Playwright;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Console.Tests.Infrastructure;

/// <summary>
/// One real PAI host (a separate process, SQLite in a temp folder, two logical GPUs, <c>sleep</c> allowed for
/// <c>gpu.run</c> by the agent <see cref="GpuAgent"/>) and one headless Chromium, shared by every browser test. Each test opens its own browser context
/// (fresh storage) through <see cref="OpenAsync"/>.
/// </summary>
public sealed class ConsoleHost : IAsyncLifetime
{
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private PaiProcess? _host;

    /// <summary>The running host.</summary>
    public PaiProcess Host => _host ?? throw new InvalidOperationException("not started");

    /// <summary>The host's root URL.</summary>
    public string BaseUrl => Host.Client.BaseAddress!.ToString().TrimEnd('/');

    /// <summary>Where screenshots go: under the test output folder, kept as artefacts.</summary>
    public static string ScreenshotDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        if (!Chromium.Available)
        {
            throw new InvalidOperationException(Chromium.MissingReason + " (required: .ci/run saw it start)");
        }

        Directory.CreateDirectory(ScreenshotDirectory);

        // Generous, for a loaded two-core machine: an expectation waits for the page, never for a clock.
        Assertions.SetDefaultExpectTimeout(15_000);
        _host = await PaiProcess.StartNewAsync(new Dictionary<string, string>
        {
            ["Pai__Gpus__Discover"] = "false",
            ["Pai__Gpus__Devices__0__Name"] = "logical-a100",
            ["Pai__Gpus__Devices__0__MemoryMiB"] = "81920",
            ["Pai__Gpus__Devices__1__Name"] = "logical-4090",
            ["Pai__Gpus__Devices__1__MemoryMiB"] = "24576",
            ["Pai__Gpus__AllowedCommands__0"] = "sleep",
        }, SeedAgentsAsync);
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Arguments,
            Timeout = 60_000,
        });
    }

    /// <summary>The agent GPU jobs run as: the built-in default agent may not call <c>gpu.run</c>.</summary>
    public const string GpuAgent = "trainer";

    private static async Task SeedAgentsAsync(string dataDirectory)
    {
        var agents = Directory.CreateDirectory(Path.Combine(dataDirectory, "agents"));
        await File.WriteAllTextAsync(Path.Combine(agents.FullName, GpuAgent + ".yaml"), $"name: {GpuAgent}\ntools: [gpu.run, echo]\n");
    }

    /// <summary>A new page in a fresh context (no stored key), watching for console errors; on this host, or on
    /// <paramref name="other"/> (a host with a model, say).</summary>
    public async Task<ConsolePage> OpenAsync(int width = 1400, int height = 900, PaiProcess? other = null)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = other is null ? BaseUrl : other.Client.BaseAddress!.ToString().TrimEnd('/'),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            DeviceScaleFactor = 1,
        });
        context.SetDefaultTimeout(30_000);
        return new ConsolePage(context, await context.NewPageAsync(), other ?? Host);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
