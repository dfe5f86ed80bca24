using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Apug.Server.Web;

/// <summary>Bound from "Apug": running behind a reverse proxy (Caddy, nginx) that terminates HTTPS, see deploy/README.md.</summary>
public sealed class ReverseProxyOptions : IValidatableObject
{
    /// <summary>
    /// Where the judge is mounted on the public site, e.g. "/judge" for https://example.org/judge/; empty at the root.
    /// The proxy passes the path on unchanged (it does not strip the prefix).
    /// </summary>
    public string? PathBase { get; set; }

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(PathBase) && (!PathBase.StartsWith('/') || PathBase.EndsWith('/') || PathBase.Contains('?') || PathBase.Contains('#')))
            yield return new ValidationResult($"Apug:PathBase must start with '/' and not end with one, e.g. \"/judge\"; got \"{PathBase}\".");
        foreach (var proxy in ForwardedHeaders.KnownProxies.Where(p => !IPAddress.TryParse(p, out _)))
            yield return new ValidationResult($"Apug:ForwardedHeaders:KnownProxies: \"{proxy}\" is not an IP address (e.g. 127.0.0.1 or ::1).");
        foreach (var network in ForwardedHeaders.KnownNetworks.Where(n => !System.Net.IPNetwork.TryParse(n, out _)))
            yield return new ValidationResult($"Apug:ForwardedHeaders:KnownNetworks: \"{network}\" is not a network in CIDR form (e.g. 10.0.0.0/8).");
    }
}

/// <summary>
/// Only requests from these addresses may say who the client is (X-Forwarded-For), which scheme (X-Forwarded-Proto) and
/// host (X-Forwarded-Host) it used. Empty (the default): the headers are ignored, as anyone could send them.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public List<string> KnownProxies { get; set; } = [];

    public List<string> KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

public static class ReverseProxy
{
    public static IServiceCollection AddReverseProxy(this IServiceCollection services)
    {
        services.AddOptions<ReverseProxyOptions>().BindConfiguration("Apug").ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((forwarded, proxy) =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Exactly the configured ones: the framework's default (loopback) would trust any local process too.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var address in proxy.Value.ForwardedHeaders.KnownProxies) forwarded.KnownProxies.Add(IPAddress.Parse(address));
            foreach (var network in proxy.Value.ForwardedHeaders.KnownNetworks) forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
        });
        return services;
    }

    /// <summary>
    /// First in the pipeline: the real client address (rate limits per IP, logs), scheme and host, then the path base.
    /// Routing must come after UsePathBase, so it is called here when there is one.
    /// </summary>
    public static WebApplication UseReverseProxy(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ReverseProxyOptions>>().Value;
        if (options.ForwardedHeaders.Enabled) app.UseForwardedHeaders();
        if (string.IsNullOrEmpty(options.PathBase)) return app;

        var pathBase = new PathString(options.PathBase);
        app.UsePathBase(pathBase);
        // Endpoints answer with root-relative Locations (201/202 "/api/…"): under a path base they need it in front.
        app.Use((context, next) =>
        {
            context.Response.OnStarting(() =>
            {
                var location = context.Response.Headers.Location.ToString();
                if (location.StartsWith('/') && !location.StartsWith("//", StringComparison.Ordinal) && !new PathString(location).StartsWithSegments(pathBase))
                    context.Response.Headers[HeaderNames.Location] = pathBase + location;
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseRouting();
        return app;
    }
}
