using System.Net.Http.Json;
using Apug.Tests.Admin;
using Apug.Tests.Browser;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Evening;

/// <summary>The round-up in Chromium: a team opts in on the participant page; after the end the organiser steps through
/// highlighted solutions on /projector/roundup with the keyboard and downloads the write-up.</summary>
[Collection(BrowserCollection.Name)]
public sealed class RoundupPageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string AdaSource = "# Ada's way\na, b = map(int, input().split())\nprint(a + b)\n";
    private const string BobSource = "# Bob keeps this to himself\nprint(sum(map(int, input().split())))\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-roundup-page-").FullName;
    private KestrelServer? server;
    private KestrelServer Server => server!;

    public Task InitializeAsync()
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), $"name: Round-up Night\nstart: {DateTimeOffset.UtcNow.AddMinutes(-5):O}\nduration_minutes: 60\n");
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
    public async Task AnOptedInSolutionIsSteppedThroughHighlightedOnTheProjectorAfterTheEndAndExported()
    {
        // Ada's team ticks "OK to show at the round-up" when submitting; Bob's team does not (the default).
        var participant = await chromium.NewPageAsync(1280, 900);
        await BrowserTeam.SignInAsync(Server, participant, "Ada's Pugs");
        await participant.GotoAsync(Server.Url("/#/challenge/sum"));
        await participant.Locator(".cm-content").FillAsync(AdaSource);
        await Expect(participant.Locator("#show-at-roundup")).Not.ToBeCheckedAsync();
        await participant.Locator("#show-at-roundup").CheckAsync();
        await participant.ClickAsync("#submit");
        await Expect(participant.Locator(".submission").First).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 120_000 });
        using var bob = await Server.Factory.CreateTeamClientAsync("Bob's Bulldogs");
        Assert.Equal(Apug.Server.Judging.Verdict.AC, (await Server.Factory.SubmitAndWaitAsync(bob, "sum", BobSource)).Verdict);

        // Before the end the page says why there is nothing yet.
        var projector = await chromium.NewPageAsync(1920, 1080);
        await projector.GotoAsync(Server.Url("/projector/roundup"));
        await projector.FillAsync("#token", AdminClient.Token);
        await projector.ClickAsync("text=Show the round-up");
        await Expect(projector.Locator("#problem")).ToContainTextAsync("every team's code stays its own");

        using var admin = Server.Factory.CreateAdminClient();
        (await admin.PostAsync("/api/admin/contest/end", null)).EnsureSuccessStatusCode();
        await projector.ReloadAsync(); // the token stays in this tab
        await Expect(projector.Locator("#position")).ToHaveTextAsync("1 / 2");
        var slide = projector.Locator("#slide");
        await Expect(slide).ToHaveAttributeAsync("data-kind", "challenge");
        await Expect(slide.Locator(".facts")).ToContainTextAsync("First to solve: Ada's Pugs (minute");
        await Expect(slide).ToContainTextAsync("Solved by 2 teams · 1 solution to show");

        // → to Ada's solution: highlighted, large, with its facts; ← back; End and Home.
        await projector.Keyboard.PressAsync("ArrowRight");
        await Expect(slide).ToHaveAttributeAsync("data-kind", "solution");
        await Expect(slide).ToHaveAttributeAsync("data-team", "Ada's Pugs");
        await Expect(slide.Locator(".tags")).ToContainTextAsync("first to solve");
        await Expect(slide.Locator("code .hljs-comment")).ToHaveTextAsync("# Ada's way");
        await Expect(slide.Locator("code .hljs-built_in").First).ToHaveTextAsync("map");
        var fontPx = await slide.Locator("code").EvaluateAsync<double>("code => parseFloat(getComputedStyle(code).fontSize)");
        Assert.True(fontPx >= 28, $"the code is {fontPx} px: too small for the back of the room");
        await Expect(projector.Locator("#position")).ToHaveTextAsync("2 / 2");
        await Chromium.ScreenshotAsync(projector, "projector-roundup", fullPage: false);
        await projector.Keyboard.PressAsync("ArrowLeft");
        await Expect(slide).ToHaveAttributeAsync("data-kind", "challenge");
        await projector.Keyboard.PressAsync("End");
        await Expect(projector.Locator("#position")).ToHaveTextAsync("2 / 2");
        await projector.Keyboard.PressAsync("ArrowUp");
        await Expect(projector.Locator("#position")).ToHaveTextAsync("1 / 2");
        Assert.DoesNotContain("Bob keeps this", await projector.ContentAsync());

        // The write-up, downloaded from the page.
        var download = await projector.RunAndWaitForDownloadAsync(() => projector.ClickAsync("[data-export='md']"));
        Assert.Equal("roundup.md", download.SuggestedFilename);
        var markdown = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains("```python\n" + AdaSource + "```", markdown);
        Assert.DoesNotContain("Bob keeps this", markdown);

        // A participant's page cannot read it, whatever it tries.
        var refused = await participant.EvaluateAsync<int>("async () => (await fetch('/api/admin/roundup', { headers: { Authorization: 'Bearer ' + JSON.parse(localStorage.getItem('apug.team')).token } })).status");
        Assert.Equal(401, refused);
    }
}
