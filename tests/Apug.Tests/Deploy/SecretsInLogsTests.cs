using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Server.Realtime;
using Apug.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Apug.Tests.Deploy;

/// <summary>
/// The server started as the README says (`dotnet run --project src/Apug.Server` from the repository root, a real
/// process), its whole output read back: no team or admin token in it at any log level.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class SecretsInLogsTests : IDisposable
{
    private readonly string data = Directory.CreateTempSubdirectory("apug-secrets-").FullName;

    public void Dispose() => Directory.Delete(data, recursive: true);

    [Fact]
    public async Task WithTraceLoggingEverywhereNoTeamOrAdminTokenReachesTheOutput()
    {
        await using var server = await ServerProcess.StartLikeTheReadmeAsync(data, TestPaths.BundledChallenges,
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace");
        using var client = server.CreateClient();
        var team = await RegisterAsync(client);

        // As the browser does: WebSockets (and its fallbacks) carry the token in ?access_token=.
        foreach (var transport in new[] { HttpTransportType.WebSockets, HttpTransportType.ServerSentEvents, HttpTransportType.LongPolling })
        {
            await using var hub = await ConnectAsync(new Uri(server.Address, $"{ContestHub.Path}?access_token={team.Token}"), transport);
            if (transport == HttpTransportType.WebSockets)
            {
                // The token in the query really signed the connection in: the team's own events arrive.
                var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                hub.On<JsonElement>("SubmissionQueued", _ => queued.TrySetResult());
                using var teamClient = WithToken(server, team.Token);
                var submitted = await teamClient.PostAsJsonAsync("/api/submissions", new { challengeId = "hello-pug", source = "print('hi')\n" });
                Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
                await queued.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }
        // The .NET client's way: the token as a header.
        await using (var header = await ConnectAsync(new Uri(server.Address, ContestHub.Path), HttpTransportType.WebSockets, team.Token)) { }
        using (var teamClient = WithToken(server, team.Token))
            Assert.Equal(HttpStatusCode.OK, (await teamClient.GetAsync("/api/submissions")).StatusCode);
        // A wrong token is refused, and is not printed either.
        const string wrong = "not-a-real-token-but-secret-looking-0123456789";
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"{ContestHub.Path}/negotiate?negotiateVersion=1&access_token={wrong}")).StatusCode);

        // The generated admin token: in a file only its owner can read, beside the database; the log says where.
        var tokenFile = Path.Combine(data, "apug.db.admin-token");
        Assert.True(File.Exists(tokenFile), server.Output);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(tokenFile));
        var adminToken = (await File.ReadAllTextAsync(tokenFile)).Trim();
        using (var admin = WithToken(server, adminToken))
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/teams?last=1")).StatusCode);

        var output = await OutputOnceAsync(server, "/api/admin/teams?last=1");
        Assert.Contains($"wrote it to {tokenFile}", output);
        // Trace really was on (the request lines are there, with the secret cut out)…
        Assert.Contains("Request starting HTTP/1.1 GET", output);
        Assert.Contains("access_token=[redacted]", output);
        // …and no secret is.
        foreach (var secret in new[] { team.Token, adminToken, wrong, Uri.EscapeDataString(team.Token) })
            Assert.False(output.Contains(secret, StringComparison.Ordinal), $"A token is in the server's output:\n{Around(output, secret)}");
    }

    [Fact]
    public async Task WithNoSettingsTheServersOwnLogLevelsApplyEvenWithTheRepositoryAsContentRoot()
    {
        await using var server = await ServerProcess.StartLikeTheReadmeAsync(data, TestPaths.BundledChallenges);
        using var client = server.CreateClient();
        var team = await RegisterAsync(client);
        await using (await ConnectAsync(new Uri(server.Address, $"{ContestHub.Path}?access_token={team.Token}"), HttpTransportType.WebSockets)) { }
        await Task.Delay(1000); // the console logger writes from a queue

        var output = server.Output;
        Assert.Contains("Now listening on", output); // Information from the app's own categories
        Assert.DoesNotContain("Request starting", output); // Microsoft.AspNetCore stays at Warning
        Assert.DoesNotContain(team.Token, output);
    }

    private sealed record Team(string Token);

    private static async Task<Team> RegisterAsync(HttpClient client)
    {
        var response = await client.PostAsJsonAsync("/api/teams", new { name = "Log Readers", members = new[] { "Ada" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Team>())!;
    }

    private static HttpClient WithToken(ServerProcess server, string token)
    {
        var client = server.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static async Task<HubConnection> ConnectAsync(Uri url, HttpTransportType transport, string? headerToken = null)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.Transports = transport;
                if (headerToken is not null) options.AccessTokenProvider = () => Task.FromResult<string?>(headerToken);
            })
            .Build();
        var state = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.On<JsonElement>("ContestState", _ => state.TrySetResult());
        await connection.StartAsync();
        await state.Task.WaitAsync(TimeSpan.FromSeconds(30));
        return connection;
    }

    /// <summary>The output once the line about the last request has been written (the console logger writes from a queue).</summary>
    private static async Task<string> OutputOnceAsync(ServerProcess server, string lastRequest)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!server.Output.Contains($"Request finished HTTP/1.1 GET {server.Address.ToString().TrimEnd('/')}{lastRequest}", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, $"The last request was never logged:\n{server.Output[^Math.Min(4000, server.Output.Length)..]}");
            await Task.Delay(100);
        }
        return server.Output;
    }

    private static string Around(string text, string secret)
    {
        var at = text.IndexOf(secret, StringComparison.Ordinal);
        return text[Math.Max(0, at - 300)..Math.Min(text.Length, at + secret.Length + 100)];
    }
}
