using System.Net;
using System.Net.Http.Json;
using System.Text;
using Apug.Server.Contest;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Api;

public class TeamApiTests : IDisposable
{
    private readonly ApugFactory factory;

    public TeamApiTests() : this([]) { }

    protected TeamApiTests(Dictionary<string, string?> database) => factory = new(settings: database);

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    [Fact]
    public async Task ANewlyRegisteredTeamIsOnThePublicLeaderboardAtOnceWithNothingSolved()
    {
        var client = factory.CreateClient();
        // The board is built (and cached) before the team exists: only the registration itself can put the team on it.
        Assert.Empty((await client.GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options))!.Rows);

        var response = await client.PostAsJsonAsync("/api/teams", new { name = "Fresh Pugs", members = new[] { "Ada" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var team = await response.Content.ReadFromJsonAsync<TeamRegisteredDto>(Json.Options);

        var board = await client.GetFromJsonAsync<LeaderboardSnapshot>("/api/leaderboard", Json.Options);
        var row = Assert.Single(board!.Rows);
        Assert.Equal((team!.Id, "Fresh Pugs", 0, 0), (row.TeamId, row.TeamName, row.Solved, row.Penalty));
        Assert.All(row.Cells, cell => Assert.Equal((false, 0), (cell.Solved, cell.Attempts)));
    }

    [Fact]
    public async Task RegisteringATeamReturnsItsIdAndAToken()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/teams", new { name = "Pythonistas", members = new[] { "Ada", "Grace" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var team = await response.Content.ReadFromJsonAsync<TeamRegisteredDto>();
        Assert.NotNull(team);
        Assert.Equal("Pythonistas", team.Name);
        Assert.Equal(["Ada", "Grace"], team.Members);
        Assert.True(team.Token.Length >= 30);
        Assert.Equal($"/api/teams/{team.Id}", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task ATakenNameIsAConflictIgnoringCase()
    {
        var client = factory.CreateClient();
        (await client.PostAsJsonAsync("/api/teams", new { name = "Snakes", members = new[] { "A" } })).EnsureSuccessStatusCode();
        var second = await client.PostAsJsonAsync("/api/teams", new { name = "snakes", members = new[] { "B" } });
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        Assert.Contains("already exists", await second.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""{"name":"","members":["A"]}""", "name")]
    [InlineData("""{"name":"ok","members":[]}""", "members")]
    [InlineData("""{"name":"ok"}""", "members")]
    [InlineData("""{"name":"this name is far too long for any projector to show","members":["A"]}""", "name")]
    [InlineData("""{"name":"ok","members":["A","B","C","D","E"]}""", "members")]
    public async Task InvalidRegistrationsAreValidationProblemsNamingTheField(string json, string field)
    {
        var response = await factory.CreateClient().PostAsync("/api/teams", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"\"{field}\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("{\"name\": \"x\", ", "application/json", 400, "not valid JSON")]
    [InlineData("{\"name\": 5, \"members\": [\"a\"]}", "application/json", 400, "$.name")]
    [InlineData("", "application/json", 400, "empty")]
    [InlineData("null", "application/json", 400, "not null")]
    [InlineData("name=x", "application/x-www-form-urlencoded", 415, "Content-Type")]
    public async Task MalformedBodiesGetAPreciseProblem(string body, string contentType, int status, string mention)
    {
        var response = await factory.CreateClient().PostAsync("/api/teams", new StringContent(body, Encoding.UTF8, contentType));
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(mention, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnOversizedBodyIsRefusedWith413()
    {
        var huge = $"{{\"name\":\"{new string('x', 100_000)}\",\"members\":[\"a\"]}}";
        var response = await factory.CreateClient().PostAsync("/api/teams", new StringContent(huge, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task TheTokenIsStoredOnlyAsAHash()
    {
        var client = factory.CreateClient();
        var team = await (await client.PostAsJsonAsync("/api/teams", new { name = "Hashers", members = new[] { "A" } }))
            .Content.ReadFromJsonAsync<TeamRegisteredDto>();
        var database = factory.Services.GetRequiredService<Apug.Server.Data.Database>();
        await using var connection = await database.OpenAsync();
        var stored = await Dapper.SqlMapper.QuerySingleAsync<string>(connection, "SELECT token_hash FROM teams");
        Assert.NotEqual(team!.Token, stored);
        Assert.Equal(Apug.Server.Teams.TeamTokenAuthentication.Hash(team.Token), stored);
    }
}

/// <summary>The same tests against PostgreSQL (Apug:Database:Provider = postgres), each on a fresh database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class TeamApiTestsOnPostgres(ScaleOutServers servers) : TeamApiTests(servers.Postgres());
