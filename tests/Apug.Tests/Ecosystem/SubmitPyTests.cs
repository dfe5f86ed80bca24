using System.Diagnostics;
using System.Net.Http.Json;
using Apug.Server.Judging;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Ecosystem;

/// <summary>submit.py as a participant runs it: downloaded from a real server (Kestrel, Docker judging), run by Debian's Python.</summary>
[Collection(DockerCollection.Name)]
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes, Debian's Python
public sealed class SubmitPyTests : IDisposable
{
    private const string Python = "/usr/bin/python3";
    private const string Double = "print(2 * int(input()))\n";
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-submitpy-").FullName;
    private readonly string home = Directory.CreateTempSubdirectory("apug-submitpy-home-").FullName;
    private readonly KestrelServer server;

    public SubmitPyTests()
    {
        new PackageBuilder(challenges, "double").Sample("1", "2\n", "4\n").Secret("01", "21\n", "42\n").Secret("02", "5\n", "10\n").Build();
        server = new KestrelServer(challenges, AdminClient.Settings);
    }

    public void Dispose()
    {
        server.Dispose();
        Directory.Delete(challenges, recursive: true);
        Directory.Delete(home, recursive: true);
    }

    private sealed record Run(int Exit, string Out, string Err, List<(DateTimeOffset At, string Line)> Lines);

    private async Task<string> DownloadAsync()
    {
        using var client = new HttpClient();
        var response = await client.GetAsync(server.Url("/submit.py"));
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/x-python", response.Content.Headers.ContentType?.MediaType);
        var path = Path.Combine(home, "submit.py");
        await File.WriteAllTextAsync(path, await response.Content.ReadAsStringAsync());
        return path;
    }

    private async Task<Run> RunAsync(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Python, [script, .. args])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = home,
        };
        info.Environment["HOME"] = home;
        info.Environment.Remove("XDG_CONFIG_HOME");
        info.Environment["PYTHONUNBUFFERED"] = "1";
        using var process = Process.Start(info)!;
        var lines = new List<(DateTimeOffset, string)>();
        var stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line) lock (lines) lines.Add((DateTimeOffset.UtcNow, line));
        });
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        await stdout;
        return new Run(process.ExitCode, string.Join("\n", lines.Select(l => l.Item2)), await stderr, lines);
    }

    private async Task<string> SolutionAsync(string name, string source)
    {
        var path = Path.Combine(home, name);
        await File.WriteAllTextAsync(path, source);
        return path;
    }

    [Fact]
    public async Task AParticipantRegistersListsAndSubmitsWatchingEachTestLive()
    {
        var script = await DownloadAsync();
        Assert.Contains($"SERVER = \"{server.Address}\"", await File.ReadAllTextAsync(script));

        var registered = await RunAsync(script, "--register", "Terminal Pugs", "Ada", "Grace");
        Assert.True(registered.Exit == 0, registered.Out + registered.Err);
        Assert.Contains("Registered team Terminal Pugs (Ada, Grace).", registered.Out);
        var tokenFile = Directory.GetFiles(Path.Combine(home, ".config", "apug")).Single();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(tokenFile)!));

        var listed = await RunAsync(script, "--list");
        Assert.Equal(0, listed.Exit);
        Assert.Contains("double", listed.Out);
        Assert.Contains("1 sample(s), 3 test(s)", listed.Out);

        // Each test sleeps, so the verdict comes seconds after the first test: the first result must be on screen by then.
        DateTimeOffset? judgedAt = null;
        using var subscription = server.Factory.Events.Subscribe(e => { if (e is SubmissionJudged) judgedAt = DateTimeOffset.UtcNow; });
        var slow = await SolutionAsync("slow.py", "import time\ntime.sleep(0.7)\nprint(2 * int(input()))\n");
        var accepted = await RunAsync(script, "--challenge", "double", slow);
        Assert.True(accepted.Exit == 0, accepted.Out + accepted.Err);
        Assert.Contains("Verdict: AC (Accepted)", accepted.Out);
        var firstTest = accepted.Lines.First(l => l.Line.TrimStart().StartsWith("test 1/3", StringComparison.Ordinal));
        Assert.Contains("sample/1", firstTest.Line);
        Assert.True(judgedAt is { } j && firstTest.At < j - TimeSpan.FromSeconds(0.5),
            $"test 1 printed at {firstTest.At:O}, verdict stored at {judgedAt:O}: not live\n{accepted.Out}");
        Assert.Equal(3, accepted.Lines.Count(l => l.Line.TrimStart().StartsWith("test ", StringComparison.Ordinal)));

        // A wrong answer: exit 1, and the failing sample's input, expected answer and output.
        var wrong = await RunAsync(script, "--challenge", "double", await SolutionAsync("wrong.py", "print(int(input()) + 1)\n"));
        Assert.Equal(1, wrong.Exit);
        Assert.Contains("Verdict: WA (Wrong answer)", wrong.Out);
        Assert.Contains("--- expected\n4\n--- your output\n3", wrong.Out);

        // --language only when given: today's server and one that knows languages both take it.
        var pypy = await RunAsync(script, "--challenge", "double", "--language", "pypy3", await SolutionAsync("double.py", Double));
        Assert.True(pypy.Exit == 0, pypy.Out + pypy.Err);
    }

    [Fact]
    public async Task SamplesRunHereFirstAndEveryErrorIsASentenceWithExitStatusTwo()
    {
        var script = await DownloadAsync();
        Assert.Equal(0, (await RunAsync(script, "--register", "Sample Pugs", "Ada")).Exit);
        using var admin = server.Factory.CreateAdminClient();
        async Task<int> StoredAsync() => (await admin.GetFromJsonAsync<List<AdminSubmissionDto>>("/api/admin/submissions", Json.Options))!.Count;

        // A failing sample here: nothing is sent.
        var failing = await RunAsync(script, "--challenge", "double", "--samples", await SolutionAsync("off.py", "print(5)\n"));
        Assert.Equal(1, failing.Exit);
        Assert.Matches(@"sample/1 +WA +expected '4', got '5'", failing.Out);
        Assert.Contains("not submitted", failing.Out);
        Assert.Equal(0, await StoredAsync());

        var passing = await RunAsync(script, "--challenge", "double", "--samples", await SolutionAsync("double.py", Double));
        Assert.True(passing.Exit == 0, passing.Out + passing.Err);
        Assert.Matches(@"sample/1 +AC", passing.Out);
        Assert.Equal(1, await StoredAsync());

        // Usage, API and connection errors: a sentence on stderr, exit 2, no traceback.
        var cases = new (string[] Args, string Expected)[]
        {
            ([], "Say what to submit"),
            (["--challenge", "nope", Path.Combine(home, "double.py")], "There is no challenge 'nope'"),
            (["--challenge", "double", Path.Combine(home, "missing.py")], "Cannot read"),
            (["--server", "http://127.0.0.1:9", "--list"], "Cannot reach the judge at http://127.0.0.1:9"),
            (["--register", "Sample Pugs", "Bob"], "already exists"),
            (["--register", "Lonely"], "at least one member"),
            (["--bogus"], "unrecognized arguments"),
        };
        foreach (var (args, expected) in cases)
        {
            var run = await RunAsync(script, args);
            Assert.True(run.Exit == 2, $"{string.Join(' ', args)}: exit {run.Exit}\n{run.Out}\n{run.Err}");
            Assert.Contains(expected, run.Err);
            Assert.DoesNotContain("Traceback", run.Err);
        }

        // Another account (no saved token) is told how to register.
        File.Delete(Directory.GetFiles(Path.Combine(home, ".config", "apug")).Single());
        var unregistered = await RunAsync(script, "--challenge", "double", Path.Combine(home, "double.py"));
        Assert.Equal(2, unregistered.Exit);
        Assert.Contains("--register", unregistered.Err);
    }
}
