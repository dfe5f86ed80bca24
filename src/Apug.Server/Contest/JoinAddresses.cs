using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Apug.Server.Contest;

/// <summary>
/// Where phones in the room can reach this server when Apug:PublicUrl is unset: the projector often runs on the
/// server machine itself, at 127.0.0.1, which is no use in a QR code.
/// </summary>
public static class JoinAddresses
{
    /// <summary>LanUrls: http(s)://address:port for each LAN address the server listens on; LoopbackOnly: it listens
    /// only on this machine (then no phone can join, whatever the QR says).</summary>
    public sealed record Suggestion(IReadOnlyList<string> LanUrls, bool LoopbackOnly);

    public static Suggestion Suggest(IServer server)
    {
        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var urls = new List<string>();
        var loopbackOnly = listening.Count > 0;
        foreach (var address in listening)
        {
            // Kestrel spells "every interface" as 0.0.0.0, [::], + or *; BindingAddress parses all of them.
            var binding = BindingAddress.Parse(address);
            var host = binding.Host.Trim('[', ']');
            if (host is "0.0.0.0" or "::" or "+" or "*")
            {
                loopbackOnly = false;
                urls.AddRange(LanAddresses(host == "::").Select(ip => Url(binding.Scheme, ip, binding.Port)));
            }
            else if (IPAddress.TryParse(host, out var ip) && !IPAddress.IsLoopback(ip))
            {
                loopbackOnly = false;
                urls.Add(Url(binding.Scheme, ip, binding.Port));
            }
            else if (host != "localhost" && !IPAddress.TryParse(host, out _))
            {
                loopbackOnly = false; // a host name: it may well be reachable, we cannot tell
            }
        }
        return new Suggestion([.. urls.Distinct()], loopbackOnly);
    }

    private static string Url(string scheme, IPAddress ip, int port) =>
        $"{scheme}://{(ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : ip.ToString())}:{port}";

    /// <summary>IPv4 first (what phones on a meetup's Wi-Fi use); IPv6 only when asked and only global ones.</summary>
    private static IEnumerable<IPAddress> LanAddresses(bool includeIpv6) =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses.Select(a => a.Address))
            .Where(ip => !IPAddress.IsLoopback(ip) && (ip.AddressFamily == AddressFamily.InterNetwork
                || (includeIpv6 && ip.AddressFamily == AddressFamily.InterNetworkV6 && !ip.IsIPv6LinkLocal && !ip.IsIPv6SiteLocal)))
            .OrderBy(ip => ip.AddressFamily == AddressFamily.InterNetwork ? 0 : 1);
}
