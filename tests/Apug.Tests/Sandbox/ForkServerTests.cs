using System.Text;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Sandbox;

/// <summary>
/// The fork server (Sandbox:ForkServer, on by default) runs a CPython solution in a fork of a started interpreter (the
/// runner's zygote). A judge must not let that differ from `python3 solution.py`: the same probes run both ways must
/// print the same bytes and end the same way.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ForkServerTests : IAsyncLifetime
{
    private readonly SandboxHost warm = new(new Dictionary<string, string?> { ["Apug:Sandbox:ForkServer"] = "true" });
    private readonly SandboxHost fresh = new(new Dictionary<string, string?> { ["Apug:Sandbox:ForkServer"] = "false" });
    private static readonly RunLimits Limits = new(CpuMs: 2000, MemoryKb: 256 * 1024, OutputKb: 1024);

    public Task InitializeAsync() => warm.RequireEngineAsync();

    public async Task DisposeAsync()
    {
        await warm.DisposeAsync();
        await fresh.DisposeAsync();
    }

    private static async Task<RunReport> RunAsync(SandboxHost host, string source, string stdin)
    {
        await using var session = await host.Sandbox.StartAsync(
            SandboxPrograms.PythonSolution(source, "python3", Limits, 10_000), CancellationToken.None);
        Assert.True(session.Compile is { Exited: true, ExitCode: 0 }, "the syntax check failed");
        return await session.RunAsync(new SandboxRun("t", Encoding.UTF8.GetBytes(stdin)), CancellationToken.None);
    }

    public static TheoryData<string, string> Probes() => new()
    {
        { "interpreter set-up", """
            import sys, os, signal, __main__
            print(sys.argv, sys.path[0], __name__, __file__, sorted(k for k in vars(__main__) if k.startswith("__")))
            print(sorted(os.environ.items()), os.getcwd(), os.getpid(), sys.getrecursionlimit(), sys.dont_write_bytecode)
            for s in (sys.stdin, sys.stdout, sys.stderr):
                print(s.encoding, s.errors, s.line_buffering, s.write_through, s.name, s.mode, type(s.buffer).__name__)
            print([signal.getsignal(x) for x in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGTERM, signal.SIGCHLD)])
            print(type(__main__.__loader__).__name__, __main__.__spec__, __package__, __doc__, __builtins__)
            """ },
        { "input with CRLF and bytes that are not UTF-8", """
            import sys
            print(repr(input()), repr(sys.stdin.readline()), repr(sys.stdin.buffer.read()))
            print("\udcff".encode("utf-8", "surrogateescape"), file=sys.stderr)
            """ },
        { "uncaught exception", "def f(n):\n    return 1 // n\nprint('partial', end='')\nf(0)\n" },
        { "SystemExit with a message", "import sys\nprint('out')\nsys.exit('bye now')\n" },
        { "SystemExit with a code", "import sys\nsys.exit(7)\n" },
        { "threads, atexit and an unflushed last line", """
            import atexit, threading, time
            atexit.register(lambda: print("atexit ran"))
            t = threading.Thread(target=lambda: (time.sleep(0.1), print("thread done")))
            t.start()
            print("no newline", end="")
            """ },
        { "closed stdout", "import sys\nsys.stdout.close()\nprint(1)\n" },
        { "deep recursion near the default limit", "import sys\nsys.setrecursionlimit(10**6)\ndef f(n): return n if n == 0 else f(n - 1)\nprint(f(50000))\n" },
        { "a module-level future import and annotations", "from __future__ import annotations\nx: int = 3\nprint(__annotations__)\n" },
        { "KeyboardInterrupt", "raise KeyboardInterrupt\n" },
    };

    [Theory]
    [MemberData(nameof(Probes))]
    public async Task ASolutionBehavesTheSameInAWarmInterpreterAsInAFreshPython3(string what, string source)
    {
        var stdin = "first line\r\nsecond \xff line\nrest";
        var expected = await RunAsync(fresh, source, stdin);
        var actual = await RunAsync(warm, source, stdin);
        Assert.Equal(Encoding.UTF8.GetString(expected.Stdout), Encoding.UTF8.GetString(actual.Stdout));
        Assert.Equal(Encoding.UTF8.GetString(expected.Stderr), Encoding.UTF8.GetString(actual.Stderr));
        Assert.True((expected.ExitCode, expected.Signal) == (actual.ExitCode, actual.Signal),
            $"{what}: python3 ended with exit {expected.ExitCode} signal {expected.Signal}, the warm interpreter with exit {actual.ExitCode} signal {actual.Signal}");
    }

    public static TheoryData<string, string> SyntaxProbes() => new()
    {
        { "fine", "print(1)\n" },
        { "a syntax error", "print(1\nx = = 2\n" },
        { "an indentation error", "if True:\nprint(1)\n" },
        { "a NUL byte", "print(1)\0\n" },
        { "an unknown encoding declaration", "# -*- coding: bogus -*-\nprint(1)\n" },
        { "too many nested parentheses", new string('(', 300) + "1" + new string(')', 300) + "\n" },
        { "an expression too deep for the compiler", "x = " + string.Join("+", Enumerable.Repeat("(1", 20000)) + new string(')', 20000) + "\n" },
    };

    /// <summary>The syntax check runs in the warm interpreter as well: its report must be python3 -c's own.</summary>
    [Theory]
    [MemberData(nameof(SyntaxProbes))]
    public async Task TheSyntaxCheckReportsTheSameInAWarmInterpreterAsInAFreshPython3(string what, string source)
    {
        async Task<RunReport> CheckAsync(SandboxHost host)
        {
            await using var session = await host.Sandbox.StartAsync(
                SandboxPrograms.PythonSolution(source, "python3", Limits, 10_000), CancellationToken.None);
            return session.Compile ?? throw new InvalidOperationException("no syntax check ran");
        }
        var expected = await CheckAsync(fresh);
        var actual = await CheckAsync(warm);
        Assert.Equal(Encoding.UTF8.GetString(expected.Stderr), Encoding.UTF8.GetString(actual.Stderr));
        Assert.True((expected.ExitCode, expected.Signal, expected.Stopped) == (actual.ExitCode, actual.Signal, actual.Stopped),
            $"{what}: python3 -c ended with exit {expected.ExitCode} signal {expected.Signal}, the warm interpreter with exit {actual.ExitCode} signal {actual.Signal}");
    }

    // The runner imports selectors; a fresh python3 does not: it tells a warm run from a fresh one.
    private const string WhichInterpreter = "import sys\nprint('selectors' in sys.modules, input())\n";

    private static async Task<List<string>> RunTestsAsync(ISandboxSession session, int count, Func<int, Task>? afterTest = null)
    {
        var lines = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var report = await session.RunAsync(new SandboxRun($"t{i}", Encoding.UTF8.GetBytes($"{i}\n"), Last: i == count - 1), CancellationToken.None);
            Assert.True(report.ExitCode == 0,
                $"test {i}: exit {report.ExitCode}, signal {report.Signal}, stopped {report.Stopped}: {Encoding.UTF8.GetString(report.Stderr)}");
            lines.Add(Encoding.UTF8.GetString(report.Stdout).Trim());
            if (afterTest is not null) await afterTest(i);
        }
        return lines;
    }

    [Fact]
    public async Task EveryTestOfAWarmHostsProgramRunsInAStartedInterpreter()
    {
        await using (var session = await warm.Sandbox.StartAsync(SandboxPrograms.PythonSolution(WhichInterpreter, "python3", Limits, 10_000), CancellationToken.None))
            Assert.Equal(["True 0", "True 1", "True 2"], await RunTestsAsync(session, 3));
        await using (var session = await fresh.Sandbox.StartAsync(SandboxPrograms.PythonSolution(WhichInterpreter, "python3", Limits, 10_000), CancellationToken.None))
            Assert.Equal(["False 0", "False 1", "False 2"], await RunTestsAsync(session, 3));
    }

    /// <summary>A zygote that is gone (killed here; stuck would be the same after its deadline) costs no verdict: the
    /// runs already forked by it stay warm, the next ones start a fresh python3, and the container is replaced after the
    /// program.</summary>
    [Fact]
    public async Task WhenTheZygoteIsGoneTheNextRunsStartAFreshPython3AndTheContainerIsReplaced()
    {
        await using var host = new SandboxHost(new Dictionary<string, string?> { ["Apug:Workers"] = "1", ["Apug:Sandbox:PoolSize"] = "1" });
        string? container = null;
        List<string> lines;
        await using (var session = await host.Sandbox.StartAsync(SandboxPrograms.PythonSolution(WhichInterpreter, "python3", Limits, 10_000), CancellationToken.None))
        {
            lines = await RunTestsAsync(session, 4, async i =>
            {
                if (i != 0) return;
                // Only in the container that serves the program (more than the runner and its zygote run there): the
                // pool may hold an idle one too.
                const string kill = "import os\nprocs = {}\nfor p in filter(str.isdigit, os.listdir('/proc')):\n" +
                                    "    try:\n        procs[int(p)] = open(f'/proc/{p}/comm').read().strip()\n    except OSError:\n        pass\n" +
                                    "procs.pop(os.getpid(), None)\n" +
                                    "for p, c in procs.items():\n    if c == 'apug-zygote' and len(procs) > 2:\n        os.kill(p, 9)\n        print('killed', p)\n";
                foreach (var c in (await host.OwnContainersAsync()).Where(c => c.State == "running"))
                {
                    var (code, output) = await DockerCliAsync("exec", c.ID, "python3", "-c", kill);
                    Assert.True(code == 0, $"docker exec failed: {output}");
                    if (output.Contains("killed")) container = c.ID;
                }
                Assert.True(container is not null, "no zygote was found in the container that serves the program");
            });
        }
        // Test 1 was forked before the kill (prepared while test 0 ran).
        Assert.Equal(["True 0", "True 1", "False 2", "False 3"], lines);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await host.OwnContainersAsync()).Any(c => c.ID == container && c.State == "running"))
        {
            Assert.True(DateTime.UtcNow < deadline, "the container whose zygote was gone still serves");
            await Task.Delay(200);
        }
    }

    private static async Task<(int Code, string Output)> DockerCliAsync(params string[] args)
    {
        var start = new System.Diagnostics.ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output + error);
    }
}
