using Apug.Server.Challenges;
using Apug.Server.Contest;
using Apug.Server.Judging;
using Apug.Server.Roundup;

namespace Apug.Tests.Evening;

/// <summary>The pure parts of the evening: hint costs on the points board, and the round-up's facts.</summary>
public sealed class HintScoringTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 12, 18, 0, 0, TimeSpan.Zero);
    private static readonly BoardTeam Ada = new(Guid.Parse("00000000-0000-0000-0000-00000000000a"), "Ada");
    private static readonly BoardTeam Bob = new(Guid.Parse("00000000-0000-0000-0000-00000000000b"), "Bob");
    private static readonly IReadOnlyList<ContestProblem> Problems =
    [
        new("alpha", "A", "Alpha", "#f00", 100, IsScoring: false),
        new("beta", "B", "Beta", "#0f0", 50, IsScoring: false),
    ];

    private static ScoreboardRules Rules(ScoringMode scoring = ScoringMode.Points, DateTimeOffset? hiddenFrom = null) =>
        new(scoring, 20, Problems, Start, Start.AddHours(1), hiddenFrom, new HashSet<RevealedCell>());

    private static Attempt Ac(BoardTeam team, string challenge, int minute) =>
        new(Guid.NewGuid(), team.Id, challenge, Start.AddMinutes(minute), Verdict.AC, null);

    private static HintCost Cost(BoardTeam team, string challenge, double cost, int minute) => new(team.Id, challenge, cost, Start.AddMinutes(minute));

    [Fact]
    public void AHintsCostComesOffItsChallengesPointsNeverBelowZeroAndOnlyInThePointsContestsWindow()
    {
        var attempts = new[] { Ac(Ada, "alpha", 10), Ac(Ada, "beta", 12), Ac(Bob, "alpha", 11) };
        var costs = new[] { Cost(Ada, "alpha", 30, 5), Cost(Ada, "beta", 80, 6), Cost(Bob, "beta", 40, 7), Cost(Bob, "alpha", 10, 90) };
        var board = Scoreboard.Build(Rules(), [Ada, Bob], attempts, costs);
        var ada = board.Rows.Single(r => r.TeamId == Ada.Id);
        Assert.Equal([(70.0, 30.0), (0.0, 80.0)], ada.Cells.Select(c => (c.Score!.Value, c.HintCost))); // 50 - 80 stays 0
        Assert.Equal(70, ada.Points);
        var bob = board.Rows.Single(r => r.TeamId == Bob.Id);
        Assert.Equal(100, bob.Points); // beta unsolved costs nothing; alpha's hint came after the end
        Assert.Null(bob.Cells[1].Score);
        Assert.Equal(Bob.Id, board.Rows[0].TeamId);

        // ICPC: costs do not exist.
        var icpc = Scoreboard.Build(Rules(ScoringMode.Icpc), [Ada, Bob], attempts, costs);
        Assert.All(icpc.Rows.SelectMany(r => r.Cells), c => Assert.Equal(0, c.HintCost));
    }

    [Fact]
    public void AHintOpenedDuringTheFreezeStaysHiddenOnThePublicBoard()
    {
        var attempts = new[] { Ac(Ada, "alpha", 10) };
        var costs = new[] { Cost(Ada, "alpha", 30, 50) };
        Assert.Equal(100, Scoreboard.Build(Rules(hiddenFrom: Start.AddMinutes(45)), [Ada], attempts, costs).Rows[0].Points);
        Assert.Equal(70, Scoreboard.Build(Rules(), [Ada], attempts, costs).Rows[0].Points);
    }

    [Fact]
    public void APackagesHintsAreReadInNumberOrderAndTheirMistakesAreWarningsNotFailures()
    {
        var folder = Directory.CreateTempSubdirectory("apug-hint-package-").FullName;
        try
        {
            var root = new Apug.Tests.Infrastructure.PackageBuilder(folder, "sum").Sample("1", "1 2\n", "3\n").Build();
            var hints = Directory.CreateDirectory(Path.Combine(root, "hints")).FullName;
            File.WriteAllText(Path.Combine(hints, "2.md"), "Second.\n");
            File.WriteAllText(Path.Combine(hints, "10.md"), "Tenth.\n");
            File.WriteAllText(Path.Combine(hints, "notes.txt"), "not a hint");
            File.WriteAllText(Path.Combine(hints, "hints.yaml"), "2:\n  cost: -5\n  release_minute: 15\n10:\n  cost: 12.5\n7:\n  cost: 1\n");
            var result = PackageLoader.Load(root, PackageDefaults.Standard);
            Assert.True(result.IsLoaded);
            Assert.Equal([(2, "Second.\n", 0.0, (int?)15), (10, "Tenth.\n", 12.5, null)],
                result.Package.Hints.Select(h => (h.Number, h.Markdown, h.Cost, h.ReleaseMinute)));
            var warnings = string.Join("\n", result.Warnings.Select(w => w.ToString()));
            Assert.Contains("hints/notes.txt", warnings);
            Assert.Contains("'2.cost' must be a number of points from 0 to 10000, not '-5'", warnings);
            Assert.Contains("'7' names no hint file", warnings);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheRoundupsFactsComeFromTheTruthAndOnlyShownCodeCompetesOnSizeAndSpeed()
    {
        RoundupSubmission S(BoardTeam team, int minute, Verdict verdict, string? source, int cpu = 10) =>
            new(Guid.NewGuid(), team.Id, team.Name, "alpha", verdict, Start.AddMinutes(minute), "python3", source is not null, source, cpu);
        var board = RoundupBoard.Build(Problems, Start, Start.AddHours(1),
        [
            S(Bob, 3, Verdict.AC, null, cpu: 1),             // first, one attempt, private
            S(Ada, 4, Verdict.CE, null),                      // never counts
            S(Ada, 5, Verdict.WA, null),
            S(Ada, 8, Verdict.AC, "print(1)\n", cpu: 40),
            S(Ada, 9, Verdict.AC, "print( 1 )\n", cpu: 30),  // the last shown one is hers
            S(Ada, 70, Verdict.AC, "late\n"),                 // after the end
        ]);
        var alpha = board[0];
        Assert.Equal((2, "Bob", 3.0), (alpha.SolvedBy, alpha.FirstToSolve!.TeamName, alpha.FirstToSolve.Value));
        Assert.Equal(("Bob", 1.0), (alpha.FewestAttempts!.TeamName, alpha.FewestAttempts.Value));
        var solution = Assert.Single(alpha.Solutions);
        Assert.Equal(("print( 1 )\n", 2, 30, 9), (solution.Source, solution.Attempts, solution.CpuMs, solution.Minute));
        Assert.Equal([RoundupBoard.Shortest, RoundupBoard.Fastest], solution.Facts);
        Assert.Equal(0, board[1].SolvedBy);
        Assert.Null(board[1].FirstToSolve);
    }
}
