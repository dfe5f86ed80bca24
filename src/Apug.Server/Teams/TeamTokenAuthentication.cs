using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Apug.Server.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Apug.Server.Teams;

/// <summary>Bearer team tokens: the header for the API, ?access_token= for WebSockets (browsers cannot set headers there).</summary>
public sealed class TeamTokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    TeamStore teams) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "TeamToken";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Problems.BearerOrHubToken(Request) is not { } token) return AuthenticateResult.NoResult();

        var team = await teams.FindByTokenAsync(token, Context.RequestAborted);
        if (team is null) return AuthenticateResult.Fail("Unknown team token.");

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, team.Id.ToString()), new Claim(ClaimTypes.Name, team.Name)], SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = (await HandleAuthenticateOnceSafeAsync()).Failure;
        var detail = failure is null
            ? "This needs your team token: send 'Authorization: Bearer <token>' (you got the token when you registered the team)."
            : "The team token is not valid. Register again or check that you copied the whole token.";
        await Problems.WriteUnauthorizedAsync(Context, detail);
    }

    /// <summary>Only this hash is stored, so a copied database does not hand out the teams' tokens.</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(24));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class ClaimsPrincipalExtensions
{
    public static Guid TeamId(this ClaimsPrincipal user) =>
        Guid.Parse(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("Not a team principal."));
}
