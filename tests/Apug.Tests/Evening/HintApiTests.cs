using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Server.Contest;
using Apug.Server.Hints;
using Apug.Tests.Admin;
using Apug.Tests.Ecosystem;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apug.Tests.Evening;

/// <summary>Live hints through the real API and hub: from the package, released at their minute on a fake clock or by hand,
/// opened by teams (costed ones explicitly), counted on the points board and in the CCS scoreboard, kept over a restart.</summary>
[Collection(DockerCollection.Name)]
public sealed class HintApiTests : IDisposable
{
    private const string Sum = "a, b = map(int, input().split())\nprint(a + b)\n";
    private static readonly DateTimeOffset SixPm = new(2026, 3, 12, 18, 0, 0, TimeSpan.Zero);
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-hints-").FullName;
    private readonly FakeTimeProvider time = new(SixPm);
    private readonly ApugFactory factory;
    private readonly HttpClient admin;

    public HintApiTests()
    {
        var root = new PackageBuilder(challenges, "sum").Sample("1", "1 2\n", "3\n").Secret("01", "10 20\n", "30\n").Build();
        new PackageBuilder(challenges, "echo").Sample("1", "x\n", "x\n").Build();
        Directory.CreateDirectory(Path.Combine(root, "hints"));
        File.WriteAllText(Path.Combine(root, "hints", "1.md"), "Split the line: `input().split()` gives \\(a\\) and \\(b\\).\n");
        File.WriteAllText(Path.Combine(root, "hints", "2.md"), "Turn each part into a number with `int`.\n");
        File.WriteAllText(Path.Combine(root, "hints", "hints.yaml"), "1:\n  release_minute: 10\n2:\n  cost: 30\n");
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), """
            name: Pug Points
            duration_minutes: 60
            scoring: points
            problems:
              - sum
              - echo
            """);
        // Not in the contest: its hint is the organisers' to see, never the teams'.
        var other = new PackageBuilder(challenges, "spare").Sample("1", "1\n", "1\n").Build();
        Directory.CreateDirectory(Path.Combine(other, "hints"));
        File.WriteAllText(Path.Combine(other, "hints", "1.md"), "Spare.\n");
        factory = Server();
        admin = factory.CreateAdminClient();
    }

    private ApugFactory Server(string? dataDirectory = null) =>
        new(challenges, dataDirectory, AdminClient.Settings) { TestServices = services => services.AddSingleton<TimeProvider>(time) };

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    private sealed record HintDto(string ChallengeId, int Number, double Cost, DateTimeOffset ReleasedAt, bool Opened, double? PaidCost, string? Html);

    private sealed record AdminHintDto(
        string ChallengeId, int Number, string Markdown, string Html, double Cost, int? ReleaseMinute, DateTimeOffset? ReleasesAt,
        DateTimeOffset? ReleasedAt, string Origin, int OpenedBy, bool Released);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(HttpClient client, HttpMethod method, string path, object? body = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    private static void AssertProblem((HttpStatusCode Status, JsonElement Body) answer, HttpStatusCode status, string detail)
    {
        Assert.Equal(status, answer.Status);
        Assert.Equal((int)status, answer.Body.GetProperty("status").GetInt32());
        var text = answer.Body.TryGetProperty("detail", out var d) ? d.GetString()! : answer.Body.GetProperty("errors").ToString();
        Assert.Contains(detail, text);
    }

    [Fact]
    public async Task HintsComeOutAtTheirMinuteOrByHandReachEveryPageAndACostedOneCostsItsPointsOnTheBoards()
    {
        var (ada, adaId, adaToken) = await factory.RegisterAsync("Ada's Pugs");
        var (bob, _, _) = await factory.RegisterAsync("Bob's Bulldogs");
        await using var anyone = await HubRecorder.ConnectAsync(factory, (string?)null);
        await using var adaHub = await HubRecorder.ConnectAsync(factory, adaToken);
        await using var organisers = await HubRecorder.ConnectAsync(factory, AdminClient.Token);

        // Before anything is out: nothing listed, and opening says why.
        Assert.Empty((await ada.GetFromJsonAsync<List<HintDto>>("/api/hints", Json.Options))!);
        AssertProblem(await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/1/open"), HttpStatusCode.Forbidden, "is not out yet");
        AssertProblem(await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/9/open"), HttpStatusCode.NotFound, "'sum' has no hint 9");
        var planned = (await admin.GetFromJsonAsync<List<AdminHintDto>>("/api/admin/hints", Json.Options))!.Where(h => h.ChallengeId == "sum").ToList();
        (await admin.PostAsync("/api/admin/hints/spare/1/release", null)).EnsureSuccessStatusCode();
        AssertProblem(await SendAsync(ada, HttpMethod.Post, "/api/hints/spare/1/open"), HttpStatusCode.NotFound, "'spare' has no hint 1");
        Assert.Empty((await ada.GetFromJsonAsync<List<HintDto>>("/api/hints", Json.Options))!);
        Assert.Equal([("sum", 1, 0.0, (int?)10, "Package"), ("sum", 2, 30.0, null, "Package")],
            planned.Select(h => (h.ChallengeId, h.Number, h.Cost, h.ReleaseMinute, h.Origin)));
        Assert.All(planned, h => Assert.False(h.Released));
        Assert.Null(planned[0].ReleasesAt); // no start yet

        // The contest starts; at minute 10 the first hint comes out by itself, heard by every page at once.
        (await admin.PostAsync("/api/admin/contest/start", null)).EnsureSuccessStatusCode();
        Assert.Equal(SixPm.AddMinutes(10), (await admin.GetFromJsonAsync<List<AdminHintDto>>("/api/admin/hints", Json.Options))!.First(h => h.ChallengeId == "sum").ReleasesAt);
        time.Advance(TimeSpan.FromMinutes(9));
        await Task.Delay(300);
        Assert.Empty(anyone.Of<HintReleasedView>());
        time.Advance(TimeSpan.FromMinutes(1));
        var released = await anyone.WaitForAsync<HintReleasedView>();
        Assert.Equal(("sum", 1, 0.0, SixPm.AddMinutes(10)), (released.ChallengeId, released.Number, released.Cost, released.ReleasedAt));
        await adaHub.WaitForAsync<HintReleasedView>();
        Assert.True((await organisers.WaitForAsync<AdminHintView>(h => h.Number == 1)).Released);

        var listed = Assert.Single((await ada.GetFromJsonAsync<List<HintDto>>("/api/hints", Json.Options))!);
        Assert.Equal((1, false, (string?)null), (listed.Number, listed.Opened, listed.Html)); // the text comes when opened
        var (status, body) = await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/1/open");
        Assert.Equal(HttpStatusCode.OK, status);
        var opened = body.Deserialize<HintDto>(Json.Options)!;
        Assert.True(opened.Opened);
        Assert.Equal(0, opened.PaidCost);
        Assert.Contains("<code>input().split()</code>", opened.Html); // rendered like a statement, math left for KaTeX
        Assert.Contains(@"\(a\)", opened.Html);
        Assert.Equal(1, (await adaHub.WaitForAsync<HintView>()).Number); // the team's other devices hear it
        Assert.Equal(1, (await organisers.WaitForAsync<AdminHintView>(h => h.Number == 1 && h.OpenedBy == 1)).OpenedBy);

        // The organisers release the costed hint by hand; a second release is refused.
        var (releaseStatus, releasedByHand) = await SendAsync(admin, HttpMethod.Post, "/api/admin/hints/sum/2/release");
        Assert.Equal(HttpStatusCode.OK, releaseStatus);
        Assert.Equal(SixPm.AddMinutes(10), releasedByHand.GetProperty("releasedAt").GetDateTimeOffset());
        AssertProblem(await SendAsync(admin, HttpMethod.Post, "/api/admin/hints/sum/2/release"), HttpStatusCode.Conflict, "has been out since 18:10 UTC");
        Assert.Equal(30, (await anyone.WaitForAsync<HintReleasedView>(h => h.Number == 2)).Cost);

        // A costed hint is only opened with the cost accepted, and paid once.
        time.Advance(TimeSpan.FromMinutes(5));
        AssertProblem(await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/2/open"), HttpStatusCode.Conflict, "costs 30 points");
        AssertProblem(await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/2/open", new { acceptCost = false }), HttpStatusCode.Conflict, "acceptCost");
        var paid = (await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/2/open", new { acceptCost = true })).Body.Deserialize<HintDto>(Json.Options)!;
        Assert.Equal((true, 30.0), (paid.Opened, paid.PaidCost));
        Assert.Contains("<code>int</code>", paid.Html);
        Assert.Equal(30, (await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/2/open", new { acceptCost = true })).Body.GetProperty("paidCost").GetDouble());

        // Both teams solve 'sum': Ada's 100 points lose the hint's 30.
        Assert.Equal(Apug.Server.Judging.Verdict.AC, (await factory.SubmitAndWaitAsync(ada, "sum", Sum)).Verdict);
        Assert.Equal(Apug.Server.Judging.Verdict.AC, (await factory.SubmitAndWaitAsync(bob, "sum", Sum)).Verdict);
        var board = await factory.Leaderboard().SnapshotAsync();
        var adaRow = board.Rows.Single(r => r.TeamId == adaId);
        Assert.Equal(70, adaRow.Points);
        Assert.Equal((70.0, 30.0), (adaRow.Cells[0].Score!.Value, adaRow.Cells[0].HintCost));
        Assert.Equal(100, board.Rows.Single(r => r.TeamName == "Bob's Bulldogs").Points);
        Assert.Equal("Bob's Bulldogs", board.Rows[0].TeamName);

        // The CCS scoreboard stays valid: the problem's score is net of the hint, and the total is their sum.
        var ccs = (await SendAsync(admin, HttpMethod.Get, "/api/ccs/contests/pug-points/scoreboard")).Body;
        CcsSchema.AssertValid("scoreboard", ccs);
        var ccsRow = ccs.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("team_id").GetString() == adaId.ToString());
        Assert.Equal(70, ccsRow.GetProperty("score").GetProperty("score").GetDouble());
        Assert.Equal([70.0, 0.0], ccsRow.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("score").GetDouble()));

        // The organisers see who opened what; a restarted server keeps releases, openings and the board.
        var counts = (await admin.GetFromJsonAsync<List<AdminHintDto>>("/api/admin/hints", Json.Options))!.Where(h => h.ChallengeId == "sum").ToList();
        Assert.Equal([1, 1], counts.Select(h => h.OpenedBy));
        factory.Dispose();
        using var restarted = Server(factory.DataDirectory);
        var again = (await restarted.CreateAdminClient().GetFromJsonAsync<List<AdminHintDto>>("/api/admin/hints", Json.Options))!.Where(h => h.ChallengeId == "sum").ToList();
        Assert.Equal([(true, 1), (true, 1)], again.Select(h => (h.Released, h.OpenedBy)));
        Assert.Equal(70, (await restarted.Leaderboard().SnapshotAsync()).Rows.Single(r => r.TeamId == adaId).Points);
    }

    [Fact]
    public async Task OrganisersAddAndEditHintsOnTheAdminApiAndEveryMistakeIsAProblemWithAReason()
    {
        var (ada, _, _) = await factory.RegisterAsync("Ada's Pugs");
        var (status, added) = await SendAsync(admin, HttpMethod.Post, "/api/admin/hints", new { challengeId = "sum", markdown = "Read **both** numbers.", cost = 5 });
        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal((3, "Organisers", 5.0), (added.GetProperty("number").GetInt32(), added.GetProperty("origin").GetString(), added.GetProperty("cost").GetDouble()));
        Assert.Contains("<strong>both</strong>", added.GetProperty("html").GetString());
        var (firstStatus, first) = await SendAsync(admin, HttpMethod.Post, "/api/admin/hints", new { challengeId = "echo", markdown = "Print what you read." });
        Assert.Equal((HttpStatusCode.Created, 1), (firstStatus, first.GetProperty("number").GetInt32()));

        // Editing a package hint replaces its text and settings; the package file stays as it is.
        var (editStatus, edited) = await SendAsync(admin, HttpMethod.Put, "/api/admin/hints/sum/1", new { markdown = "Use `split`.", releaseMinute = 20 });
        Assert.Equal(HttpStatusCode.OK, editStatus);
        Assert.Equal(("EditedPackage", 20, 0.0), (edited.GetProperty("origin").GetString(), edited.GetProperty("releaseMinute").GetInt32(), edited.GetProperty("cost").GetDouble()));
        var all = (await admin.GetFromJsonAsync<List<AdminHintDto>>("/api/admin/hints", Json.Options))!;
        Assert.Equal([("echo", 1), ("spare", 1), ("sum", 1), ("sum", 2), ("sum", 3)], all.Select(h => (h.ChallengeId, h.Number)));
        Assert.Equal("Use `split`.\n", all[2].Markdown);

        AssertProblem(await SendAsync(admin, HttpMethod.Post, "/api/admin/hints", new { challengeId = "sum", markdown = "  " }), HttpStatusCode.BadRequest, "Write the hint in Markdown");
        AssertProblem(await SendAsync(admin, HttpMethod.Post, "/api/admin/hints", new { challengeId = "sum", markdown = "x", cost = -1 }), HttpStatusCode.BadRequest, "A cost is 0 to");
        AssertProblem(await SendAsync(admin, HttpMethod.Post, "/api/admin/hints", new { challengeId = "sum", markdown = "x", releaseMinute = -3 }), HttpStatusCode.BadRequest, "release minute");
        AssertProblem(await SendAsync(admin, HttpMethod.Post, "/api/admin/hints", new { markdown = "x" }), HttpStatusCode.BadRequest, "Say which challenge");
        AssertProblem(await SendAsync(admin, HttpMethod.Post, "/api/admin/hints", new { challengeId = "nope", markdown = "x" }), HttpStatusCode.NotFound, "There is no challenge 'nope'");
        AssertProblem(await SendAsync(admin, HttpMethod.Put, "/api/admin/hints/sum/7", new { markdown = "x" }), HttpStatusCode.NotFound, "'sum' has no hint 7");
        AssertProblem(await SendAsync(admin, HttpMethod.Post, "/api/admin/hints/sum/7/release"), HttpStatusCode.NotFound, "'sum' has no hint 7");
        AssertProblem(await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/1/open", "not an object"), HttpStatusCode.BadRequest, "is not valid JSON");
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(ada, HttpMethod.Post, "/api/admin/hints", new { challengeId = "sum", markdown = "x" })).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/api/hints")).StatusCode);

        // Released by hand before the start: free (nothing counts yet), and the text is Markdown made safe like a statement.
        (await SendAsync(admin, HttpMethod.Put, "/api/admin/hints/sum/3", new { markdown = "<script>alert(1)</script> *careful*", cost = 5 })).Body.ToString();
        (await admin.PostAsync("/api/admin/hints/sum/3/release", null)).EnsureSuccessStatusCode();
        var free = (await SendAsync(ada, HttpMethod.Post, "/api/hints/sum/3/open")).Body.Deserialize<HintDto>(Json.Options)!;
        Assert.Equal(0, free.PaidCost);
        Assert.DoesNotContain("<script>", free.Html);
        Assert.Contains("<em>careful</em>", free.Html);
    }
}
