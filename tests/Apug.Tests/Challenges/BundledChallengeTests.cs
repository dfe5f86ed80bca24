using Apug.Server.Challenges;
using Apug.Server.Judging;

namespace Apug.Tests.Challenges;

public class BundledChallengeTests
{
    private static ChallengePackage Load(string id)
    {
        var result = PackageLoader.Load(Path.Combine(TestPaths.BundledChallenges, id), PackageDefaults.Standard);
        Assert.True(result.IsLoaded, string.Join("\n", result.Errors));
        return result.Package;
    }

    [Fact]
    public void EveryBundledChallengeLoads()
    {
        var packages = Directory.GetDirectories(TestPaths.BundledChallenges).Select(d => PackageLoader.Load(d, PackageDefaults.Standard)).ToList();
        Assert.All(packages, p => Assert.True(p.IsLoaded, string.Join("\n", p.Errors)));
        Assert.Equal(["hello-pug", "pair-programming-pugs", "pizza-slices", "seagull-snatch", "sticker-swap"],
            packages.Select(p => p.Package!.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("hello-pug")]
    [InlineData("pizza-slices")]
    [InlineData("seagull-snatch")]
    [InlineData("pair-programming-pugs")]
    public void BundledChallengesHaveTwoSamplesSeveralSecretTestsAndOneSubmissionPerKind(string id)
    {
        var package = Load(id);
        Assert.Equal(2, package.Tests.Count(t => t.IsSample));
        Assert.InRange(package.Tests.Count(t => !t.IsSample), 6, 8);
        Assert.Equal(StatementFormat.Markdown, package.Statement.Format);
        Assert.Equal(ProblemType.PassFail, package.Type);
        Assert.Equal(
            ["accepted", "run_time_error", "time_limit_exceeded", "wrong_answer"],
            package.ExampleSubmissions.Select(s => s.Folder).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("hello-pug")]
    [InlineData("pizza-slices")]
    [InlineData("seagull-snatch")]
    [InlineData("pair-programming-pugs")]
    [InlineData("sticker-swap")]
    public void EveryAnswerFileIsAcceptedAgainstItself(string id)
    {
        var package = Load(id);
        var flags = Assert.IsType<DefaultOutputValidation>(package.Validation);
        foreach (var test in package.Tests)
        {
            string answer = File.ReadAllText(test.AnswerPath);
            Assert.True(DefaultOutputValidator.Validate(answer, answer, flags).Accepted, test.Name);
        }
    }

    [Fact]
    public void HelloPugHasATimeLimitFromProblemYamlAndStrictGreetings()
    {
        var package = Load("hello-pug");
        Assert.Equal("Hello, PUG!", package.Name);
        Assert.Equal((TimeSpan.FromSeconds(1), TimeLimitSource.ProblemYaml), (package.Limits.TimeLimit, package.Limits.TimeLimitSource));
        Assert.Equal(new DefaultOutputValidation(false, false, null, null), package.Validation);
        Assert.Contains("<code>Hello, NAME!</code>", package.Statement.Html);

        var answer = File.ReadAllText(package.Tests[0].AnswerPath);
        Assert.Equal("Hello, Ada!\n", answer);
        Assert.False(DefaultOutputValidator.Validate("Hello Ada!\n", answer, (DefaultOutputValidation)package.Validation).Accepted);
    }

    [Fact]
    public void PizzaSlicesUsesAFloatToleranceAndTheDefaultTimeLimit()
    {
        var package = Load("pizza-slices");
        Assert.Equal(new DefaultOutputValidation(false, false, 1e-6, 1e-6), package.Validation);
        Assert.Equal((TimeSpan.FromSeconds(2), TimeLimitSource.Default), (package.Limits.TimeLimit, package.Limits.TimeLimitSource));
        Assert.Contains("class=\"math\"", package.Statement.Html);

        var flags = (DefaultOutputValidation)package.Validation;
        Assert.True(DefaultOutputValidator.Validate("176.714587\n", "176.71458676442586\n", flags).Accepted);
        Assert.False(DefaultOutputValidator.Validate("706.8583470577034\n", "176.71458676442586\n", flags).Accepted);
    }

    [Fact]
    public void ReferenceSubmissionsArePythonFilesWithTheSpecsPermittedVerdicts()
    {
        var submissions = Load("pizza-slices").ExampleSubmissions;
        Assert.All(submissions, s => Assert.EndsWith(".py", s.Path));
        Assert.Equal([Verdict.AC, Verdict.WA], submissions.First(s => s.Folder == "wrong_answer").PermittedVerdicts);
        Assert.Equal([Verdict.AC, Verdict.TLE], submissions.First(s => s.Folder == "time_limit_exceeded").PermittedVerdicts);
        Assert.Equal([Verdict.AC, Verdict.MLE, Verdict.RTE, Verdict.OLE], submissions.First(s => s.Folder == "run_time_error").PermittedVerdicts);
    }

    [Fact]
    public void StickerSwapIsAScoringProblemWithThreeGroupsWorthAHundredPoints()
    {
        var package = Load("sticker-swap");
        Assert.Equal(ProblemType.Scoring, package.Type);
        var secret = package.RootGroup.Groups.Single(g => g.Path == "secret");
        Assert.Equal(["secret/group1", "secret/group2", "secret/group3"], secret.Groups.Select(g => g.Path));
        Assert.Equal([20.0, 30.0, 50.0], secret.Groups.Select(g => g.Scoring.MaxScore ?? 0));
        Assert.Equal(
            ["accepted", "run_time_error", "time_limit_exceeded", "wrong_answer"],
            package.ExampleSubmissions.Select(s => s.Folder).Distinct().Order(StringComparer.Ordinal));
    }
}
