using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Server.Judging;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apug.Tests.Evening;

/// <summary>The round-up through the real API after real judging: only opted-in accepted code, the facts, refused before the end, exported.</summary>
[Collection(DockerCollection.Name)]
public sealed class RoundupApiTests : IDisposable
{
    private const string AdaSource = "# Ada's long way round\na, b = map(int, input().split())\nresult = a + b\nif result < 10 ** 9:\n    print(result)\n";
    private const string CySource = "print(sum(map(int,input().split())))\n";
    private const string BobSource = "# Bob keeps this to himself\na, b = map(int, input().split())\nprint(a + b)\n";
    private static readonly DateTimeOffset SixPm = new(2026, 3, 12, 18, 0, 0, TimeSpan.Zero);
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-roundup-").FullName;
    private readonly FakeTimeProvider time = new(SixPm);
    private readonly ApugFactory factory;
    private readonly HttpClient admin;

    public RoundupApiTests()
    {
        new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        new PackageBuilder(challenges, "echo").Sample("1", "x\n", "x\n").Build();
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), "name: Pug Night\nduration_minutes: 60\nproblems:\n  - sum\n  - echo\n");
        factory = new ApugFactory(challenges, settings: AdminClient.Settings) { TestServices = services => services.AddSingleton<TimeProvider>(time) };
        admin = factory.CreateAdminClient();
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    private async Task<SubmissionDto> SubmitAsync(HttpClient team, string challengeId, string source, bool? show, Verdict expected)
    {
        var judged = factory.WaitForJudged(1);
        using (judged.Subscription)
        {
            var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId, source, showAtRoundup = show });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
            var id = (await response.Content.ReadFromJsonAsync<AcceptedDto>())!.Id;
            await judged.Task;
            var submission = await ApugFactory.GetSubmissionAsync(team, id);
            Assert.Equal(expected, submission.Verdict);
            return submission;
        }
    }

    [Fact]
    public async Task AfterTheEndOrganisersGetTheOptedInSolutionsWithTheFactsAndNobodysOtherCode()
    {
        var (ada, _, _) = await factory.RegisterAsync("Ada's Pugs");
        var (bob, _, _) = await factory.RegisterAsync("Bob's Bulldogs");
        var (cy, _, _) = await factory.RegisterAsync("Cy <Corgis>");
        (await admin.PostAsync("/api/admin/contest/start", null)).EnsureSuccessStatusCode();

        time.Advance(TimeSpan.FromMinutes(2));
        await SubmitAsync(bob, "sum", BobSource, null, Verdict.AC); // first, and keeps the code private (the default)
        time.Advance(TimeSpan.FromMinutes(1));
        await SubmitAsync(ada, "sum", "print(0)\n", true, Verdict.WA);
        time.Advance(TimeSpan.FromMinutes(2));
        var adaAc = await SubmitAsync(ada, "sum", AdaSource, true, Verdict.AC);
        time.Advance(TimeSpan.FromMinutes(1));
        await SubmitAsync(cy, "sum", CySource, true, Verdict.AC);
        await SubmitAsync(cy, "echo", "print(input())\n", false, Verdict.AC);
        var shown = JsonDocument.Parse(await ada.GetStringAsync($"/api/submissions/{adaAc.Id}")).RootElement;
        Assert.True(shown.GetProperty("showAtRoundup").GetBoolean());

        // Before the end: refused, with the reason; never for a team.
        var early = await admin.GetAsync("/api/admin/roundup");
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Contains("every team's code stays its own", await early.Content.ReadAsStringAsync());
        Assert.Equal("application/problem+json", early.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.GetAsync("/api/admin/roundup.md")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await ada.GetAsync("/api/admin/roundup")).StatusCode);

        time.Advance(TimeSpan.FromMinutes(30));
        (await admin.PostAsync("/api/admin/contest/end", null)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ada.GetAsync("/api/admin/roundup")).StatusCode);
        var text = await admin.GetStringAsync("/api/admin/roundup");
        Assert.DoesNotContain("Bob keeps this", text); // not opted in: the code never leaves the server
        var roundup = JsonDocument.Parse(text).RootElement;
        Assert.Equal("Pug Night", roundup.GetProperty("contestName").GetString());
        var sum = roundup.GetProperty("challenges")[0];
        Assert.Equal(("sum", "A", 3), (sum.GetProperty("id").GetString(), sum.GetProperty("label").GetString(), sum.GetProperty("solvedBy").GetInt32()));
        Assert.Equal(("Bob's Bulldogs", 2.0), Fact(sum, "firstToSolve"));
        Assert.Equal(("Bob's Bulldogs", 1.0), Fact(sum, "fewestAttempts")); // the earlier of the one-attempt solvers
        Assert.Equal(("Cy <Corgis>", (double)CySource.Length), Fact(sum, "shortestSource"));

        var solutions = sum.GetProperty("solutions").EnumerateArray().ToList();
        Assert.Equal(["Ada's Pugs", "Cy <Corgis>"], solutions.Select(s => s.GetProperty("teamName").GetString()));
        Assert.Equal((AdaSource, 2, 5, 5), (solutions[0].GetProperty("source").GetString(), solutions[0].GetProperty("attempts").GetInt32(),
            solutions[0].GetProperty("minute").GetInt32(), solutions[0].GetProperty("lines").GetInt32()));
        Assert.Equal(["shortest source"], solutions[1].GetProperty("facts").EnumerateArray().Select(f => f.GetString()).Where(f => f != "fastest CPU time"));
        var fastest = Fact(sum, "fastestCpu");
        Assert.Equal(solutions.Min(s => s.GetProperty("cpuMs").GetInt32()), fastest.Value);
        Assert.Contains(fastest.Team, new[] { "Ada's Pugs", "Cy <Corgis>" });
        var echo = roundup.GetProperty("challenges")[1];
        Assert.Equal((1, 0), (echo.GetProperty("solvedBy").GetInt32(), echo.GetProperty("solutions").GetArrayLength())); // solved, but not shown
        Assert.Equal(JsonValueKind.Null, echo.GetProperty("shortestSource").ValueKind);

        // The write-up: Markdown with fenced Python, HTML with the code escaped.
        var md = await admin.GetAsync("/api/admin/roundup.md");
        Assert.Equal("text/markdown", md.Content.Headers.ContentType?.MediaType);
        Assert.Equal("roundup.md", md.Content.Headers.ContentDisposition?.FileNameStar ?? md.Content.Headers.ContentDisposition?.FileName);
        var markdown = await md.Content.ReadAsStringAsync();
        Assert.Contains("# Round-up: Pug Night", markdown);
        Assert.Contains("## A · sum", markdown);
        Assert.Contains("- First to solve: Bob's Bulldogs (minute 2)", markdown);
        Assert.Contains("### Cy \\<Corgis\\> — shortest source", markdown);
        Assert.Contains("```python\n" + AdaSource + "```\n", markdown);
        Assert.DoesNotContain("Bob keeps this", markdown);
        var html = await admin.GetStringAsync("/api/admin/roundup.html");
        Assert.StartsWith("<!doctype html>", html);
        Assert.Contains("Cy &lt;Corgis&gt;", html);
        Assert.Contains("if result &lt; 10 ** 9:", html);
        Assert.DoesNotContain("Bob keeps this", html);
    }

    private static (string Team, double Value) Fact(JsonElement challenge, string name)
    {
        var fact = challenge.GetProperty(name);
        return (fact.GetProperty("teamName").GetString()!, fact.GetProperty("value").GetDouble());
    }
}
