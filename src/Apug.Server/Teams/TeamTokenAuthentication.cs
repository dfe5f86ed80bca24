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
    TeamStore teams) : BearerTokenAuthentication(options, logger, encoder)
{
    public const string SchemeName = "TeamToken";

    protected override async Task<IReadOnlyList<Claim>?> ClaimsForAsync(string token) =>
        await teams.FindByTokenAsync(token, Context.RequestAborted) is { } team
            ? [new Claim(ClaimTypes.NameIdentifier, team.Id.ToString()), new Claim(ClaimTypes.Name, team.Name)]
            : null;

    protected override string ChallengeDetail(bool tokenRejected) => tokenRejected
        ? "The team token is not valid. Register again or check that you copied the whole token."
        : "This needs your team token: send 'Authorization: Bearer <token>' (you got the token when you registered the team).";

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
