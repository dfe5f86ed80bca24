using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Ecosystem;

/// <summary>
/// The ICPC Contest API against a real server judging in Docker: a contest whose board is frozen, an accepted submission
/// during the freeze, a hidden team, clarifications; each view's every endpoint checked against the spec's shapes.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class CcsApiTests : IAsyncLifetime
{
    private const string Double = "print(2 * int(input()))\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-ccs-").FullName;
    private ApugFactory? factory;
    private ApugFactory Factory => factory ?? throw new InvalidOperationException("not started");

    private static readonly string[] Collections =
        ["judgement-types", "languages", "problems", "groups", "organizations", "teams", "persons", "accounts", "submissions", "judgements", "runs",
         "clarifications", "awards"];

    private static readonly Dictionary<string, string> Singular = new()
    {
        ["judgement-types"] = "judgement-type", ["languages"] = "language", ["problems"] = "problem", ["groups"] = "group",
        ["organizations"] = "organization", ["teams"] = "team", ["persons"] = "person", ["accounts"] = "account", ["submissions"] = "submission", ["judgements"] = "judgement",
        ["runs"] = "run", ["clarifications"] = "clarification", ["awards"] = "award", ["contest"] = "contest", ["state"] = "state",
    };

    public Task InitializeAsync()
    {
        new PackageBuilder(challenges, "double").Sample("1", "2\n", "4\n").Secret("01", "21\n", "42\n").Secret("02", "5\n", "10\n").Build();
        new PackageBuilder(challenges, "triple").Sample("1", "2\n", "6\n").Secret("01", "3\n", "9\n").Build();
        // Started 30 minutes ago, 60 minutes long, frozen for the last 40: the public board is frozen now.
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), $"""
            name: Pug Cup 2026
            start: {DateTimeOffset.UtcNow.AddMinutes(-30):O}
            duration_minutes: 60
            freeze_minutes: 40
            problems:
              - id: double
                colour: "#e5534b"
              - triple
            """);
        factory = new ApugFactory(challenges, settings: new Dictionary<string, string?>(AdminClient.Settings) { ["Apug:Ccs:RefreshMilliseconds"] = "100" });
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        factory?.Dispose();
        factory?.DeleteData();
        Directory.Delete(challenges, recursive: true);
        return Task.CompletedTask;
    }

    private HttpClient Public() => Factory.CreateClient();

    private HttpClient Basic(string password = AdminClient.Token)
    {
        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"resolver:{password}")));
        return client;
    }

    private static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {text}");
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    [Fact]
    public async Task BothViewsAnswerEveryEndpointInTheSpecsShapesAndThePublicOneKeepsTheFreeze()
    {
        using var ada = await Factory.CreateTeamClientAsync("Ada's Pugs");
        using var bob = await Factory.CreateTeamClientAsync("Bob's Bulldogs");
        using var hidden = await Factory.CreateTeamClientAsync("Organisers' test team");
        using var admin = Factory.CreateAdminClient();
        var accepted = await Factory.SubmitAndWaitAsync(ada, "double", Double);
        var wrong = await Factory.SubmitAndWaitAsync(bob, "double", "print(3)\n", language: "pypy3");
        Assert.Equal(Apug.Server.Judging.Verdict.AC, accepted.Verdict);
        var hiddenTeamId = (await Factory.SubmitAndWaitAsync(hidden, "triple", "print(3 * int(input()))\n")).TeamId;
        (await admin.PostAsync($"/api/admin/teams/{hiddenTeamId}/hide", null)).EnsureSuccessStatusCode();

        var question = await (await bob.PostAsJsonAsync("/api/clarifications", new { challengeId = "double", text = "Can the input be negative?" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PostAsJsonAsync($"/api/admin/clarifications/{question.GetProperty("id").GetInt64()}/answer", new { text = "No.", @public = true }))
            .EnsureSuccessStatusCode();
        var privateQuestion = await (await ada.PostAsJsonAsync("/api/clarifications", new { text = "May we use numpy?" })).Content.ReadFromJsonAsync<JsonElement>();
        (await admin.PostAsJsonAsync($"/api/admin/clarifications/{privateQuestion.GetProperty("id").GetInt64()}/answer", new { text = "Standard library only." }))
            .EnsureSuccessStatusCode();

        var info = await GetJsonAsync(Public(), "/api/ccs");
        CcsSchema.AssertValid("api", info);
        var contests = await GetJsonAsync(Public(), "/api/ccs/contests");
        CcsSchema.AssertValid("contest", contests, array: true);
        var contestId = contests[0].GetProperty("id").GetString()!;
        Assert.Equal("pug-cup-2026", contestId);
        var root = $"/api/ccs/contests/{contestId}";

        var views = new Dictionary<string, HttpClient> { ["public"] = Public(), ["bearer"] = Factory.CreateAdminClient(), ["basic"] = Basic() };
        var seen = new Dictionary<string, Dictionary<string, JsonElement>>();
        foreach (var (name, client) in views)
        {
            var all = seen[name] = [];
            CcsSchema.AssertValid("contest", all["contest"] = await GetJsonAsync(client, root));
            CcsSchema.AssertValid("state", all["state"] = await GetJsonAsync(client, $"{root}/state"));
            CcsSchema.AssertValid("access", all["access"] = await GetJsonAsync(client, $"{root}/access"));
            CcsSchema.AssertValid("scoreboard", all["scoreboard"] = await GetJsonAsync(client, $"{root}/scoreboard"));
            foreach (var collection in Collections)
            {
                var list = all[collection] = await GetJsonAsync(client, $"{root}/{collection}");
                CcsSchema.AssertValid(Singular[collection], list, array: true);
                foreach (var item in list.EnumerateArray())
                {
                    // Each object by id is exactly the one in its collection.
                    var one = await GetJsonAsync(client, $"{root}/{collection}/{item.GetProperty("id").GetString()}");
                    Assert.Equal(item.GetRawText(), one.GetRawText());
                }
            }
        }

        // Every answer, in both views, is what the OpenAPI document says it is (snake_case, numbers as numbers, ...).
        var openApi = new OpenApiResponseSchema(JsonNode.Parse(await Public().GetStringAsync("/openapi/v1.json"))!);
        openApi.AssertDocuments("/api/ccs", info);
        openApi.AssertDocuments("/api/ccs/contests", contests);
        foreach (var (_, all) in seen)
            foreach (var (endpoint, answer) in all)
            {
                var path = endpoint == "contest" ? "/api/ccs/contests/{contestId}" : $"/api/ccs/contests/{{contestId}}/{endpoint}";
                openApi.AssertDocuments(path, answer);
                if (Collections.Contains(endpoint))
                    foreach (var item in answer.EnumerateArray()) openApi.AssertDocuments($"{path}/{{id}}", item);
            }

        // Languages are the judge's; a submission says which one it was judged in.
        Assert.Equal(["pypy3", "python3"], seen["bearer"]["languages"].EnumerateArray().Select(l => l.GetProperty("id").GetString()).Order());
        Assert.Equal("pypy3", seen["bearer"]["submissions"].EnumerateArray().Single(x => x.GetProperty("id").GetString() == wrong.Id.ToString())
            .GetProperty("language_id").GetString());
        Assert.Equal("python3", seen["bearer"]["submissions"].EnumerateArray().Single(x => x.GetProperty("id").GetString() == accepted.Id.ToString())
            .GetProperty("language_id").GetString());

        var state = seen["public"]["state"];
        Assert.NotEqual(JsonValueKind.Null, state.GetProperty("started").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, state.GetProperty("frozen").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("ended").ValueKind);
        Assert.Equal("pass-fail", seen["public"]["contest"].GetProperty("scoreboard_type").GetString());
        Assert.Equal(20, seen["public"]["contest"].GetProperty("penalty_time").GetInt32());
        Assert.Equal("0:40:00.000", seen["public"]["contest"].GetProperty("scoreboard_freeze_duration").GetString());
        Assert.Equal(["A", "B"], seen["public"]["problems"].EnumerateArray().Select(p => p.GetProperty("label").GetString()));
        Assert.Equal(3, seen["public"]["problems"][0].GetProperty("test_data_count").GetInt32());

        // Access names, for each endpoint, the properties its objects carry (as they are spelt in them).
        var teamProperties = seen["public"]["access"].GetProperty("endpoints").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "teams")
            .GetProperty("properties").EnumerateArray().Select(p => p.GetString()!).ToHashSet();
        Assert.Superset(teamProperties, seen["public"]["teams"][0].EnumerateObject().Select(p => p.Name).ToHashSet());

        // People and log-ins are the organisers' alone: each registered member, each team's account and their own.
        Assert.Empty(seen["public"]["persons"].EnumerateArray());
        Assert.Empty(seen["public"]["accounts"].EnumerateArray());
        var adaPeople = seen["bearer"]["persons"].EnumerateArray().Where(p => p.GetProperty("team_ids")[0].GetString() == accepted.TeamId.ToString()).ToList();
        Assert.Equal(["Ada", "Grace"], adaPeople.Select(p => p.GetProperty("name").GetString()));
        Assert.All(adaPeople, p => Assert.Equal("contestant", p.GetProperty("role").GetString()));
        Assert.Equal(6, seen["basic"]["persons"].GetArrayLength()); // three teams of two, the hidden one too
        Assert.Equal(4, seen["basic"]["accounts"].GetArrayLength()); // the three teams and the organisers
        var teamAccount = seen["bearer"]["accounts"].EnumerateArray().Single(a => a.GetProperty("id").GetString() == accepted.TeamId.ToString());
        Assert.Equal(("Ada's Pugs", "team", accepted.TeamId.ToString()),
            (teamAccount.GetProperty("username").GetString(), teamAccount.GetProperty("type").GetString(), teamAccount.GetProperty("team_id").GetString()));
        Assert.False(teamAccount.TryGetProperty("password", out _));
        var account = await GetJsonAsync(Basic(), $"{root}/account");
        CcsSchema.AssertValid("account", account);
        Assert.Equal("admin", account.GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await Public().GetAsync($"{root}/account")).StatusCode);

        // Hidden teams exist for organisers only; the public has no source and no judgement from the freeze on.
        Assert.DoesNotContain(Ids(seen["public"]["teams"]), id => id == hiddenTeamId.ToString());
        Assert.Contains(seen["bearer"]["teams"].EnumerateArray(), t => t.GetProperty("id").GetString() == hiddenTeamId.ToString() && t.GetProperty("hidden").GetBoolean());
        Assert.Equal(2, seen["public"]["submissions"].GetArrayLength());
        Assert.All(seen["public"]["submissions"].EnumerateArray(), s => Assert.Equal(0, s.GetProperty("files").GetArrayLength()));
        Assert.Empty(seen["public"]["judgements"].EnumerateArray());
        Assert.Empty(seen["public"]["runs"].EnumerateArray());
        var adminJudgement = seen["bearer"]["judgements"].EnumerateArray().Single(j => j.GetProperty("submission_id").GetString() == accepted.Id.ToString());
        Assert.Equal("AC", adminJudgement.GetProperty("judgement_type_id").GetString());
        Assert.Equal(3, seen["bearer"]["runs"].EnumerateArray().Count(r => r.GetProperty("judgement_id").GetString() == adminJudgement.GetProperty("id").GetString()));
        Assert.Equal("WA", seen["basic"]["judgements"].EnumerateArray().Single(j => j.GetProperty("submission_id").GetString() == wrong.Id.ToString())
            .GetProperty("judgement_type_id").GetString());

        // The boards: pending behind the freeze for the public, solved for the organisers; the winner award follows each.
        var adaCell = (string view) => seen[view]["scoreboard"].GetProperty("rows").EnumerateArray()
            .Single(r => r.GetProperty("team_id").GetString() == accepted.TeamId.ToString()).GetProperty("problems")[0];
        Assert.False(adaCell("public").GetProperty("solved").GetBoolean());
        Assert.Equal(1, adaCell("public").GetProperty("num_pending").GetInt32());
        Assert.True(adaCell("bearer").GetProperty("solved").GetBoolean());
        Assert.Equal(30, adaCell("bearer").GetProperty("time").GetInt32(), tolerance: 1);
        Assert.Empty(Award(seen["public"], "winner"));
        Assert.Equal([accepted.TeamId.ToString()], Award(seen["bearer"], "winner"));
        Assert.Equal([accepted.TeamId.ToString()], Award(seen["bearer"], "first-to-solve-double"));
        Assert.Equal(2, seen["public"]["scoreboard"].GetProperty("rows").GetArrayLength()); // the hidden team is on no board

        // Clarifications: the public sees the public answer alone; organisers see both questions and both answers.
        Assert.Equal(["No."], seen["public"]["clarifications"].EnumerateArray().Select(c => c.GetProperty("text").GetString()));
        var adminClarifications = seen["bearer"]["clarifications"].EnumerateArray().ToList();
        Assert.Equal(4, adminClarifications.Count);
        var privateAnswer = adminClarifications.Single(c => c.GetProperty("text").GetString() == "Standard library only.");
        Assert.Equal(accepted.TeamId.ToString(), privateAnswer.GetProperty("to_team_id").GetString());
        Assert.Equal($"q{privateQuestion.GetProperty("id").GetInt64()}", privateAnswer.GetProperty("reply_to_id").GetString());

        // The source, as files.zip, for organisers only.
        var href = seen["basic"]["submissions"].EnumerateArray().Single(s => s.GetProperty("id").GetString() == accepted.Id.ToString())
            .GetProperty("files")[0].GetProperty("href").GetString()!;
        var zipResponse = await Basic().GetAsync($"/api/ccs/{href}");
        Assert.Equal("application/zip", zipResponse.Content.Headers.ContentType?.MediaType);
        using (var zip = new ZipArchive(await zipResponse.Content.ReadAsStreamAsync()))
        using (var reader = new StreamReader(zip.GetEntry("solution.py")!.Open()))
            Assert.Equal(Double, await reader.ReadToEndAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await Public().GetAsync($"/api/ccs/{href}")).StatusCode);

        // Errors: unknown objects, wrong credentials, each with the spec's code and message.
        foreach (var (path, status) in new[] { ($"{root}/teams/nobody", 404), ("/api/ccs/contests/other", 404), ($"{root}/runs/x", 404) })
        {
            var response = await Public().GetAsync(path);
            Assert.Equal(status, (int)response.StatusCode);
            var error = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal(status, error.GetProperty("code").GetInt32());
            Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("message").GetString()));
        }
        var denied = await Basic("wrong").GetAsync(root);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Contains("Basic", denied.Headers.WwwAuthenticate.ToString());
    }

    private static IEnumerable<string> Ids(JsonElement list) => list.EnumerateArray().Select(e => e.GetProperty("id").GetString()!);

    private static string[] Award(Dictionary<string, JsonElement> view, string id) =>
        view["awards"].EnumerateArray().Single(a => a.GetProperty("id").GetString() == id).GetProperty("team_ids").EnumerateArray()
            .Select(t => t.GetString()!).ToArray();

    [Fact]
    public async Task TheEventFeedDumpsEverythingResumesFromATokenAndStreamsNewSubmissionsLive()
    {
        using var ada = await Factory.CreateTeamClientAsync("Ada's Pugs");
        var first = await Factory.SubmitAndWaitAsync(ada, "double", Double);
        var root = "/api/ccs/contests/pug-cup-2026";

        // A finite dump (stream=false): every line one event of the spec's shape, objects before what refers to them.
        var dump = await ReadLinesAsync(Basic(), $"{root}/event-feed?stream=false");
        Assert.NotEmpty(dump);
        var types = new List<string>();
        foreach (var line in dump)
        {
            CcsSchema.AssertValid("event", line);
            var type = line.GetProperty("type").GetString()!;
            types.Add(type);
            if (line.GetProperty("data").ValueKind != JsonValueKind.Null) CcsSchema.AssertValid(Singular[type], line.GetProperty("data"));
        }
        Assert.Equal("contest", types[0]);
        Assert.True(types.IndexOf("teams") < types.IndexOf("submissions") && types.IndexOf("submissions") < types.IndexOf("judgements"));
        Assert.Contains(dump, e => e.GetProperty("type").GetString() == "judgements"
            && e.GetProperty("data").GetProperty("submission_id").GetString() == first.Id.ToString()
            && e.GetProperty("data").GetProperty("judgement_type_id").GetString() == "AC");
        // The public feed never carries a judgement hidden by the freeze.
        var publicDump = await ReadLinesAsync(Public(), $"{root}/event-feed?stream=false");
        Assert.DoesNotContain(publicDump, e => e.GetProperty("type").GetString() is "judgements" or "runs");

        // Resuming from the last token gives nothing old again; a token this server never gave is a 400.
        var token = dump[^1].GetProperty("token").GetString()!;
        Assert.Empty(await ReadLinesAsync(Basic(), $"{root}/event-feed?stream=false&since_token={token}"));
        var bad = await Basic().GetAsync($"{root}/event-feed?since_token=somebody-else-1");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(400, (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("code").GetInt32());

        // Live: a connected client hears the next submission and its judgement without asking again.
        using var client = Basic();
        client.Timeout = TimeSpan.FromMinutes(3);
        using var response = await client.GetAsync($"{root}/event-feed?since_token={token}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var second = await Factory.SubmitAndWaitAsync(ada, "double", "print(0)\n");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var heard = new List<JsonElement>();
        while (!heard.Any(e => e.GetProperty("type").GetString() == "judgements"
                               && e.GetProperty("data").GetProperty("submission_id").GetString() == second.Id.ToString()
                               && e.GetProperty("data").GetProperty("judgement_type_id").ValueKind == JsonValueKind.String))
        {
            var line = await reader.ReadLineAsync(timeout.Token) ?? throw new InvalidOperationException("the feed ended");
            if (line.Length == 0) continue; // keep-alive
            var parsed = JsonDocument.Parse(line).RootElement.Clone();
            CcsSchema.AssertValid("event", parsed);
            heard.Add(parsed);
        }
        Assert.Contains(heard, e => e.GetProperty("type").GetString() == "submissions" && e.GetProperty("id").GetString() == second.Id.ToString());
        Assert.Equal("WA", heard.Last().GetProperty("data").GetProperty("judgement_type_id").GetString());
    }

    [Fact]
    public async Task APointsContestSpeaksTheScoreScoreboardType()
    {
        File.WriteAllText(Path.Combine(challenges, "contest.yaml"), $"""
            name: Pug Points
            start: {DateTimeOffset.UtcNow.AddMinutes(-5):O}
            duration_minutes: 60
            scoring: points
            problems:
              - id: double
                points: 50
              - triple
            """);
        using var ada = await Factory.CreateTeamClientAsync("Ada's Pugs");
        await Factory.SubmitAndWaitAsync(ada, "double", Double);
        await Factory.SubmitAndWaitAsync(ada, "triple", "print(1)\n");
        var root = "/api/ccs/contests/pug-points";
        var contest = await GetJsonAsync(Public(), root);
        CcsSchema.AssertValid("contest", contest);
        Assert.Equal("score", contest.GetProperty("scoreboard_type").GetString());
        Assert.False(contest.TryGetProperty("penalty_time", out _));
        var types = await GetJsonAsync(Public(), $"{root}/judgement-types");
        CcsSchema.AssertValid("judgement-type", types, array: true);
        Assert.All(types.EnumerateArray(), t => Assert.False(t.TryGetProperty("penalty", out _)));
        var problems = await GetJsonAsync(Public(), $"{root}/problems");
        CcsSchema.AssertValid("problem", problems, array: true);
        Assert.Equal([50.0, 100.0], problems.EnumerateArray().Select(p => p.GetProperty("max_score").GetDouble()));
        var judgements = await GetJsonAsync(Public(), $"{root}/judgements");
        CcsSchema.AssertValid("judgement", judgements, array: true);
        Assert.All(judgements.EnumerateArray(), j => Assert.True(j.TryGetProperty("score", out _)));
        var board = await GetJsonAsync(Basic(), $"{root}/scoreboard");
        CcsSchema.AssertValid("scoreboard", board);
        var row = board.GetProperty("rows")[0];
        Assert.Equal(50, row.GetProperty("score").GetProperty("score").GetDouble());
        Assert.False(row.GetProperty("score").TryGetProperty("num_solved", out _));
        Assert.Equal([50.0, 0.0], row.GetProperty("problems").EnumerateArray().Select(c => c.GetProperty("score").GetDouble()));

        // The score-only properties are in the document too.
        var openApi = new OpenApiResponseSchema(JsonNode.Parse(await Public().GetStringAsync("/openapi/v1.json"))!);
        openApi.AssertDocuments("/api/ccs/contests/{contestId}", contest);
        openApi.AssertDocuments("/api/ccs/contests/{contestId}/judgement-types", types);
        openApi.AssertDocuments("/api/ccs/contests/{contestId}/problems", problems);
        openApi.AssertDocuments("/api/ccs/contests/{contestId}/judgements", judgements);
        openApi.AssertDocuments("/api/ccs/contests/{contestId}/scoreboard", board);
    }

    private static async Task<List<JsonElement>> ReadLinesAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {text}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
    }
}
