using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>Registering a team on the participant page, in headless Chromium against the real server.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RegistrationPageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Fact]
    public async Task ATeamRegistersSeesTheChallengesAndIsRememberedAfterAReload()
    {
        var page = await chromium.NewPageAsync();
        await page.GotoAsync(server.Url("/"));
        await page.FillAsync("#team-name", "Tabs not Spaces");
        await page.Locator("input.member").Nth(0).FillAsync("Ada");
        await page.Locator("input.member").Nth(1).FillAsync("Grace");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Challenges");
        var bundled = Directory.GetDirectories(TestPaths.BundledChallenges).Count(d => File.Exists(Path.Combine(d, "problem.yaml")));
        await Expect(page.Locator("[data-challenge]")).ToHaveCountAsync(bundled);
        await Expect(page.Locator("[data-challenge='hello-pug']")).ToContainTextAsync("Not tried");
        await Expect(page.Locator("#team")).ToHaveTextAsync("Tabs not Spaces");
        await Chromium.ScreenshotAsync(page, "participant-challenges");

        await page.ReloadAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Challenges");
        await Expect(page.Locator("#team")).ToHaveTextAsync("Tabs not Spaces");
        var token = await page.EvaluateAsync<string>("JSON.parse(localStorage.getItem('apug.team')).token");
        Assert.False(string.IsNullOrEmpty(token));
    }

    [Fact]
    public async Task TheServersProblemMessageIsShownAsItIsWhenTheNameIsTaken()
    {
        await server.Factory.CreateTeamClientAsync("Duplicates");
        var page = await chromium.NewPageAsync(width: 390, height: 844);
        await page.GotoAsync(server.Url("/"));
        await page.FillAsync("#team-name", "Duplicates");
        await page.Locator("input.member").Nth(0).FillAsync("Linus");
        await page.ClickAsync("button[type=submit]");

        await Expect(page.Locator(".problem")).ToHaveTextAsync("A team called 'Duplicates' already exists; pick another name.");
        await Chromium.ScreenshotAsync(page, "participant-register-phone");
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('apug.team')"));
    }
}
