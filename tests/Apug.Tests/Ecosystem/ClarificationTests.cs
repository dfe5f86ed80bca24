using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Server.Clarifications;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;

namespace Apug.Tests.Ecosystem;

/// <summary>Clarifications through the real API, stored in the database, heard over the real hub by the teams and organisers who may.</summary>
public class ClarificationTests : IDisposable
{
    private readonly ApugFactory factory;

    public ClarificationTests() : this([]) { }

    protected ClarificationTests(Dictionary<string, string?> database) => factory = new(settings: ApugFactory.With(AdminClient.Settings, database));

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    private sealed record View(long Id, string? ChallengeId, string? Question, DateTimeOffset? AskedAt, string? Answer, DateTimeOffset? AnsweredAt, bool Public, bool Mine);

    private sealed record AdminView(long Id, Guid? TeamId, string? TeamName, string? ChallengeId, string? Question, string? Answer, bool Public, bool Answered);

    [Fact]
    public async Task ATeamAsksTheOrganisersAnswerPrivatelyOrPubliclyAndEachPageHearsWhatItMay()
    {
        var (ada, _, adaToken) = await factory.RegisterAsync("Ada's Pugs");
        var (bob, _, bobToken) = await factory.RegisterAsync("Bob's Bulldogs");
        using var admin = factory.CreateAdminClient();
        await using var adaHub = await HubRecorder.ConnectAsync(factory, adaToken);
        await using var bobHub = await HubRecorder.ConnectAsync(factory, bobToken);
        await using var organisers = await HubRecorder.ConnectAsync(factory, AdminClient.Token);
        await using var anonymous = await HubRecorder.ConnectAsync(factory, (string?)null);

        var asked = await ada.PostAsJsonAsync("/api/clarifications", new { challengeId = "hello-pug", text = "  Is the name ever empty?  " });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);
        var question = (await asked.Content.ReadFromJsonAsync<View>(Json.Options))!;
        Assert.Equal("Is the name ever empty?", question.Question);
        Assert.True(question.Mine);
        Assert.Null(question.Answer);
        var general = (await (await bob.PostAsJsonAsync("/api/clarifications", new { text = "When is pizza?" })).Content.ReadFromJsonAsync<View>(Json.Options))!;
        Assert.Null(general.ChallengeId);

        // Organisers hear the questions as they come, and list the unanswered first.
        await organisers.WaitForAsync<AdminClarificationView>(c => c.Id == general.Id);
        Assert.Equal("Ada's Pugs", organisers.Of<AdminClarificationView>().Single(c => c.Id == question.Id).TeamName);
        Assert.Empty(adaHub.Of<AdminClarificationView>());

        var privateAnswer = await admin.PostAsJsonAsync($"/api/admin/clarifications/{general.Id}/answer", new { text = "At eight." });
        Assert.Equal(HttpStatusCode.OK, privateAnswer.StatusCode);
        var list = (await admin.GetFromJsonAsync<List<AdminView>>("/api/admin/clarifications", Json.Options))!;
        Assert.Equal([question.Id, general.Id], list.Select(c => c.Id));
        Assert.False(list[0].Answered);

        // A private answer reaches the asking team only; a public one every page.
        var heard = await bobHub.WaitForAsync<ClarificationView>(c => c.Id == general.Id);
        Assert.Equal("At eight.", heard.Answer);
        Assert.True(heard.Mine);
        (await admin.PostAsJsonAsync($"/api/admin/clarifications/{question.Id}/answer", new { text = "Never.", @public = true })).EnsureSuccessStatusCode();
        Assert.Equal("Never.", (await anonymous.WaitForAsync<ClarificationView>(c => c.Id == question.Id)).Answer);
        Assert.False((await bobHub.WaitForAsync<ClarificationView>(c => c.Id == question.Id)).Mine);
        await adaHub.WaitForAsync<ClarificationView>(c => c.Id == question.Id);
        Assert.DoesNotContain(adaHub.Of<ClarificationView>(), c => c.Id == general.Id);
        Assert.DoesNotContain(anonymous.Of<ClarificationView>(), c => c.Id == general.Id);

        // What each team reads back: its own questions and every public answer.
        var adaList = (await ada.GetFromJsonAsync<List<View>>("/api/clarifications", Json.Options))!;
        Assert.Equal([question.Id], adaList.Select(c => c.Id));
        var bobList = (await bob.GetFromJsonAsync<List<View>>("/api/clarifications", Json.Options))!;
        Assert.Equal([general.Id, question.Id], bobList.Select(c => c.Id)); // newest first
        Assert.Equal([true, false], bobList.Select(c => c.Mine));

        // An organisers' message to everyone, unprompted, also on the projector (as an announcement).
        var posted = await admin.PostAsJsonAsync("/api/admin/clarifications", new { text = "Sample 2 of hello-pug is fixed.", challengeId = "hello-pug", projector = true });
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Equal("Sample 2 of hello-pug is fixed.", (await anonymous.WaitForAsync<ClarificationView>(c => c.Question is null)).Answer);
        var announced = await anonymous.WaitForAsync<Apug.Server.Contest.AnnouncementView>();
        Assert.Equal("Clarification (hello-pug): Sample 2 of hello-pug is fixed.", announced.Message);
        Assert.Equal(2, (await ada.GetFromJsonAsync<List<View>>("/api/clarifications", Json.Options))!.Count); // hers and the message

        // Stored: a restarted server still has them all.
        using var restarted = new ApugFactory(dataDirectory: factory.DataDirectory, settings: factory.Settings.ToDictionary());
        Assert.Equal(3, (await restarted.CreateAdminClient().GetFromJsonAsync<List<AdminView>>("/api/admin/clarifications", Json.Options))!.Count);
    }

    [Fact]
    public async Task BadQuestionsAndAnswersAreProblemsWithReasons()
    {
        var (ada, _, _) = await factory.RegisterAsync("Ada's Pugs");
        using var admin = factory.CreateAdminClient();
        async Task<(HttpStatusCode, string)> Send(HttpClient client, string path, object body)
        {
            var response = await client.PostAsJsonAsync(path, body);
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().PostAsJsonAsync("/api/clarifications", new { text = "hi" })).StatusCode);
        var (status, body) = await Send(ada, "/api/clarifications", new { text = "   " });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("Write your question", body);
        (status, body) = await Send(ada, "/api/clarifications", new { text = new string('x', 2001) });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        (status, body) = await Send(ada, "/api/clarifications", new { challengeId = "nope", text = "Is this one?" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("There is no challenge 'nope'", body);

        var question = JsonDocument.Parse(body = (await (await ada.PostAsJsonAsync("/api/clarifications", new { text = "Hello?" })).Content.ReadAsStringAsync())).RootElement.GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.Unauthorized, (await ada.PostAsJsonAsync($"/api/admin/clarifications/{question}/answer", new { text = "Hi" })).StatusCode);
        (status, body) = await Send(admin, "/api/admin/clarifications/999/answer", new { text = "Hi" });
        Assert.Equal(HttpStatusCode.NotFound, status);
        (status, _) = await Send(admin, $"/api/admin/clarifications/{question}/answer", new { text = "Hi" });
        Assert.Equal(HttpStatusCode.OK, status);
        (status, body) = await Send(admin, $"/api/admin/clarifications/{question}/answer", new { text = "Hi again" });
        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("was answered at", body);
    }

    [Fact]
    public async Task ATeamAskingTooFastIsToldWhenToTryAgain()
    {
        using var limited = new ApugFactory(settings: new Dictionary<string, string?>
        {
            ["Apug:RateLimits:ClarificationBurst"] = "2", ["Apug:RateLimits:ClarificationsPerWindow"] = "1", ["Apug:RateLimits:ClarificationWindowSeconds"] = "60",
        });
        var (ada, _, _) = await limited.RegisterAsync("Ada's Pugs");
        var (bob, _, _) = await limited.RegisterAsync("Bob's Bulldogs");
        Assert.Equal(HttpStatusCode.Created, (await ada.PostAsJsonAsync("/api/clarifications", new { text = "One?" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ada.PostAsJsonAsync("/api/clarifications", new { text = "Two?" })).StatusCode);
        var third = await ada.PostAsJsonAsync("/api/clarifications", new { text = "Three?" });
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.NotNull(third.Headers.RetryAfter);
        Assert.Contains("asking too fast: 2 questions at once, then 1 every 60 s", await third.Content.ReadAsStringAsync());
        // Per team: another team still asks, and reading is never limited.
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync("/api/clarifications", new { text = "Mine?" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ada.GetAsync("/api/clarifications")).StatusCode);
        limited.DeleteData();
    }
}

/// <summary>The same tests against PostgreSQL (Apug:Database:Provider = postgres), each on a fresh database.</summary>
[Collection(ScaleOutCollection.Name)]
public sealed class ClarificationTestsOnPostgres(ScaleOutServers servers) : ClarificationTests(servers.Postgres());
