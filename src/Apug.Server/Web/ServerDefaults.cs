using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Apug.Server.Web;

/// <summary>
/// The server's own defaults, in code: `dotnet run --project src/Apug.Server` makes the repository root the content
/// root, so an appsettings.json beside the project is not read, and the defaults must not depend on where it starts.
/// </summary>
public static class ServerDefaults
{
    /// <summary>Lowest priority: appsettings.json, environment variables and the command line all override them.</summary>
    public static readonly IReadOnlyDictionary<string, string?> Settings = new Dictionary<string, string?>
    {
        ["Logging:LogLevel:Default"] = "Information",
        // Request lines and SignalR chatter at Information would drown what organisers need to read.
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["AllowedHosts"] = "*",
    };

    public static WebApplicationBuilder AddServerDefaults(this WebApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Settings });
        builder.Services.AddSecretRedaction();
        return builder;
    }

    /// <summary>
    /// Every logger (every category, every level, every provider, also ones added later) writes through
    /// <see cref="SecretRedaction"/>: team and admin tokens travel in query strings (?access_token= for WebSockets) and
    /// headers, and framework categories (Hosting, Kestrel, SignalR, HttpLogging) print request targets at Information
    /// or below.
    /// </summary>
    public static IServiceCollection AddSecretRedaction(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(provider => new RedactingLoggerFactory(new LoggerFactory(
            provider.GetServices<ILoggerProvider>(),
            provider.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            provider.GetService<IOptions<LoggerFactoryOptions>>(),
            provider.GetService<IExternalScopeProvider>()))));
        return services;
    }
}
