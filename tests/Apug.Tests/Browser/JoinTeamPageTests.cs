using Apug.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The partner's laptop or phone joins the team from the team card's join code and QR link.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JoinTeamPageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Fact]
    public async Task ThePartnersPhoneJoinsByTheLinkOnceAndAThirdDeviceTypingTheUsedCodeIsToldWhy()
    {
        var laptop = await chromium.NewPageAsync(1366, 768);
        var team = await BrowserTeam.SignInAsync(server, laptop, "Shared Keyboard");
        await laptop.GotoAsync(server.Url("/"));
        await laptop.ClickAsync("#show-join-code");
        var code = await laptop.Locator("#join-code-shown").TextContentAsync() ?? "";
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        await Expect(laptop.Locator(".join-qr svg")).ToBeVisibleAsync();
        await Expect(laptop.Locator("#join-box .expires")).ToContainTextAsync("expires in 09:");
        var link = await laptop.Locator(".join-link").TextContentAsync() ?? "";
        Assert.Equal(server.Url($"/#/join/{code}"), link);
        Assert.DoesNotContain(team.Token, link);
        await Chromium.ScreenshotAsync(laptop, "participant-join-code");

        var phone = await chromium.NewPageAsync(390, 844);
        await phone.GotoAsync(link);
        await Expect(phone.Locator("#team .team-name")).ToHaveTextAsync("Shared Keyboard");
        await Expect(phone.Locator("h1")).ToHaveTextAsync("Challenges");
        Assert.EndsWith("/#/", phone.Url);
        var stored = await phone.EvaluateAsync<string>("JSON.parse(localStorage.getItem('apug.team')).token");
        Assert.NotEqual(team.Token, stored); // its own session, not the first laptop's token
        await Expect(phone.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");

        var third = await chromium.NewPageAsync(390, 844);
        await third.GotoAsync(server.Url("/"));
        await third.FillAsync("#join-code", code.ToLowerInvariant());
        await third.ClickAsync("#join button[type=submit]");
        await Expect(third.Locator("#join .problem")).ToContainTextAsync("unknown, used already or expired");
        Assert.True(await third.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
    }
}
