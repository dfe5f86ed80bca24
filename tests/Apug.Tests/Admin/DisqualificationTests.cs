using System.Net;
using System.Net.Http.Json;
using Apug.Server.Judging;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Admin;

/// <summary>A disqualified team keeps its token but can no longer submit; reinstating it lets it submit again.</summary>
[Collection(DockerCollection.Name)]
public class DisqualificationTests : IDisposable
{
    private const string Greeter = "name = input().strip()\nprint(f\"Hello, {name}!\")\n";
    private readonly ApugFactory factory;

    public DisqualificationTests() : this([]) { }

    protected DisqualificationTests(Dictionary<string, string?> database) => factory = new(settings: ApugFactory.With(AdminClient.Settings, database));

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    [Fact]
    public async Task ADisqualifiedTeamIsRefusedWithAProblemAndCanSubmitAgainOnceReinstated()
    {
        using var admin = factory.CreateAdminClient();
        using var team = await factory.CreateTeamClientAsync("Copy Cats");
        using var other = await factory.CreateTeamClientAsync("Honest Pugs");
        var teamId = (await admin.GetFromJsonAsync<AdminTeamDto[]>("/api/admin/teams", Json.Options))!.Single(t => t.Name == "Copy Cats").Id;

        var disqualify = await admin.PostAsJsonAsync($"/api/admin/teams/{teamId}/disqualify", new { reason = "Shared code" });
        Assert.Equal(HttpStatusCode.OK, disqualify.StatusCode);

        var refused = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = Greeter });
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<ProblemDto>(Json.Options);
        Assert.Equal((403, "Your team has been disqualified by the organisers."), (problem!.Status, problem.Detail));
        Assert.Empty((await admin.GetFromJsonAsync<AdminSubmissionDto[]>($"/api/admin/submissions?team={teamId}", Json.Options))!);

        // Only that team: another one still submits.
        Assert.Equal(HttpStatusCode.Accepted, (await other.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = Greeter })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/teams/{teamId}/reinstate", null)).StatusCode);
        var judged = await factory.SubmitAndWaitAsync(team, "hello-pug", Greeter);
        Assert.Equal(Verdict.AC, judged.Verdict);
    }
}

file sealed record ProblemDto(int Status, string? Title, string? Detail);

/// <summary>The same tests against PostgreSQL (Apug:Database:Provider = postgres), each on a fresh database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class DisqualificationTestsOnPostgres(ScaleOutServers servers) : DisqualificationTests(servers.Postgres());
