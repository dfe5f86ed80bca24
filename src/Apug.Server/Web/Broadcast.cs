namespace Apug.Server.Web;

/// <summary>
/// In-process fan-out: every subscriber hears every value, in the order they subscribed. A failing subscriber is logged
/// and the others still hear. A publish goes to the subscribers of the moment it began, so (un)subscribing from a
/// subscriber is safe.
/// </summary>
public class Broadcast<T>(ILogger logger)
{
    private readonly Lock gate = new();
    private Func<T, Task>[] subscribers = [];

    public IDisposable Subscribe(Action<T> subscriber) => Subscribe(value =>
    {
        subscriber(value);
        return Task.CompletedTask;
    });

    public IDisposable Subscribe(Func<T, Task> subscriber)
    {
        lock (gate) subscribers = [.. subscribers, subscriber];
        return new Unsubscribe(() =>
        {
            lock (gate) subscribers = subscribers.Where(s => !ReferenceEquals(s, subscriber)).ToArray();
        });
    }

    /// <summary>Calls every subscriber without waiting for an asynchronous one (a failure is logged all the same).</summary>
    public void Publish(T value)
    {
        foreach (var subscriber in Volatile.Read(ref subscribers)) _ = CallAsync(subscriber, value);
    }

    /// <summary>Calls the subscribers one after the other, each awaited.</summary>
    public async Task PublishAsync(T value)
    {
        foreach (var subscriber in Volatile.Read(ref subscribers)) await CallAsync(subscriber, value);
    }

    private async Task CallAsync(Func<T, Task> subscriber, T value)
    {
        try
        {
            await subscriber(value);
        }
        catch (Exception ex)
        {
            // One broken listener must not stop the publisher or the other listeners.
            logger.LogError(ex, "A listener failed on {Value}", value?.GetType().Name);
        }
    }

    /// <summary>Undoes a subscription, once.</summary>
    private sealed class Unsubscribe(Action undo) : IDisposable
    {
        private Action? pending = undo;
        public void Dispose() => Interlocked.Exchange(ref pending, null)?.Invoke();
    }
}
