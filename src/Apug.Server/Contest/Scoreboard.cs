using Apug.Server.Judging;

namespace Apug.Server.Contest;

/// <summary>A judged submission as the scoreboard sees it.</summary>
public sealed record Attempt(Guid SubmissionId, Guid TeamId, string ChallengeId, DateTimeOffset CreatedAt, Verdict Verdict, double? Score);

/// <summary>A team opened a costed hint on a challenge (points scoring): the cost comes off that challenge's points.</summary>
public sealed record HintCost(Guid TeamId, string ChallengeId, double Cost, DateTimeOffset OpenedAt);

public sealed record BoardTeam(Guid Id, string Name, bool Hidden = false);

public readonly record struct RevealedCell(Guid TeamId, string ChallengeId);

/// <summary>
/// Everything the board depends on besides the attempts. HiddenFrom is set only while the public board is frozen:
/// attempts from then on show as pending, except in revealed cells.
/// </summary>
public sealed record ScoreboardRules(
    ScoringMode Scoring,
    int PenaltyMinutes,
    IReadOnlyList<ContestProblem> Problems,
    DateTimeOffset? StartsAt,
    DateTimeOffset? EndsAt,
    DateTimeOffset? HiddenFrom,
    IReadOnlySet<RevealedCell> Revealed);

/// <summary>A team's first accepted attempt on a challenge, hidden or not: who was first is decided on the truth.</summary>
public readonly record struct FirstAccept(DateTimeOffset At, Guid SubmissionId, bool Visible, int? Minutes);

/// <summary>One team scored alone (rank and first-to-solve come from comparing teams).</summary>
public sealed record TeamScore(
    BoardTeam Team, IReadOnlyList<Cell> Cells, int Solved, double Points, int Penalty, DateTimeOffset? LastImprovementAt,
    IReadOnlyDictionary<string, FirstAccept> FirstAccepts);

public sealed record Standings(IReadOnlyList<Row> Rows, IReadOnlyList<FirstSolve> FirstSolves);

/// <summary>
/// The scoreboard as a pure projection of judged attempts: the same attempts and rules always give the same board,
/// so a restart or a rejudge rebuilds it exactly.
/// </summary>
public static class Scoreboard
{
    public static Standings Build(ScoreboardRules rules, IEnumerable<BoardTeam> teams, IEnumerable<Attempt> attempts, IEnumerable<HintCost>? hintCosts = null)
    {
        var byTeam = attempts.ToLookup(a => a.TeamId);
        var costsByTeam = (hintCosts ?? []).ToLookup(h => h.TeamId);
        return Rank(rules, teams.Where(t => !t.Hidden).Select(t => ScoreTeam(rules, t, byTeam[t.Id], costsByTeam[t.Id])));
    }

    /// <summary>CE and JE never count: the team's program was not judged on its merits.</summary>
    public static bool Counts(Verdict verdict) => verdict is not (Verdict.CE or Verdict.JE);

    public static TeamScore ScoreTeam(ScoreboardRules rules, BoardTeam team, IEnumerable<Attempt> teamAttempts, IEnumerable<HintCost>? teamHintCosts = null)
    {
        // Like attempts: only in the contest's window, and an opening during the freeze stays hidden until revealed.
        var costs = (teamHintCosts ?? []).Where(h => h.TeamId == team.Id && h.Cost > 0 && InWindow(rules, h.OpenedAt)).ToLookup(h => h.ChallengeId);
        var inContest = rules.Problems.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var byChallenge = teamAttempts
            .Where(a => a.TeamId == team.Id && inContest.Contains(a.ChallengeId) && Counts(a.Verdict) && InWindow(rules, a.CreatedAt))
            .OrderBy(a => a.CreatedAt).ThenBy(a => a.SubmissionId)
            .ToLookup(a => a.ChallengeId);

        var cells = new List<Cell>();
        var firstAccepts = new Dictionary<string, FirstAccept>(StringComparer.Ordinal);
        int solved = 0, penalty = 0;
        double points = 0;
        DateTimeOffset? lastImprovement = null;
        foreach (var problem in rules.Problems)
        {
            var attempts = byChallenge[problem.Id].ToList();
            var hiddenFromHere = rules.HiddenFrom is { } from && !rules.Revealed.Contains(new RevealedCell(team.Id, problem.Id)) ? from : (DateTimeOffset?)null;
            var visible = attempts.Where(a => hiddenFromHere is not { } h || a.CreatedAt < h).ToList();
            var hidden = attempts.Count - visible.Count;
            if (attempts.FirstOrDefault(a => a.Verdict == Verdict.AC) is { } accepted)
                firstAccepts[problem.Id] = new FirstAccept(accepted.CreatedAt, accepted.SubmissionId, visible.Contains(accepted), Minutes(rules, accepted.CreatedAt));

            var (cell, cellPenalty, improvedAt) = rules.Scoring switch
            {
                ScoringMode.Icpc => IcpcCell(rules, problem, visible, hidden),
                ScoringMode.Points => PointsCell(rules, problem, visible, hidden,
                    costs[problem.Id].Where(h => hiddenFromHere is not { } h2 || h.OpenedAt < h2).Sum(h => h.Cost)),
            };
            cells.Add(cell);
            if (cell.Solved) solved++;
            penalty += cellPenalty;
            points += cell.Score ?? 0;
            if (improvedAt is { } at && (lastImprovement is null || at > lastImprovement)) lastImprovement = at;
        }
        return new TeamScore(team, cells, solved, rules.Scoring == ScoringMode.Points ? points : 0, penalty, lastImprovement, firstAccepts);
    }

    /// <summary>Minutes from the start to the first accepted attempt, plus the penalty for each rejected attempt before it.</summary>
    private static (Cell, int Penalty, DateTimeOffset? ImprovedAt) IcpcCell(ScoreboardRules rules, ContestProblem problem, List<Attempt> visible, int hidden)
    {
        var rejected = 0;
        foreach (var attempt in visible)
        {
            if (attempt.Verdict != Verdict.AC)
            {
                rejected++;
                continue;
            }
            // Solved before the freeze: what came after cannot change this cell, so nothing is pending.
            var minutes = Minutes(rules, attempt.CreatedAt);
            var cellPenalty = (minutes ?? 0) + rejected * rules.PenaltyMinutes;
            return (new Cell(problem.Id, true, rejected + 1, 0, minutes, false, null), cellPenalty, attempt.CreatedAt);
        }
        return (new Cell(problem.Id, false, rejected, hidden, null, false, null), 0, null);
    }

    /// <summary>
    /// The best score of any attempt; pass-fail challenges give their points when accepted. Opened hints' costs come
    /// off it, never below zero (a hint costs nothing on a challenge the team never scores on).
    /// </summary>
    private static (Cell, int Penalty, DateTimeOffset? ImprovedAt) PointsCell(ScoreboardRules rules, ContestProblem problem, List<Attempt> visible, int hidden,
        double hintCost)
    {
        double? best = null;
        DateTimeOffset? improvedAt = null;
        var solved = false;
        foreach (var attempt in visible)
        {
            var score = problem.IsScoring ? attempt.Score ?? (attempt.Verdict == Verdict.AC ? problem.Points : 0)
                : attempt.Verdict == Verdict.AC ? problem.Points : 0;
            solved |= attempt.Verdict == Verdict.AC;
            if (best is null || score > best)
            {
                // A first attempt worth nothing is not an improvement: it must not win a tie.
                if (score > (best ?? 0)) improvedAt = attempt.CreatedAt;
                best = score;
            }
        }
        var minutes = improvedAt is { } at ? Minutes(rules, at) : null;
        if (best is { } gross && hintCost > 0) best = Math.Max(0, gross - hintCost);
        return (new Cell(problem.Id, solved, visible.Count, hidden, minutes, false, best, hintCost), 0, improvedAt);
    }

    /// <summary>Orders teams, gives equal teams the same rank (1, 1, 3) and marks the first team to solve each challenge.</summary>
    public static Standings Rank(ScoreboardRules rules, IEnumerable<TeamScore> scores)
    {
        var all = scores.ToList();
        var firsts = new Dictionary<string, (TeamScore Team, FirstAccept Accept)>(StringComparer.Ordinal);
        foreach (var score in all)
        foreach (var (challengeId, accept) in score.FirstAccepts)
        {
            if (!firsts.TryGetValue(challengeId, out var current)
                || (accept.At, accept.SubmissionId).CompareTo((current.Accept.At, current.Accept.SubmissionId)) < 0)
                firsts[challengeId] = (score, accept);
        }
        // The first solver is shown once their accepted attempt is visible; until then nobody is marked first.
        var shown = firsts.Where(f => f.Value.Accept.Visible).ToDictionary(f => f.Key, f => f.Value, StringComparer.Ordinal);

        var ordered = all.OrderBy(s => s, Comparer<TeamScore>.Create((a, b) => Compare(rules, a, b)))
            .ThenBy(s => s.Team.Name, StringComparer.OrdinalIgnoreCase).ThenBy(s => s.Team.Id).ToList();
        var rows = new List<Row>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            var score = ordered[i];
            var rank = i > 0 && Compare(rules, ordered[i - 1], score) == 0 ? rows[i - 1].Rank : i + 1;
            var cells = score.Cells.Select(c => shown.TryGetValue(c.ChallengeId, out var f) && f.Team.Team.Id == score.Team.Id
                ? c with { FirstToSolve = true } : c).ToList();
            rows.Add(new Row(rank, score.Team.Id, score.Team.Name, score.Solved, score.Points, score.Penalty, score.LastImprovementAt, cells));
        }

        var firstSolves = new List<FirstSolve>();
        foreach (var problem in rules.Problems)
        {
            if (shown.TryGetValue(problem.Id, out var first))
                firstSolves.Add(new FirstSolve(problem.Id, problem.Label, first.Team.Team.Id, first.Team.Team.Name, first.Accept.Minutes));
        }
        return new Standings(rows, firstSolves);
    }

    /// <summary>ICPC: more solved, then less penalty. Points: more points, then the earlier last improvement.</summary>
    private static int Compare(ScoreboardRules rules, TeamScore a, TeamScore b) => rules.Scoring switch
    {
        ScoringMode.Icpc => a.Solved != b.Solved ? b.Solved.CompareTo(a.Solved) : a.Penalty.CompareTo(b.Penalty),
        ScoringMode.Points => a.Points != b.Points ? b.Points.CompareTo(a.Points)
            : (a.LastImprovementAt ?? DateTimeOffset.MaxValue).CompareTo(b.LastImprovementAt ?? DateTimeOffset.MaxValue),
    };

    /// <summary>ICPC reveal: the lowest team on the board that still has a pending cell; its leftmost pending cell.</summary>
    public static RevealedCell? NextReveal(Standings standings)
    {
        for (var i = standings.Rows.Count - 1; i >= 0; i--)
        {
            var row = standings.Rows[i];
            if (row.Cells.FirstOrDefault(c => c.Pending > 0) is { } cell) return new RevealedCell(row.TeamId, cell.ChallengeId);
        }
        return null;
    }

    private static bool InWindow(ScoreboardRules rules, DateTimeOffset at) =>
        (rules.StartsAt is not { } start || at >= start) && (rules.EndsAt is not { } end || at < end);

    private static int? Minutes(ScoreboardRules rules, DateTimeOffset at) =>
        rules.StartsAt is { } start ? (int)Math.Floor(Math.Max(0, (at - start).TotalMinutes)) : null;
}
