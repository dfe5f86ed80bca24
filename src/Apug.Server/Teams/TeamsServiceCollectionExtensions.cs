using Microsoft.AspNetCore.Authentication;

namespace Apug.Server.Teams;

public static class TeamsServiceCollectionExtensions
{
    /// <summary>The team store and the team token scheme (the default one: a team's requests need no scheme named).</summary>
    public static IServiceCollection AddTeams(this IServiceCollection services)
    {
        services.AddSingleton<TeamStore>();
        services.AddAuthentication(TeamTokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TeamTokenAuthentication>(TeamTokenAuthentication.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
