using System.Net;
using System.Net.Http.Json;
using Apug.Server.Contest;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;

namespace Apug.Tests.Admin;

public class AdminTeamsAndExportTests : IDisposable
{
    private readonly ApugFactory factory;
    private readonly HttpClient admin;

    public AdminTeamsAndExportTests() : this([]) { }

    protected AdminTeamsAndExportTests(Dictionary<string, string?> database)
    {
        factory = new(settings: ApugFactory.With(AdminClient.Settings, database));
        admin = factory.CreateAdminClient();
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    private async Task<AdminTeamDto> TeamAsync(string name)
    {
        await factory.CreateTeamClientAsync(name);
        var teams = await admin.GetFromJsonAsync<AdminTeamDto[]>("/api/admin/teams", Json.Options);
        return Assert.Single(teams!, t => t.Name == name);
    }

    [Fact]
    public async Task RenamingATeamChangesItsStoredNameAndRefusesTakenOrEmptyNames()
    {
        var pugs = await TeamAsync("Pugs");
        await TeamAsync("Snakes");

        var renamed = await admin.PostAsJsonAsync($"/api/admin/teams/{pugs.Id}/rename", new { name = "  Pug Life " });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal("Pug Life", (await renamed.Content.ReadFromJsonAsync<AdminTeamDto>(Json.Options))!.Name);
        var teams = await admin.GetFromJsonAsync<AdminTeamDto[]>("/api/admin/teams", Json.Options);
        Assert.Equal(["Pug Life", "Snakes"], teams!.Select(t => t.Name));

        var taken = await admin.PostAsJsonAsync($"/api/admin/teams/{pugs.Id}/rename", new { name = "snakes" });
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Contains("already called", await taken.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/admin/teams/{pugs.Id}/rename", new { name = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync($"/api/admin/teams/{Guid.NewGuid()}/rename", new { name = "Ghosts" })).StatusCode);
    }

    [Fact]
    public async Task DisqualifyingATeamIsStoredWithItsReasonAndCanBeLifted()
    {
        var team = await TeamAsync("Cheaters");
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/admin/teams/{team.Id}/disqualify", new { reason = " " })).StatusCode);

        var response = await admin.PostAsJsonAsync($"/api/admin/teams/{team.Id}/disqualify", new { reason = "Shared code with another team" });
        var disqualified = await response.Content.ReadFromJsonAsync<AdminTeamDto>(Json.Options);
        Assert.True(disqualified!.Disqualified);
        Assert.Equal("Shared code with another team", disqualified.DisqualifiedReason);
        Assert.True((await admin.GetFromJsonAsync<AdminTeamDto[]>("/api/admin/teams", Json.Options))!.Single().Disqualified);

        var reinstated = await (await admin.PostAsync($"/api/admin/teams/{team.Id}/reinstate", null)).Content.ReadFromJsonAsync<AdminTeamDto>(Json.Options);
        Assert.False(reinstated!.Disqualified);
        Assert.Null(reinstated.DisqualifiedReason);
    }

    [Fact]
    public async Task AnnouncementsAreStoredListedPubliclyNewestFirstAndBroadcastToEveryPage()
    {
        await using var projector = await HubRecorder.ConnectAsync(factory, token: null);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/announcements", new { message = "" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/announcements", new { message = new string('x', 501) })).StatusCode);
        var first = await admin.PostAsJsonAsync("/api/admin/announcements", new { message = "Pizza has arrived!" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await admin.PostAsJsonAsync("/api/admin/announcements", new { message = "15 minutes left" });

        var listed = await factory.CreateClient().GetFromJsonAsync<AnnouncementDto[]>("/api/announcements", Json.Options);
        Assert.Equal(["15 minutes left", "Pizza has arrived!"], listed!.Select(a => a.Message));
        await projector.WaitForAsync<AnnouncementView>(a => a.Message == "15 minutes left");
        Assert.Equal(["Pizza has arrived!", "15 minutes left"], projector.Of<AnnouncementView>().Select(a => a.Message));
    }

    [Fact]
    public async Task ClockChangesInAPracticeWithoutContestYamlAreRefusedWithTheReason()
    {
        var response = await admin.PostAsync("/api/admin/contest/start", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("open practice without a clock", await response.Content.ReadAsStringAsync());
        Assert.Equal("practice", (await admin.GetFromJsonAsync<ContestStateView>("/api/admin/contest", Json.Options))!.Phase);
    }

    [Fact]
    public async Task FiltersWithUnknownValuesAreExplained()
    {
        var response = await admin.GetAsync("/api/admin/submissions?verdict=NOPE&team=abc&status=done");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Unknown verdict 'NOPE'", body);
        Assert.Contains("GUID", body);
        Assert.Contains("queued, running or judged", body);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/admin/rejudge", null)).StatusCode);
    }
}

/// <summary>The same tests against PostgreSQL (Apug:Database:Provider = postgres), each on a fresh database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class AdminTeamsAndExportTestsOnPostgres(ScaleOutServers servers) : AdminTeamsAndExportTests(servers.Postgres());
