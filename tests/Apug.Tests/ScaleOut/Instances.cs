using Apug.Server.Judging;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Apug.Tests.ScaleOut;

internal static class Instances
{
    /// <summary>
    /// Stops an instance's judge workers, so whatever is queued can only be judged by another instance. The host has
    /// started (Services starts it), so the worker's recovery is done.
    /// </summary>
    public static async Task StopJudgingAsync(ApugFactory factory)
    {
        var worker = factory.Services.GetServices<IHostedService>().OfType<JudgeWorker>().Single();
        await worker.StopAsync(CancellationToken.None);
    }
}
