using System.Text;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Sandbox;

/// <summary>
/// A program can read its own memory (/proc/self/maps, ctypes). Nothing of an earlier program (another team's source) or
/// an earlier test (its input) is in it, with the fork server or without: a fork of the runner's interpreter would
/// inherit what the runner's heap still holds of them, freed but not cleared, so warm programs are forked from the
/// zygote, which never held any.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ProgramMemoryTests : IAsyncLifetime
{
    private SandboxHost host = null!;
    private static readonly RunLimits Limits = new(CpuMs: 5000, MemoryKb: 256 * 1024, OutputKb: 1024);

    // Looks for the markers in every writable mapping of its own memory. The lookahead keeps the whole marker out of
    // the scanner's own source and compiled pattern, so only a real leftover matches.
    private const string Scanner = """
        import ctypes, re
        pattern = re.compile(rb"OTHERTEAM(?=SOURCEMARKER)|SECRETIN(?=PUTMARKER)")
        found = set()
        for line in open("/proc/self/maps"):
            span, perms = line.split()[:2]
            if not perms.startswith("rw"):
                continue
            start, end = (int(x, 16) for x in span.split("-"))
            try:
                data = ctypes.string_at(start, end - start)
            except Exception:
                continue
            found.update(m.group(0).decode() for m in pattern.finditer(data))
        print(sorted(found))
        """;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (host is not null) await host.DisposeAsync();
    }

    private async Task<string> RunAsync(string source, string stdin)
    {
        await using var session = await host.Sandbox.StartAsync(SandboxPrograms.PythonSolution(source, "python3", Limits, 10_000), CancellationToken.None);
        var report = await session.RunAsync(new SandboxRun("t", Encoding.UTF8.GetBytes(stdin), Last: true), CancellationToken.None);
        Assert.True(report.ExitCode == 0, Encoding.UTF8.GetString(report.Stderr));
        return Encoding.UTF8.GetString(report.Stdout).Trim();
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task NoProgramCanReadAnEarlierProgramsSourceOrAnEarlierTestsInputFromItsMemory(bool forkServer)
    {
        // One container serves every program here, as a warm pool container serves many teams one after another.
        host = new SandboxHost(new Dictionary<string, string?>
        {
            ["Apug:Workers"] = "1", ["Apug:Sandbox:PoolSize"] = "1", ["Apug:Sandbox:ForkServer"] = forkServer ? "true" : "false",
        });
        await host.RequireEngineAsync();
        // A source of a few KiB (as a real one is) is freed by the runner but not cleared: a fork of the runner found it
        // in its memory in a run by hand; neither the zygote's fork nor a fresh python3 has anything of it.
        string source = "# OTHERTEAM" + "SOURCEMARKER: our clever idea\nprint(int(input()) * 2)\n" + new string('#', 4000) + "\n";
        Assert.Equal("42", await RunAsync(source, "21\n"));
        Assert.Equal("1", await RunAsync("input()\nprint(1)\n", "SECRETIN" + "PUTMARKER" + new string('x', 4000) + "\n"));
        Assert.Equal("[]", await RunAsync(Scanner, ""));
    }
}
