using Apug.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The Wi-Fi drops and comes back: the page draws itself again without a reload.</summary>
[Collection(BrowserCollection.Name)]
public sealed class NetworkRecoveryTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task AViewThatFailedWhileOfflineLoadsByItselfOnceTheNetworkIsBack(int width, int height)
    {
        var page = await chromium.NewPageAsync(width, height);
        await BrowserTeam.SignInAsync(server, page, $"Wobbly Wi-Fi {width}");
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await page.EvaluateAsync("window.notReloaded = true");

        await page.Context.SetOfflineAsync(true);
        await page.ClickAsync("text=← All challenges");
        await Expect(page.Locator(".challenges .problem")).ToContainTextAsync("The judge server cannot be reached");

        await page.Context.SetOfflineAsync(false);
        await Expect(page.Locator("[data-challenge='hello-pug']")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator(".problem")).ToHaveCountAsync(0);
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        Assert.True(await page.EvaluateAsync<bool>("window.notReloaded === true"), "the page was reloaded");
    }
}
