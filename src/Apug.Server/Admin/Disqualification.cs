using System.Security.Claims;
using Apug.Server.Teams;
using Apug.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace Apug.Server.Admin;

/// <summary>
/// The "NotDisqualified" policy: a team token whose team the organisers have not disqualified. It guards submitting
/// only; a disqualified team still reads its results. The refusal says why (see DisqualificationResultHandler).
/// </summary>
public static class Disqualification
{
    public const string PolicyName = "NotDisqualified";
    public const string Title = "Disqualified";
    public const string Detail = "Your team has been disqualified by the organisers.";

    public static IServiceCollection AddDisqualification(this IServiceCollection services)
    {
        services.AddSingleton<IAuthorizationHandler, NotDisqualifiedHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, DisqualificationResultHandler>();
        services.AddAuthorizationBuilder().AddPolicy(PolicyName, policy => policy
            .AddAuthenticationSchemes(TeamTokenAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .AddRequirements(new NotDisqualifiedRequirement()));
        return services;
    }
}

public sealed class NotDisqualifiedRequirement : IAuthorizationRequirement;

public sealed class NotDisqualifiedHandler(AdminStore admin) : AuthorizationHandler<NotDisqualifiedRequirement>
{
    protected override async Task HandleRequirementAsync(AuthorizationHandlerContext context, NotDisqualifiedRequirement requirement)
    {
        // Not a team (no token): RequireAuthenticatedUser answers that, with the token scheme's 401.
        if (context.User.FindFirstValue(ClaimTypes.NameIdentifier) is null) return;
        if (await admin.IsDisqualifiedAsync(context.User.TeamId(), CancellationToken.None))
            context.Fail(new AuthorizationFailureReason(this, Disqualification.Detail));
        else
            context.Succeed(requirement);
    }
}

/// <summary>A refusal for disqualification is a problem with its message, not a bare 403; everything else as the framework does it.</summary>
public sealed class DisqualificationResultHandler : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler standard = new();

    public Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Forbidden && result.AuthorizationFailure?.FailureReasons.Any(r => r.Handler is NotDisqualifiedHandler) == true)
            return ApiProblems.Create(StatusCodes.Status403Forbidden, Disqualification.Title, Disqualification.Detail).ExecuteAsync(context);
        return standard.HandleAsync(next, context, policy, result);
    }
}
