using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Apug.Server.Data;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Hostile;

/// <summary>
/// Malformed requests against every endpoint Program.cs maps (health, teams, challenges, submissions): each answer
/// is a 4xx RFC 7807 problem, never a 5xx, never a stack trace, and nothing is stored.
/// </summary>
public sealed class HttpEdgeTests(HttpEdgeTests.Server server) : IClassFixture<HttpEdgeTests.Server>
{
    public sealed record Case(string Method, string Path, string? ContentType, byte[]? Body, string Auth)
    {
        public override string ToString() =>
            $"{Method} {(Path.Length > 80 ? Path[..80] + "…" : Path)} [{ContentType ?? "no type"}] {(Body is null ? "" : $"{Body.Length} B ")}{Auth}";
    }

    private const string Team = "team";
    private const string Anonymous = "anonymous";
    private static readonly byte[] ValidSubmission = Encoding.UTF8.GetBytes("""{"challengeId":"hello-pug","source":"print(1)"}""");

    private static Case Post(string path, string body, string auth = Team, string? contentType = "application/json") =>
        new("POST", path, contentType, Encoding.UTF8.GetBytes(body), auth);

    private static Case PostBytes(string path, byte[] body, string auth = Team, string? contentType = "application/json") =>
        new("POST", path, contentType, body, auth);

    private static Case Get(string path, string auth = Team) => new("GET", path, null, null, auth);

    public static IEnumerable<object[]> Cases()
    {
        var bodies = new[]
        {
            "{", "}", "[", "[]", "[1,2]", "null", "true", "42", "\"text\"", "{\"a\":}", "{,}", "{'name':'x'}", "{\"name\":\"x\",}",
            "{\"name\":5,\"members\":[\"a\"]}", "{\"name\":\"x\",\"members\":\"Ada\"}", "{\"name\":\"x\",\"members\":[1,2]}",
            "{\"name\":{\"$ne\":null},\"members\":[\"a\"]}", "{\"name\":\"x\",\"members\":[null]}", "{\"unknown\":1}",
            "{\"name\":\"\\u0000\",\"members\":[\"a\"]}", "{\"name\":\"\\ud800\",\"members\":[\"a\"]}",
            "{\"name\":\"" + new string('n', 1000) + "\",\"members\":[\"a\"]}",
            "{\"name\":\"x\",\"members\":[" + string.Join(",", Enumerable.Repeat("\"a\"", 1000)) + "]}",
            new string('[', 5000) + new string(']', 5000),
            "{\"name\":" + new string('[', 100) + new string(']', 100) + "}",
            "{\"name\":\"x\",\"members\":[\"a\"]} trailing",
            "{\"challengeId\":5,\"source\":\"print(1)\"}", "{\"challengeId\":\"hello-pug\",\"source\":[\"print(1)\"]}",
            "{\"challengeId\":\"hello-pug\",\"source\":null}", "{\"challengeId\":null,\"source\":\"print(1)\"}",
            "{\"challengeId\":\"../../../etc/passwd\",\"source\":\"print(1)\"}", "{\"challengeId\":\"hello-pug/../pizza-slices\",\"source\":\"print(1)\"}",
            "{\"challengeId\":\"HELLO-PUG\\u0000\",\"source\":\"print(1)\"}", "{\"challengeId\":\"hello-pug\",\"source\":\"print(1)\\u0000\"}",
            "{\"challengeId\":\"hello-pug\",\"source\":\"" + new string('#', 70 * 1024) + "\"}",
            "{\"challengeId\":\"hello-pug\",\"source\":\"print(1)\",\"teamId\":\"00000000-0000-0000-0000-000000000000\",\"status\":\"judged\",\"verdict\":\"AC\"",
        };
        foreach (var body in bodies)
        {
            yield return [Post("/api/teams", body, Anonymous)];
            yield return [Post("/api/submissions", body)];
        }
        byte[][] binaries = [[0xff, 0xfe, 0x00, 0x7b], [0x7b, 0x22, 0x6e, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d], [0xef, 0xbb, 0xbf], new byte[4096]];
        foreach (var binary in binaries)
        {
            yield return [PostBytes("/api/teams", binary, Anonymous)];
            yield return [PostBytes("/api/submissions", binary)];
        }
        // Huge bodies, announced and not.
        var huge = new byte[20 << 20];
        Array.Fill(huge, (byte)' ');
        huge[0] = (byte)'{';
        yield return [PostBytes("/api/teams", huge, Anonymous)];
        yield return [PostBytes("/api/submissions", huge)];
        yield return [PostBytes("/api/submissions", Encoding.UTF8.GetBytes("{\"challengeId\":\"hello-pug\",\"source\":\"" + new string('x', 3 << 20) + "\"}"))];

        // Wrong or missing content types, with a body that would otherwise be fine.
        foreach (var type in new string?[] { null, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/jsonx", "text/json; charset=utf-16" })
        {
            yield return [Post("/api/teams", "{\"name\":\"typed\",\"members\":[\"Ada\"]}", Anonymous, type)];
            yield return [PostBytes("/api/submissions", ValidSubmission, Team, type)];
        }

        // Missing, forged and misplaced tokens.
        foreach (var auth in new[] { Anonymous, "Bearer", "Bearer ", "Bearer not-a-token", "Bearer " + new string('A', 32), "Bearer " + new string('x', 20_000),
                     "Basic YWRtaW46YWRtaW4=", "bearer ' OR 1=1 --", "Bearer \u00e9\u00e8", "Token abc", "Bearer a b c" })
        {
            yield return [PostBytes("/api/submissions", ValidSubmission, auth)];
            yield return [Get("/api/submissions", auth)];
            yield return [Get("/api/submissions/" + Guid.NewGuid(), auth)];
        }
        yield return [Get("/api/submissions?access_token=TEAM_TOKEN", Anonymous)]; // the query token is for /hubs only

        // Ids: traversal, encodings, lengths, other types.
        foreach (var id in new[] { "..", "..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fapug.db", "..%5C..%5Cwindows", "%2500", "hello-pug%2500",
                     "hello-pug%2F..%2Fpizza-slices", "HELLO-PUG", "hello-pug.", "%20hello-pug", new string('a', 10_000), "%E2%80%AE", "%FF%FE",
                     "00000000-0000-0000-0000-000000000000", "{00000000-0000-0000-0000-000000000000}", "-1", "1e308", "*", "%2A", "%252e%252e" })
        {
            yield return [Get("/api/challenges/" + id)];
            yield return [Get("/api/challenges/" + id + "/statement.pdf")];
            yield return [Get("/api/submissions/" + id)];
        }
        yield return [Get("/api/challenges/hello-pug/statement.pdf")]; // a markdown statement has no PDF
        yield return [Get("/api/challenges/hello-pug/data/secret/01-single-letter.in")];
        yield return [Get("/api/challenges/hello-pug/../../../etc/passwd")];
        yield return [Get("/api/nothing-here")];
        yield return [Get("/api/teams")];
        yield return [Get("/api/teams/" + Guid.NewGuid())];

        // Wrong methods.
        foreach (var (method, path) in new[]
                 {
                     ("DELETE", "/api/teams"), ("PUT", "/api/teams"), ("PATCH", "/api/teams"), ("GET", "/api/teams"),
                     ("DELETE", "/api/submissions"), ("PUT", "/api/submissions"), ("DELETE", "/api/submissions/" + Guid.Empty),
                     ("POST", "/api/submissions/" + Guid.Empty), ("PUT", "/api/challenges/hello-pug"), ("POST", "/api/challenges"),
                     ("DELETE", "/api/challenges/hello-pug"), ("POST", "/api/health"), ("DELETE", "/api/health"), ("TRACE", "/api/health"),
                     ("POST", "/api/contest"), ("PUT", "/api/contest"), ("DELETE", "/api/leaderboard"), ("POST", "/api/leaderboard"),
                 })
        {
            yield return [new Case(method, path, "application/json", Encoding.UTF8.GetBytes("{}"), Team)];
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task AMalformedRequestGetsAClientErrorProblemAndNoStackTrace(Case request)
    {
        var response = await server.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{request}: {status} {Cut(body)}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(server.TeamToken, body);
        Assert.Equal(0, await server.StoredSubmissionsAsync());
    }

    /// <summary>The SignalR hub answers in its own protocol (not always JSON), but a bad request is still a 4xx without a trace.</summary>
    public static IEnumerable<object[]> HubCases()
    {
        yield return [new Case("POST", "/hubs/contest/negotiate?negotiateVersion=1", null, [], "Bearer forged-token")];
        yield return [new Case("POST", "/hubs/contest/negotiate?negotiateVersion=1&access_token=forged", null, [], Anonymous)];
        yield return [new Case("POST", "/hubs/contest/negotiate?negotiateVersion=1&access_token=" + new string('x', 20_000), null, [], Anonymous)];
        yield return [new Case("GET", "/hubs/contest", null, null, Anonymous)];
        yield return [new Case("GET", "/hubs/contest?id=does-not-exist", null, null, Anonymous)];
        yield return [new Case("POST", "/hubs/contest?id=does-not-exist", "text/plain", Encoding.UTF8.GetBytes("{\"protocol\":\"json\"}\u001e"), Anonymous)];
        yield return [new Case("DELETE", "/hubs/contest?id=../../etc", null, null, Anonymous)];
        yield return [new Case("PUT", "/hubs/contest/negotiate", "application/json", Encoding.UTF8.GetBytes("{"), Anonymous)];
    }

    [Theory]
    [MemberData(nameof(HubCases))]
    public async Task AMalformedHubRequestGetsAClientErrorAndNoStackTrace(Case request)
    {
        var response = await server.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        var status = (int)response.StatusCode;
        Assert.True(status is >= 400 and < 500, $"{request}: {status} {Cut(body)}");
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
        Assert.DoesNotContain(server.TeamToken, body);
    }

    /// <summary>What only a real socket can send: Kestrel itself answers these, before any endpoint runs.</summary>
    [Fact]
    public async Task RequestsThatKestrelRefusesGetClientErrorsFromTheRealServer()
    {
        var data = Directory.CreateTempSubdirectory("apug-kestrel-").FullName;
        try
        {
            await using var kestrel = await ServerProcess.StartAsync(data, server.Factory.ChallengesPath);
            var cases = new (string Request, int[] Statuses)[]
            {
                ("GET /api/challenges/%00 HTTP/1.1\r\nHost: x\r\n\r\n", [400]),
                ("GET /api/submissions/hello%00pug HTTP/1.1\r\nHost: x\r\n\r\n", [400]),
                ("GET /../../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", [400, 404]),
                ("GARBAGE\r\n\r\n", [400]),
                ("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + new string('a', 100_000) + "\r\n\r\n", [431]),
                ("GET /" + new string('a', 20_000) + " HTTP/1.1\r\nHost: x\r\n\r\n", [414, 404]),
                // Announced as 100 MB, never sent: refused from the header alone.
                ("POST /api/teams HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000000\r\n\r\n{", [413]),
                ("POST /api/teams HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: -5\r\n\r\n", [400]),
                ("POST /api/teams HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", [400]),
            };
            foreach (var (request, statuses) in cases)
            {
                var (status, response) = await RawHttp.SendAsync(kestrel.Address, request);
                Assert.True(statuses.Contains(status), $"{request[..Math.Min(60, request.Length)].ReplaceLineEndings(" ")}: {status}\n{Cut(response)}\n{Cut(kestrel.Output[^Math.Min(3000, kestrel.Output.Length)..])}");
                Assert.DoesNotContain("Exception", response);
                Assert.DoesNotContain("   at ", response);
            }
            // Still serving after all of that.
            using var client = kestrel.CreateClient();
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/challenges")).StatusCode);
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    private static string Cut(string text) => text.Length <= 600 ? text : text[..600] + "…";

    public sealed class Server : IAsyncLifetime
    {
        public ApugFactory Factory { get; } = new();
        public string TeamToken { get; private set; } = "";

        public async Task InitializeAsync()
        {
            var client = await Factory.CreateTeamClientAsync("Edge testers");
            TeamToken = client.DefaultRequestHeaders.Authorization!.Parameter!;
        }

        public async Task<HttpResponseMessage> SendAsync(Case request)
        {
            using var client = Factory.CreateClient();
            using var message = new HttpRequestMessage(new HttpMethod(request.Method), request.Path.Replace("TEAM_TOKEN", TeamToken, StringComparison.Ordinal));
            if (request.Auth == Team) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TeamToken);
            else if (request.Auth != Anonymous) message.Headers.TryAddWithoutValidation("Authorization", request.Auth);
            if (request.Body is not null)
            {
                message.Content = new ByteArrayContent(request.Body);
                if (request.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", request.ContentType);
            }
            return await client.SendAsync(message);
        }

        public async Task<long> StoredSubmissionsAsync()
        {
            await using var connection = await Factory.Services.GetRequiredService<Database>().OpenAsync();
            return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions");
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            Factory.DeleteData();
            return Task.CompletedTask;
        }
    }
}
