using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Apug.Server.Data;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Apug.Tests.Api;

/// <summary>A second device joins its team with a short-lived, one-time join code, getting its own token.</summary>
public class JoinCodeApiTests : IDisposable
{
    private readonly FakeTimeProvider time = new(DateTimeOffset.UtcNow);
    private readonly ApugFactory factory;

    public JoinCodeApiTests() : this([]) { }

    protected JoinCodeApiTests(Dictionary<string, string?> database) =>
        factory = new ApugFactory(settings: database) { TestServices = services => services.AddSingleton<TimeProvider>(time) };

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    private sealed record JoinCodeDto(string Code, DateTimeOffset ExpiresAt, string JoinPath);

    private async Task<(HttpClient Client, TeamRegisteredDto Team)> RegisterAsync()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/teams", new { name = "Two Laptops", members = new[] { "Ada", "Grace" } });
        var team = (await response.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Token);
        return (client, team);
    }

    [Fact]
    public async Task AJoinCodeGivesASecondDeviceItsOwnTokenOnTheSameTeamOnceAndOnlyItsHashIsStored()
    {
        var (first, team) = await RegisterAsync();
        var issued = await first.PostAsync("/api/teams/join-codes", null);
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var code = (await issued.Content.ReadFromJsonAsync<JoinCodeDto>())!;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}$", code.Code);
        Assert.Equal($"/#/join/{code.Code}", code.JoinPath);
        Assert.DoesNotContain(team.Token, code.JoinPath);
        Assert.Equal(time.GetUtcNow() + TimeSpan.FromMinutes(10), code.ExpiresAt);

        var anonymous = factory.CreateClient();
        // Typed by hand: lower case, no dash.
        var joined = await anonymous.PostAsJsonAsync("/api/teams/join", new { code = code.Code.Replace("-", "").ToLowerInvariant() });
        Assert.Equal(HttpStatusCode.OK, joined.StatusCode);
        var second = (await joined.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
        Assert.Equal((team.Id, team.Name), (second.Id, second.Name));
        Assert.NotEqual(team.Token, second.Token);

        // Both tokens work, for the same team.
        var secondClient = factory.CreateClient();
        secondClient.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", second.Token);
        Assert.Equal(HttpStatusCode.OK, (await secondClient.GetAsync("/api/submissions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/submissions")).StatusCode);

        // Once only.
        var again = await anonymous.PostAsJsonAsync("/api/teams/join", new { code = code.Code });
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("unknown, used already or expired", await again.Content.ReadAsStringAsync());

        // Neither the code nor any token is in the database, only their hashes.
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync(CancellationToken.None);
        var everything = string.Join("\n", await connection.QueryAsync<string>(
            "SELECT token_hash FROM team_sessions UNION ALL SELECT code_hash FROM join_codes UNION ALL SELECT token_hash FROM teams"));
        Assert.DoesNotContain(second.Token, everything);
        Assert.DoesNotContain(team.Token, everything);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM team_sessions WHERE team_id = @id", new { id = team.Id.ToString() }));
    }

    [Fact]
    public async Task AnExpiredCodeIsRefusedWithAMessageAndABadOneSaysWhatACodeLooksLike()
    {
        var (first, _) = await RegisterAsync();
        var code = (await (await first.PostAsync("/api/teams/join-codes", null)).Content.ReadFromJsonAsync<JoinCodeDto>())!;
        time.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        var anonymous = factory.CreateClient();
        var expired = await anonymous.PostAsJsonAsync("/api/teams/join", new { code = code.Code });
        Assert.Equal(HttpStatusCode.NotFound, expired.StatusCode);
        Assert.Equal("application/problem+json", expired.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Ask your teammate for a new one", await expired.Content.ReadAsStringAsync());

        var bad = await anonymous.PostAsJsonAsync("/api/teams/join", new { code = "hello" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("8 letters and digits", await bad.Content.ReadAsStringAsync());

        // Only a team member can make a code.
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/teams/join-codes", null)).StatusCode);
    }
}

/// <summary>The same tests against PostgreSQL (Apug:Database:Provider = postgres), each on a fresh database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class JoinCodeApiTestsOnPostgres(ScaleOutServers servers) : JoinCodeApiTests(servers.Postgres());
