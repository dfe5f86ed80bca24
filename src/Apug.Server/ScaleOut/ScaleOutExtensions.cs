using Apug.Server.Data;
using StackExchange.Redis;

namespace Apug.Server.ScaleOut;

/// <summary>
/// Several server instances (docs/scale-out.md): with Apug:Database:Provider = postgres the instances share the state
/// and the queue (leases, LISTEN/NOTIFY); with Apug:Redis the hub's messages reach every instance's connections.
/// Neither set: one process, SQLite, in-process SignalR, and nothing here runs.
/// </summary>
public static class ScaleOutExtensions
{
    public static WebApplicationBuilder AddScaleOut(this WebApplicationBuilder builder)
    {
        var redis = builder.Configuration["Apug:Redis"];
        if (!string.IsNullOrWhiteSpace(redis))
        {
            builder.Services.AddSignalR().AddStackExchangeRedis(redis, options => options.Configuration.ChannelPrefix = RedisChannel.Literal("apug"));
            builder.Services.AddSingleton<RedisHealthCheck>();
            builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>(RedisHealthCheck.Name, tags: ["ready"]);
        }

        var provider = builder.Configuration.GetSection("Apug:Database").Get<DatabaseProviderOptions>()?.Provider ?? DatabaseProvider.Sqlite;
        if (provider == DatabaseProvider.Postgres)
        {
            builder.Services.AddSingleton<InstanceRegistry>();
            builder.Services.AddHostedService(services => services.GetRequiredService<InstanceRegistry>());
            builder.Services.AddSingleton<ClusterSignals>();
            builder.Services.AddHostedService(services => services.GetRequiredService<ClusterSignals>());
            builder.Services.AddHostedService<ClusterRelay>();
            builder.Services.AddHostedService<LeaseRenewer>();
        }
        return builder;
    }

    /// <summary>
    /// PostgreSQL: registers this instance's id before anything claims work under it; the reason it must not start, or
    /// null (always null on SQLite).
    /// </summary>
    public static async Task<string?> RegisterInstanceAsync(this WebApplication app) =>
        app.Services.GetService<InstanceRegistry>() is { } registry ? await registry.RegisterAsync() : null;
}
