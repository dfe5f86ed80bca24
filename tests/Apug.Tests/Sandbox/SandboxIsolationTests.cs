using System.Text;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Sandbox;

/// <summary>Sandbox v2 against the real engine: each run measured by its own cgroup, nothing carried between runs.</summary>
[Collection(DockerCollection.Name)]
public sealed class SandboxIsolationTests : IAsyncLifetime
{
    private readonly SandboxHost host = new();
    private static readonly RunLimits Limits = new(CpuMs: 1000, MemoryKb: 64 * 1024, OutputKb: 1024);

    public Task InitializeAsync() => host.RequireEngineAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task<ISandboxSession> StartAsync(string source, RunLimits? limits = null) => host.Sandbox.StartAsync(new SandboxProgram(
        SandboxImage.Python, new Dictionary<string, byte[]> { ["solution.py"] = Encoding.UTF8.GetBytes(source) },
        [], null, ["python3", "/box/prog/solution.py"], limits ?? Limits), CancellationToken.None);

    private static async Task<(RunReport Report, string Stdout)> RunAsync(ISandboxSession session, byte[]? stdin = null)
    {
        var report = await session.RunAsync(new SandboxRun("t", stdin ?? []), CancellationToken.None);
        return (report, Encoding.UTF8.GetString(report.Stdout));
    }

    [Fact]
    public async Task ABigInputIsTheJudgesShareNotTheRunsMemory()
    {
        // 48 MiB of input under a 64 MiB limit: the runner holds it, the program streams it.
        await using var session = await StartAsync("""
            import sys
            n = 0
            while chunk := sys.stdin.buffer.read(1 << 16):
                n += len(chunk)
            print(n)
            """);
        var input = new byte[48 << 20];
        var (report, stdout) = await RunAsync(session, input);
        Assert.Null(Verdicts.ForRun(report, Limits));
        Assert.Equal($"{input.Length}\n", stdout);
        Assert.True(report.MemoryKb < 32 * 1024, $"peak {report.MemoryKb} KiB counted the input");
    }

    [Fact]
    public async Task MemoryInFilesAndOrphansIsCountedAndThePeakStartsAfreshEachRun()
    {
        await using var session = await StartAsync("""
            import os, sys, time
            if sys.stdin.read() == "big":
                with open("/tmp/f", "wb") as f:
                    f.write(b"x" * (24 << 20))
                if os.fork() == 0:
                    os.setsid()
                    b = bytearray(24 << 20)
                    for i in range(0, len(b), 4096): b[i] = 1
                    time.sleep(1)
                    os._exit(0)
                time.sleep(0.5)
            print("done")
            """);
        var (big, _) = await RunAsync(session, "big"u8.ToArray());
        Assert.InRange(big.MemoryKb, 48 * 1024, 64 * 1024);
        var (small, _) = await RunAsync(session, "small"u8.ToArray());
        Assert.True(small.MemoryKb < 16 * 1024, $"the second run's peak {small.MemoryKb} KiB carried the first's");
    }

    [Fact]
    public async Task EachRunSeesAFreshWorldPid2AnEmptyTmpAndNoCounters()
    {
        await using var session = await StartAsync("""
            import os, socket
            print(os.getpid(), sorted(os.listdir("/tmp")), os.listdir("/sys/fs/cgroup"), socket.gethostname())
            open("/tmp/mark", "w").write("x")
            """);
        var (first, one) = await RunAsync(session);
        var (second, two) = await RunAsync(session);
        Assert.Equal("2 [] [] sandbox\n", one);
        Assert.Equal(one, two);
        Assert.True(first.Exited && second.Exited);
    }

    [Fact]
    public async Task ConcurrentSandboxesRunAsDifferentUids()
    {
        await using var a = await StartAsync("import os; print(os.getuid())");
        await using var b = await StartAsync("import os; print(os.getuid())");
        var (_, uidA) = await RunAsync(a);
        var (_, uidB) = await RunAsync(b);
        Assert.NotEqual(uidA, uidB);
        Assert.All(new[] { uidA, uidB }, u => Assert.True(int.Parse(u) >= 20000, u));
    }

    [Fact]
    public async Task AValidatorsFeedbackFileWithANameThatIsNotUtf8IsSkippedNotAJudgeError()
    {
        await using var session = await host.Sandbox.StartAsync(new SandboxProgram(SandboxImage.Validator,
            new Dictionary<string, byte[]>
            {
                ["v.py"] = """
                    import sys
                    d = sys.argv[3].encode()
                    open(d + b"\xff\xfe", "wb").write(b"x")
                    open(d + b"judgemessage.txt", "wb").write(b"fine")
                    sys.exit(42)
                    """u8.ToArray(),
            },
            [], null, ["python3", "/box/prog/v.py"], Limits, Feedback: true), CancellationToken.None);
        var report = await session.RunAsync(new SandboxRun("t", [], new Dictionary<string, byte[]> { ["input"] = [], ["answer"] = [] },
            SandboxPrograms.ValidatorArguments), CancellationToken.None);
        Assert.Equal(42, report.ExitCode);
        Assert.Equal(["judgemessage.txt"], report.Feedback.Keys);
    }

    [Fact]
    public async Task CpuOfEveryProcessOfTheRunCountsAgainstTheLimit()
    {
        // Three setsid() orphans burn 0.4 s of CPU each; the program waits until they say so, then ends.
        await using var session = await StartAsync("""
            import os
            r, w = os.pipe()
            for _ in range(3):
                if os.fork() == 0:
                    os.setsid()
                    if os.fork() == 0:
                        while sum(os.times()[:2]) < 0.4: pass
                        os.write(w, b"x")
                        os._exit(0)
                    os._exit(0)
            os.close(w)
            got = 0
            while got < 3:
                got += len(os.read(r, 3))
            print("done")
            """, Limits with { CpuMs = 5000 });
        var (report, _) = await RunAsync(session);
        Assert.True(report.CpuMs >= 1100, $"only {report.CpuMs} ms of the orphans' 1200 ms of CPU were counted");
    }

    [Fact]
    public async Task AWarmPoolFillsToItsSizeAndAWarmContainerThatDiedIsReplacedWithoutAJudgeError()
    {
        host.Pool.Warm(SandboxImage.Python);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (host.Sandbox.PoolStatus.Single(p => p.Image.Contains("python")) is var status && status.Idle < status.Target)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the pool did not fill: {status}");
            await Task.Delay(100);
        }

        // As after an engine restart: every warm container is gone behind the pool's back.
        foreach (var container in await host.OwnContainersAsync())
            await host.Docker.Containers.RemoveContainerAsync(container.ID, new Docker.DotNet.Models.ContainerRemoveParameters { Force = true });
        await using var session = await StartAsync("print('still judging')");
        var (report, stdout) = await RunAsync(session);
        Assert.Equal("still judging\n", stdout);
        Assert.True(report.Exited);
    }
}
