using Microsoft.Playwright;

namespace Omnichat.Blazor.Tests.E2E;

/// <summary>One headless Debian chromium for all end-to-end tests; each simulated person gets a new context.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? playwright;
    public IBrowser Browser { get; private set; } = null!;

    public static string ScreenshotDirectory { get; } =
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        // Two cores run the app, the browser and the tests: give what people would see a little longer to appear.
        Assertions.SetDefaultExpectTimeout(15_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            // Browser downloads are impossible here: test.sh installs Debian's chromium instead.
            ExecutablePath = Environment.GetEnvironmentVariable("OMNICHAT_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        playwright?.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<BrowserFixture>
{
    // Browsers on a 2-core machine: end-to-end classes run one after another.
    public const string Name = "End to end";
}
