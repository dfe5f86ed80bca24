using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Infrastructure;

/// <summary>
/// The real server on a real socket (Kestrel on 127.0.0.1, a free port), for a browser: an ApugFactory with its own
/// SQLite file and challenges folder, started with UseKestrel instead of the in-memory TestServer.
/// </summary>
public sealed class KestrelServer : IDisposable
{
    public ApugFactory Factory { get; }

    /// <summary>http://127.0.0.1:PORT (no trailing slash).</summary>
    public string Address { get; }

    public KestrelServer(string? challengesPath = null, IDictionary<string, string?>? settings = null)
    {
        Factory = new ApugFactory(challengesPath, settings: settings);
        Factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        Factory.StartServer();
        var addresses = Factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        Address = addresses.Single().TrimEnd('/');
    }

    public string Url(string path) => Address + path;

    public void Dispose()
    {
        Factory.Dispose();
        Factory.DeleteData();
    }
}
