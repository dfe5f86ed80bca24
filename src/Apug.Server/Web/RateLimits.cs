using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Apug.Server.Web;

/// <summary>Bound from "Apug:RateLimits". Token buckets: a burst, then so many per window.</summary>
public sealed class RateLimitOptions
{
    /// <summary>Submissions a team may make at once.</summary>
    [Range(1, 1_000_000)]
    public int SubmissionBurst { get; set; } = 3;

    /// <summary>Submissions a team gets back per window once the burst is used.</summary>
    [Range(1, 1_000_000)]
    public int SubmissionsPerWindow { get; set; } = 1;

    [Range(1, 86_400)]
    public int SubmissionWindowSeconds { get; set; } = 10;

    /// <summary>Team registrations from one IP address at once (a whole table of laptops may share one).</summary>
    [Range(1, 1_000_000)]
    public int RegistrationBurst { get; set; } = 10;

    [Range(1, 1_000_000)]
    public int RegistrationsPerWindow { get; set; } = 10;

    [Range(1, 86_400)]
    public int RegistrationWindowSeconds { get; set; } = 60;

    /// <summary>Clarification questions a team may ask at once, then so many per window.</summary>
    [Range(1, 1_000_000)]
    public int ClarificationBurst { get; set; } = 3;

    [Range(1, 1_000_000)]
    public int ClarificationsPerWindow { get; set; } = 1;

    [Range(1, 86_400)]
    public int ClarificationWindowSeconds { get; set; } = 60;
}

public static class RateLimits
{
    /// <summary>Per team (the token's team id) on making a submission; reading results is never limited.</summary>
    public const string Submissions = "submissions";

    /// <summary>Per team on asking a clarification question.</summary>
    public const string Clarifications = "clarifications";

    /// <summary>Per remote IP address on registering a team.</summary>
    public const string Registration = "registration";

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration("Apug:RateLimits").ValidateDataAnnotations().ValidateOnStart();
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(Submissions, context =>
            {
                var team = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                if (team is null) return RateLimitPartition.GetNoLimiter(""); // not signed in: authorization answers 401
                var options = Options(context);
                return RateLimitPartition.GetTokenBucketLimiter(team, _ => Bucket(options.SubmissionBurst, options.SubmissionsPerWindow, options.SubmissionWindowSeconds));
            });
            limiter.AddPolicy(Clarifications, context =>
            {
                var team = context.User.FindFirstValue(ClaimTypes.NameIdentifier);
                if (team is null) return RateLimitPartition.GetNoLimiter("");
                var options = Options(context);
                return RateLimitPartition.GetTokenBucketLimiter(team, _ => Bucket(options.ClarificationBurst, options.ClarificationsPerWindow, options.ClarificationWindowSeconds));
            });
            limiter.AddPolicy(Registration, context =>
            {
                var options = Options(context);
                var address = context.Connection.RemoteIpAddress ?? IPAddress.None;
                return RateLimitPartition.GetTokenBucketLimiter(address.ToString(),
                    _ => Bucket(options.RegistrationBurst, options.RegistrationsPerWindow, options.RegistrationWindowSeconds));
            });
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var context = rejected.HttpContext;
                var options = Options(context);
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : (int?)null;
                if (retryAfter is { } seconds) context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                var when = retryAfter is { } s ? $" Try again in {s} s." : " Try again shortly.";
                var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
                // The client's address is the real one behind a trusted proxy (Apug:ForwardedHeaders), the proxy's otherwise.
                context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RateLimits))
                    .LogWarning("Rate limit {Policy} refused {Method} {Path} from {Client}", policy, context.Request.Method, context.Request.Path, context.Connection.RemoteIpAddress);
                var detail = policy switch
                {
                    Registration => $"Too many teams registered from your address: {options.RegistrationBurst} at once, then {options.RegistrationsPerWindow} every {options.RegistrationWindowSeconds} s.{when}",
                    Clarifications => $"Your team is asking too fast: {options.ClarificationBurst} questions at once, then {options.ClarificationsPerWindow} every {options.ClarificationWindowSeconds} s.{when}",
                    _ => $"Your team is submitting too fast: {options.SubmissionBurst} at once, then {options.SubmissionsPerWindow} every {options.SubmissionWindowSeconds} s.{when}",
                };
                await Results.Problem(detail: detail, statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests")
                    .ExecuteAsync(context);
            };
        });
        return services;
    }

    private static RateLimitOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    private static TokenBucketRateLimiterOptions Bucket(int burst, int perWindow, int windowSeconds) => new()
    {
        TokenLimit = burst,
        TokensPerPeriod = perWindow,
        ReplenishmentPeriod = TimeSpan.FromSeconds(windowSeconds),
        QueueLimit = 0, // answer at once; a waiting request would only hold a connection
        AutoReplenishment = true,
    };
}
