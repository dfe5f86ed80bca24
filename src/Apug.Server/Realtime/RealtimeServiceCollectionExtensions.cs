using System.Text.Json.Serialization;

namespace Apug.Server.Realtime;

public static class RealtimeServiceCollectionExtensions
{
    public static IServiceCollection AddRealtime(this IServiceCollection services)
    {
        services.AddSignalR().AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddSingleton<ContestBridge>();
        services.AddHostedService(provider => provider.GetRequiredService<ContestBridge>());
        return services;
    }

    public static HubEndpointConventionBuilder MapRealtime(this IEndpointRouteBuilder routes) => routes.MapHub<ContestHub>(ContestHub.Path);
}
