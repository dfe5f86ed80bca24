using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apug.Tests.Hostile;

/// <summary>Who sees what: own submissions only, random ids, hashed tokens kept out of logs, secret data never served.</summary>
[Collection(DockerCollection.Name)]
public sealed class AccessControlTests : IDisposable
{
    // Distinctive secret data: if any endpoint served it, these strings would show.
    private static readonly string[] SecretMarkers = ["xyzzy-secret", "terces-yzzyx", "plugh-hidden", "neddih-hgulp"];
    private readonly string challenges = Directory.CreateTempSubdirectory("apug-access-").FullName;
    private readonly ApugFactory factory;
    private readonly WebApplicationFactory<Program> logged;
    private readonly CapturingLoggerProvider logs = new(); // everything, at every level
    private readonly ConfiguredLoggerProvider configuredLogs = new(); // what the server's own log levels let through

    public AccessControlTests()
    {
        new PackageBuilder(challenges, "mirror") // print the line reversed
            .Sample("1", "hello\n", "olleh\n")
            .Secret("01", "xyzzy-secret-input\n", "tupni-terces-yzzyx\n")
            .Secret("02", "plugh-hidden-input\n", "tupni-neddih-hgulp\n")
            .Build();
        factory = new ApugFactory(challenges);
        // Every log line at every level, from every category, while teams register and submit.
        logged = factory.WithWebHostBuilder(builder => builder.ConfigureLogging(logging =>
        {
            logging.SetMinimumLevel(LogLevel.Trace);
            // A rule for this provider beats appsettings' category rules (e.g. Microsoft.AspNetCore: Warning).
            logging.AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace);
            logging.AddProvider(logs);
            logging.AddProvider(configuredLogs);
        }));
    }

    public void Dispose()
    {
        logged.Dispose();
        factory.Dispose();
        factory.DeleteData();
        Directory.Delete(challenges, recursive: true);
    }

    private async Task<(HttpClient Client, string Token, Guid TeamId)> RegisterAsync(string name)
    {
        var client = logged.CreateClient();
        var response = await client.PostAsJsonAsync("/api/teams", new { name, members = new[] { "Ada" } });
        var team = (await response.Content.ReadFromJsonAsync<TeamRegisteredDto>())!;
        client.DefaultRequestHeaders.Authorization = new("Bearer", team.Token);
        return (client, team.Token, team.Id);
    }

    private static async Task<SubmissionDto> SubmitAndWaitAsync(HttpClient team, string source)
    {
        var accepted = await (await team.PostAsJsonAsync("/api/submissions", new { challengeId = "mirror", source })).Content.ReadFromJsonAsync<AcceptedDto>();
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var current = await ApugFactory.GetSubmissionAsync(team, accepted!.Id);
            if (current.Status == "judged") return current;
            Assert.True(DateTime.UtcNow < deadline, "not judged in time");
            await Task.Delay(250);
        }
    }

    [Fact]
    public async Task TeamsSeeOnlyTheirOwnSubmissionsTokensAreHashedAndNeverLoggedAndSecretDataIsNeverServed()
    {
        var (alice, aliceToken, aliceId) = await RegisterAsync("Alice and Bob");
        var (mallory, malloryToken, _) = await RegisterAsync("Mallory");
        const string aliceMarker = "# alice-private-source-7f3a";

        // Solutions that drag secret data into their output and stderr: it must still never be served.
        var echo = await SubmitAndWaitAsync(alice, aliceMarker + "\ns = input()\nprint('olleh' if s == 'hello' else s)\n");
        var raise = await SubmitAndWaitAsync(alice, aliceMarker + "\ns = input()\nif s != 'hello': raise ValueError(s)\nprint('olleh')\n");
        var accepted = await SubmitAndWaitAsync(alice, aliceMarker + "\nprint(input()[::-1])\n");
        Assert.Equal((Verdict.WA, Verdict.RTE, Verdict.AC), (echo.Verdict, raise.Verdict, accepted.Verdict));
        Assert.Equal("secret/01", echo.Tests[^1].Name);
        var ids = new[] { echo.Id, raise.Id, accepted.Id };

        // Ids are random (version 4) GUIDs, not counters.
        Assert.All(ids.Append(aliceId), id => Assert.Equal(4, id.Version));

        // Mallory sees none of Alice's submissions: her list is empty and Alice's ids answer exactly like a missing id.
        Assert.Equal("[]", await mallory.GetStringAsync("/api/submissions"));
        var missing = await mallory.GetAsync($"/api/submissions/{Guid.NewGuid()}");
        foreach (var id in ids)
        {
            var response = await mallory.GetAsync($"/api/submissions/{id}");
            Assert.Equal(missing.StatusCode, response.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain(aliceMarker, body);
            Assert.DoesNotContain("secret", body);
        }
        Assert.Equal(3, (await alice.GetFromJsonAsync<SubmissionDto[]>("/api/submissions", Json.Options))!.Length);

        // Every GET endpoint, as Alice (who made the submissions), as Mallory and anonymously: no secret data, no token.
        var anonymous = logged.CreateClient();
        var paths = new List<string> { "/api/health", "/api/contest", "/api/leaderboard", "/api/challenges", "/api/challenges/mirror", "/api/challenges/mirror/statement.pdf", "/api/submissions" };
        paths.AddRange(ids.Select(id => $"/api/submissions/{id}"));
        foreach (var client in new[] { alice, mallory, anonymous })
        {
            foreach (var path in paths)
            {
                var body = await (await client.GetAsync(path)).Content.ReadAsStringAsync();
                foreach (var marker in SecretMarkers) Assert.DoesNotContain(marker, body);
                Assert.DoesNotContain(aliceToken, body);
                Assert.DoesNotContain(malloryToken, body);
                if (client != alice) Assert.DoesNotContain(aliceMarker, body);
            }
        }

        // Only a hash of each token is stored: the tokens appear nowhere in the database files.
        await using (var connection = await logged.Services.GetRequiredService<Database>().OpenAsync())
        {
            var hashes = (await connection.QueryAsync<string>("SELECT token_hash FROM teams ORDER BY name")).ToList();
            Assert.Equal([Sha256(aliceToken), Sha256(malloryToken)], hashes);
            await connection.ExecuteAsync("PRAGMA wal_checkpoint(FULL)");
        }
        foreach (var file in Directory.EnumerateFiles(factory.DataDirectory))
        {
            var bytes = await ReadSharedAsync(file);
            Assert.False(Contains(bytes, aliceToken) || Contains(bytes, malloryToken), $"a token is stored in {Path.GetFileName(file)}");
        }

        // Forged tokens next to real ones, then the logs: nothing ever wrote a token.
        foreach (var forged in new[] { aliceToken + "x", aliceToken[..^1], aliceToken.ToUpperInvariant() })
        {
            using var forger = logged.CreateClient();
            forger.DefaultRequestHeaders.Authorization = new("Bearer", forged);
            Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/api/submissions")).StatusCode);
        }
        var lines = logs.Lines;
        Assert.True(lines.Count > 100, $"the log capture saw only {lines.Count} lines");
        Assert.Contains(lines, l => l.Contains("Judged", StringComparison.Ordinal));
        foreach (var token in new[] { aliceToken, malloryToken })
            Assert.DoesNotContain(lines, l => l.Contains(token, StringComparison.Ordinal) || l.Contains(token[..12], StringComparison.Ordinal));

        // WebSockets carry the token in the query (?access_token=, /hubs only). ASP.NET Core's request log (Information,
        // Microsoft.AspNetCore.Hosting) prints URLs with their query: the server's log levels must keep it out.
        await anonymous.GetAsync($"/hubs/contest?access_token={aliceToken}");
        var configured = configuredLogs.Lines;
        Assert.Contains(configured, l => l.Contains("Judged", StringComparison.Ordinal));
        Assert.DoesNotContain(configured, l => l.Contains(aliceToken, StringComparison.Ordinal));
    }

    private static string Sha256(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static bool Contains(byte[] haystack, string needle) => haystack.AsSpan().IndexOf(Encoding.UTF8.GetBytes(needle)) >= 0;

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private sealed class ConfiguredLoggerProvider : CapturingLoggerProvider;

    /// <summary>Keeps every formatted log line (and exception text) the server writes.</summary>
    private class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> lines = [];

        public IReadOnlyList<string> Lines
        {
            get { lock (lines) return lines.ToList(); }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull
            {
                lock (provider.lines) provider.lines.Add($"{category} scope: {state}");
                return null;
            }

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
                lock (provider.lines) provider.lines.Add($"{logLevel} {category}: {formatter(state, exception)} {structured} {exception}");
            }
        }
    }
}
