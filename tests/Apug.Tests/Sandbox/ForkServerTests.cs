using System.Text;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Sandbox;

/// <summary>
/// The fork server (Sandbox:ForkServer) runs a CPython solution in a fork of the runner's started interpreter. A judge
/// must not let that differ from `python3 solution.py`: the same probes run both ways must print the same bytes and end
/// the same way.
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
}
