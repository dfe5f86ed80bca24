using Apug.Server.Judging;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Judging;

/// <summary>End to end against the real engine: HTTP submit → queue → container → verdict → HTTP result.</summary>
[Collection(DockerCollection.Name)]
public sealed class JudgeTests : IDisposable
{
    private const string SumSolution = "a, b = map(int, input().split())\nprint(a + b)\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-challenges-").FullName;
    private readonly ApugFactory factory;

    public JudgeTests()
    {
        new PackageBuilder(challenges, "sum")
            .Sample("1", "1 2\n", "3\n")
            .Secret("01", "10 20\n", "30\n")
            .Secret("02", "-5 5\n", "0\n")
            .Secret("03", "1000000 2345678\n", "3345678\n")
            .Limits(timeLimitSeconds: 1, memoryMiB: 128, outputMiB: 1)
            .Build();
        new PackageBuilder(challenges, "third")
            .Sample("1", "1\n", "0.333333333\n")
            .Secret("01", "2\n", "0.666666667\n")
            .ValidatorFlags("float_tolerance 1e-6")
            .Build();
        new PackageBuilder(challenges, "secret-token")
            .Secret("01", "what is the word?\n", "xyzzy-7391846-plugh\n")
            .Build();
        factory = new ApugFactory(challenges);
    }

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    private async Task<SubmissionDto> JudgeAsync(string challenge, string source)
    {
        var team = await factory.CreateTeamClientAsync();
        return await factory.SubmitAndWaitAsync(team, challenge, source);
    }

    [Fact]
    public async Task ACorrectSolutionIsAcceptedOnEveryTestInOrder()
    {
        var result = await JudgeAsync("sum", SumSolution);
        Assert.Equal("judged", result.Status);
        Assert.Equal(Verdict.AC, result.Verdict);
        Assert.NotNull(result.JudgedAt);
        Assert.Equal(["sample/1", "secret/01", "secret/02", "secret/03"], result.Tests.Select(t => t.Name));
        Assert.All(result.Tests, t => Assert.Equal(Verdict.AC, t.Verdict));
        // A team sees a sample's memory; a secret test's only when the organisers switch it on (Apug:Feedback:ShowMemory).
        Assert.All(result.Tests.Where(t => t.IsSample), t => Assert.InRange(t.MemoryKb ?? 0, 1, 128 * 1024));
        Assert.All(result.Tests.Where(t => !t.IsSample), t => Assert.Null(t.MemoryKb));
        var sample = Assert.Single(result.Tests, t => t.IsSample).Sample;
        Assert.NotNull(sample);
        Assert.Equal("1 2\n", sample.Input);
        Assert.Equal("3\n", sample.Output);
        Assert.Equal("3\n", sample.Expected);
        Assert.All(result.Tests.Where(t => !t.IsSample), t => Assert.Null(t.Sample));
    }

    [Fact]
    public async Task AWrongAnswerOnASecretTestStopsJudgingAndRevealsNoData()
    {
        var result = await JudgeAsync("sum", "a, b = map(int, input().split())\nprint(a + b if a != 10 else 31)\n");
        Assert.Equal(Verdict.WA, result.Verdict);
        Assert.Equal(2, result.Tests.Length); // the sample, then the first secret test that failed
        var failed = result.Tests[^1];
        Assert.Equal(Verdict.WA, failed.Verdict);
        Assert.Equal("Wrong answer", failed.Message);
        Assert.Null(failed.Sample);
        Assert.DoesNotContain("30", result.Message ?? "");
    }

    [Fact]
    public async Task AWrongAnswerOnASampleExplainsTheDifference()
    {
        var result = await JudgeAsync("sum", "print(4)");
        Assert.Equal(Verdict.WA, result.Verdict);
        var sample = Assert.Single(result.Tests);
        Assert.StartsWith("Wrong answer:", sample.Message);
        Assert.Equal("4\n", sample.Sample?.Output);
        Assert.Equal("3\n", sample.Sample?.Expected);
    }

    [Fact]
    public async Task ACpuLoopIsTimeLimitExceeded()
    {
        var result = await JudgeAsync("sum", "while True:\n    pass\n");
        Assert.Equal(Verdict.TLE, result.Verdict);
        Assert.Contains("Time limit exceeded", result.Tests[^1].Message);
    }

    [Fact]
    public async Task SleepingIsTimeLimitExceeded()
    {
        var result = await JudgeAsync("sum", "import time\ntime.sleep(30)\n");
        Assert.Equal(Verdict.TLE, result.Verdict);
    }

    [Fact]
    public async Task AllocatingTooMuchIsMemoryLimitExceeded()
    {
        var result = await JudgeAsync("sum", "x = bytearray(600 * 1024 * 1024)\nprint(len(x))\n");
        Assert.Equal(Verdict.MLE, result.Verdict);
        Assert.Contains("128 MiB", result.Tests[^1].Message);
    }

    [Fact]
    public async Task AnExceptionIsARunTimeErrorWithTheTracebackOnTheSample()
    {
        var result = await JudgeAsync("sum", "a, b = map(int, input().split())\nprint(a / 0)\n");
        Assert.Equal(Verdict.RTE, result.Verdict);
        var sample = Assert.Single(result.Tests);
        Assert.Contains("ZeroDivisionError", sample.Sample?.Stderr);
    }

    [Fact]
    public async Task ANonZeroExitOnASecretTestIsARunTimeError()
    {
        var result = await JudgeAsync("sum", "import sys\na, b = map(int, input().split())\nif a == 10: sys.exit(3)\nprint(a + b)\n");
        Assert.Equal(Verdict.RTE, result.Verdict);
        Assert.Equal("secret/01", result.Tests[^1].Name);
        Assert.Contains("3", result.Tests[^1].Message);
    }

    [Fact]
    public async Task FloodingStdoutIsOutputLimitExceededAndSaysTheOutputWasCut()
    {
        var result = await JudgeAsync("sum", "import sys\nwhile True:\n    sys.stdout.write('spam ' * 10000)\n");
        Assert.Equal(Verdict.OLE, result.Verdict);
        Assert.Contains("cut", result.Tests[^1].Message);
    }

    [Fact]
    public async Task ASyntaxErrorIsACompileErrorAndNoTestRuns()
    {
        var result = await JudgeAsync("sum", "def broken(:\n    pass\n");
        Assert.Equal(Verdict.CE, result.Verdict);
        Assert.Contains("SyntaxError", result.Message);
        Assert.Contains("line 1", result.Message);
        Assert.Empty(result.Tests);
    }

    [Theory]
    [InlineData("print(f'{int(input()) / 3:.9f}')", Verdict.AC)]
    [InlineData("print(int(input()) / 3 + 4e-7)", Verdict.AC)]
    [InlineData("print(int(input()) / 3 + 1e-4)", Verdict.WA)]
    public async Task FloatAnswersAreJudgedWithTheConfiguredTolerance(string source, Verdict expected)
    {
        var result = await JudgeAsync("third", source);
        Assert.Equal(expected, result.Verdict);
    }

    [Fact]
    public async Task ASolutionSearchingTheContainerForTheAnswerFindsNothing()
    {
        // The answer is a token nothing in the input hints at: the only way to AC is to find it on disk or in memory.
        const string snoop = """
            import os
            found = None
            for root in ["/box", "/tmp", "/opt", "/etc", "/root", "/home", "/var", "/srv", "/proc/1", "/proc/self"]:
                for dirpath, dirnames, filenames in os.walk(root):
                    for name in filenames:
                        try:
                            with open(os.path.join(dirpath, name), "rb") as f:
                                data = f.read(1 << 20)
                            if b"7391846" in data:
                                found = data
                        except Exception:
                            pass
            for key, value in os.environ.items():
                if "7391846" in value: found = value.encode()
            print(found.decode(errors="replace").strip() if found else "nothing")
            """;
        var result = await JudgeAsync("secret-token", snoop);
        Assert.Equal(Verdict.WA, result.Verdict);
    }

    [Fact]
    public async Task ASolutionCannotWriteOutsideTmp()
    {
        // It prints the right sum only if every write outside /tmp failed.
        const string writer = """
            import os
            escaped = []
            for path in ["/box/prog/solution.py", "/box/hack", "/etc/passwd", "/opt/apug/runner.py", "/usr/lib/python3/x.py", "/hack"]:
                try:
                    with open(path, "a") as f: f.write("# pwned")
                    escaped.append(path)
                except OSError:
                    pass
            with open("/tmp/fine.txt", "w") as f: f.write("ok")
            a, b = map(int, input().split())
            print(a + b if not escaped else escaped)
            """;
        var result = await JudgeAsync("sum", writer);
        Assert.Equal(Verdict.AC, result.Verdict);
    }

    [Fact]
    public async Task EveryStateChangeIsPublishedInOrder()
    {
        var seen = new List<SubmissionEvent>();
        using var subscription = factory.Events.Subscribe(e => { lock (seen) seen.Add(e); });
        var result = await JudgeAsync("sum", SumSolution);
        List<SubmissionEvent> mine;
        lock (seen) mine = seen.Where(e => e.SubmissionId == result.Id).ToList();
        Assert.IsType<SubmissionQueued>(mine[0]);
        Assert.IsType<SubmissionStarted>(mine[1]);
        Assert.Equal(4, mine.OfType<TestJudged>().Count());
        Assert.Equal(["sample/1", "secret/01", "secret/02", "secret/03"], mine.OfType<TestJudged>().Select(t => t.Test.Name));
        var judged = Assert.IsType<SubmissionJudged>(mine[^1]);
        Assert.Equal(Verdict.AC, judged.Outcome.Verdict);
    }
}
