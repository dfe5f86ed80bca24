using Apug.Tests.Admin;
using Apug.Tests.Browser;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Ecosystem;

/// <summary>A question asked on the participant page reaches the organisers' page live, and its answer comes back live.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ClarificationPageTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private readonly KestrelServer server = new(settings: AdminClient.Settings);

    public void Dispose() => server.Dispose();

    [Fact]
    public async Task AQuestionFromATeamIsAnsweredOnTheAdminPageAndTheAnswerArrivesWithoutAReload()
    {
        var participant = await chromium.NewPageAsync(1000, 900);
        await BrowserTeam.SignInAsync(server, participant, "Curious Pugs");
        var other = await chromium.NewPageAsync(1000, 900);
        await BrowserTeam.SignInAsync(server, other, "Quiet Pugs");
        await participant.GotoAsync(server.Url("/"));
        await other.GotoAsync(server.Url("/"));

        var admin = await chromium.NewPageAsync(1280, 900);
        await admin.GotoAsync(server.Url("/admin"));
        await admin.FillAsync("#token", AdminClient.Token);
        await admin.ClickAsync("text=Use token");
        await Expect(admin.Locator("#clarification-summary")).ToHaveTextAsync("No questions yet.");

        // The team asks about a challenge.
        var box = participant.Locator("#clarifications");
        await Expect(box).ToBeVisibleAsync();
        await box.Locator("summary").ClickAsync();
        await Expect(box.Locator(".clarification-challenge option[value='hello-pug']")).ToBeAttachedAsync();
        await box.Locator(".clarification-challenge").SelectOptionAsync("hello-pug");
        await box.Locator(".clarification-text").FillAsync("Can a name contain spaces?");
        await box.Locator(".clarification-send").ClickAsync();
        await Expect(box.Locator(".clarification-list")).ToContainTextAsync("You asked — hello-pug: Can a name contain spaces?");
        await Expect(box.Locator(".pending")).ToBeVisibleAsync();

        // The organisers see it at once, counted, and answer it for everyone.
        await Expect(admin.Locator("#clarification-count")).ToHaveTextAsync("1");
        var question = admin.Locator("#clarification-list li.unanswered");
        await Expect(question).ToContainTextAsync("Curious Pugs about hello-pug");
        await Expect(question).ToContainTextAsync("Can a name contain spaces?");
        await question.Locator("textarea").FillAsync("Yes: print it as it is.");
        await question.Locator("label", new() { HasText = "answer every team" }).Locator("input").CheckAsync();
        await question.Locator("button", new() { HasText = "Answer" }).ClickAsync();
        await Expect(admin.Locator("#clarification-count")).ToHaveTextAsync("0");
        await Expect(admin.Locator("#clarification-list li.answered")).ToContainTextAsync("Answer (to everyone): Yes: print it as it is.");

        // Both teams' pages show the answer without reloading; the other team sees that a team asked.
        await Expect(box.Locator(".answer")).ToHaveTextAsync("Answer: Yes: print it as it is.");
        var otherBox = other.Locator("#clarifications");
        await Expect(otherBox.Locator(".clarification-news")).ToBeVisibleAsync();
        await otherBox.Locator("summary").ClickAsync();
        await Expect(otherBox.Locator(".clarification-list")).ToContainTextAsync("A team asked — hello-pug: Can a name contain spaces?");
        await Chromium.ScreenshotAsync(admin, "admin-clarifications");
        await Chromium.ScreenshotAsync(participant, "participant-clarifications", fullPage: false);

        // An organisers' message to everyone, unprompted.
        await admin.FillAsync("#clarify-text", "The pizza is here.");
        await admin.ClickAsync("text=Send to everyone");
        await Expect(otherBox.Locator(".clarification-list")).ToContainTextAsync("Organisers: The pizza is here.");
        await chromium.ClosePagesAsync();
    }
}
