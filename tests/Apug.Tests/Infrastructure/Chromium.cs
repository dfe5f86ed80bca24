using Microsoft.Playwright;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// One headless Debian Chromium per test class (starting it costs about a second; each test gets its own context,
/// so pages share nothing). Playwright for .NET drives it; it never downloads a browser of its own.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private readonly List<IBrowserContext> contexts = [];

    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
            Assert.Fail($"Browser tests need Debian's Chromium at {ExecutablePath}: apt-get install -y chromium");
        playwright = await Playwright.CreateAsync();
        browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // Playwright gives each launch a fresh temporary user data dir. Background networking would try
            // Google's hosts, which this machine's closed network refuses.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    /// <summary>A fresh context (own storage: localStorage starts empty) and page.</summary>
    public async Task<IPage> NewPageAsync(int width = 1280, int height = 900)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = width, Height = height } });
        lock (contexts) contexts.Add(context);
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // The browser's console and uncaught errors go to the test's output: a failing page test then says why.
        page.Console += (_, message) => Console.WriteLine($"[browser {message.Type}] {message.Text}");
        page.PageError += (_, error) => Console.WriteLine($"[browser error] {error}");
        page.Worker += (_, worker) => worker.Console += (_, message) => Console.WriteLine($"[worker {message.Type}] {message.Text}");
        return page;
    }

    /// <summary>Closes the pages of the test that ends, before its server stops (they would keep reconnecting).</summary>
    public async Task ClosePagesAsync()
    {
        IBrowserContext[] open;
        lock (contexts)
        {
            open = [.. contexts];
            contexts.Clear();
        }
        foreach (var context in open) await context.CloseAsync();
    }

    /// <summary>Saves a screenshot under test-output/screenshots/ at the repository root, to look at.</summary>
    public static async Task ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var directory = Path.Combine(TestPaths.RepoRoot, "test-output", "screenshots");
        Directory.CreateDirectory(directory);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(directory, name + ".png"), FullPage = fullPage });
    }

    public async Task DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
