using Apug.Server.Judging;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Judging;

/// <summary>Organisers' validators (sandboxed, Python and C++) and scoring problems, against the real engine.</summary>
[Collection(DockerCollection.Name)]
public sealed class ValidatorAndScoringTests : IDisposable
{
    private readonly ApugFactory factory = new(TestPaths.TestPackages);

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    private async Task<SubmissionDto> JudgeAsync(string challenge, string source)
    {
        var team = await factory.CreateTeamClientAsync();
        return await factory.SubmitAndWaitAsync(team, challenge, source, TimeSpan.FromMinutes(3));
    }

    [Theory]
    [InlineData("python-validator")]
    [InlineData("cpp-validator")]
    public async Task ACustomValidatorAcceptsAnyPermutation(string challenge)
    {
        var result = await JudgeAsync(challenge, "input()\nprint(*reversed(input().split()))\n");
        Assert.True(Verdict.AC == result.Verdict, $"{result.Verdict}: {result.Message} {string.Join("; ", result.Tests.Select(t => t.Message))}");
        Assert.All(result.Tests, t => Assert.Equal(Verdict.AC, t.Verdict));
    }

    [Theory]
    [InlineData("python-validator")]
    [InlineData("cpp-validator")]
    public async Task ACustomValidatorsRejectionIsAWrongAnswerWithItsMessageOnTheSample(string challenge)
    {
        var result = await JudgeAsync(challenge, "input()\nprint(1)\n");
        Assert.Equal(Verdict.WA, result.Verdict);
        var sample = Assert.Single(result.Tests);
        Assert.Contains("expected 3", sample.Message); // the validator's own judgemessage.txt
    }

    [Fact]
    public async Task TheCppValidatorIsCompiledOncePerPackageVersion()
    {
        var first = await JudgeAsync("cpp-validator", "input()\nprint(*input().split())\n");
        var second = await JudgeAsync("cpp-validator", "input()\nprint(*sorted(input().split()))\n");
        Assert.Equal(Verdict.AC, first.Verdict);
        Assert.Equal(Verdict.AC, second.Verdict);
    }

    [Fact]
    public async Task AScoringProblemSumsItsGroupScores()
    {
        var result = await JudgeAsync("scoring-groups", "a, b = map(int, input().split())\nprint(a + b)\n");
        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.Equal(100, result.Score);
    }

    [Fact]
    public async Task APartialScoringSolutionKeepsTheGroupsItPassedAndRunsEveryTest()
    {
        var result = await JudgeAsync("scoring-groups", "a, b = map(int, input().split())\nprint(a + b if a < 1000 else 0)\n");
        Assert.Equal(Verdict.WA, result.Verdict);
        Assert.Equal(75, result.Score);
        Assert.Equal(8, result.Tests.Length); // the sample and all 7 secret tests: scoring judging does not stop early
    }
}
