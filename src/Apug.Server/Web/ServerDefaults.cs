using Microsoft.Extensions.Configuration.Memory;

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
}
