using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Apug.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Apug.Tests.Admin;

public sealed class AdminAuthTests : IDisposable
{
    private readonly ApugFactory factory = new(settings: AdminClient.Settings);

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    public static TheoryData<string, string> AdminEndpoints => new()
    {
        { "GET", "/api/admin/challenges" },
        { "POST", "/api/admin/challenges/reload" },
        { "GET", "/api/admin/submissions" },
        { "GET", $"/api/admin/submissions/{Guid.NewGuid()}" },
        { "POST", $"/api/admin/submissions/{Guid.NewGuid()}/rejudge" },
        { "POST", "/api/admin/rejudge?verdict=JE" },
        { "GET", "/api/admin/teams" },
        { "POST", $"/api/admin/teams/{Guid.NewGuid()}/rename" },
        { "POST", $"/api/admin/teams/{Guid.NewGuid()}/disqualify" },
        { "POST", $"/api/admin/teams/{Guid.NewGuid()}/reinstate" },
        { "GET", "/api/admin/announcements" },
        { "POST", "/api/admin/announcements" },
        { "GET", "/api/admin/export/submissions.csv" },
        { "GET", "/api/admin/export/submissions.json" },
        { "GET", "/api/admin/export/backup" },
        { "GET", "/api/admin/export/standings.json" },
        { "GET", "/api/admin/export/standings.csv" },
        { "POST", $"/api/admin/teams/{Guid.NewGuid()}/hide" },
        { "POST", $"/api/admin/teams/{Guid.NewGuid()}/unhide" },
        { "GET", "/api/admin/contest" },
        { "POST", "/api/admin/contest/start" },
        { "POST", "/api/admin/contest/extend" },
        { "POST", "/api/admin/contest/end" },
        { "POST", "/api/admin/contest/freeze" },
        { "POST", "/api/admin/contest/unfreeze" },
        { "POST", "/api/admin/contest/reveal/next" },
        { "POST", "/api/admin/contest/reveal/all" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task EveryAdminEndpointAnswers401WithoutOrWithAWrongOrATeamToken(string method, string path)
    {
        var anonymous = factory.CreateClient();
        var wrong = factory.CreateAdminClient("not-the-token");
        var team = await factory.CreateTeamClientAsync();
        foreach (var (client, expectedDetail) in new[] { (anonymous, "needs the admin token"), (wrong, "not valid"), (team, "not valid") })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "POST" ? JsonContent.Create(new { message = "hi", name = "x", reason = "y" }) : null,
            });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains(expectedDetail, await response.Content.ReadAsStringAsync());
        }
        Assert.Empty(await factory.CreateAdminClient().GetFromJsonAsync<AnnouncementDto[]>("/api/admin/announcements", Json.Options) ?? []);
    }

    [Fact]
    public async Task TheAdminTokenDoesNotWorkAsATeamToken()
    {
        var response = await factory.CreateAdminClient().GetAsync("/api/submissions");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task WithoutAConfiguredTokenOneIsGeneratedIntoAnOwnerOnlyFileBesideTheDatabaseAndOnlyItsHashIsStored()
    {
        var data = Directory.CreateTempSubdirectory("apug-admin-").FullName;
        var firstLog = new LogCapture();
        string token;
        using (var first = new ApugFactory(dataDirectory: data))
        using (var host = first.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(firstLog))))
        {
            host.CreateClient(); // starts the server
            var line = Assert.Single(firstLog.Lines, l => l.Contains("Generated the admin token"));
            var file = Path.Combine(data, "apug.db.admin-token");
            Assert.Contains(file, line); // the log says where, never what
            token = File.ReadAllText(file).Trim();
            Assert.True(token.Length >= 20, token);
            Assert.DoesNotContain(firstLog.Lines, l => l.Contains(token));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(file));
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.GetAsync("/api/admin/teams");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + string.Join("\n", firstLog.Lines));
        }

        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(data, "apug.db")};Pooling=false"))
        {
            await connection.OpenAsync();
            var command = connection.CreateCommand();
            command.CommandText = "SELECT value FROM admin_settings";
            var stored = (string)(await command.ExecuteScalarAsync())!;
            Assert.DoesNotContain(token, stored);
            Assert.Equal(64, stored.Length); // a SHA-256 in hex
        }

        var secondLog = new LogCapture();
        using (var second = new ApugFactory(dataDirectory: data))
        using (var host = second.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(secondLog))))
        {
            var client = host.CreateClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.GetAsync("/api/admin/teams");
            Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync() + string.Join("\n", secondLog.Lines));
            Assert.DoesNotContain(secondLog.Lines, l => l.Contains(token));
            second.DeleteData();
        }
    }

    [Fact]
    public async Task TheAdminPageIsServedAndItsScriptToo()
    {
        var client = factory.CreateClient();
        var page = await client.GetStringAsync("/admin");
        Assert.Contains("Admin token", page);
        var script = await client.GetAsync("/admin/admin.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/..%2Fappsettings.json")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/admin/missing.js")).StatusCode);
    }
}

internal sealed class LogCapture : ILoggerProvider
{
    public List<string> Lines { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose() { }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (capture.Lines) capture.Lines.Add(formatter(state, exception) + (exception is null ? "" : " " + exception));
        }
    }
}
