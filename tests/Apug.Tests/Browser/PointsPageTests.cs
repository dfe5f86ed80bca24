using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>A scoring challenge's points on the participant page: on the verdict, per test group, in the list, on the team card.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PointsPageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Fact]
    public async Task APartialSolutionShowsItsPointsOnTheVerdictPerGroupInTheListAndOnTheTeamCard()
    {
        var page = await chromium.NewPageAsync(1366, 768);
        var team = await BrowserTeam.SignInAsync(server, page, "Half Marks");
        await page.GotoAsync(server.Url("/#/challenge/sticker-swap"));
        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();
        // Quadratic: fast enough for groups 1 and 2 (20 + 30 points), too slow for group 3's 50 000 prices.
        var slow = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "challenges/sticker-swap/submissions/time_limit_exceeded/every_pair.py"));
        await page.Locator(".cm-content").FillAsync(slow);
        await page.ClickAsync("#submit");
        var submission = page.Locator(".submission").First;
        await Expect(submission).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 180_000 });

        await Expect(submission.Locator("summary .points")).ToHaveTextAsync("50 / 100 points");
        await Expect(submission.Locator("summary .points")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("partial"));
        var groups = submission.Locator("table.groups tbody tr");
        await Expect(groups).ToHaveCountAsync(3);
        await Expect(groups.Nth(0)).ToContainTextAsync("group1");
        await Expect(groups.Nth(0)).ToContainTextAsync("20 / 20 points");
        await Expect(groups.Nth(1)).ToContainTextAsync("30 / 30 points");
        await Expect(groups.Nth(2)).ToContainTextAsync("0 / 50 points");

        await page.ClickAsync("text=← All challenges");
        await Expect(page.Locator("[data-challenge='sticker-swap'] .badge")).ToHaveTextAsync("50 / 100 points");
        await Expect(page.Locator("[data-challenge='hello-pug'] .badge")).ToHaveTextAsync("Not tried");
        await Expect(page.Locator(".team-card .standing")).ToHaveTextAsync("0 of 5 solved · 50 points on scoring challenges");

        // The same team on a phone: the same points, nothing wider than the screen.
        var phone = await chromium.NewPageAsync(390, 844);
        await BrowserTeam.UseTeamAsync(phone, team);
        await phone.GotoAsync(server.Url("/"));
        await Expect(phone.Locator("[data-challenge='sticker-swap'] .badge")).ToHaveTextAsync("50 / 100 points");
        await phone.GotoAsync(server.Url("/#/challenge/sticker-swap"));
        await phone.Locator(".submission summary").First.ClickAsync();
        await Expect(phone.Locator(".submission table.groups tbody tr")).ToHaveCountAsync(3);
        Assert.True(await phone.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(phone, "participant-points-phone");
    }
}
