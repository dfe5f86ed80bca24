using Apug.Server.Contest;
using Apug.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The participant page during a contest (contest.yaml): its problems, its clock, its refusals.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ParticipantContestTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;
    private KestrelServer? server;

    public Task InitializeAsync()
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        new PackageBuilder(challenges, "warmup").Sample("1", "1\n", "1\n").Build();
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), """
            name: Pug Night
            duration_minutes: 90
            problems:
              - id: sum
                label: A
            """);
        server = new KestrelServer(challenges);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server?.Dispose();
        Directory.Delete(challenges, recursive: true);
    }

    [Fact]
    public async Task ThePageListsTheContestsProblemsShowsWhyASubmissionIsRefusedAndFollowsTheStart()
    {
        var page = await chromium.NewPageAsync();
        await BrowserTeam.SignInAsync(server!, page, "Clockwatchers");
        await page.GotoAsync(server!.Url("/"));
        await Expect(page.Locator("#contest")).ToHaveTextAsync("Pug Night · starts soon");
        await Expect(page.Locator("[data-challenge]")).ToHaveCountAsync(1);
        await Expect(page.Locator("[data-challenge='sum']")).ToContainTextAsync("A");

        await page.ClickAsync("[data-challenge='sum']");
        await page.Locator(".cm-content").FillAsync("print(3)\n");
        await page.ClickAsync("#submit");
        // The API's own words: they say when the contest opens.
        var problem = page.Locator("#submit-problem .problem");
        await Expect(problem).ToHaveTextAsync("Pug Night has not started yet: the organisers will open it. Submit once it is running.");

        await server.Service<ContestClock>().StartNowAsync();
        await Expect(page.Locator("#contest")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^Pug Night · 1:(29:\d\d|30:00) left$"));
        await Chromium.ScreenshotAsync(page, "participant-contest-refused");
    }
}
