using System.Net.Http.Json;
using Apug.Server.Judging;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Interactive;

/// <summary>
/// Interactive problems judged end to end against the real engine: the solution and the organisers' interactor run in one
/// sandbox, joined by pipes, each in its own cgroup and namespaces and as its own uid. Our own packages: a guessing game
/// with a Python interactor (2025-09 `type: interactive`) and a door search with a C++ one (legacy `validation: custom
/// interactive`), both of which catch a solution that asks too many questions. Hostile solutions get TLE, WA or RTE —
/// never a judge error, never a hang.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class InteractiveJudgingTests : IDisposable
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

    private static string Explain(SubmissionDto result) =>
        $"{result.Verdict}: {result.Message} | {string.Join("; ", result.Tests.Select(t => $"{t.Name} {t.Verdict} {t.CpuMs} ms {t.Message}"))}";

    private static string Submission(string package, string path) => File.ReadAllText(Path.Combine(TestPaths.TestPackages, package, "submissions", path));

    [Theory]
    [InlineData("interactive-guess", "accepted/binary_search.py")]
    [InlineData("interactive-cpp", "accepted/bisect.py")]
    public async Task ACorrectStrategyIsAcceptedOnEveryTestWithItsOwnCpuTime(string challenge, string submission)
    {
        var result = await JudgeAsync(challenge, Submission(challenge, submission));
        Assert.True(result.Verdict == Verdict.AC, Explain(result));
        Assert.Equal(Directory.GetFiles(Path.Combine(TestPaths.TestPackages, challenge, "data"), "*.in", SearchOption.AllDirectories).Length, result.Tests.Length);
        Assert.All(result.Tests, t => Assert.Equal(Verdict.AC, t.Verdict));
        Assert.All(result.Tests, t => Assert.InRange(t.CpuMs, 0, 900)); // the solution's own CPU time, not the interactor's
    }

    [Theory]
    [InlineData("interactive-guess", "wrong_answer/linear.py")]
    [InlineData("interactive-cpp", "wrong_answer/too_many.py")]
    public async Task AskingTooManyQuestionsIsAWrongAnswerWithTheInteractorsMessageOnTheSample(string challenge, string submission)
    {
        var result = await JudgeAsync(challenge, Submission(challenge, submission));
        Assert.True(result.Verdict == Verdict.WA, Explain(result));
        var sample = result.Tests.Single(t => t.IsSample);
        Assert.Equal(Verdict.WA, sample.Verdict);
        Assert.Contains("too many questions", sample.Message);
    }

    [Theory]
    // The interactor ended first with 43: WA, although the solution then crashes on the reply that never comes.
    [InlineData("wrong_answer/guess_then_crash.py", Verdict.WA)]
    // Both wait for each other: the solution's wall-clock limit ends it, and its TLE stands over the interactor's WA.
    [InlineData("time_limit_exceeded/no_flush_wait.py", Verdict.TLE)]
    // The interactor accepted, then the solution crashed: its own ending stands.
    [InlineData("run_time_error/crash_after_correct.py", Verdict.RTE)]
    public async Task WhicheverSideStopsFirstIsHandledAsTheFormatToolsDo(string submission, Verdict expected)
    {
        var result = await JudgeAsync("interactive-guess", Submission("interactive-guess", submission));
        Assert.True(result.Verdict == expected, Explain(result));
    }

    [Theory]
    [InlineData("never-reads", "print(50, flush=True)\nwhile True:\n    pass\n", Verdict.TLE)]
    [InlineData("sleeps-forever", "import time\ntime.sleep(10**6)\n", Verdict.TLE)]
    [InlineData("floods-lines", "while True:\n    print(1)\n", Verdict.WA)]
    [InlineData("floods-one-line", "import sys\nwhile True:\n    sys.stdout.write('9' * 65536)\n", Verdict.WA)]
    [InlineData("closes-stdout-and-waits", "import os, time\nos.close(1)\ntime.sleep(10**6)\n", Verdict.TLE)]
    [InlineData("closes-stdout-and-exits", "import os\nos.close(1)\n", Verdict.WA)]
    [InlineData("reads-the-test-data", "print(open('/box/judge/test/input').read().split()[0], flush=True)\ninput()\n", Verdict.RTE)]
    [InlineData("reads-the-interactor", "print(open('/box/judge/prog/interactor.py').read())\n", Verdict.RTE)]
    [InlineData("exits-at-once", "pass\n", Verdict.WA)]
    public async Task AHostileSolutionGetsItsVerdictNeverAJudgeError(string name, string source, Verdict expected)
    {
        var started = DateTime.UtcNow;
        var result = await JudgeAsync("interactive-guess", source);
        Assert.True(result.Verdict == expected, $"{name}: {Explain(result)}");
        // Pass-fail: the sample runs first and the first rejection stops judging. Limits are 1 s CPU, 3 s wall.
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(60), $"{name} took {DateTime.UtcNow - started}");
    }

    [Fact]
    public async Task TheSolutionCannotSeeTheTestDataOrTheInteractorsFolder()
    {
        // Tries every way in it can name; prints what it found on stderr (shown for the sample) and crashes.
        const string probe = """
            import os, sys
            found = []
            for path in ["/box/judge", "/box/judge/test", "/box/judge/prog", "/box/test", "/box"]:
                try:
                    found.append(f"{path}: {sorted(os.listdir(path))}")
                except OSError as e:
                    found.append(f"{path}: {type(e).__name__}")
            sys.stderr.write(" | ".join(found) + "\n")
            raise SystemExit(1)
            """;
        var result = await JudgeAsync("interactive-guess", probe);
        var sample = result.Tests.Single(t => t.IsSample);
        Assert.Equal(Verdict.RTE, sample.Verdict);
        var stderr = sample.Sample?.Stderr ?? "";
        Assert.Contains("/box/judge: []", stderr); // an empty, read-only tmpfs over the interactor's folder
        Assert.Contains("/box/judge/test: FileNotFoundError", stderr);
        Assert.DoesNotContain("interactor.py", stderr);
        Assert.DoesNotContain("input", stderr.Replace("/box/judge/test", ""));
        // The team sees the sample's transcript, never its .in (the secret number) or .ans.
        Assert.StartsWith(">50\n<lower\n", sample.Sample!.Input);
        Assert.Equal("", sample.Sample.Expected);
    }

    [Fact]
    public async Task TheChallengeSaysItIsInteractiveAndGivesTranscriptsInsteadOfInputAndOutput()
    {
        var team = await factory.CreateTeamClientAsync();
        var detail = await team.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/challenges/interactive-guess");
        Assert.True(detail.GetProperty("interactive").GetBoolean());
        Assert.True(detail.GetProperty("notJudgedReason").ValueKind == System.Text.Json.JsonValueKind.Null);
        var sample = Assert.Single(detail.GetProperty("samples").EnumerateArray());
        Assert.Equal("", sample.GetProperty("input").GetString());
        Assert.Equal("", sample.GetProperty("output").GetString());
        Assert.StartsWith(">50\n<lower\n", sample.GetProperty("interaction").GetString());
        var plain = await team.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/challenges/python-validator");
        Assert.False(plain.GetProperty("interactive").GetBoolean());
    }
}
