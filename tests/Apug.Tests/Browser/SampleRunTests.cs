using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>
/// Running the samples in the browser with Pyodide, loaded from the server itself. Pyodide's cold start is 7–17 s
/// on this machine (and again after a stopped run), hence the long waits.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class SampleRunTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions PythonLoads = new() { Timeout = 120_000 };
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    private async Task<IPage> OpenHelloPugAsync()
    {
        var page = await chromium.NewPageAsync();
        await BrowserTeam.SignInAsync(server, page, "Samplers");
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Hello, PUG!");
        return page;
    }

    private static async Task RunSamplesAsync(IPage page, string source)
    {
        await page.Locator(".cm-content").FillAsync(source);
        await page.ClickAsync("#run-samples");
        await Expect(page.Locator("#run-samples")).ToBeEnabledAsync(new() { Timeout = 120_000 });
    }

    [Fact]
    public async Task TheBrowsersPythonHasTheSandboxsMinorVersionAndThePageSaysWhichItIs()
    {
        var page = await OpenHelloPugAsync();
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);
        var chip = await page.Locator("#python-state").TextContentAsync() ?? "";
        var browser = System.Text.RegularExpressions.Regex.Match(chip, @"^Python (\d+\.\d+)\.\d+ ready$");
        Assert.True(browser.Success, $"the chip says '{chip}'");

        // The judge's Python, asked in its own image (no network, thrown away).
        var docker = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("docker",
            ["run", "--rm", "--network", "none", new Apug.Server.Sandbox.SandboxOptions().PythonImage, "python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"])
        { RedirectStandardOutput = true })!;
        var sandbox = (await docker.StandardOutput.ReadToEndAsync()).Trim();
        await docker.WaitForExitAsync();
        Assert.Equal(sandbox, browser.Groups[1].Value);

        await RunSamplesAsync(page, "import sys\nprint(sys.version)\n");
        await Expect(page.Locator("#sample-results .muted.small").First).ToContainTextAsync($"Python {sandbox}.");
    }

    [Fact]
    public async Task TheSamplesRunInTheBrowserAndShowPassOrFailWithTheOutput()
    {
        var page = await OpenHelloPugAsync();
        var foreign = BrowserTeam.RecordForeignRequests(page, server);
        await Expect(page.Locator("#python-state")).ToHaveTextAsync("Python is loading…");
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);

        await RunSamplesAsync(page, "name = input().strip()\nprint(f\"Hello, {name}!\")\n");
        await Expect(page.Locator(".sample-result[data-outcome=pass]")).ToHaveCountAsync(2);
        await Expect(page.Locator(".sample-result").First).ToContainTextAsync("Hello, Ada!");

        await RunSamplesAsync(page, "print('Hello', input())\n");
        await Expect(page.Locator(".sample-result[data-outcome=fail]")).ToHaveCountAsync(2);
        await Expect(page.Locator(".sample-result").First).ToContainTextAsync("different output");
        await Expect(page.Locator(".sample-result").First.Locator(".output")).ToHaveTextAsync("Hello Ada\n");

        await RunSamplesAsync(page, "print(int(input()))\n");
        await Expect(page.Locator(".sample-result[data-outcome=fail]")).ToHaveCountAsync(2);
        await Expect(page.Locator(".sample-result .stderr").First).ToContainTextAsync("ValueError: invalid literal for int()");
        await Expect(page.Locator(".sample-result .stderr").First).ToContainTextAsync("File \"solution.py\", line 1");
        await Chromium.ScreenshotAsync(page, "participant-samples-error");

        Assert.Empty(foreign);
    }

    [Fact]
    public async Task AnEndlessLoopIsStoppedByTheTimeLimitAndPythonComesBack()
    {
        var page = await OpenHelloPugAsync();
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);

        // Typed through the upload button this time: the file replaces the editor's text.
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "loop.py", MimeType = "text/x-python", Buffer = "while True:\n    pass\n"u8.ToArray() });
        await Expect(page.Locator(".cm-content")).ToContainTextAsync("while True:");
        await page.ClickAsync("#run-samples");
        // hello-pug's limit is 1 s; the browser allows 3 s.
        await Expect(page.Locator(".sample-result").First).ToContainTextAsync("stopped after 3 s", new() { Timeout = 60_000 });
        await Expect(page.Locator(".sample-result").Nth(1)).ToContainTextAsync("not run");
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "loading");
        await Chromium.ScreenshotAsync(page, "participant-samples-endless-loop");

        // A fresh worker loads in the background; the next run works.
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("data-state", "ready", PythonLoads);
        await RunSamplesAsync(page, "import sys\nname = sys.stdin.buffer.read().decode().strip()\nprint(f\"Hello, {name}!\")\n");
        await Expect(page.Locator(".sample-result[data-outcome=pass]")).ToHaveCountAsync(2);
    }

    [Fact]
    public async Task WhenPythonCannotLoadThePageSaysSoAndSubmittingStillWorks()
    {
        var page = await chromium.NewPageAsync();
        await page.Context.RouteAsync("**/pyodide.asm.wasm", route => route.AbortAsync());
        await BrowserTeam.SignInAsync(server, page, "Offliners");
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator("#python-state")).ToHaveTextAsync("Python unavailable", new() { Timeout = 30_000 });
        await Expect(page.Locator("#python-state")).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("pyodide.asm.wasm cannot be fetched"));
        await Expect(page.Locator("#run-samples")).ToBeDisabledAsync();
        await Expect(page.Locator("#submit")).ToBeEnabledAsync();
    }
}
