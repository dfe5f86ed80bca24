using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Apug.Server.Web;

/// <summary>
/// What the team and admin token schemes share: the token from 'Authorization: Bearer' (or ?access_token= on /hubs),
/// a principal of the scheme's claims, and a challenge that answers 401 with a problem saying what to send instead.
/// </summary>
public abstract class BearerTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The token this request brings; by default the bearer or hub token.</summary>
    protected virtual string? TokenOf(HttpRequest request) => BearerOrHubToken(request);

    /// <summary>The claims of the token's holder, or null when the token is not valid.</summary>
    protected abstract Task<IReadOnlyList<Claim>?> ClaimsForAsync(string token);

    /// <summary>The challenge's detail: what to send when no token came, or what is wrong with the one that did.</summary>
    protected abstract string ChallengeDetail(bool tokenRejected);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (TokenOf(Request) is not { } token) return AuthenticateResult.NoResult();
        if (await ClaimsForAsync(token) is not { } claims) return AuthenticateResult.Fail($"The {Scheme.Name} token is not valid.");
        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var rejected = (await HandleAuthenticateOnceSafeAsync()).Failure is not null;
        // A policy with two schemes (the hub: team or admin token) challenges both: the first answer stands.
        if (Context.Response.HasStarted || !Context.Items.TryAdd(typeof(BearerTokenAuthentication), true)) return;
        Context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        Context.Response.Headers.WWWAuthenticate = "Bearer";
        await ApiProblems.Create(StatusCodes.Status401Unauthorized, "Unauthorized", ChallengeDetail(rejected)).ExecuteAsync(Context);
    }

    /// <summary>The bearer token, or on /hubs the ?access_token= one (browsers cannot set headers on WebSockets).</summary>
    private static string? BearerOrHubToken(HttpRequest request) =>
        BearerToken(request) ?? (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } token] ? token : null);

    /// <summary>The token of an 'Authorization: Bearer &lt;token&gt;' header, or null when there is none.</summary>
    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = header["Bearer ".Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
