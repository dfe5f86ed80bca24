using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Browser;

/// <summary>
/// Real packages on the participant page: LaTeX rendered with KaTeX math (from the server, no CDN), Markdown math,
/// a package without a statement, a multi-pass one that cannot be submitted to, and the language choice (PyPy judged
/// by the real sandbox, remembered per team, while Run samples stays CPython in the browser and says so).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StatementAndLanguagePageTests(Chromium chromium) : IClassFixture<Chromium>, IAsyncLifetime
{
    private const string PyPyOnly = "import platform\na, b = map(int, input().split())\nprint(a + b if platform.python_implementation() == 'PyPy' else 0)\n";
    private readonly TemporaryFolder challenges = new();
    private KestrelServer server = null!;

    public Task InitializeAsync()
    {
        challenges.CopyFolder(Path.Combine(TestPaths.TestPackages, "compat", "latex-rich"), "rich");
        challenges.CopyFolder(Path.Combine(TestPaths.TestPackages, "compat", "sample-only"), "sum");
        challenges.WriteMinimalPackage("guess").Write("guess/problem.yaml", "problem_format_version: 2025-09\nname: Guess\ntype: multi-pass\n");
        challenges.WriteMinimalPackage("markdown-math")
            .Write("markdown-math/statement/problem.en.md", "# Area\n\nThe area is $a^2$, also \\(b_1\\), costs \\$5.\n\n$$x = \\frac{1}{2}$$\n");
        server = new KestrelServer(challenges.FullPath, Admin.AdminClient.Settings);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await chromium.ClosePagesAsync();
        server.Dispose();
        challenges.Dispose();
    }

    [Fact]
    public async Task ALatexStatementIsRenderedWithItsMathTypesetByKatexFromTheServer()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        var foreign = BrowserTeam.RecordForeignRequests(page, server);
        await BrowserTeam.SignInAsync(server, page, "Readers");
        await page.GotoAsync(server.Url("/#/challenge/rich"));

        var statement = page.Locator("article.statement");
        await Expect(statement).ToHaveAttributeAsync("data-math", "typeset");
        await Expect(statement.Locator("h2").First).ToHaveTextAsync("Input");
        await Expect(statement.Locator("ul li")).ToHaveCountAsync(2);
        await Expect(statement.Locator("table.latex-table td").First).ToHaveTextAsync("Name");
        await Expect(statement.Locator("pre")).ToContainTextAsync("1 2 <tag>");
        Assert.True(await statement.Locator(".katex").CountAsync() >= 4);
        await Expect(statement.Locator(".katex-display")).ToHaveCountAsync(1);
        Assert.Equal(0, await statement.Locator(".katex-error").CountAsync());
        // The image of the statement folder is served and loads.
        Assert.True(await statement.Locator("img[alt='pug']").First.EvaluateAsync<bool>("img => img.complete && img.naturalWidth > 0"));
        await Chromium.ScreenshotAsync(page, "participant-latex-statement");
        Assert.Empty(foreign);
    }

    [Fact]
    public async Task MarkdownMathIsTypesetAndADollarSignStaysText()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        await BrowserTeam.SignInAsync(server, page, "Mathematicians");
        await page.GotoAsync(server.Url("/#/challenge/markdown-math"));
        var statement = page.Locator("article.statement");
        await Expect(statement).ToHaveAttributeAsync("data-math", "typeset");
        await Expect(statement.Locator(".katex")).ToHaveCountAsync(3);
        await Expect(statement.Locator(".katex-display")).ToHaveCountAsync(1);
        await Expect(statement).ToContainTextAsync("costs $5.");
    }

    [Fact]
    public async Task APackageWithoutAStatementAndAnInteractiveOneSayWhatTheyAre()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        await BrowserTeam.SignInAsync(server, page, "Explorers");
        await page.GotoAsync(server.Url("/#/challenge/sum"));
        await Expect(page.Locator(".no-statement")).ToContainTextAsync("This package has no statement");
        await Expect(page.Locator(".sample")).ToHaveCountAsync(2);

        await page.GotoAsync(server.Url("/#/challenge/guess"));
        await Expect(page.Locator(".not-judged")).ToContainTextAsync("multi-pass problems are not supported yet");
        await Expect(page.Locator("#submit")).ToBeDisabledAsync();
    }

    [Fact]
    public async Task TheOrganisersSeeWhereLimitsCameFromTheWarningsAndATypesetPreview()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        await page.GotoAsync(server.Url("/admin"));
        await page.FillAsync("#token", Admin.AdminClient.Token);
        await page.ClickAsync("text=Use token");
        var rich = page.Locator("#challenge-list tbody tr", new() { HasText = "Rich LaTeX" });
        await Expect(rich.Locator(".limits")).ToContainTextAsync("memory 2048 MiB (default (Apug:DefaultMemoryMiB))");
        await Expect(rich.Locator(".warnings")).ToContainTextAsync("\\weirdmacro is not rendered");
        await Expect(page.Locator("#challenge-list tbody tr", new() { HasText = "Guess" }).Locator(".warnings"))
            .ToContainTextAsync("not judged: multi-pass problems are not supported yet");

        await rich.Locator("button.preview").ClickAsync();
        await Expect(page.Locator("#statement-preview article")).ToHaveAttributeAsync("data-math", "typeset");
        Assert.True(await page.Locator("#statement-preview .katex").CountAsync() >= 4);
    }

    [Fact]
    public async Task ATeamSubmitsInPyPyAndThePageRemembersTheChoice()
    {
        var page = await chromium.NewPageAsync(1280, 900);
        await BrowserTeam.SignInAsync(server, page, "Speedsters");
        await page.GotoAsync(server.Url("/#/challenge/sum"));
        await Expect(page.Locator("#language option")).ToHaveCountAsync(2);
        await Expect(page.Locator("#language")).ToHaveValueAsync("python3");
        await page.SelectOptionAsync("#language", "pypy3");

        await Expect(page.Locator(".cm-content")).ToBeVisibleAsync();
        await page.Locator(".cm-content").FillAsync(PyPyOnly);
        await page.ClickAsync("#submit");
        var submission = page.Locator(".submission").First;
        await Expect(submission).ToHaveAttributeAsync("data-status", "judged", new() { Timeout = 120_000 });
        await Expect(submission).ToHaveAttributeAsync("data-verdict", "AC"); // only PyPy gets this right

        await page.ReloadAsync();
        await Expect(page.Locator("#language")).ToHaveValueAsync("pypy3");
        await page.ClickAsync("#run-samples");
        await Expect(page.Locator("#sample-run-note")).ToContainTextAsync("in WebAssembly (Pyodide), not PyPy 3 you submit in");
    }
}
