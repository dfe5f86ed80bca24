using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The projector opened on the server machine (127.0.0.1): its join QR must not point phones at 127.0.0.1.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ProjectorJoinAddressTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => chromium.ClosePagesAsync();

    [Fact]
    public async Task OnAServerListeningOnTheLanTheQrCarriesTheMachinesLanAddress()
    {
        using var server = new KestrelServer(listen: IPAddress.Any);
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };
        var contest = await client.GetFromJsonAsync<JsonElement>("/api/contest");
        var lanUrls = contest.GetProperty("lanUrls").EnumerateArray().Select(u => u.GetString()!).ToList();
        Assert.NotEmpty(lanUrls); // this machine has a LAN address (eth0)
        Assert.All(lanUrls, url => Assert.DoesNotContain("127.0.0.1", url));
        Assert.All(lanUrls, url => Assert.EndsWith($":{server.Port}", url));

        var page = await chromium.NewPageAsync(1920, 1080);
        await page.GotoAsync(server.Url("/projector/"));
        await Expect(page.Locator("#join-url")).ToHaveTextAsync(lanUrls[0].Replace("http://", ""));
        await Expect(page.Locator("#join-warning")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task OnAServerListeningOnLoopbackOnlyTheProjectorWarnsThatPhonesCannotJoin()
    {
        using var server = new KestrelServer();
        var page = await chromium.NewPageAsync(1024, 768);
        await page.GotoAsync(server.Url("/projector/"));
        await Expect(page.Locator("#join-warning")).ToContainTextAsync("phones cannot join");
        await Expect(page.Locator("#join-warning")).ToContainTextAsync("--urls http://0.0.0.0:5000");
        await Chromium.ScreenshotAsync(page, "projector-loopback-warning", fullPage: false);
    }
}
