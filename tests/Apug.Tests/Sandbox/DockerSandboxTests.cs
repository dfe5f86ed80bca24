using System.Text;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Sandbox;

[Collection(DockerCollection.Name)]
public sealed class DockerSandboxTests : IAsyncLifetime
{
    private readonly SandboxHost host = new();
    private static readonly RunLimits Limits = new(CpuMs: 1000, MemoryKb: 128 * 1024, OutputKb: 1024);

    public Task InitializeAsync() => host.RequireEngineAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<ISandboxSession> StartPythonAsync(string source) => host.Sandbox.StartAsync(new SandboxProgram(
        SandboxImage.Python,
        new Dictionary<string, byte[]> { ["solution.py"] = Encoding.UTF8.GetBytes(source) },
        [], null, ["python3", "/box/prog/solution.py"], Limits), CancellationToken.None);

    private static void AssertRanCleanly(RunReport report) =>
        Assert.True(report is { Exited: true, ExitCode: 0 }, $"exit {report.ExitCode}, signal {report.Signal}, stopped {report.Stopped}, " +
            $"oom {report.OomKilled}: {Encoding.UTF8.GetString(report.Stderr)}");

    private static async Task<(RunReport Report, string Stdout)> RunAsync(ISandboxSession session, string stdin = "")
    {
        var report = await session.RunAsync(new SandboxRun("t", Encoding.UTF8.GetBytes(stdin)), CancellationToken.None);
        return (report, Encoding.UTF8.GetString(report.Stdout));
    }

    [Fact]
    public async Task AProgramReadsItsInputAndItsOutputComesBack()
    {
        await using var session = await StartPythonAsync("print(sum(map(int, input().split())))");
        var (report, stdout) = await RunAsync(session, "2 40\n");
        AssertRanCleanly(report);
        Assert.Equal("42\n", stdout);
        Assert.Equal(0, report.ExitCode);
    }

    [Fact]
    public async Task TheProgramRunsAsAnUnprivilegedUserWithoutNetwork()
    {
        await using var session = await StartPythonAsync("""
            import os, socket
            print(os.getuid(), os.getgid(), os.getgroups())
            s = socket.socket()
            s.settimeout(2)
            try:
                s.connect(("1.1.1.1", 80)); print("connected")
            except OSError as e:
                print("no network:", e.errno)
            print(sorted(os.listdir("/sys/class/net")))
            """);
        var (report, stdout) = await RunAsync(session);
        AssertRanCleanly(report);
        var lines = stdout.Split('\n');
        Assert.Matches("^2[0-9]{4} 2[0-9]{4} \\[\\]$", lines[0]); // the pool slot's own uid (Sandbox:UidBase and up), no groups
        Assert.StartsWith("no network:", lines[1]);
        Assert.Equal("['lo']", lines[2]);
    }

    [Fact]
    public async Task OnlyTmpIsWritableAndTheRunnersFilesAreOutOfReach()
    {
        await using var session = await StartPythonAsync("""
            import os
            for path in ["/box/prog/solution.py", "/box/x", "/etc/x", "/opt/apug/runner.py", "/x", "/tmp/ok"]:
                try:
                    with open(path, "a") as f: f.write("x")
                    print(path, "writable")
                except OSError as e:
                    print(path, "denied")
            try:
                os.listdir("/box/test"); print("box/test readable")
            except OSError:
                print("box/test denied")
            """);
        var (report, stdout) = await RunAsync(session);
        AssertRanCleanly(report);
        Assert.Contains("/tmp/ok writable", stdout);
        foreach (var path in new[] { "/box/prog/solution.py", "/box/x", "/etc/x", "/opt/apug/runner.py", "/x" })
            Assert.Contains($"{path} denied", stdout);
        Assert.DoesNotContain("box/test readable", stdout);
    }

    [Fact]
    public async Task ACpuLoopIsStoppedAtTheTimeLimit()
    {
        await using var session = await StartPythonAsync("while True: pass");
        var (report, _) = await RunAsync(session);
        Assert.Equal(Verdict.TLE, Verdicts.ForRun(report, Limits));
        // On a loaded machine the wall-clock backstop may stop it before it has had a full second of CPU.
        Assert.InRange(report.CpuMs, 1, 4000);
    }

    [Fact]
    public async Task ASleeperIsStoppedByTheWallClockBackstop()
    {
        await using var session = await StartPythonAsync("import time; time.sleep(60)");
        var (report, _) = await RunAsync(session);
        Assert.Equal(Verdict.TLE, Verdicts.ForRun(report, Limits));
        Assert.True(report.CpuMs < 500, $"a sleeper uses little CPU, got {report.CpuMs} ms");
    }

    [Fact]
    public async Task AHugeAllocationIsAMemoryLimit()
    {
        await using var session = await StartPythonAsync("x = bytearray(1024 * 1024 * 1024)\nprint(len(x))");
        var (report, _) = await RunAsync(session);
        Assert.Equal(Verdict.MLE, Verdicts.ForRun(report, Limits));
    }

    [Fact]
    public async Task AnOutputFloodIsCutAtTheOutputLimit()
    {
        await using var session = await StartPythonAsync("import sys\nwhile True: sys.stdout.write('x' * 65536)");
        var (report, _) = await RunAsync(session);
        Assert.Equal(Verdict.OLE, Verdicts.ForRun(report, Limits));
        Assert.True(report.StdoutTruncated);
        Assert.InRange(report.Stdout.Length, 1, Limits.OutputKb * 1024);
    }

    [Fact]
    public async Task AnExceptionIsARunTimeErrorWithItsTraceback()
    {
        await using var session = await StartPythonAsync("print('before')\n1 / 0");
        var (report, stdout) = await RunAsync(session);
        Assert.Equal(Verdict.RTE, Verdicts.ForRun(report, Limits));
        Assert.Equal(1, report.ExitCode);
        Assert.Equal("before\n", stdout);
        Assert.Contains("ZeroDivisionError", Encoding.UTF8.GetString(report.Stderr));
    }

    [Fact]
    public async Task ForgedResultLinesStayInsideTheProgramsOwnOutput()
    {
        await using var session = await StartPythonAsync("""
            import os
            forged = '{"type":"result","name":"t","status":"ok","exitCode":0,"cpuMs":1,"wallMs":1,"memoryKb":1,"stdout":"","stderr":""}\n'
            print(forged, end="")
            for target in ["/proc/1/fd/1", "/dev/stdout"]:
                try:
                    with open(target, "w") as f: f.write(forged)
                except OSError as e:
                    print("blocked", target)
            try:
                os.kill(1, 9); print("killed the runner")
            except OSError:
                print("cannot signal the runner")
            """);
        var (report, stdout) = await RunAsync(session);
        AssertRanCleanly(report);
        Assert.Contains("blocked /proc/1/fd/1", stdout);
        Assert.Contains("cannot signal the runner", stdout);
        // The session still answers normally afterwards: the runner was neither fooled nor killed.
        var (second, secondOut) = await RunAsync(session);
        AssertRanCleanly(second);
        Assert.StartsWith("{\"type\":\"result\"", secondOut);
    }

    [Fact]
    public async Task ADaemonDoesNotOutliveItsTestAndTmpIsEmptiedBetweenTests()
    {
        await using var session = await StartPythonAsync("""
            import os, time
            print(sorted(n for n in os.listdir("/tmp") if n != "feedback"))  # the runner makes feedback/ for validators
            if os.fork() == 0:
                os.setsid()
                if os.fork() == 0:
                    time.sleep(1.5)
                    open("/tmp/daemon-was-here", "w").write("x")
                    os._exit(0)
                os._exit(0)
            open("/tmp/left-behind", "w").write("x")
            """);
        var (first, firstOut) = await RunAsync(session);
        AssertRanCleanly(first);
        Assert.Equal("[]\n", firstOut);
        await Task.Delay(2000);
        var (_, secondOut) = await RunAsync(session);
        Assert.Equal("[]\n", secondOut);
    }

    [Fact]
    public async Task AForkBombIsContainedAndTheNextRunIsFine()
    {
        await using var session = await StartPythonAsync("""
            import os, sys
            if sys.stdin.read() == "bomb":
                while True:
                    try: os.fork()
                    except OSError: pass
            print("calm")
            """);
        var (bomb, _) = await RunAsync(session, "bomb");
        Assert.NotNull(Verdicts.ForRun(bomb, Limits));
        var (calm, calmOut) = await RunAsync(session, "calm");
        AssertRanCleanly(calm);
        Assert.Equal("calm\n", calmOut);
    }

    [Fact]
    public async Task AfterASessionTheContainerServesTheNextProgramAndIsGoneWithThePool()
    {
        var session = await StartPythonAsync("print(1)");
        Assert.NotEmpty(await host.OwnContainersAsync());
        await RunAsync(session);
        await session.DisposeAsync();
        await using (var next = await StartPythonAsync("print(2)"))
        {
            var (_, stdout) = await RunAsync(next);
            Assert.Equal("2\n", stdout);
        }
        // Reused, not one per program: the pool's size, and one more while a surplus one is being removed.
        var containers = await host.OwnContainersAsync();
        Assert.InRange(containers.Count, 1, Environment.ProcessorCount + 1);
        var ownerId = host.OwnerId;
        await host.DisposeAsync();
        using var docker = new Docker.DotNet.DockerClientBuilder().WithEndpoint(new Uri("unix:///var/run/docker.sock")).Build();
        var left = await docker.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{DockerSandbox.OwnerLabel}={ownerId}"] = true } },
        });
        Assert.Empty(left);
    }

    [Fact]
    public async Task ACompileStepReportsASyntaxError()
    {
        await using var session = await host.Sandbox.StartAsync(new SandboxProgram(SandboxImage.Python,
            new Dictionary<string, byte[]> { ["solution.py"] = "print('unclosed'\n"u8.ToArray() }, [],
            new SandboxCompile(["python3", "-c", SandboxPrograms.SyntaxCheck, "/box/prog/solution.py"], null, 10_000),
            ["python3", "/box/prog/solution.py"], Limits), CancellationToken.None);
        Assert.NotNull(session.Compile);
        Assert.NotEqual(0, session.Compile.ExitCode);
        Assert.Contains("SyntaxError", Encoding.UTF8.GetString(session.Compile.Stderr));
    }
}
