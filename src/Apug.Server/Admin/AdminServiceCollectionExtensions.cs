using Microsoft.AspNetCore.Authentication;

namespace Apug.Server.Admin;

public static class AdminServiceCollectionExtensions
{
    /// <summary>The admin token scheme and policy (separate from team tokens), the admin store, and the token's first-start print.</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services)
    {
        services.AddOptions<AdminOptions>().BindConfiguration("Apug").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<AdminTokens>();
        services.AddSingleton<AdminStore>();
        services.AddSingleton<AutoReveal>();
        services.AddHostedService<AdminTokenInitializer>();
        services.AddDisqualification();
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, AdminAuthentication>(AdminAuthentication.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(AdminAuthentication.PolicyName, policy => policy
                .AddAuthenticationSchemes(AdminAuthentication.SchemeName)
                .RequireAuthenticatedUser());
        return services;
    }
}
