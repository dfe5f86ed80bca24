using Apug.Server.Judging;
using Apug.Tests.Infrastructure;
using Apug.Tests.ScaleOut;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>Submitting from the participant page and following the verdict, judged by the real Docker sandbox.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SubmissionPageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LocatorAssertionsToHaveAttributeOptions Judged = new() { Timeout = 120_000 };
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    private async Task<IPage> OpenHelloPugAsync(string team, int width = 1280)
    {
        var page = await chromium.NewPageAsync(width, 900);
        await BrowserTeam.SignInAsync(server, page, team);
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator("h1")).ToContainTextAsync("Hello, PUG!");
        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();
        return page;
    }

    private static async Task<ILocator> SubmitAsync(IPage page, string source, int expectedCount)
    {
        await page.Locator(".cm-content").FillAsync(source);
        await page.ClickAsync("#submit");
        await Expect(page.Locator(".submission")).ToHaveCountAsync(expectedCount);
        var newest = page.Locator(".submission").First;
        await Expect(newest).ToHaveAttributeAsync("data-status", "judged", Judged);
        return newest;
    }

    [Fact]
    public async Task AnAcceptedSubmissionAppearsWithItsVerdictAndTheChallengeCountsAsSolved()
    {
        var page = await OpenHelloPugAsync("Accepters");
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        var submission = await SubmitAsync(page, "name = input().strip()\nprint(f\"Hello, {name}!\")\n", 1);

        await Expect(submission).ToHaveAttributeAsync("data-verdict", "AC");
        await Expect(submission.Locator(".explain")).ToContainTextAsync("right answer on every test");
        await Expect(submission.Locator(".tests tbody tr")).ToHaveCountAsync(10);
        await Expect(submission.Locator(".dot.v-AC")).ToHaveCountAsync(10);
        await Chromium.ScreenshotAsync(page, "participant-submission-accepted");

        await page.ClickAsync("text=← All challenges");
        await Expect(page.Locator("[data-challenge='hello-pug']")).ToContainTextAsync("Solved ✓");
    }

    [Fact]
    public async Task ARejudgedSubmissionDropsItsOldVerdictOnThePageWhileItWaits()
    {
        var page = await OpenHelloPugAsync("Rejudged Pugs");
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        var submission = await SubmitAsync(page, "print('Hello, world!')\n", 1);
        await Expect(submission).ToHaveAttributeAsync("data-verdict", "WA");
        var id = Guid.Parse((await submission.GetAttributeAsync("data-submission"))!);

        await Instances.StopJudgingAsync(server.Factory); // it stays queued, so the page shows the waiting state
        Assert.Single(await server.Service<JudgeQueue>().RejudgeAsync(id, null, null, CancellationToken.None));

        await Expect(submission).ToHaveAttributeAsync("data-status", "queued");
        await Expect(submission).ToHaveAttributeAsync("data-verdict", "");
        await Expect(submission.Locator(".verdict")).ToHaveTextAsync("queued");
        await Expect(submission.Locator(".explain")).ToHaveCountAsync(0);
        await Expect(submission.Locator(".dot")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ARunTimeErrorOnASampleShowsItsTracebackAndAWrongAnswerShowsTheDifference()
    {
        var page = await OpenHelloPugAsync("Crashers");
        var crash = await SubmitAsync(page, "ticket = int(input())\nprint(f\"Hello, {ticket}!\")\n", 1);
        await Expect(crash).ToHaveAttributeAsync("data-verdict", "RTE");
        await Expect(crash.Locator(".explain")).ToContainTextAsync("stopped with an error");
        await Expect(crash.Locator(".sample-detail .stderr").First).ToContainTextAsync("ValueError: invalid literal for int()");

        var wrong = await SubmitAsync(page, "name = input().strip()\nprint(f\"Hello {name}!\")\n", 2);
        await Expect(wrong).ToHaveAttributeAsync("data-verdict", "WA");
        await Expect(wrong.Locator(".explain")).ToContainTextAsync("Check the exact format");
        var firstDiff = wrong.Locator(".diff tr.differs").First;
        await Expect(firstDiff).ToContainTextAsync("Hello, Ada!");
        await Expect(firstDiff).ToContainTextAsync("Hello Ada!");
        await Chromium.ScreenshotAsync(page, "participant-submission-wrong-answer");
    }

    [Fact]
    public async Task TheHubsTeamEventsAloneDrawTheProgressAndTheVerdict()
    {
        var page = await chromium.NewPageAsync();
        await BrowserTeam.SignInAsync(server, page, "Listeners");
        // No submission details over HTTP: what the page shows can only come from TestFinished and SubmissionJudged.
        await page.Context.RouteAsync("**/api/submissions/*", route => route.AbortAsync());
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();

        await page.Locator(".cm-content").FillAsync("name = input().strip()\nprint(f\"Hello {name}!\")\n");
        await page.ClickAsync("#submit");
        var submission = page.Locator(".submission").First;
        await Expect(submission).ToHaveAttributeAsync("data-verdict", "WA", new() { Timeout = 120_000 });
        // The judge stops at the first failing test: one red dot, from TestFinished.
        await Expect(submission.Locator(".dot.v-WA")).ToHaveCountAsync(1);
        await Expect(submission.Locator(".judge-message")).ToContainTextAsync("Wrong answer on test 1");
    }

    [Fact]
    public async Task WithoutTheHubThePagePollsAndStillShowsTheVerdict()
    {
        var page = await chromium.NewPageAsync();
        await BrowserTeam.SignInAsync(server, page, "Pollers");
        await page.Context.RouteAsync("**/hubs/**", route => route.AbortAsync());
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "polling");
        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();

        await page.Locator(".cm-content").FillAsync("name = input().strip()\nprint(f\"Hello, {name}!\")\n");
        await page.ClickAsync("#submit");
        var submission = page.Locator(".submission").First;
        await Expect(submission).ToHaveAttributeAsync("data-verdict", "AC", new() { Timeout = 120_000 });
        await Expect(submission.Locator(".tests tbody tr")).ToHaveCountAsync(10);
    }

    [Fact]
    public async Task TheServersProblemIsShownWhenTheSubmissionIsRefused()
    {
        var page = await OpenHelloPugAsync("Emptiness", width: 390);
        await page.Locator(".cm-content").FillAsync("   ");
        await page.ClickAsync("#submit");
        await Expect(page.Locator("#submit-problem .problem")).ToHaveTextAsync("The source is empty: paste or upload your Python program.");
        await Expect(page.Locator(".submission")).ToHaveCountAsync(0);
        // A phone: one column, nothing wider than the screen.
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways on a phone");
        await Chromium.ScreenshotAsync(page, "participant-challenge-phone");
    }
}
