using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The organisers' page with no contest.yaml (practice mode): no clock buttons that could only fail.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPracticeModeTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new(settings: AdminClient.Settings);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task InPracticeModeTheClockButtonsAreOffWithAHintAndTheJoinAddressIsWarnedAbout(int width, int height)
    {
        var page = await chromium.NewPageAsync(width, height);
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        await page.GotoAsync(server.Url("/admin"));
        await page.FillAsync("#token", AdminClient.Token);
        await page.ClickAsync("text=Use token");
        await Expect(page.Locator("#app")).ToBeVisibleAsync();

        await Expect(page.Locator("#contest-hint")).ToContainTextAsync("contest.yaml");
        foreach (var selector in new[] { "[data-clock='start']", "[data-clock='end']", "#extend", "#reveal-next", "#reveal-auto" })
            await Expect(page.Locator(selector)).ToBeDisabledAsync();
        // The test server listens on 127.0.0.1 only.
        await Expect(page.Locator("#join-warning")).ToContainTextAsync("--urls http://0.0.0.0:5000");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the admin page scrolls sideways");
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await Chromium.ScreenshotAsync(page, $"admin-practice-{width}");
        Assert.DoesNotContain(errors, e => !e.Contains("favicon"));
    }
}
