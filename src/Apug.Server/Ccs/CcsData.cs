using Apug.Server.Challenges;
using Apug.Server.Clarifications;
using Apug.Server.Contest;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Server.Submissions;
using Dapper;

namespace Apug.Server.Ccs;

/// <summary>Who is asking: organisers (the admin token) see everything; the public sees what the public scoreboard shows.</summary>
public enum CcsView { Public, Admin }

/// <summary>Every object of the contest as one view sees it, built in one go so collections agree with each other.</summary>
public sealed record CcsSnapshot(
    CcsContest Contest, CcsState State, CcsScoreboard Scoreboard, IReadOnlyDictionary<string, IReadOnlyList<(string Id, object Value)>> Collections)
{
    /// <summary>The collections in the order the event feed sends them: what an object refers to comes first.</summary>
    public static readonly string[] CollectionNames =
        ["judgement-types", "languages", "problems", "groups", "organizations", "teams", "persons", "accounts", "submissions", "judgements", "runs",
         "clarifications", "awards"];

    /// <summary>The organisers' own account (the admin token), which /account answers for them.</summary>
    public static readonly CcsAccount AdminAccount = new("admin", "admin", "admin", null);
}

/// <summary>Builds the Contest API's objects from the stored teams, submissions, results and clarifications and the contest clock.</summary>
public sealed class CcsData(
    Database database, ContestClock clock, ChallengeCatalog catalog, ClarificationStore clarifications, Languages judgeLanguages, TimeProvider time,
    ContestStore contestStore)
{

    private sealed record TeamRow(string Id, string Name, long Hidden, string Members);

    private sealed class SubmissionRow
    {
        public string Id { get; set; } = "";
        public string TeamId { get; set; } = "";
        public string ChallengeId { get; set; } = "";
        public string Status { get; set; } = "";
        public string? Verdict { get; set; }
        public double? Score { get; set; }
        public string CreatedAt { get; set; } = "";
        public string? StartedAt { get; set; }
        public string? JudgedAt { get; set; }
        public string Language { get; set; } = Judging.Language.DefaultId;
    }

    private sealed record RunRow(string SubmissionId, long Ordinal, string Verdict, long CpuMs);

    public string ContestId => CcsFormat.Id(clock.Definition.Name);

    public async Task<CcsSnapshot> BuildAsync(CcsView view, CancellationToken cancellationToken)
    {
        await clock.EnsureLoadedAsync(cancellationToken);
        var now = time.GetUtcNow();
        var definition = clock.Definition;
        var schedule = clock.Schedule;
        var rules = view == CcsView.Admin ? clock.Rules() with { HiddenFrom = null } : clock.Rules();
        var problems = clock.Problems;
        var scoring = definition.Scoring == ScoringMode.Points;
        var start = schedule.StartsAt;
        string Rel(DateTimeOffset at) => CcsFormat.RelTime(start is { } s ? at - s : TimeSpan.Zero);

        await using var connection = await database.OpenAsync(cancellationToken);
        var teamRows = (await connection.QueryAsync<TeamRow>("SELECT id, name, hidden, members FROM teams ORDER BY created_at, id")).ToList();
        var submissionRows = (await connection.QueryAsync<SubmissionRow>("""
            SELECT id, team_id AS TeamId, challenge_id AS ChallengeId, status, verdict, score, created_at AS CreatedAt,
                   started_at AS StartedAt, judged_at AS JudgedAt, language
            FROM submissions ORDER BY created_at, id
            """)).ToList();
        var runRows = (await connection.QueryAsync<RunRow>("""
            SELECT r.submission_id AS SubmissionId, r.ordinal, r.verdict, r.cpu_ms AS CpuMs
            FROM test_results r JOIN submissions s ON s.id = r.submission_id WHERE s.status = 'judged' ORDER BY r.submission_id, r.ordinal
            """)).ToLookup(r => r.SubmissionId);
        var thawedAt = await connection.QuerySingleOrDefaultAsync<string>(
            "SELECT updated_at FROM contest_clock WHERE contest_name = @Name AND revealed_all = 1", new { definition.Name });

        var visibleTeams = teamRows.Where(t => view == CcsView.Admin || t.Hidden == 0).ToList();
        var teamIds = visibleTeams.Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
        var problemIds = problems.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
        var submissions = submissionRows.Where(s => teamIds.Contains(s.TeamId) && problemIds.Contains(s.ChallengeId)).ToList();

        // The freeze hides a judgement from the public when its submission came at or after the freeze, in a cell not yet revealed.
        bool JudgementVisible(SubmissionRow s) => rules.HiddenFrom is not { } from || DbTime.Parse(s.CreatedAt) < from
            || rules.Revealed.Contains(new RevealedCell(Guid.Parse(s.TeamId), s.ChallengeId));

        var contest = new CcsContest(ContestId, definition.Name, definition.Name, CcsFormat.Time(start),
            CcsFormat.RelTime(start is { } st && schedule.EndsAt is { } en ? en - st : definition.Duration),
            schedule.FreezesAt is { } fr && schedule.EndsAt is { } end ? CcsFormat.RelTime(end - fr)
                : definition.Freeze > TimeSpan.Zero ? CcsFormat.RelTime(definition.Freeze) : null,
            scoring ? "score" : "pass-fail", scoring ? null : definition.PenaltyMinutes);

        var ended = schedule.EndsAt is { } e2 && now >= e2 ? e2 : (DateTimeOffset?)null;
        var frozen = schedule.FreezesAt is { } f2 && now >= f2 && (schedule.EndsAt is not { } e3 || f2 < e3) ? f2 : (DateTimeOffset?)null;
        DateTimeOffset? thawed = frozen is not null && schedule.RevealedAll && thawedAt is not null ? DbTime.Parse(thawedAt) : null;
        var pending = submissionRows.Any(s => s.Status != SubmissionStatuses.Judged);
        // Final once the contest is over and judged; for the public, also once the board is no longer frozen.
        DateTimeOffset? finalized = ended is { } over && !pending && (view == CcsView.Admin || frozen is null || thawed is not null)
            ? (thawed is { } t && t > over ? t : over) : null;
        var state = new CcsState(CcsFormat.Time(start is { } s2 && now >= s2 ? s2 : null), CcsFormat.Time(frozen), CcsFormat.Time(ended),
            CcsFormat.Time(thawed), CcsFormat.Time(finalized), null);

        var judgementTypes = JudgementTypes(scoring).Select(j => (j.Id, (object)j)).ToList();
        // The judge's languages, by the ids submissions store (python3, pypy3).
        var languages = judgeLanguages.All.Select(l => (l.Id, (object)new CcsLanguage(l.Id, l.Name, false, ["py"]))).ToList();
        var problemObjects = problems.Select((p, i) =>
        {
            var package = catalog.Find(p.Id);
            var rgb = System.Text.RegularExpressions.Regex.IsMatch(p.Colour, "^#[A-Fa-f0-9]{3}([A-Fa-f0-9]{3})?$") ? p.Colour : null;
            return (p.Id, (object)new CcsProblem(p.Id, p.Label, p.Name, i + 1, rgb,
                package is null ? null : CcsFormat.Seconds(package.Limits.TimeLimit.TotalMilliseconds), package?.Tests.Count ?? 0,
                scoring ? p.Points : null));
        }).ToList();
        var teams = visibleTeams.Select((t, i) => (t.Id, (object)new CcsTeam(t.Id, t.Name, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
            null, [], t.Hidden != 0))).ToList();

        // People and log-ins are the organisers' to see; the public gets empty lists (the public board names teams only).
        var persons = view != CcsView.Admin ? [] : visibleTeams.SelectMany(t =>
            (System.Text.Json.JsonSerializer.Deserialize<string[]>(t.Members) ?? []).Select((name, i) =>
            {
                // 32 hex digits + "-" + the member's place: an ID of the spec's at most 36 characters.
                var id = $"{Guid.Parse(t.Id):N}-{i + 1}";
                return (id, (object)new CcsPerson(id, [t.Id], name, "contestant"));
            })).ToList();
        var accounts = view != CcsView.Admin ? [] : visibleTeams.Select(t => (t.Id, (object)new CcsAccount(t.Id, t.Name, "team", t.Id)))
            .Prepend((CcsSnapshot.AdminAccount.Id, CcsSnapshot.AdminAccount)).ToList();

        var submissionObjects = submissions.Select(s => (s.Id, (object)new CcsSubmission(s.Id, s.Language, s.ChallengeId, s.TeamId,
            CcsFormat.Time(DbTime.Parse(s.CreatedAt)), Rel(DbTime.Parse(s.CreatedAt)), "solution.py",
            view == CcsView.Admin ? [new CcsFile($"contests/{ContestId}/submissions/{s.Id}/files", "files.zip", "application/zip")] : []))).ToList();

        var judgements = new List<(string, object)>();
        var runs = new List<(string, object)>();
        foreach (var s in submissions.Where(JudgementVisible))
        {
            if (s.Status == SubmissionStatuses.Queued) continue; // not being judged (a rejudge's old result is gone from here until the new one)
            var started = DbTime.ParseOrNull(s.StartedAt) ?? DbTime.ParseOrNull(s.JudgedAt) ?? DbTime.Parse(s.CreatedAt);
            var judged = s.Status == SubmissionStatuses.Judged ? DbTime.ParseOrNull(s.JudgedAt) : null;
            var tests = judged is null ? [] : runRows[s.Id].ToList();
            judgements.Add((s.Id, new CcsJudgement(s.Id, s.Id, judged is null ? null : s.Verdict,
                scoring ? Math.Max(0, judged is null ? 0 : s.Score ?? (s.Verdict == nameof(Verdict.AC) ? 1 : 0)) : null,
                CcsFormat.Time(started), Rel(started), CcsFormat.Time(judged), judged is { } j ? Rel(j) : null,
                tests.Count == 0 ? null : CcsFormat.Seconds(tests.Max(r => r.CpuMs)))));
            foreach (var run in tests)
            {
                // 32 hex digits + "-" + ordinal: within the spec's 36 characters for up to 999 tests.
                var id = $"{Guid.Parse(s.Id):N}-{run.Ordinal + 1}";
                runs.Add((id, new CcsRun(id, s.Id, (int)run.Ordinal + 1, run.Verdict, CcsFormat.Time(judged!.Value), Rel(judged.Value),
                    CcsFormat.Seconds(run.CpuMs))));
            }
        }

        var clarificationObjects = new List<(string, object)>();
        foreach (var c in await clarifications.AllAsync(cancellationToken))
        {
            var problem = c.ChallengeId is { } pid && problemIds.Contains(pid) ? pid : null;
            var from = c.TeamId?.ToString();
            var askerVisible = from is not null && teamIds.Contains(from);
            if (view == CcsView.Admin && c.Question is not null && c.AskedAt is { } asked && askerVisible)
                clarificationObjects.Add(($"q{c.Id}", new CcsClarification($"q{c.Id}", from, null, null, problem, c.Question, CcsFormat.Time(asked), Rel(asked))));
            if (c.Answer is null || c.AnsweredAt is not { } answered) continue;
            if (view == CcsView.Public && !c.Public) continue;
            // The public does not see questions (nor who asked): a public answer stands on its own there.
            var replyTo = view == CcsView.Admin && c.Question is not null && askerVisible ? $"q{c.Id}" : null;
            var to = c.Public || !askerVisible ? null : from;
            if (view == CcsView.Admin && !c.Public && !askerVisible) continue;
            clarificationObjects.Add(($"a{c.Id}", new CcsClarification($"a{c.Id}", null, to, replyTo, problem, c.Answer, CcsFormat.Time(answered), Rel(answered))));
        }

        // The scoreboard and awards from the same projection the projector uses (the true one for organisers).
        var boardTeams = visibleTeams.Where(t => t.Hidden == 0).Select(t => new BoardTeam(Guid.Parse(t.Id), t.Name)).ToList();
        var attempts = submissionRows.Where(s => s.Status == SubmissionStatuses.Judged && s.Verdict is not null).Select(s => new Attempt(Guid.Parse(s.Id),
            Guid.Parse(s.TeamId), s.ChallengeId, DbTime.Parse(s.CreatedAt), Enum.Parse<Verdict>(s.Verdict!), s.Score));
        // Costed hints come off the problems' scores (never below zero), so the total stays the sum of the problems.
        var standings = Scoreboard.Build(rules, boardTeams, attempts, await contestStore.HintCostsAsync(cancellationToken));
        var waiting = submissions.Where(s => s.Status != SubmissionStatuses.Judged).ToLookup(s => (s.TeamId, s.ChallengeId));
        var rows = standings.Rows.Select(r => new CcsScoreboardRow(r.Rank, r.TeamId.ToString(),
            scoring ? new CcsScore(null, null, r.Points, r.LastImprovementAt is { } li ? Minutes(li) : null)
                    : new CcsScore(r.Solved, r.Penalty, null, r.Solved > 0 && r.LastImprovementAt is { } li2 ? Minutes(li2) : null),
            r.Cells.Select(c => new CcsScoreboardProblem(c.ChallengeId, c.Attempts, c.Pending + waiting[(r.TeamId.ToString(), c.ChallengeId)].Count(),
                scoring ? null : c.Solved, scoring ? c.Score ?? 0 : null,
                (scoring ? (c.Score ?? 0) > 0 : c.Solved) ? c.Minutes ?? 0 : null)).ToList())).ToList();
        var scoreboard = new CcsScoreboard(CcsFormat.Time(now), Rel(now), state, rows);

        var leaders = standings.Rows.Where(r => r.Rank == 1 && (r.Solved > 0 || r.Points > 0)).Select(r => r.TeamId.ToString()).ToList();
        var awards = new List<(string, object)> { ("winner", new CcsAward("winner", "Winner", leaders)) };
        foreach (var problem in problems)
        {
            var first = standings.FirstSolves.Where(f => f.ChallengeId == problem.Id).Select(f => f.TeamId.ToString()).ToList();
            awards.Add(($"first-to-solve-{problem.Id}", new CcsAward($"first-to-solve-{problem.Id}", $"First to solve problem {problem.Label}", first)));
        }

        return new CcsSnapshot(contest, state, scoreboard, new Dictionary<string, IReadOnlyList<(string, object)>>
        {
            ["judgement-types"] = judgementTypes,
            ["languages"] = languages,
            ["problems"] = problemObjects,
            ["groups"] = [],
            ["organizations"] = [],
            ["teams"] = teams,
            ["persons"] = persons,
            ["accounts"] = accounts,
            ["submissions"] = submissionObjects,
            ["judgements"] = judgements,
            ["runs"] = runs,
            ["clarifications"] = clarificationObjects,
            ["awards"] = awards,
        });

        int Minutes(DateTimeOffset at) => start is { } s3 ? (int)Math.Floor(Math.Max(0, (at - s3).TotalMinutes)) : 0;
    }

    /// <summary>The judge's verdicts with the spec's ids; CE and JE cost no penalty (the scoreboard ignores them).</summary>
    private static IEnumerable<CcsJudgementType> JudgementTypes(bool scoring) =>
        Enum.GetValues<Verdict>().Select(v => new CcsJudgementType(v.ToString(), Verdicts.Describe(v), scoring ? null : v != Verdict.AC && Scoreboard.Counts(v),
            v == Verdict.AC));
}
