using System.Net;
using System.Net.Http.Json;
using Apug.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace Apug.Tests.Hostile;

/// <summary>Token buckets: per team on submitting, per IP address on registering; 429 with Retry-After and a problem.</summary>
public sealed class RateLimitTests : IDisposable
{
    // No Docker needed: submissions to a challenge that does not exist still pass through the limiter first.
    private readonly ApugFactory factory = new(settings: new Dictionary<string, string?>
    {
        ["Apug:RateLimits:SubmissionBurst"] = "3",
        ["Apug:RateLimits:SubmissionsPerWindow"] = "1",
        ["Apug:RateLimits:SubmissionWindowSeconds"] = "600",
        ["Apug:RateLimits:RegistrationBurst"] = "4",
        ["Apug:RateLimits:RegistrationsPerWindow"] = "1",
        ["Apug:RateLimits:RegistrationWindowSeconds"] = "600",
    });

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient team) =>
        team.PostAsJsonAsync("/api/submissions", new { challengeId = "no-such-challenge", source = "print(1)" });

    [Fact]
    public async Task ATeamGetsItsBurstThenTooManyRequestsWithRetryAfterWhileOtherTeamsAreUnaffected()
    {
        var eager = await factory.CreateTeamClientAsync();
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.NotFound, (await SubmitAsync(eager)).StatusCode);

        var limited = await SubmitAsync(eager);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value.TotalSeconds, 1, 600);
        var problem = await limited.Content.ReadAsStringAsync();
        Assert.Contains("3 at once, then 1 every 600 s", problem);
        Assert.Contains("Try again in", problem);

        var patient = await factory.CreateTeamClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await SubmitAsync(patient)).StatusCode);
        // Reading results is never limited: polling after a submission must keep working.
        for (var i = 0; i < 20; i++) Assert.Equal(HttpStatusCode.OK, (await eager.GetAsync("/api/submissions")).StatusCode);
    }

    [Fact]
    public async Task RegisteringTooManyTeamsFromOneAddressIsTooManyRequests()
    {
        var client = factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
            statuses.Add((await client.PostAsJsonAsync("/api/teams", new { name = $"Team {i}", members = new[] { "Ada" } })).StatusCode);
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created,
            HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        var limited = await client.PostAsJsonAsync("/api/teams", new { name = "One more", members = new[] { "Ada" } });
        Assert.NotNull(limited.Headers.RetryAfter?.Delta);
        Assert.Contains("registered from your address", await limited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WithoutATokenASubmissionIsUnauthorizedNotRateLimited()
    {
        var anonymous = factory.CreateClient();
        for (var i = 0; i < 5; i++) Assert.Equal(HttpStatusCode.Unauthorized, (await SubmitAsync(anonymous)).StatusCode);
    }

    [Fact]
    public void AnInvalidLimitStopsTheServerAtStartWithTheSettingsName()
    {
        using var broken = new ApugFactory(settings: new Dictionary<string, string?> { ["Apug:RateLimits:SubmissionBurst"] = "0" });
        var error = Assert.Throws<OptionsValidationException>(() => broken.CreateClient());
        Assert.Contains("SubmissionBurst", error.Message);
        broken.DeleteData();
    }
}
