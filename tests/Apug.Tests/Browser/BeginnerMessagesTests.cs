using System.Net;
using System.Net.Http.Json;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>What a beginner is told about a huge source, a picture uploaded as a solution and a long team name.</summary>
[Collection(BrowserCollection.Name)]
public sealed class BeginnerMessagesTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly KestrelServer server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
    }

    [Fact]
    public async Task AOneMegabyteSourceIsRefusedInTermsOfTheSourceLimit()
    {
        var team = await server.Factory.CreateTeamClientAsync("Big Files");
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = new string('x', 1024 * 1024) });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("64 KiB for a challenge that gives none", text);
        Assert.DoesNotContain("request body", text);
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task APictureIsRefusedAtOnceAndTheEditorKeepsItsCode(int width, int height)
    {
        var page = await chromium.NewPageAsync(width, height);
        await BrowserTeam.SignInAsync(server, page, $"Uploaders {width}");
        await page.GotoAsync(server.Url("/#/challenge/hello-pug"));
        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();
        await page.Locator(".cm-content").FillAsync("print('mine')\n");
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, 0x49, 0x48, 0x44, 0x52, 0xFF, 0xD8];
        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "screenshot.png", MimeType = "image/png", Buffer = png });
        await Expect(page.Locator("#submit-problem .problem")).ToHaveTextAsync(
            "screenshot.png is not a text file (it looks like an image): upload the .py file with your Python code.");
        await Expect(page.Locator(".cm-content")).ToHaveTextAsync("print('mine')");

        await page.SetInputFilesAsync("#upload", new FilePayload { Name = "solution.py", MimeType = "text/x-python", Buffer = "print('uploaded')\n"u8.ToArray() });
        await Expect(page.Locator(".cm-content")).ToHaveTextAsync("print('uploaded')");
        await Expect(page.Locator("#submit-problem .problem")).ToHaveCountAsync(0);
    }

    [Theory]
    [InlineData(1366, 768)]
    [InlineData(390, 844)]
    public async Task ATeamNameOverTheLimitIsNotCutButSaidAsItIsTyped(int width, int height)
    {
        var page = await chromium.NewPageAsync(width, height);
        await page.GotoAsync(server.Url("/"));
        var name = page.Locator("#team-name");
        await name.FillAsync("The Indentation Errors");
        await Expect(page.Locator("#team-name-hint")).ToHaveTextAsync("22 of 40 characters.");
        const string tooLong = "The Extraordinarily Verbose Pythonistas of Aberdeen";
        await name.FillAsync(tooLong);
        await Expect(name).ToHaveValueAsync(tooLong); // nothing cut mid-word
        await Expect(page.Locator("#team-name-hint")).ToHaveTextAsync($"{tooLong.Length} characters: a team name has at most 40. Shorten it by {tooLong.Length - 40}.");
        await Expect(page.Locator("#register button[type=submit]")).ToBeDisabledAsync();
        await Chromium.ScreenshotAsync(page, $"participant-register-{width}");
    }
}
