using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Api;

/// <summary>Bad input at the submission endpoint: each gets a precise problem and nothing is stored.</summary>
public class SubmissionApiTests : IDisposable
{
    private readonly ApugFactory factory;

    public SubmissionApiTests() : this([]) { }

    protected SubmissionApiTests(Dictionary<string, string?> database) => factory = new(settings: database);

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    private async Task<long> StoredSubmissionsAsync()
    {
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions");
    }

    private static StringContent JsonText(string json) => new(json, Encoding.UTF8, "application/json");

    [Fact]
    public async Task SubmittingWithoutATokenIsUnauthorizedWithAHint()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "print(1)" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Authorization: Bearer", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredSubmissionsAsync());
    }

    [Fact]
    public async Task AForgedTokenIsUnauthorized()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-real-token");
        var response = await client.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "print(1)" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("not valid", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WhatAProgramPrintsIsStoredWhateverItIsEvenANulByte()
    {
        // PostgreSQL's text refuses NUL: the result is stored with U+FFFD instead of the submission staying 'running'.
        var client = await factory.CreateTeamClientAsync();
        var judged = await factory.SubmitAndWaitAsync(client, "hello-pug", "import sys\nprint('\\0 pug \\1')\nprint('\\0', file=sys.stderr)\n");
        Assert.Equal(Verdict.WA, judged.Verdict);
        Assert.Equal("judged", judged.Status);
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        var outputs = (await connection.QueryAsync<string>("SELECT output FROM test_results WHERE submission_id = @id", new { id = judged.Id.ToString() })).ToList();
        Assert.NotEmpty(outputs);
        Assert.All(outputs, o => Assert.StartsWith("\uFFFD pug \u0001", o));
    }

    [Theory]
    [InlineData("""{"challengeId":"no-such-challenge","source":"print(1)"}""", 404, "no challenge 'no-such-challenge'")]
    [InlineData("""{"challengeId":"../../etc","source":"print(1)"}""", 404, "no challenge")]
    [InlineData("""{"challengeId":"","source":"print(1)"}""", 400, "challengeId")]
    [InlineData("""{"challengeId":"hello-pug","source":""}""", 400, "empty")]
    [InlineData("""{"challengeId":"hello-pug","source":"   \n  "}""", 400, "empty")]
    [InlineData("""{"challengeId":"hello-pug"}""", 400, "empty")]
    [InlineData("""{"challengeId":"hello-pug","source":"print(1)\u0000"}""", 400, "NUL byte")]
    [InlineData("""{"challengeId":"hello-pug","source":"print('\ud800')"}""", 400, "not valid")]
    [InlineData("""{"challengeId":"hello-pug","source":42}""", 400, "$.source")]
    [InlineData("""{"challengeId":"hello-pug","source":"print(1)" """, 400, "not valid JSON")]
    public async Task BadSubmissionsGetAPreciseProblemAndAreNotStored(string json, int status, string mention)
    {
        var client = await factory.CreateTeamClientAsync();
        var response = await client.PostAsync("/api/submissions", JsonText(json));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == (int)response.StatusCode, $"expected {status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mention, body, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, await StoredSubmissionsAsync());
    }

    [Fact]
    public async Task NonUtf8BytesInTheBodyAreRefused()
    {
        var client = await factory.CreateTeamClientAsync();
        var bytes = Encoding.UTF8.GetBytes("""{"challengeId":"hello-pug","source":"print('X')"}""");
        bytes[Array.IndexOf(bytes, (byte)'X')] = 0xFF;
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var response = await client.PostAsync("/api/submissions", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(0, await StoredSubmissionsAsync());
    }

    [Fact]
    public async Task ASourceOverTheLimitIs413WithBothSizes()
    {
        var client = await factory.CreateTeamClientAsync();
        var source = "# " + new string('x', 70 * 1024) + "\nprint(1)\n";
        var response = await client.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("71 KiB", body);
        Assert.Contains("64 KiB", body);
        Assert.Equal(0, await StoredSubmissionsAsync());
    }

    [Fact]
    public async Task AnAcceptedSubmissionIsStoredAsQueuedBeforeTheResponse()
    {
        var client = await factory.CreateTeamClientAsync();
        var response = await client.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "print(1)" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedDto>();
        Assert.Equal("queued", accepted!.Status);
        Assert.Equal($"/api/submissions/{accepted.Id}", response.Headers.Location?.ToString());
        Assert.Equal(1, await StoredSubmissionsAsync());
    }

    [Fact]
    public async Task AnotherTeamsSubmissionLooksExactlyLikeAMissingOne()
    {
        var owner = await factory.CreateTeamClientAsync();
        var other = await factory.CreateTeamClientAsync();
        var accepted = await (await owner.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "print(1)" }))
            .Content.ReadFromJsonAsync<AcceptedDto>();

        var stranger = await other.GetAsync($"/api/submissions/{accepted!.Id}");
        var missing = await other.GetAsync($"/api/submissions/{Guid.NewGuid()}");
        var garbage = await other.GetAsync("/api/submissions/..%2F..%2Fetc");
        Assert.Equal(HttpStatusCode.NotFound, stranger.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, garbage.StatusCode);
        Assert.Equal("application/problem+json", stranger.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await other.GetFromJsonAsync<object[]>("/api/submissions") ?? []);
        Assert.Single(await owner.GetFromJsonAsync<object[]>("/api/submissions") ?? []);
    }
}

/// <summary>The same tests against PostgreSQL (Apug:Database:Provider = postgres), each on a fresh database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class SubmissionApiTestsOnPostgres(ScaleOutServers servers) : SubmissionApiTests(servers.Postgres());
