using System.Net.Http.Headers;
using Apug.Server.Judging;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Admin;

internal static class AdminClient
{
    public const string Token = "organiser-secret-for-tests";

    public static Dictionary<string, string?> Settings => new() { ["Apug:AdminToken"] = Token };

    public static HttpClient CreateAdminClient(this ApugFactory factory, string token = Token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Completes when each of the ids has been judged once more (by event, not polling); returns the events.</summary>
    public static (Task<IReadOnlyList<SubmissionJudged>> Task, IDisposable Subscription) WaitForJudged(this ApugFactory factory, int count)
    {
        var judged = new List<SubmissionJudged>();
        var done = new TaskCompletionSource<IReadOnlyList<SubmissionJudged>>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = factory.Events.Subscribe(e =>
        {
            if (e is not SubmissionJudged j) return;
            lock (judged)
            {
                judged.Add(j);
                if (judged.Count == count) done.TrySetResult(judged.ToList());
            }
        });
        return (done.Task.WaitAsync(TimeSpan.FromSeconds(120)), subscription);
    }
}

public sealed record AdminSubmissionDto(
    Guid Id, Guid TeamId, string TeamName, string ChallengeId, string Status, Verdict? Verdict, double? Score, string? Message,
    DateTimeOffset CreatedAt, DateTimeOffset? JudgedAt);

public sealed record DiffLineDto(string Kind, string Text);

public sealed record AdminTestDto(
    int Ordinal, string Name, string Group, bool IsSample, Verdict Verdict, int CpuMs, int WallMs, int MemoryKb, double? Score,
    string Message, string JudgeMessage, string? Output, string? Stderr, string? Input, string? Expected, DiffLineDto[]? Diff);

public sealed record AdminSubmissionDetailDto(
    Guid Id, Guid TeamId, string? TeamName, string ChallengeId, string PackageHash, bool JudgedOnCurrentVersion, string Status,
    Verdict? Verdict, double? Score, string? Message, string Source, AdminTestDto[] Tests);

public sealed record RejudgedDto(int Count, Guid[] Ids);

public sealed record AdminTeamDto(Guid Id, string Name, string[] Members, int Submissions, bool Hidden, bool Disqualified, string? DisqualifiedReason);

public sealed record AnnouncementDto(long Id, string Message, DateTimeOffset At);

public sealed record ChallengeViewDto(string Id, string Name, string ContentHash, int TestCount);

public sealed record BrokenChallengeDto(string Id, string? LiveVersionHash, string[] Problems);

public sealed record CatalogDto(ChallengeViewDto[] Challenges, BrokenChallengeDto[] Problems);
