using Apug.Server.Contest;
using Apug.Server.Judging;

namespace Apug.Tests.Contest;

/// <summary>The pure projection: attempts are placed at a minute of the contest (30 s into it, to test the rounding down).</summary>
public sealed class ScoreboardTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 12, 18, 0, 0, TimeSpan.Zero);
    private readonly List<Attempt> attempts = [];
    private static readonly BoardTeam Ada = new(Guid.Parse("00000000-0000-0000-0000-00000000000a"), "Ada");
    private static readonly BoardTeam Bob = new(Guid.Parse("00000000-0000-0000-0000-00000000000b"), "Bob");
    private static readonly BoardTeam Cy = new(Guid.Parse("00000000-0000-0000-0000-00000000000c"), "Cy");

    private static readonly IReadOnlyList<ContestProblem> Problems =
    [
        new("alpha", "A", "Alpha", "#f00", 100, IsScoring: false),
        new("beta", "B", "Beta", "#0f0", 100, IsScoring: true),
    ];

    private static ScoreboardRules Icpc(DateTimeOffset? hiddenFrom = null, params RevealedCell[] revealed) =>
        new(ScoringMode.Icpc, 20, Problems, Start, Start.AddHours(2), hiddenFrom, revealed.ToHashSet());

    private static ScoreboardRules Points() => Icpc() with { Scoring = ScoringMode.Points };

    /// <summary>An attempt at the given minute of the contest.</summary>
    private void At(int minute, BoardTeam team, string challenge, Verdict verdict, double? score = null)
    {
        attempts.Add(new Attempt(Guid.NewGuid(), team.Id, challenge, Start.AddMinutes(minute).AddSeconds(30), verdict, score));
    }

    private Standings Board(ScoreboardRules rules, params BoardTeam[] teams) => Scoreboard.Build(rules, teams, attempts);

    private static Row RowOf(Standings standings, BoardTeam team) => standings.Rows.Single(r => r.TeamId == team.Id);

    private static Cell CellOf(Standings standings, BoardTeam team, string challenge) => RowOf(standings, team).Cells.Single(c => c.ChallengeId == challenge);

    [Fact]
    public void IcpcPenaltyIsMinutesToFirstAcceptedPlusTwentyPerRejectedAttemptBeforeIt()
    {
        At(10, Ada, "alpha", Verdict.WA);
        At(12, Ada, "alpha", Verdict.TLE);
        At(34, Ada, "alpha", Verdict.AC);
        At(40, Ada, "alpha", Verdict.WA); // after the first AC: does not count

        var board = Board(Icpc(), Ada);

        var cell = CellOf(board, Ada, "alpha");
        Assert.Equal(new Cell("alpha", true, 3, 0, 34, true, null), cell);
        Assert.Equal((1, 34 + 2 * 20), (RowOf(board, Ada).Solved, RowOf(board, Ada).Penalty));
    }

    [Fact]
    public void CompileErrorsAndJudgeErrorsNeverCountAsAttemptsOrPenalty()
    {
        At(5, Ada, "alpha", Verdict.CE);
        At(6, Ada, "alpha", Verdict.JE);
        At(7, Ada, "alpha", Verdict.AC);
        At(8, Bob, "alpha", Verdict.CE);

        var board = Board(Icpc(), Ada, Bob);

        Assert.Equal(new Cell("alpha", true, 1, 0, 7, true, null), CellOf(board, Ada, "alpha"));
        Assert.Equal(7, RowOf(board, Ada).Penalty);
        Assert.Equal(new Cell("alpha", false, 0, 0, null, false, null), CellOf(board, Bob, "alpha"));
    }

    [Fact]
    public void RejectedAttemptsOnAnUnsolvedChallengeCostNothing()
    {
        At(5, Ada, "alpha", Verdict.WA);
        At(6, Ada, "alpha", Verdict.RTE);

        var board = Board(Icpc(), Ada);

        Assert.Equal(new Cell("alpha", false, 2, 0, null, false, null), CellOf(board, Ada, "alpha"));
        Assert.Equal((0, 0), (RowOf(board, Ada).Solved, RowOf(board, Ada).Penalty));
    }

    [Fact]
    public void MoreSolvedRanksAboveLessPenalty()
    {
        At(100, Ada, "alpha", Verdict.AC);
        At(110, Ada, "beta", Verdict.AC);
        At(1, Bob, "alpha", Verdict.AC);

        var board = Board(Icpc(), Bob, Ada);

        Assert.Equal([Ada.Id, Bob.Id], board.Rows.Select(r => r.TeamId));
        Assert.Equal([1, 2], board.Rows.Select(r => r.Rank));
    }

    [Fact]
    public void EqualTeamsShareARankAndTheNextRankSkips()
    {
        At(10, Ada, "alpha", Verdict.AC);
        At(10, Bob, "alpha", Verdict.AC);
        At(30, Cy, "alpha", Verdict.AC);

        var board = Board(Icpc(), Cy, Bob, Ada);

        Assert.Equal([(Ada.Id, 1), (Bob.Id, 1), (Cy.Id, 3)], board.Rows.Select(r => (r.TeamId, r.Rank)));
    }

    [Fact]
    public void TeamsWithoutAttemptsAreListedAndShareTheLastRank()
    {
        At(10, Cy, "alpha", Verdict.AC);

        var board = Board(Icpc(), Ada, Bob, Cy);

        Assert.Equal([(Cy.Id, 1), (Ada.Id, 2), (Bob.Id, 2)], board.Rows.Select(r => (r.TeamId, r.Rank)));
    }

    [Fact]
    public void FirstToSolveIsTheEarliestAcceptedAttemptNotTheEarliestJudged()
    {
        At(20, Bob, "alpha", Verdict.AC);
        At(15, Ada, "alpha", Verdict.AC); // made earlier, judged (added) later
        At(30, Cy, "beta", Verdict.AC);

        var board = Board(Icpc(), Ada, Bob, Cy);

        Assert.True(CellOf(board, Ada, "alpha").FirstToSolve);
        Assert.False(CellOf(board, Bob, "alpha").FirstToSolve);
        Assert.True(CellOf(board, Cy, "beta").FirstToSolve);
        Assert.Equal([new FirstSolve("alpha", "A", Ada.Id, "Ada", 15), new FirstSolve("beta", "B", Cy.Id, "Cy", 30)], board.FirstSolves);
    }

    [Fact]
    public void HiddenTeamsAreLeftOutOfRanksAndFirstToSolve()
    {
        var hiddenAda = Ada with { Hidden = true };
        At(1, Ada, "alpha", Verdict.AC);
        At(50, Bob, "alpha", Verdict.AC);

        var board = Board(Icpc(), hiddenAda, Bob);

        Assert.Equal([Bob.Id], board.Rows.Select(r => r.TeamId));
        Assert.Equal(1, board.Rows[0].Rank);
        Assert.Equal([new FirstSolve("alpha", "A", Bob.Id, "Bob", 50)], board.FirstSolves);
    }

    [Fact]
    public void AttemptsOutsideTheContestWindowOrOnOtherChallengesDoNotCount()
    {
        attempts.Add(new Attempt(Guid.NewGuid(), Ada.Id, "alpha", Start.AddMinutes(-1), Verdict.AC, null));
        attempts.Add(new Attempt(Guid.NewGuid(), Ada.Id, "alpha", Start.AddHours(2), Verdict.AC, null));
        At(3, Ada, "gamma", Verdict.AC);

        var board = Board(Icpc(), Ada);

        Assert.Equal(0, RowOf(board, Ada).Solved);
        Assert.All(RowOf(board, Ada).Cells, c => Assert.Equal(0, c.Attempts));
        Assert.Equal(["alpha", "beta"], RowOf(board, Ada).Cells.Select(c => c.ChallengeId));
    }

    [Fact]
    public void DuringTheFreezeAttemptsAfterItArePendingCountsOnly()
    {
        var freeze = Start.AddMinutes(90);
        At(80, Ada, "alpha", Verdict.WA);
        At(95, Ada, "alpha", Verdict.WA);
        At(100, Ada, "alpha", Verdict.AC);
        At(96, Bob, "beta", Verdict.AC);

        var board = Board(Icpc(hiddenFrom: freeze), Ada, Bob);

        Assert.Equal(new Cell("alpha", false, 1, 2, null, false, null), CellOf(board, Ada, "alpha"));
        Assert.Equal(new Cell("beta", false, 0, 1, null, false, null), CellOf(board, Bob, "beta"));
        Assert.All(board.Rows, r => Assert.Equal(0, r.Solved));
        Assert.Empty(board.FirstSolves);
    }

    [Fact]
    public void AChallengeSolvedBeforeTheFreezeShowsNoPendingAttempts()
    {
        At(10, Ada, "alpha", Verdict.AC);
        At(95, Ada, "alpha", Verdict.WA);

        var board = Board(Icpc(hiddenFrom: Start.AddMinutes(90)), Ada);

        Assert.Equal(new Cell("alpha", true, 1, 0, 10, true, null), CellOf(board, Ada, "alpha"));
    }

    [Fact]
    public void ARevealedCellShowsItsTrueResultWhileOthersStayPending()
    {
        At(95, Ada, "alpha", Verdict.AC);
        At(96, Ada, "beta", Verdict.AC);

        var board = Board(Icpc(Start.AddMinutes(90), new RevealedCell(Ada.Id, "alpha")), Ada);

        Assert.Equal(new Cell("alpha", true, 1, 0, 95, true, null), CellOf(board, Ada, "alpha"));
        Assert.Equal(1, CellOf(board, Ada, "beta").Pending);
    }

    [Fact]
    public void AFirstSolveHiddenByTheFreezeIsNotGivenToALaterRevealedSolver()
    {
        At(92, Ada, "alpha", Verdict.AC);
        At(99, Bob, "alpha", Verdict.AC);

        var revealedBob = Board(Icpc(Start.AddMinutes(90), new RevealedCell(Bob.Id, "alpha")), Ada, Bob);
        var revealedBoth = Board(Icpc(Start.AddMinutes(90), new RevealedCell(Bob.Id, "alpha"), new RevealedCell(Ada.Id, "alpha")), Ada, Bob);

        Assert.False(CellOf(revealedBob, Bob, "alpha").FirstToSolve);
        Assert.Empty(revealedBob.FirstSolves);
        Assert.True(CellOf(revealedBoth, Ada, "alpha").FirstToSolve);
        Assert.Equal(Ada.Id, Assert.Single(revealedBoth.FirstSolves).TeamId);
    }

    [Fact]
    public void RevealGoesFromTheBottomOfTheBoardLeftmostPendingCellFirst()
    {
        At(10, Ada, "alpha", Verdict.AC);
        At(95, Ada, "beta", Verdict.AC);
        At(97, Bob, "beta", Verdict.WA);
        At(98, Bob, "alpha", Verdict.AC);
        var freeze = Start.AddMinutes(90);

        var first = Scoreboard.NextReveal(Board(Icpc(freeze), Ada, Bob));
        var second = Scoreboard.NextReveal(Board(Icpc(freeze, new RevealedCell(Bob.Id, "alpha")), Ada, Bob));
        var third = Scoreboard.NextReveal(Board(Icpc(freeze, new RevealedCell(Bob.Id, "alpha"), new RevealedCell(Bob.Id, "beta")), Ada, Bob));
        var done = Scoreboard.NextReveal(Board(Icpc(freeze, new RevealedCell(Bob.Id, "alpha"), new RevealedCell(Bob.Id, "beta"), new RevealedCell(Ada.Id, "beta")), Ada, Bob));

        Assert.Equal(new RevealedCell(Bob.Id, "alpha"), first);
        Assert.Equal(new RevealedCell(Bob.Id, "beta"), second);
        Assert.Equal(new RevealedCell(Ada.Id, "beta"), third);
        Assert.Null(done);
    }

    [Fact]
    public void PointsModeSumsEachChallengesBestScore()
    {
        At(5, Ada, "alpha", Verdict.WA);
        At(9, Ada, "alpha", Verdict.AC);
        At(20, Ada, "beta", Verdict.WA, 30);
        At(25, Ada, "beta", Verdict.WA, 55);
        At(30, Ada, "beta", Verdict.WA, 10); // worse: the best stays

        var board = Board(Points(), Ada);

        var row = RowOf(board, Ada);
        Assert.Equal((155d, 1, 0), (row.Points, row.Solved, row.Penalty));
        Assert.Equal(new Cell("alpha", true, 2, 0, 9, true, 100), CellOf(board, Ada, "alpha"));
        Assert.Equal(new Cell("beta", false, 3, 0, 25, false, 55), CellOf(board, Ada, "beta"));
        Assert.Equal(Start.AddMinutes(25).AddSeconds(30), row.LastImprovementAt);
    }

    [Fact]
    public void PointsTiesGoToTheEarlierLastImprovement()
    {
        At(40, Ada, "beta", Verdict.WA, 50);
        At(30, Bob, "beta", Verdict.WA, 50);
        At(50, Bob, "beta", Verdict.WA, 50); // equal, not an improvement
        At(60, Cy, "beta", Verdict.WA, 50);
        At(10, Cy, "alpha", Verdict.WA);

        var board = Board(Points(), Ada, Bob, Cy);

        Assert.Equal([(Bob.Id, 1), (Ada.Id, 2), (Cy.Id, 3)], board.Rows.Select(r => (r.TeamId, r.Rank)));
    }

    [Fact]
    public void PointsTeamsWithTheSameScoreAndImprovementTimeShareARank()
    {
        At(40, Ada, "beta", Verdict.WA, 50);
        attempts.Add(attempts[0] with { SubmissionId = Guid.NewGuid(), TeamId = Bob.Id });
        At(10, Cy, "alpha", Verdict.WA); // zero points: below, even though earlier

        var board = Board(Points(), Ada, Bob, Cy);

        Assert.Equal([1, 1, 3], board.Rows.Select(r => r.Rank));
        Assert.Equal(Cy.Id, board.Rows[2].TeamId);
    }

    [Fact]
    public void PointsModeFreezeHidesLaterScores()
    {
        At(20, Ada, "beta", Verdict.WA, 30);
        At(95, Ada, "beta", Verdict.AC, 100);

        var board = Board(Points() with { HiddenFrom = Start.AddMinutes(90) }, Ada);

        Assert.Equal(new Cell("beta", false, 1, 1, 20, false, 30), CellOf(board, Ada, "beta"));
        Assert.Equal(30, RowOf(board, Ada).Points);
    }

    [Fact]
    public void PracticeWithoutAStartCountsEveryAttemptAndHasNoMinutes()
    {
        At(-500, Ada, "alpha", Verdict.WA);
        At(-400, Ada, "alpha", Verdict.AC);

        var board = Board(Icpc() with { StartsAt = null, EndsAt = null }, Ada);

        Assert.Equal(new Cell("alpha", true, 2, 0, null, true, null), CellOf(board, Ada, "alpha"));
        Assert.Equal(20, RowOf(board, Ada).Penalty);
    }

    [Fact]
    public void TheBoardDoesNotDependOnTheOrderAttemptsArrive()
    {
        At(10, Ada, "alpha", Verdict.WA);
        At(11, Bob, "alpha", Verdict.AC);
        At(12, Ada, "alpha", Verdict.AC);
        At(13, Cy, "beta", Verdict.WA);

        var forward = Board(Icpc(), Ada, Bob, Cy);
        attempts.Reverse();
        var backward = Board(Icpc(), Cy, Bob, Ada);

        Assert.Equal(forward.Rows.Count, backward.Rows.Count);
        Assert.All(forward.Rows.Zip(backward.Rows), pair => Assert.True(pair.First.SameAs(pair.Second)));
        Assert.Equal(forward.FirstSolves, backward.FirstSolves);
    }
}
