using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Web;

/// <summary>RFC 7807 problem details with a message a participant can act on.</summary>
public static class Problems
{
    public static ProblemHttpResult Create(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult NotFound(string detail) => Create(StatusCodes.Status404NotFound, "Not found", detail);

    /// <summary>The answer of every bearer-token scheme's challenge: 401, WWW-Authenticate, and what to send instead.</summary>
    public static Task WriteUnauthorizedAsync(HttpContext context, string detail)
    {
        // A policy with two schemes (the hub: team or admin token) challenges both: the first answer stands.
        if (context.Response.HasStarted || !context.Items.TryAdd(typeof(Problems), true)) return Task.CompletedTask;
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Results.Problem(detail: detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized").ExecuteAsync(context);
    }

    /// <summary>The bearer token, or on /hubs the ?access_token= one (browsers cannot set headers on WebSockets).</summary>
    public static string? BearerOrHubToken(HttpRequest request) =>
        BearerToken(request) ?? (request.Path.StartsWithSegments("/hubs") && request.Query["access_token"] is [{ Length: > 0 } token] ? token : null);

    /// <summary>The token of an 'Authorization: Bearer &lt;token&gt;' header, or null when there is none.</summary>
    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return null;
        var token = header["Bearer ".Length..].Trim();
        return token.Length == 0 ? null : token;
    }
}
