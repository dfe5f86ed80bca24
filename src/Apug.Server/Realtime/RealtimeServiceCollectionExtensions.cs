using System.Text.Json.Serialization;
using Apug.Server.Admin;
using Apug.Server.Teams;

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

    /// <summary>
    /// Anyone may connect; a request that carries a token must carry a valid one, a team's or the admin's (401 with the
    /// reason otherwise): better a loud failure than a page that silently never hears about submissions.
    /// </summary>
    public static HubEndpointConventionBuilder MapRealtime(this IEndpointRouteBuilder routes) =>
        routes.MapHub<ContestHub>(ContestHub.Path).RequireAuthorization(policy => policy
            // The organisers' page listens with the admin token (submissions, clarifications); the team scheme rejects it, the admin one takes it.
            .AddAuthenticationSchemes(TeamTokenAuthentication.SchemeName, AdminAuthentication.SchemeName)
            .RequireAssertion(context =>
            context.User.Identity?.IsAuthenticated == true
            || context.Resource is not HttpContext http
            || !(http.Request.Query.ContainsKey("access_token") || http.Request.Headers.Authorization.Count > 0)));
}
