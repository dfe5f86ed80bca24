using Apug.Server.Contest;
using Apug.Tests.Challenges;

namespace Apug.Tests.Contest;

public sealed class ContestDefinitionTests
{
    [Fact]
    public void WithoutContestYamlTheServerRunsAnOpenPractice()
    {
        using var folder = new TemporaryFolder();

        var definition = ContestDefinition.Load(folder.FullPath);

        Assert.True(definition.IsPractice);
        Assert.Null(definition.Problems);
    }

    [Fact]
    public void AFullContestYamlIsRead()
    {
        using var folder = new TemporaryFolder();
        folder.Write("contest.yaml", """
            name: Apug Night 12
            start: 2026-03-12T18:30:00+01:00
            duration_minutes: 120
            freeze_minutes: 30
            scoring: points
            penalty_minutes: 10
            problems:
              - id: pizza-slices
                label: P
                colour: "#123456"
                points: 50
              - hello-pug
            """);

        var definition = ContestDefinition.Load(folder.FullPath);

        Assert.Equal(new DateTimeOffset(2026, 3, 12, 17, 30, 0, TimeSpan.Zero), definition.Start);
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromMinutes(30), ScoringMode.Points, 10),
            (definition.Duration, definition.Freeze, definition.Scoring, definition.PenaltyMinutes));
        Assert.Equal([new ContestProblemConfig("pizza-slices", "P", "#123456", 50), new ContestProblemConfig("hello-pug", null, null, null)],
            definition.Problems);
        var resolved = definition.Resolve([]);
        Assert.Equal(["P", "B"], resolved.Select(p => p.Label));
        Assert.Equal([50d, 100d], resolved.Select(p => p.Points));
    }

    [Fact]
    public void EveryMistakeInContestYamlIsReportedAtOnce()
    {
        using var folder = new TemporaryFolder();
        folder.Write("contest.yaml", """
            name: Broken
            start: tomorrow evening
            duration_minutes: 60
            freeze_minutes: 90
            scoring: golf
            problems: [a, a]
            colour: red
            """);

        var error = Assert.Throws<InvalidOperationException>(() => ContestDefinition.Load(folder.FullPath));

        Assert.Contains("'start' must be a date and time", error.Message);
        Assert.Contains("'freeze_minutes' must be shorter than the contest (60 minutes)", error.Message);
        Assert.Contains("'scoring' must be 'icpc' or 'points', not 'golf'", error.Message);
        Assert.Contains("lists 'a' more than once", error.Message);
        Assert.Contains("'colour' is not a contest.yaml key", error.Message);
    }

    [Theory]
    [InlineData(0, "A")]
    [InlineData(25, "Z")]
    [InlineData(26, "AA")]
    [InlineData(27, "AB")]
    public void DefaultLabelsRunFromAToZThenAA(int index, string label) => Assert.Equal(label, ContestDefinition.DefaultLabel(index));
}
