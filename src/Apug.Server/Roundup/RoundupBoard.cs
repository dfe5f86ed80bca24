using System.Text;
using Apug.Server.Contest;
using Apug.Server.Judging;

namespace Apug.Server.Roundup;

/// <summary>A judged submission as the round-up sees it; Source only for an accepted one its team agreed to show.</summary>
public sealed record RoundupSubmission(
    Guid SubmissionId, Guid TeamId, string TeamName, string ChallengeId, Verdict Verdict, DateTimeOffset CreatedAt, string Language,
    bool ShowAtRoundup, string? Source, int CpuMs);

public sealed record TeamFact(Guid TeamId, string TeamName, double Value);

/// <summary>One shown solution. CpuMs: its slowest test (as DOMjudge counts a run); Attempts: the team's tries up to its first AC.</summary>
public sealed record RoundupSolution(
    Guid SubmissionId, Guid TeamId, string TeamName, string Language, string Source, int Bytes, int Lines, int CpuMs, int? Minute, int Attempts,
    IReadOnlyList<string> Facts);

/// <summary>
/// One challenge: who solved it, the facts that start a conversation, and the solutions shown. First to solve and fewest
/// attempts are the board's public facts (every team); shortest source and fastest CPU time are about code, so only
/// solutions their teams agreed to show take part.
/// </summary>
public sealed record RoundupChallenge(
    string Id, string Label, string Name, int SolvedBy, TeamFact? FirstToSolve, TeamFact? FewestAttempts, TeamFact? ShortestSource,
    TeamFact? FastestCpu, IReadOnlyList<RoundupSolution> Solutions);

public sealed record RoundupView(string ContestName, DateTimeOffset? EndedAt, IReadOnlyList<RoundupChallenge> Challenges);

/// <summary>The round-up as a pure function of the judged submissions (like the scoreboard): same input, same round-up.</summary>
public static class RoundupBoard
{
    public const string First = "first to solve", Shortest = "shortest source", Fastest = "fastest CPU time", Fewest = "fewest attempts";

    public static IReadOnlyList<RoundupChallenge> Build(IReadOnlyList<ContestProblem> problems, DateTimeOffset? startsAt, DateTimeOffset? endsAt,
        IEnumerable<RoundupSubmission> submissions)
    {
        var counted = submissions
            .Where(s => Scoreboard.Counts(s.Verdict) && (startsAt is not { } start || s.CreatedAt >= start) && (endsAt is not { } end || s.CreatedAt < end))
            .OrderBy(s => s.CreatedAt).ThenBy(s => s.SubmissionId)
            .ToLookup(s => s.ChallengeId);
        int? Minute(DateTimeOffset at) => startsAt is { } s ? (int)Math.Floor(Math.Max(0, (at - s).TotalMinutes)) : null;

        var result = new List<RoundupChallenge>();
        foreach (var problem in problems)
        {
            // Per team: its first accepted submission and the tries it took; the solution shown is its last one it agreed to show.
            var solvers = new List<(Guid Team, string Name, RoundupSubmission FirstAc, int Attempts, RoundupSubmission? Shown)>();
            foreach (var team in counted[problem.Id].GroupBy(s => s.TeamId))
            {
                var tries = team.ToList();
                var firstAc = tries.FindIndex(s => s.Verdict == Verdict.AC);
                if (firstAc < 0) continue;
                var shown = tries.LastOrDefault(s => s.Verdict == Verdict.AC && s.ShowAtRoundup && s.Source is not null);
                solvers.Add((team.Key, tries[firstAc].TeamName, tries[firstAc], firstAc + 1, shown));
            }
            solvers = solvers.OrderBy(s => s.FirstAc.CreatedAt).ThenBy(s => s.FirstAc.SubmissionId).ToList();

            var first = solvers.FirstOrDefault();
            var fewest = solvers.OrderBy(s => s.Attempts).FirstOrDefault(); // stable: the earlier solver wins a tie
            var shownSolutions = solvers.Where(s => s.Shown is not null)
                .Select(s => (s.Team, s.Name, s.Attempts, Shown: s.Shown!, Bytes: Encoding.UTF8.GetByteCount(s.Shown!.Source!))).ToList();
            var shortest = shownSolutions.OrderBy(s => s.Bytes).FirstOrDefault();
            var fastest = shownSolutions.OrderBy(s => s.Shown.CpuMs).FirstOrDefault();

            var solutions = shownSolutions.Select(s =>
            {
                var facts = new List<string>();
                if (first.Team == s.Team) facts.Add(First);
                if (fewest.Team == s.Team) facts.Add(Fewest);
                if (shortest.Team == s.Team) facts.Add(Shortest);
                if (fastest.Team == s.Team) facts.Add(Fastest);
                var source = s.Shown.Source!;
                return new RoundupSolution(s.Shown.SubmissionId, s.Team, s.Name, s.Shown.Language, source, s.Bytes,
                    source.TrimEnd('\n').Split('\n').Length, s.Shown.CpuMs, Minute(s.Shown.CreatedAt), s.Attempts, facts);
            }).ToList();

            result.Add(new RoundupChallenge(problem.Id, problem.Label, problem.Name, solvers.Count,
                first.Name is null ? null : new TeamFact(first.Team, first.Name, Minute(first.FirstAc.CreatedAt) ?? 0),
                fewest.Name is null ? null : new TeamFact(fewest.Team, fewest.Name, fewest.Attempts),
                shortest.Name is null ? null : new TeamFact(shortest.Team, shortest.Name, shortest.Bytes),
                fastest.Name is null ? null : new TeamFact(fastest.Team, fastest.Name, fastest.Shown.CpuMs),
                solutions));
        }
        return result;
    }
}
