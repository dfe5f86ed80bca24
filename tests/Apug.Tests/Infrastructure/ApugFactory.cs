using System.Net.Http.Headers;
using System.Net.Http.Json;
using Apug.Server.Judging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// A real server (in-memory host) with its own SQLite file and challenges folder. Each test gets a fresh one;
/// a second factory over the same folder is "the same server after a restart".
/// </summary>
public sealed class ApugFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; }
    public string ChallengesPath { get; }
    private readonly Dictionary<string, string?> settings;

    /// <summary>Every setting this server runs with: another factory with these is the same server (e.g. after a restart).</summary>
    public IReadOnlyDictionary<string, string?> Settings => settings;

    public ApugFactory(string? challengesPath = null, string? dataDirectory = null, IDictionary<string, string?>? settings = null)
    {
        DataDirectory = dataDirectory ?? Directory.CreateTempSubdirectory("apug-test-").FullName;
        ChallengesPath = challengesPath ?? TestPaths.BundledChallenges;
        this.settings = new Dictionary<string, string?>
        {
            ["Apug:DatabasePath"] = Path.Combine(DataDirectory, "apug.db"),
            ["Apug:ChallengesPath"] = ChallengesPath,
            ["Apug:Sandbox:ImagesPath"] = Path.Combine(TestPaths.RepoRoot, "sandbox-images"),
            ["Apug:Workers"] = "2",
            // Whatever a killed server leaves is removed at the end of the test run.
            [TestRun.Setting.Key] = TestRun.Setting.Value,
            // Hundreds of servers start in the suite: fill the pool on first use, not at every start.
            ["Apug:Sandbox:WarmAtStart"] = "false",
            // Tests submit and register as fast as they like; RateLimitTests sets real limits.
            ["Apug:RateLimits:SubmissionBurst"] = "100000",
            ["Apug:RateLimits:SubmissionsPerWindow"] = "100000",
            ["Apug:RateLimits:RegistrationBurst"] = "100000",
            ["Apug:RateLimits:RegistrationsPerWindow"] = "100000",
            ["Apug:RateLimits:ClarificationBurst"] = "100000",
            ["Apug:RateLimits:ClarificationsPerWindow"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) this.settings[key] = value;
    }

    /// <summary>Settings a and then b (b wins): a test's own settings plus the database a provider-parameterised class runs on.</summary>
    public static Dictionary<string, string?> With(IEnumerable<KeyValuePair<string, string?>>? a, IEnumerable<KeyValuePair<string, string?>>? b)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var (key, value) in (a ?? []).Concat(b ?? [])) merged[key] = value;
        return merged;
    }

    /// <summary>Replaces services after the app's own registrations (e.g. a FakeTimeProvider for the contest clock).</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings) builder.UseSetting(key, value);
        if (TestServices is not null) builder.ConfigureTestServices(TestServices);
    }

    public SubmissionEvents Events => Services.GetRequiredService<SubmissionEvents>();

    /// <summary>Registers a team and returns a client that sends its token.</summary>
    public async Task<HttpClient> CreateTeamClientAsync(string? name = null)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/teams", new { name = name ?? $"team-{Guid.NewGuid():N}"[..20], members = new[] { "Ada", "Grace" } });
        response.EnsureSuccessStatusCode();
        var team = await response.Content.ReadFromJsonAsync<TeamRegisteredDto>() ?? throw new InvalidOperationException("no body");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", team.Token);
        return client;
    }

    /// <summary>Submits and waits (by event, not by polling) until the submission is judged.</summary>
    public async Task<SubmissionDto> SubmitAndWaitAsync(HttpClient team, string challengeId, string source, TimeSpan? timeout = null, string? language = null)
    {
        var judged = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        Guid? id = null;
        var early = new List<Guid>();
        using var subscription = Events.Subscribe(e =>
        {
            if (e is not SubmissionJudged) return;
            lock (early)
            {
                if (id is null) early.Add(e.SubmissionId);
                else if (e.SubmissionId == id) judged.TrySetResult(e.SubmissionId);
            }
        });
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId, source, language });
        Assert.True(response.IsSuccessStatusCode, $"submit failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var accepted = await response.Content.ReadFromJsonAsync<AcceptedDto>() ?? throw new InvalidOperationException("no body");
        lock (early)
        {
            id = accepted.Id;
            if (early.Contains(accepted.Id)) judged.TrySetResult(accepted.Id);
        }
        await judged.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(120));
        return await GetSubmissionAsync(team, accepted.Id);
    }

    /// <summary>Polls the submission (as a team's page does) until it is judged; fails with the given message after the timeout.</summary>
    public static async Task<SubmissionDto> WaitJudgedAsync(HttpClient team, Guid id, TimeSpan timeout, string failure)
    {
        var deadline = DateTime.UtcNow + timeout;
        SubmissionDto submission;
        while ((submission = await GetSubmissionAsync(team, id)).Status != "judged")
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(100);
        }
        return submission;
    }

    public static async Task<SubmissionDto> GetSubmissionAsync(HttpClient team, Guid id) =>
        await team.GetFromJsonAsync<SubmissionDto>($"/api/submissions/{id}", Json.Options) ?? throw new InvalidOperationException("no body");

    /// <summary>Deletes the data folder once every factory using it is gone (call from the last one).</summary>
    public void DeleteData()
    {
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}

public sealed record TeamRegisteredDto(Guid Id, string Name, string[] Members, string Token);

public sealed record AcceptedDto(Guid Id, string Status);

public sealed record SampleDto(string Input, string? Output, string Expected, string? Stderr);

public sealed record TestDto(string Name, string Group, bool IsSample, Verdict Verdict, int CpuMs, int? MemoryKb, string Message, SampleDto? Sample);

public sealed record SubmissionDto(
    Guid Id, string ChallengeId, Guid TeamId, string Status, Verdict? Verdict, double? Score, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? JudgedAt, TestDto[] Tests, string Language = "python3");

public static class Json
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
