using System.Text.Json.Serialization;
using Apug.Server.Admin;
using Apug.Server.Api;
using Apug.Server.Ccs;
using Apug.Server.Challenges;
using Apug.Server.Challenges.Validation;
using Apug.Server.Clarifications;
using Apug.Server.Contest;
using Apug.Server.Data;
using Apug.Server.Hints;
using Apug.Server.Judging;
using Apug.Server.Metrics;
using Apug.Server.Realtime;
using Apug.Server.Roundup;
using Apug.Server.Sandbox;
using Apug.Server.ScaleOut;
using Apug.Server.Submissions;
using Apug.Server.Teams;
using Apug.Server.Terminal;
using Apug.Server.Web;

// Organiser commands run from the same executable, without the web server.
if (args is ["validate", ..]) return await ValidateCommand.RunAsync(args[1..]);

var builder = WebApplication.CreateBuilder(args);
builder.AddServerDefaults(); // logging defaults in code (whatever the content root) and no token in any log
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 8 << 20);
builder.Services.AddProblemDetails();
builder.Services.ConfigureHttpJsonOptions(json => json.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddData();
builder.Services.AddChallenges();
builder.Services.AddSandbox();
builder.Services.AddJudging();
builder.Services.AddTeams();
builder.Services.AddSubmissions();
builder.Services.AddAdmin();
builder.Services.AddContest();
builder.Services.AddRealtime();
builder.Services.AddRateLimits();
builder.Services.AddReverseProxy();
builder.Services.AddApiDocumentation();
builder.Services.AddClarifications();
builder.Services.AddHints();
builder.Services.AddCcs();
builder.Services.AddHealthChecks().AddDockerEngineHealthCheck();
builder.Services.AddApugMetrics();
builder.AddScaleOut(); // PostgreSQL and Redis when configured; nothing otherwise

var app = builder.Build();
app.UseReverseProxy(); // first: the real client and public URL behind a proxy, and Apug:PathBase
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseStaticPages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter(); // after authentication: submissions are limited per team

app.MapHealth();
app.MapTeams();
app.MapChallenges();
app.MapSubmissions();
app.MapLanguages();
app.MapAdmin();
app.MapAnnouncements();
app.MapContest();
app.MapRealtime();
app.MapClarifications();
app.MapHints();
app.MapRoundup();
app.MapCcs();
app.MapSubmissionEvents();
app.MapTerminalClient();
app.MapMetrics();
app.MapApiDocumentation();

try
{
    await app.Services.GetRequiredService<Migrator>().MigrateAsync();
    if (await app.RegisterInstanceAsync() is { } refused)
    {
        app.Logger.LogCritical("Not starting: {Reason}", refused);
        return 1;
    }
}
catch (Exception ex) when (ex is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
{
    // A database that is not up yet (compose starts them together) or not configured: one line, no stack trace; a
    // supervisor (compose's restart policy, systemd) starts the judge again.
    app.Logger.LogCritical("Not starting: the database could not be prepared: {Reason}", ex.Message);
    return 1;
}
app.Run();
return 0;

public partial class Program;
