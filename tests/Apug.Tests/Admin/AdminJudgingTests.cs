using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Server.Judging;
using Apug.Server.Realtime;
using Apug.Tests.Infrastructure;
using Apug.Tests.Realtime;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Admin;

/// <summary>Admin actions on judged submissions, against the real engine: inspect, diff, rejudge, export.</summary>
[Collection(DockerCollection.Name)]
public sealed class AdminJudgingTests : IDisposable
{
    private const string Double = "print(2 * int(input()))\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-admin-challenges-").FullName;
    private readonly ApugFactory factory;
    private readonly HttpClient admin;

    public AdminJudgingTests()
    {
        new PackageBuilder(challenges, "double")
            .Sample("1", "2\n", "4\n")
            .Secret("01", "21\n", "42\n")
            .Secret("02", "5\n", "11\n") // a wrong answer file, fixed in the rejudge test
            .Build();
        factory = new ApugFactory(challenges, settings: AdminClient.Settings);
        admin = factory.CreateAdminClient();
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    [Fact]
    public async Task AValidatorThatDoesNotCompileIsTheOrganisersJudgeErrorNotTheTeams()
    {
        new PackageBuilder(challenges, "broken-validator")
            .Sample("1", "2\n", "4\n")
            .CustomValidator("validator.cpp", "int main() { this does not compile }\n")
            .Build();
        factory.Services.GetRequiredService<Apug.Server.Challenges.ChallengeCatalog>().Reload();
        var team = await factory.CreateTeamClientAsync();
        var judged = await factory.SubmitAndWaitAsync(team, "broken-validator", Double);
        Assert.Equal(Verdict.JE, judged.Verdict);
        Assert.Equal(FeedbackOptions.JudgeErrorForTeams, judged.Message);
        var detail = await DetailAsync(judged.Id);
        Assert.Contains("does not compile", detail.Message);
        Assert.Contains("error", detail.Message);
    }

    private Task<AdminSubmissionDetailDto> DetailAsync(Guid id) =>
        admin.GetFromJsonAsync<AdminSubmissionDetailDto>($"/api/admin/submissions/{id}", Json.Options)!;

    [Fact]
    public async Task AnOrganiserSeesSourceJudgeMessagesOutputAndADiffAgainstTheAnswer()
    {
        var team = await factory.CreateTeamClientAsync("Diffing Pugs");
        var judged = await factory.SubmitAndWaitAsync(team, "double", Double);
        Assert.Equal(Verdict.WA, judged.Verdict);

        var list = await admin.GetFromJsonAsync<AdminSubmissionDto[]>("/api/admin/submissions?verdict=WA&challenge=double", Json.Options);
        var row = Assert.Single(list!);
        Assert.Equal(("Diffing Pugs", judged.Id), (row.TeamName, row.Id));
        Assert.Empty((await admin.GetFromJsonAsync<AdminSubmissionDto[]>("/api/admin/submissions?verdict=AC", Json.Options))!);
        Assert.Empty((await admin.GetFromJsonAsync<AdminSubmissionDto[]>($"/api/admin/submissions?team={Guid.NewGuid()}", Json.Options))!);

        var detail = await DetailAsync(judged.Id);
        Assert.Equal(Double, detail.Source);
        Assert.True(detail.JudgedOnCurrentVersion);
        var failed = detail.Tests[^1];
        Assert.Equal(("secret/02", Verdict.WA), (failed.Name, failed.Verdict));
        Assert.Equal("Wrong answer", failed.Message);            // what the team sees
        Assert.Contains("11", failed.JudgeMessage);              // what the organiser sees
        Assert.Equal(("5\n", "10\n", "11\n"), (failed.Input, failed.Output, failed.Expected));
        Assert.Equal([new DiffLineDto("Expected", "11"), new DiffLineDto("Actual", "10")], failed.Diff!);
        Assert.Null(detail.Tests[0].Diff);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/submissions/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task RejudgingAfterFixingTheAnswerReplacesTheResultOnceAndForAll()
    {
        var team = await factory.CreateTeamClientAsync();
        var first = await factory.SubmitAndWaitAsync(team, "double", Double);
        var second = await factory.SubmitAndWaitAsync(team, "double", Double);
        Assert.Equal(Verdict.WA, first.Verdict);

        File.WriteAllText(Path.Combine(challenges, "double", "data", "secret", "02.ans"), "10\n");
        await admin.PostAsync("/api/admin/challenges/reload", null);
        Assert.False((await DetailAsync(first.Id)).JudgedOnCurrentVersion);

        var (waitOne, subscriptionOne) = factory.WaitForJudged(1);
        using (subscriptionOne)
        {
            var response = await admin.PostAsync($"/api/admin/submissions/{first.Id}/rejudge", null);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Equal([first.Id], (await response.Content.ReadFromJsonAsync<RejudgedDto>(Json.Options))!.Ids);
            Assert.Equal(first.Id, (await waitOne).Single().SubmissionId);
        }
        var rejudged = await DetailAsync(first.Id);
        Assert.Equal((Verdict.AC, "judged", true), (rejudged.Verdict, rejudged.Status, rejudged.JudgedOnCurrentVersion));
        Assert.Equal(["sample/1", "secret/01", "secret/02"], rejudged.Tests.Select(t => t.Name)); // the old results are gone, not mixed in
        Assert.Equal(Verdict.WA, (await DetailAsync(second.Id)).Verdict);

        var (waitAll, subscriptionAll) = factory.WaitForJudged(2);
        using (subscriptionAll)
        {
            var response = await admin.PostAsync("/api/admin/rejudge?challenge=double", null);
            Assert.Equal(2, (await response.Content.ReadFromJsonAsync<RejudgedDto>(Json.Options))!.Count);
            var events = await waitAll;
            Assert.Equal(new[] { first.Id, second.Id }.Order(), events.Select(e => e.SubmissionId).Order());
            await Task.Delay(300); // a duplicate judging would publish a third event by now
            Assert.Equal(2, events.Count);
        }
        Assert.Equal(Verdict.AC, (await DetailAsync(second.Id)).Verdict);
    }

    [Fact]
    public async Task ARejudgeTellsTheTeamsPageThatTheSubmissionIsQueuedAgain()
    {
        var team = await factory.CreateTeamClientAsync();
        var judged = await factory.SubmitAndWaitAsync(team, "double", Double);
        await using var page = await HubRecorder.ConnectAsync(factory, team);

        var (rejudged, subscription) = factory.WaitForJudged(1);
        using (subscription)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await admin.PostAsync($"/api/admin/submissions/{judged.Id}/rejudge", null)).StatusCode);
            await rejudged;
        }
        var queued = await page.WaitForAsync<SubmissionQueuedView>(q => q.SubmissionId == judged.Id);
        Assert.Equal(("double", judged.CreatedAt), (queued.ChallengeId, queued.CreatedAt));
        var verdict = await page.WaitForAsync<SubmissionJudgedView>(j => j.SubmissionId == judged.Id && j.JudgedAt > judged.JudgedAt);
        // The page hears "queued" (its old verdict is void) before the new verdict.
        var events = page.TeamEvents.ToList();
        Assert.True(events.IndexOf(queued) < events.IndexOf(verdict), string.Join(", ", events.Select(e => e.GetType().Name)));
        Assert.Equal(Verdict.WA, verdict.Verdict);
    }

    [Fact]
    public async Task RejudgingAllJudgeErrorsPicksOnlyThose()
    {
        var team = await factory.CreateTeamClientAsync();
        var wrong = await factory.SubmitAndWaitAsync(team, "double", "print(0)\n");
        // A package that vanishes while submissions wait gives judge errors; it comes back, and only those are rejudged.
        var package = Path.Combine(challenges, "double");
        var hidden = Path.Combine(challenges, ".double-away");
        Directory.Move(package, hidden);
        await admin.PostAsync("/api/admin/challenges/reload", null);
        var catalogWithout = await admin.GetFromJsonAsync<CatalogDto>("/api/admin/challenges", Json.Options);
        Assert.Empty(catalogWithout!.Challenges);

        // The submission endpoint refuses unknown challenges, so requeue a judged one to hit the missing package.
        var (waitJe, subscriptionJe) = factory.WaitForJudged(1);
        using (subscriptionJe)
        {
            await admin.PostAsync($"/api/admin/submissions/{wrong.Id}/rejudge", null);
            await waitJe;
        }
        Assert.Equal(Verdict.JE, (await DetailAsync(wrong.Id)).Verdict);
        Assert.Contains("no longer loaded", (await DetailAsync(wrong.Id)).Message);

        Directory.Move(hidden, package);
        await admin.PostAsync("/api/admin/challenges/reload", null);
        var (waitAgain, subscriptionAgain) = factory.WaitForJudged(1);
        using (subscriptionAgain)
        {
            var response = await admin.PostAsync("/api/admin/rejudge?verdict=JE", null);
            Assert.Equal([wrong.Id], (await response.Content.ReadFromJsonAsync<RejudgedDto>(Json.Options))!.Ids);
            await waitAgain;
        }
        Assert.Equal(Verdict.WA, (await DetailAsync(wrong.Id)).Verdict);
        Assert.Equal(0, (await (await admin.PostAsync("/api/admin/rejudge?verdict=JE", null)).Content.ReadFromJsonAsync<RejudgedDto>(Json.Options))!.Count);
    }

    [Fact]
    public async Task ASubmissionStillWaitingCannotBeRejudged()
    {
        var team = await factory.CreateTeamClientAsync();
        // Hold both workers with slow submissions so the third waits in the queue.
        var slow = "x = input()\nwhile True: pass\n";
        for (var i = 0; i < 2; i++) await team.PostAsJsonAsync("/api/submissions", new { challengeId = "double", source = slow });
        var waiting = await (await team.PostAsJsonAsync("/api/submissions", new { challengeId = "double", source = Double })).Content.ReadFromJsonAsync<AcceptedDto>();
        var response = await admin.PostAsync($"/api/admin/submissions/{waiting!.Id}/rejudge", null);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("can be rejudged once it has a result", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task SubmissionsExportAsCsvAndJsonAndTheBackupIsAWorkingDatabase()
    {
        var team = await factory.CreateTeamClientAsync("=Formula Fans");
        var judged = await factory.SubmitAndWaitAsync(team, "double", "print(\"Hello, \" + input() + \"!\")\n");

        var csv = await admin.GetAsync("/api/admin/export/submissions.csv");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("id,team_id,team_name,challenge_id,status,verdict", lines[0]);
        Assert.Contains("'=Formula Fans", lines[1]); // no spreadsheet formula from a team name
        Assert.Contains("\"print(\"\"Hello, \"\" + input() + \"\"!\"\")", lines[1]);

        using var json = JsonDocument.Parse(await admin.GetStringAsync("/api/admin/export/submissions.json"));
        var exported = Assert.Single(json.RootElement.EnumerateArray());
        Assert.Equal(("double", "WA"), (exported.GetProperty("challengeId").GetString(), exported.GetProperty("verdict").GetString()));
        Assert.Equal(judged.Tests.Length, exported.GetProperty("tests").GetArrayLength());
        Assert.Contains("input()", exported.GetProperty("source").GetString());

        var backup = await admin.GetAsync("/api/admin/export/backup");
        Assert.Equal(HttpStatusCode.OK, backup.StatusCode);
        Assert.Matches(@"apug-backup-\d{8}-\d{6}\.db", backup.Content.Headers.ContentDisposition?.FileName ?? "");
        var copy = Path.Combine(factory.DataDirectory, "copy.db");
        await File.WriteAllBytesAsync(copy, await backup.Content.ReadAsByteArrayAsync());
        await using var connection = new SqliteConnection($"Data Source={copy};Pooling=false;Mode=ReadOnly");
        await connection.OpenAsync();
        var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM teams";
        Assert.Equal("=Formula Fans", await command.ExecuteScalarAsync());
    }

}
