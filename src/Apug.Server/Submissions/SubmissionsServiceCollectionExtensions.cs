using Apug.Server.Teams;
using Microsoft.AspNetCore.Authentication;

namespace Apug.Server.Submissions;

public static class SubmissionsServiceCollectionExtensions
{
    public static IServiceCollection AddTeamsAndSubmissions(this IServiceCollection services)
    {
        services.AddSingleton<TeamStore>();
        services.AddSingleton<SubmissionStore>();
        services.AddAuthentication(TeamTokenAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, TeamTokenAuthentication>(TeamTokenAuthentication.SchemeName, null);
        services.AddAuthorization();
        return services;
    }
}
