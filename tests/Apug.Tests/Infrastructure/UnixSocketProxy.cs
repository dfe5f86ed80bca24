using System.Net.Sockets;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// Listens on a unix socket path and forwards every connection to another (e.g. /var/run/docker.sock), both ways,
/// passing half-closes on (Docker's attach streams use them). Lets a test make an engine "come back" at a path the
/// server already uses, without touching the real engine that others share.
/// </summary>
public sealed class UnixSocketProxy : IAsyncDisposable
{
    private readonly string path;
    private readonly Socket listener = new(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
    private readonly CancellationTokenSource stop = new();
    private readonly Task accepting;

    public UnixSocketProxy(string path, string target)
    {
        this.path = path;
        File.Delete(path);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(128);
        accepting = AcceptAsync(target);
    }

    private async Task AcceptAsync(string target)
    {
        while (!stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            _ = ServeAsync(client, target);
        }
    }

    private async Task ServeAsync(Socket client, string target)
    {
        using (client)
        using (var upstream = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                await upstream.ConnectAsync(new UnixDomainSocketEndPoint(target), stop.Token);
                await Task.WhenAll(PumpAsync(client, upstream), PumpAsync(upstream, client));
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[65536];
        try
        {
            int read;
            while ((read = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token)) > 0)
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            try { to.Shutdown(SocketShutdown.Both); } catch (Exception inner) when (inner is SocketException or ObjectDisposedException) { }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        listener.Dispose();
        await accepting;
        File.Delete(path);
        stop.Dispose();
    }
}
