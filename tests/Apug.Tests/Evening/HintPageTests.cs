using Apug.Tests.Admin;
using Apug.Tests.Browser;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Evening;

/// <summary>Hints in Chromium: released on the admin page, under the statement of every participant page at once, opened there.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HintPageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-hint-page-").FullName;
    private KestrelServer? server;
    private KestrelServer Server => server!;

    public Task InitializeAsync()
    {
        var root = new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Build();
        Directory.CreateDirectory(Path.Combine(root, "hints"));
        File.WriteAllText(Path.Combine(root, "hints", "1.md"), "Add them: \\(a + b\\), then `print` it.\n");
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), $"""
            name: Hint Night
            start: {DateTimeOffset.UtcNow.AddMinutes(-5):O}
            duration_minutes: 60
            scoring: points
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

    [Fact]
    public async Task AHintReleasedOnTheAdminPageAppearsUnderEveryTeamsStatementAndACostedOneIsOpenedOnlyAfterConfirming()
    {
        var noise = new List<string>();
        async Task<IPage> Open(int width, int height)
        {
            var page = await chromium.NewPageAsync(width, height);
            page.Console += (_, message) => { if (message.Type is "warning" or "error") lock (noise) noise.Add($"{page.Url}: {message.Text}"); };
            return page;
        }
        var ada = await Open(1000, 900);
        await BrowserTeam.SignInAsync(Server, ada, "Ada's Pugs");
        var bob = await Open(390, 844);
        await BrowserTeam.SignInAsync(Server, bob, "Bob's Bulldogs");
        await ada.GotoAsync(Server.Url("/#/challenge/sum"));
        await bob.GotoAsync(Server.Url("/"));
        await Expect(ada.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await Expect(bob.Locator("#live-state")).ToHaveAttributeAsync("data-state", "live");
        await Expect(ada.Locator("#hints")).ToBeHiddenAsync();

        var projector = await Open(1920, 1080); // hears HintReleased too, and must not warn about it
        await projector.GotoAsync(Server.Url("/projector/"));
        await Expect(projector.Locator("#connection")).ToHaveAttributeAsync("data-state", "live");
        var admin = await Open(1366, 900);
        await admin.GotoAsync(Server.Url("/admin"));
        await admin.FillAsync("#token", AdminClient.Token);
        await admin.ClickAsync("text=Use token");
        var packaged = admin.Locator("#hint-sum-1");
        await Expect(packaged).ToContainTextAsync("by hand");
        await Expect(admin.Locator("#hint-summary")).ToHaveTextAsync("0 of 1 hint(s) out.");

        // Released by hand: Ada's statement page and Bob's challenge list hear it at once, without a reload.
        await packaged.Locator(".hint-release").ClickAsync();
        await Expect(packaged.Locator(".hint-when")).ToContainTextAsync("out since");
        var hint = ada.Locator("#hints .hint[data-hint='1']");
        await Expect(hint).ToContainTextAsync("Hint 1 free");
        await Expect(bob.Locator("[data-challenge='sum'] .hint-count")).ToHaveTextAsync("1 hint");
        await Expect(projector.Locator("#celebration")).ToContainTextAsync("Hint 1 for A is out"); // the room hears of it
        await hint.Locator(".hint-open").ClickAsync();
        await Expect(hint.Locator(".hint-text")).ToHaveAttributeAsync("data-math", "typeset"); // KaTeX, as in statements
        await Expect(hint.Locator(".hint-text .katex")).ToHaveCountAsync(1);
        await Expect(hint.Locator(".hint-text code")).ToHaveTextAsync("print");
        await Expect(packaged.Locator(".hint-opened")).ToHaveTextAsync("1 team"); // live on the admin page

        // The organisers add a costed hint on the page and release it.
        await admin.Locator("#hint-markdown").FillAsync("Read **both** numbers from one line.");
        await admin.Locator("#hint-cost").FillAsync("30");
        await admin.ClickAsync("#hint-save");
        var costed = admin.Locator("#hint-sum-2");
        await Expect(costed).ToContainTextAsync("30 points");
        await Expect(costed).ToContainTextAsync("added here");
        await costed.Locator(".hint-release").ClickAsync();

        // The cost is said before opening, and again where the team confirms it.
        var second = ada.Locator("#hints .hint[data-hint='2']");
        await Expect(second).ToContainTextAsync("costs 30 points off this challenge's score");
        await Expect(second.Locator(".hint-text")).ToHaveCountAsync(0);
        await second.Locator(".hint-open").ClickAsync();
        await Expect(second.Locator(".hint-confirm")).ToContainTextAsync("takes 30 points off your score for this challenge");
        await second.Locator(".hint-accept").ClickAsync();
        await Expect(second.Locator(".hint-text strong")).ToHaveTextAsync("both");
        await Expect(second.Locator(".hint-cost")).ToHaveTextAsync("cost 30 points off this challenge");
        await Expect(costed.Locator(".hint-opened")).ToHaveTextAsync("1 team");
        await Expect(admin.Locator("#hint-summary")).ToHaveTextAsync("2 of 2 hint(s) out.");
        await Chromium.ScreenshotAsync(ada, "participant-hints", fullPage: false);
        await Chromium.ScreenshotAsync(admin, "admin-hints");

        // Bob's statement lists both, unopened; nothing of Ada's shows there.
        await bob.GotoAsync(Server.Url("/#/challenge/sum"));
        await Expect(bob.Locator("#hints .hint")).ToHaveCountAsync(2);
        await Expect(bob.Locator("#hints .hint-text")).ToHaveCountAsync(0);
        Assert.Empty(noise);
    }
}
