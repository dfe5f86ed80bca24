using Apug.Server.Judging;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.ScaleOut;

internal static class Instances
{
    /// <summary>
    /// Stops an instance's judge workers, so whatever is queued can only be judged by another instance. After its
    /// recovery: a background service that stops with an exception of its own would stop the whole host.
    /// </summary>
    public static async Task StopJudgingAsync(ApugFactory factory)
    {
        var worker = factory.Services.GetRequiredService<JudgeWorker>();
        await worker.Recovered.WaitAsync(TimeSpan.FromSeconds(60));
        await worker.StopAsync(CancellationToken.None);
    }
}
