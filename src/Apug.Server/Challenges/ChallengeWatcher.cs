using Microsoft.Extensions.Options;

namespace Apug.Server.Challenges;

/// <summary>
/// Reloads the catalog when anything under the challenges folder changes, once the changes have been quiet for
/// ReloadDebounceMilliseconds: an editor saving a file fires several events, and a git checkout fires hundreds.
/// </summary>
public sealed class ChallengeWatcher(ChallengeCatalog catalog, IOptions<ChallengesOptions> options, TimeProvider time, ILogger<ChallengeWatcher> logger)
    : IHostedService, IDisposable
{
    private FileSystemWatcher? watcher;
    private ITimer? debounce;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.WatchChallenges) return Task.CompletedTask;
        if (!Directory.Exists(catalog.ChallengesDirectory))
        {
            logger.LogWarning("Not watching {Directory} for changes: it does not exist", catalog.ChallengesDirectory);
            return Task.CompletedTask;
        }
        debounce = time.CreateTimer(_ => ReloadNow(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        watcher = new FileSystemWatcher(catalog.ChallengesDirectory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        watcher.Changed += OnChange;
        watcher.Created += OnChange;
        watcher.Deleted += OnChange;
        watcher.Renamed += OnChange;
        // Lost events (buffer overflow): reload anyway, a full rescan catches everything.
        watcher.Error += (_, e) => { logger.LogWarning(e.GetException(), "Watching the challenges folder lost events; rescanning"); Schedule(); };
        watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Directory} for changes to the challenges", catalog.ChallengesDirectory);
        return Task.CompletedTask;
    }

    private void OnChange(object sender, FileSystemEventArgs e) => Schedule();

    private void Schedule() => debounce?.Change(TimeSpan.FromMilliseconds(options.Value.ReloadDebounceMilliseconds), Timeout.InfiniteTimeSpan);

    private void ReloadNow()
    {
        try
        {
            catalog.Reload();
        }
        catch (Exception ex) // a timer callback must not crash the server
        {
            logger.LogError(ex, "Reloading the challenges failed; the previous catalog stays live");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        watcher?.Dispose();
        watcher = null;
        debounce?.Dispose();
        debounce = null;
    }
}
