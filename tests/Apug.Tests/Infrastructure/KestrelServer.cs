using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// The real server on a real socket (Kestrel on 127.0.0.1, a free port), for a browser: an ApugFactory with its own
/// SQLite file and challenges folder, started with UseKestrel instead of the in-memory TestServer. A second one on
/// the same port and data folder is "the same server after a restart".
/// </summary>
public sealed class KestrelServer : IDisposable
{
    private readonly bool ownsData;

    public ApugFactory Factory { get; }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string Address { get; }

    public int Port { get; }

    /// <param name="listen">Loopback unless given (IPAddress.Any: reachable from the LAN, as organisers run it).</param>
    public KestrelServer(string? challengesPath = null, IDictionary<string, string?>? settings = null, string? dataDirectory = null, int port = 0,
        IPAddress? listen = null)
    {
        ownsData = dataDirectory is null;
        Factory = new ApugFactory(challengesPath, dataDirectory, settings);
        Factory.UseKestrel(kestrel => kestrel.Listen(listen ?? IPAddress.Loopback, port));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Port = new Uri(addresses.Single().Replace("0.0.0.0", "127.0.0.1")).Port;
        Address = $"http://127.0.0.1:{Port}";
    }

    public string Url(string path) => Address + path;

    public T Service<T>() where T : notnull => Factory.Services.GetRequiredService<T>();

    public void Dispose()
    {
        Factory.Dispose();
        if (ownsData) Factory.DeleteData();
    }
}
