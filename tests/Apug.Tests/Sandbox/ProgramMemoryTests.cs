using System.Text;
using Apug.Server.Judging;
using Apug.Server.Sandbox;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Sandbox;

/// <summary>
/// A program can read its own memory (/proc/self/maps, ctypes). With the default settings nothing of an earlier program
/// (another team's source) or an earlier test (its input) is in it: a fork of the runner's interpreter (the opt-in fork
/// server) would inherit what the runner's heap still holds of them, freed but not cleared.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ProgramMemoryTests : IAsyncLifetime
{
    // One container serves every program here, as a warm pool container serves many teams one after another.
    private readonly SandboxHost host = new(new Dictionary<string, string?> { ["Apug:Workers"] = "1", ["Apug:Sandbox:PoolSize"] = "1" });
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

    public Task InitializeAsync() => host.RequireEngineAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<string> RunAsync(string source, string stdin)
    {
        await using var session = await host.Sandbox.StartAsync(SandboxPrograms.PythonSolution(source, "python3", Limits, 10_000), CancellationToken.None);
        var report = await session.RunAsync(new SandboxRun("t", Encoding.UTF8.GetBytes(stdin), Last: true), CancellationToken.None);
        Assert.True(report.ExitCode == 0, Encoding.UTF8.GetString(report.Stderr));
        return Encoding.UTF8.GetString(report.Stdout).Trim();
    }

    [Fact]
    public async Task NoProgramCanReadAnEarlierProgramsSourceOrAnEarlierTestsInputFromItsMemory()
    {
        // A source of a few KiB (as a real one is) is freed by the runner but not cleared: the fork server's warm fork
        // found it in its memory in a run by hand; a fresh python3 (the default) has nothing of it.
        string source = "# OTHERTEAM" + "SOURCEMARKER: our clever idea\nprint(int(input()) * 2)\n" + new string('#', 4000) + "\n";
        Assert.Equal("42", await RunAsync(source, "21\n"));
        Assert.Equal("1", await RunAsync("input()\nprint(1)\n", "SECRETIN" + "PUTMARKER" + new string('x', 4000) + "\n"));
        Assert.Equal("[]", await RunAsync(Scanner, ""));
    }
}
