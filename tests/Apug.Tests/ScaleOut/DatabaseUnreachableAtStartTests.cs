using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.ScaleOut;

/// <summary>A judge whose PostgreSQL is not up yet (compose starts them together) stops with one line, never a stack trace.</summary>
public sealed class DatabaseUnreachableAtStartTests
{
    [Fact]
    public async Task AJudgeWhoseDatabaseDoesNotAnswerStopsWithOneLineAndExitCodeOne()
    {
        using var data = new TemporaryFolder();
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => ServerProcess.StartAsync(data.FullPath, data.FullPath,
            new Dictionary<string, string>
            {
                ["Apug:Database:Provider"] = "postgres",
                // Port 1 on loopback: nothing listens there.
                ["ConnectionStrings:Apug"] = "Host=127.0.0.1;Port=1;Username=apug;Password=not-shown;Timeout=3",
            }));
        Assert.Contains("The server exited at start (1)", failure.Message);
        Assert.Contains("Not starting: the database could not be prepared: Failed to connect to 127.0.0.1:1", failure.Message);
        Assert.DoesNotContain("   at ", failure.Message);
        Assert.DoesNotContain("not-shown", failure.Message);
    }
}
