using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Server.Realtime;
using Apug.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Options;

namespace Apug.Tests.Deploy;

/// <summary>Behind a reverse proxy: Apug:PathBase and Apug:ForwardedHeaders, on a real Kestrel socket.</summary>
[Collection(DockerCollection.Name)]
public sealed class ReverseProxyTests
{
    [Fact]
    public async Task UnderAPathBaseThePagesTheApiAndTheHubAnswerAndLocationsKeepThePathBase()
    {
        using var server = new KestrelServer(settings: new Dictionary<string, string?> { ["Apug:PathBase"] = "/judge" });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(server.Address) };

        var registered = await client.PostAsJsonAsync("/judge/api/teams", new { name = "Mounted", members = new[] { "Ada" } });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.StartsWith("/judge/api/teams/", registered.Headers.Location?.OriginalString);
        var team = (await registered.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
        Assert.Contains("hello-pug", await client.GetStringAsync("/judge/api/challenges"));

        foreach (var (path, marker) in new[] { ("/judge/", "js/app.js"), ("/judge/projector/", "../js/projector.js"), ("/judge/admin/", "admin.js") })
            Assert.Contains(marker, await client.GetStringAsync(path));
        foreach (var folder in new[] { "/judge", "/judge/projector", "/judge/admin" })
        {
            var redirect = await client.GetAsync(folder);
            Assert.True(redirect.StatusCode is HttpStatusCode.Moved or HttpStatusCode.MovedPermanently or HttpStatusCode.Redirect, $"{folder}: {redirect.StatusCode}");
            Assert.EndsWith(folder + "/", redirect.Headers.Location?.OriginalString);
        }
        Assert.Equal("text/javascript", (await client.GetAsync("/judge/js/base.js")).Content.Headers.ContentType?.MediaType);

        // The hub under the path base, with the team's token as the browser sends it.
        var connection = new HubConnectionBuilder()
            .WithUrl($"{server.Address}/judge{ContestHub.Path}?access_token={team.Token}", options => options.Transports = HttpTransportType.WebSockets)
            .Build();
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("SubmissionQueued", _ => queued.TrySetResult());
        await connection.StartAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", team.Token);
        var submitted = await client.PostAsJsonAsync("/judge/api/submissions", new { challengeId = "hello-pug", source = "print('hi')\n" });
        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.StartsWith("/judge/api/submissions/", submitted.Headers.Location?.OriginalString);
        await queued.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await connection.DisposeAsync();
    }

    [Fact]
    public async Task FromAKnownProxyTheForwardedClientAddressIsWhatRegistrationIsLimitedBy()
    {
        using var server = new KestrelServer(settings: LimitedRegistration(new() { ["Apug:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" }));
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };

        Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "203.0.113.7"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFromAsync(client, "203.0.113.7"));
        // Another table behind the same proxy still registers.
        Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "198.51.100.9"));
    }

    [Fact]
    public async Task TheLogNamesTheForwardedClientThatWasRefused()
    {
        var data = Directory.CreateTempSubdirectory("apug-forwarded-").FullName;
        try
        {
            var settings = LimitedRegistration(new() { ["Apug:ForwardedHeaders:KnownProxies:0"] = "127.0.0.1" });
            settings["Apug:RateLimits:RegistrationsPerWindow"] = settings["Apug:RateLimits:RegistrationBurst"] = "1";
            await using var server = await ServerProcess.StartAsync(data, TestPaths.BundledChallenges, settings.ToDictionary(s => s.Key, s => s.Value!));
            using var client = server.CreateClient();
            Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "203.0.113.44"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFromAsync(client, "203.0.113.44"));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!server.Output.Contains("Rate limit registration refused POST /api/teams from 203.0.113.44", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, server.Output);
                await Task.Delay(100);
            }
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    [Fact]
    public async Task FromAnyoneElseForwardedHeadersAreIgnoredSoTheyCannotDodgeTheLimit()
    {
        // A proxy is configured, but not the address these requests come from.
        using var server = new KestrelServer(settings: LimitedRegistration(new() { ["Apug:ForwardedHeaders:KnownNetworks:0"] = "10.0.0.0/8" }));
        using var client = new HttpClient { BaseAddress = new Uri(server.Address) };

        Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "203.0.113.1"));
        Assert.Equal(HttpStatusCode.Created, await RegisterFromAsync(client, "203.0.113.2"));
        Assert.Equal(HttpStatusCode.TooManyRequests, await RegisterFromAsync(client, "203.0.113.3"));
    }

    [Theory]
    [InlineData("Apug:PathBase", "judge", "Apug:PathBase")]
    [InlineData("Apug:PathBase", "/judge/", "Apug:PathBase")]
    [InlineData("Apug:ForwardedHeaders:KnownProxies:0", "caddy", "\"caddy\" is not an IP address")]
    [InlineData("Apug:ForwardedHeaders:KnownNetworks:0", "10.0.0.0", "\"10.0.0.0\" is not a network in CIDR form")]
    public void ABadProxySettingStopsTheServerAtStartSayingWhatIsWrong(string key, string value, string message)
    {
        using var factory = new ApugFactory(settings: new Dictionary<string, string?> { [key] = value });
        var error = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());
        Assert.Contains(message, error.Message);
        factory.DeleteData();
    }

    private static Dictionary<string, string?> LimitedRegistration(Dictionary<string, string?> settings)
    {
        settings["Apug:RateLimits:RegistrationBurst"] = "2";
        settings["Apug:RateLimits:RegistrationsPerWindow"] = "1";
        settings["Apug:RateLimits:RegistrationWindowSeconds"] = "3600";
        return settings;
    }

    private static async Task<HttpStatusCode> RegisterFromAsync(HttpClient client, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/teams")
        {
            Content = JsonContent.Create(new { name = $"t-{Guid.NewGuid():N}"[..12], members = new[] { "Ada" } }),
        };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return (await client.SendAsync(request)).StatusCode;
    }
}
