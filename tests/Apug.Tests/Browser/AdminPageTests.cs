using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Server.Judging;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>The organisers' page in real Chromium against the real server, real judging (Docker) and the real contest clock.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AdminPageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Double = "print(2 * int(input()))\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-admin-page-").FullName;
    private KestrelServer? server;

    private KestrelServer Server => server ?? throw new InvalidOperationException("The server has not started.");

    public Task InitializeAsync()
    {
        new PackageBuilder(challenges, "double").Sample("1", "2\n", "4\n").Secret("01", "21\n", "42\n").Build();
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), """
            name: Admin Night
            duration_minutes: 60
            problems:
              - id: double
                colour: "#e5534b"
            """);
        server = new KestrelServer(challenges, AdminClient.Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server?.Dispose();
        Directory.Delete(challenges, recursive: true);
    }

    private async Task<IPage> SignInAsync(int width = 1366, int height = 768)
    {
        var page = await chromium.NewPageAsync(width, height);
        await page.GotoAsync(Server.Url("/admin"));
        await page.FillAsync("#token", AdminClient.Token);
        await page.ClickAsync("text=Use token");
        await Expect(page.Locator("#status")).ToHaveTextAsync("Signed in as organiser.");
        await Expect(page.Locator("#app")).ToBeVisibleAsync();
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        return page;
    }

    [Fact]
    public async Task AnOrganiserStartsTheContestInspectsAndRejudgesASubmissionHidesATeamAndAnnounces()
    {
        var page = await SignInAsync();
        using var admin = Server.Factory.CreateAdminClient();

        // The clock: before the start nobody can submit; "Start now" opens the contest and says so next to itself.
        await Expect(page.Locator("#contest-state")).ToContainTextAsync("Admin Night: before");
        await Expect(page.Locator("#contest-hint")).ToBeHiddenAsync();
        await page.ClickAsync("[data-clock='start']");
        await Expect(page.Locator("#contest-state")).ToContainTextAsync("Admin Night: running");
        await Expect(page.Locator("[data-clock='start'] + .outcome")).ToHaveTextAsync("Started.");
        Assert.Equal("running", (await admin.GetFromJsonAsync<ContestStateView>("/api/admin/contest", Json.Options))!.Phase);

        var team = await Server.Factory.CreateTeamClientAsync("Admin Pugs");
        var judged = await Server.Factory.SubmitAndWaitAsync(team, "double", Double);
        Assert.Equal(Verdict.AC, judged.Verdict);

        // The list follows by itself (the hub's admin group): no "Filter", no reload.
        var row = page.Locator($"#submission-list tr[data-id='{judged.Id}']");
        await Expect(row).ToContainTextAsync("Admin Pugs");
        await Expect(row).ToContainTextAsync("double");
        await Expect(row.Locator(".verdict-AC")).ToHaveTextAsync("AC");

        // The detail: source and one result per test.
        await row.Locator("text=Open").ClickAsync();
        var detail = page.Locator("#submission-detail");
        await Expect(detail).ToBeVisibleAsync();
        await Expect(detail.Locator("h3")).ToContainTextAsync("Admin Pugs · double · AC");
        await Expect(detail.Locator("pre.source")).ToHaveTextAsync(Double);
        var tests = detail.Locator(":scope > details");
        await Expect(tests).ToHaveCountAsync(2);
        await Expect(tests.Nth(0).Locator("summary").First).ToContainTextAsync("sample/1 AC");
        await Expect(tests.Nth(1).Locator("summary").First).ToContainTextAsync("secret/01 AC");
        await Chromium.ScreenshotAsync(page, "admin-submission-detail");

        // Rejudge from the page: the server judges it again (a new judged time), and the page shows it judged.
        var before = await admin.GetFromJsonAsync<AdminSubmissionDto>($"/api/admin/submissions/{judged.Id}", Json.Options);
        var (rejudged, subscription) = Server.Factory.WaitForJudged(1);
        using (subscription)
        {
            await detail.Locator("h3 button", new() { HasText = "Rejudge" }).ClickAsync();
            Assert.Equal(judged.Id, Assert.Single(await rejudged).SubmissionId);
        }
        // The outcome next to the button, through to the end of the rejudge.
        await Expect(detail.Locator("h3 .outcome")).ToHaveTextAsync("Rejudged 1 submission(s): all done.");
        var after = await admin.GetFromJsonAsync<AdminSubmissionDto>($"/api/admin/submissions/{judged.Id}", Json.Options);
        Assert.Equal(("judged", Verdict.AC), (after!.Status, after.Verdict));
        Assert.True(after.JudgedAt > before!.JudgedAt, $"judged at {after.JudgedAt:O}, before the rejudge {before.JudgedAt:O}");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync("judged");
        await Expect(row.Locator(".verdict-AC")).ToHaveTextAsync("AC");

        // Hide the team: the page says so, the admin API records it and the public board leaves it out.
        // The team registered after sign-in: the list follows the board live.
        var teamRow = page.Locator("#team-list tbody tr", new() { HasText = "Admin Pugs" });
        await Expect(teamRow).ToContainTextAsync("on the board");
        await teamRow.Locator("text=Hide from board").ClickAsync();
        await Expect(teamRow).ToContainTextAsync("hidden");
        await Expect(teamRow.Locator("text=Show on board")).ToBeVisibleAsync();
        var stored = (await admin.GetFromJsonAsync<AdminTeamDto[]>("/api/admin/teams", Json.Options))!.Single(t => t.Name == "Admin Pugs");
        Assert.True(stored.Hidden);
        var board = await Server.Factory.CreateClient().GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
        Assert.DoesNotContain(board!.Rows, r => r.TeamName == "Admin Pugs");

        // Announce: listed on the page and public.
        await page.FillAsync("#announcement", "Pizza is here!");
        await page.ClickAsync("#announce button[type='submit']");
        await Expect(page.Locator("#announce button[type='submit'] + .outcome")).ToHaveTextAsync("Announced.");
        await Expect(page.Locator("#announcement-list li")).ToContainTextAsync("Pizza is here!");
        var announcements = await Server.Factory.CreateClient().GetStringAsync("/api/announcements");
        Assert.Contains("Pizza is here!", announcements);
        await Chromium.ScreenshotAsync(page, "admin-overview");
    }

    [Fact]
    public async Task EndNowAsksFirstADisqualifiedTeamIsNotOfferedTheBoardAndThePhoneLayoutFits()
    {
        var page = await SignInAsync(390, 844);
        await page.ClickAsync("[data-clock='start']");
        await Expect(page.Locator("#contest-state")).ToContainTextAsync("running");

        // Dismissed: nothing happens.
        page.Dialog += DismissOnce;
        await page.ClickAsync("[data-clock='end']");
        await Expect(page.Locator("#contest-state")).ToContainTextAsync("running");
        Assert.Equal("running", (await Server.Factory.CreateAdminClient().GetFromJsonAsync<ContestStateView>("/api/admin/contest", Json.Options))!.Phase);
        page.Dialog -= DismissOnce;
        page.Dialog += AcceptOnce;
        await page.ClickAsync("[data-clock='end']");
        await Expect(page.Locator("#contest-state")).ToContainTextAsync("ended");
        await Expect(page.Locator("[data-clock='end'] + .outcome")).ToHaveTextAsync("Ended.");
        page.Dialog -= AcceptOnce;

        var team = await Server.Factory.CreateTeamClientAsync("Cheaters");
        using var admin = Server.Factory.CreateAdminClient();
        var id = (await admin.GetFromJsonAsync<AdminTeamDto[]>("/api/admin/teams", Json.Options))!.Single(t => t.Name == "Cheaters").Id;
        (await admin.PostAsJsonAsync($"/api/admin/teams/{id}/hide", new { })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/admin/teams/{id}/disqualify", new { reason = "copied" })).EnsureSuccessStatusCode();
        await page.ReloadAsync();
        var teamRow = page.Locator("#team-list tbody tr", new() { HasText = "Cheaters" });
        await Expect(teamRow).ToContainTextAsync("disqualified: copied");
        await Expect(teamRow.Locator("button")).ToHaveTextAsync(["Rename", "Reinstate"]);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth"), "the admin page scrolls sideways on a phone");
        team.Dispose();

        static async void DismissOnce(object? sender, IDialog dialog) => await dialog.DismissAsync();
        static async void AcceptOnce(object? sender, IDialog dialog) => await dialog.AcceptAsync();
    }

    [Fact]
    public async Task AWrongTokenShowsAClearErrorAndNoData()
    {
        var team = await Server.Factory.CreateTeamClientAsync("Secret Pugs");
        var page = await chromium.NewPageAsync(1280, 900);
        await page.GotoAsync(Server.Url("/admin"));
        // Without a token the page asks for one and shows nothing else.
        await Expect(page.Locator("#status")).ToContainTextAsync("Enter the admin token");
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        await Chromium.ScreenshotAsync(page, "admin-no-token");

        await page.FillAsync("#token", "not-the-token");
        await page.ClickAsync("text=Use token");
        await Expect(page.Locator("#status")).ToHaveTextAsync("The admin token was refused: check it and try again.");
        await Expect(page.Locator("#status")).ToHaveClassAsync("error");
        await Expect(page.Locator("#app")).ToBeHiddenAsync();
        await Expect(page.Locator("#team-list tbody tr")).ToHaveCountAsync(0);
        await Expect(page.Locator("#challenge-list tbody tr")).ToHaveCountAsync(0);
        Assert.DoesNotContain("Secret Pugs", await page.ContentAsync());
        await Chromium.ScreenshotAsync(page, "admin-wrong-token");
        team.Dispose();
    }
}
