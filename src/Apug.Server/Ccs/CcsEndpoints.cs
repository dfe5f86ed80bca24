using System.ComponentModel.DataAnnotations;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Apug.Server.Admin;
using Apug.Server.Submissions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Apug.Server.Ccs;

/// <summary>Bound from "Apug:Ccs".</summary>
public sealed class CcsOptions
{
    /// <summary>How often the event feed looks again in case a change went unannounced (every known change pokes it at once).</summary>
    [Range(50, 600_000)]
    public int RefreshMilliseconds { get; set; } = 10_000;

    /// <summary>The least time between two rebuilds of the feed: changes in between are told together. Each rebuild reads
    /// every object of the contest, so without it a busy contest rebuilds on every test of every submission.</summary>
    [Range(0, 60_000)]
    public int MinRefreshMilliseconds { get; set; } = 1_000;

    /// <summary>A newline this often when nothing happens, so proxies keep the feed open (the spec: at most 120 s).</summary>
    [Range(1, 120)]
    public int KeepAliveSeconds { get; set; } = 30;
}

/// <summary>
/// The ICPC CCS Contest API (release 2023-06), read-only, under /api/ccs. The admin token (as a bearer token, or as the
/// password of HTTP Basic with any user name, as the ICPC tools send it) sees everything; without credentials one
/// sees the public view: no hidden teams, no source, no judgements the freeze hides. See docs/ccs.md.
/// </summary>
public static class CcsEndpoints
{
    public const string Prefix = "/api/ccs";

    private static readonly string[] Collections = CcsSnapshot.CollectionNames;

    public static IServiceCollection AddCcs(this IServiceCollection services)
    {
        services.AddOptions<CcsOptions>().BindConfiguration("Apug:Ccs").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CcsData>();
        services.AddSingleton<CcsFeed>();
        services.AddHostedService(provider => provider.GetRequiredService<CcsFeed>());
        return services;
    }

    public static RouteGroupBuilder MapCcs(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup(Prefix).WithTags("CCS Contest API").ProducesProblem(StatusCodes.Status401Unauthorized).AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // The spec asks for cross-origin reads (scoreboard clients in a browser).
            http.Response.Headers.AccessControlAllowOrigin = "*";
            var auth = await http.AuthenticateAsync(AdminAuthentication.SchemeName);
            if (auth.Failure is not null || (http.Request.Headers.Authorization.Count > 0 && !auth.Succeeded))
            {
                http.Response.Headers.WWWAuthenticate = "Basic realm=\"Apug Judge Contest API\", Bearer";
                return Error(StatusCodes.Status401Unauthorized,
                    "Wrong credentials: send the admin token as a bearer token or as the HTTP Basic password (any user name), or nothing for the public view.");
            }
            http.Items[typeof(CcsView)] = auth.Succeeded ? CcsView.Admin : CcsView.Public;
            return await next(context);
        });

        group.MapGet("/", () => TypedResults.Json(new CcsApiInfo("2023-06", "https://ccs-specs.icpc.io/2023-06/contest_api",
            new CcsProvider("Apug Judge", typeof(CcsEndpoints).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev")),
            CcsFormat.Json)).WithSummary("API information").Produces<CcsApiInfo>();
        group.MapGet("/contests", async (HttpContext http, CcsData data, CancellationToken ct) =>
            TypedResults.Json(new[] { (await data.BuildAsync(View(http), ct)).Contest }, CcsFormat.Json)).WithSummary("The contests (this judge runs one)")
            .Produces<CcsContest[]>();
        group.MapGet("/contests/{contestId}", async (string contestId, HttpContext http, CcsData data, CancellationToken ct) =>
            await WithContest(contestId, data, http, ct, s => TypedResults.Json(s.Contest, CcsFormat.Json))).WithSummary("The contest")
            .Produces<CcsContest>();
        group.MapGet("/contests/{contestId}/state", async (string contestId, HttpContext http, CcsData data, CancellationToken ct) =>
            await WithContest(contestId, data, http, ct, s => TypedResults.Json(s.State, CcsFormat.Json))).WithSummary("The contest's state")
            .Produces<CcsState>();
        group.MapGet("/contests/{contestId}/scoreboard", async (string contestId, HttpContext http, CcsData data, CancellationToken ct) =>
            await WithContest(contestId, data, http, ct, s => TypedResults.Json(s.Scoreboard, CcsFormat.Json)))
            .WithSummary("The scoreboard (the public one hides results from the freeze on)").Produces<CcsScoreboard>();
        foreach (var name in Collections)
        {
            group.MapGet($"/contests/{{contestId}}/{name}", async (string contestId, HttpContext http, CcsData data, CancellationToken ct) =>
                await WithContest(contestId, data, http, ct, s => TypedResults.Json(s.Collections[name].Select(o => o.Value).ToList(), CcsFormat.Json)))
                .WithSummary($"All {name}").Produces(StatusCodes.Status200OK, CollectionShapes[name].MakeArrayType());
            group.MapGet($"/contests/{{contestId}}/{name}/{{id}}", async (string contestId, string id, HttpContext http, CcsData data, CancellationToken ct) =>
                await WithContest(contestId, data, http, ct, s => s.Collections[name].FirstOrDefault(o => o.Id == id) is { Value: { } value }
                    ? TypedResults.Json(value, CcsFormat.Json)
                    : Error(StatusCodes.Status404NotFound, $"There is no {name} object '{id}' in this contest{(View(http) == CcsView.Public ? " (that the public may see)" : "")}.")))
                .WithSummary($"One of {name} by id").Produces(StatusCodes.Status200OK, CollectionShapes[name]);
        }
        group.MapGet("/contests/{contestId}/access", (string contestId, HttpContext http, CcsData data) =>
            contestId != data.ContestId ? (IResult)UnknownContest(contestId, data) : TypedResults.Json(Access(), CcsFormat.Json))
            .WithSummary("What this client may read (the same endpoints and properties for both views; it has no capabilities)").Produces<CcsAccess>();
        group.MapGet("/contests/{contestId}/account", (string contestId, HttpContext http, CcsData data) =>
            contestId != data.ContestId ? (IResult)UnknownContest(contestId, data)
            : View(http) == CcsView.Admin ? TypedResults.Json(CcsSnapshot.AdminAccount, CcsFormat.Json)
            : Error(StatusCodes.Status404NotFound, "No account: the public view has none (send the admin token to be the organisers' account)."))
            .WithSummary("The account this client is logged in as (organisers only; 404 for the public)").Produces<CcsAccount>();
        group.MapGet("/contests/{contestId}/submissions/{id}/files", SubmissionFilesAsync).WithSummary("A submission's source as files.zip (admin only)")
            .Produces<byte[]>(StatusCodes.Status200OK, "application/zip").ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapGet("/contests/{contestId}/event-feed", EventFeedAsync).WithSummary("NDJSON change notifications (since_token, stream=false for a finite dump)")
            .Produces<string>(StatusCodes.Status200OK, "application/x-ndjson").ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    public sealed record CcsEndpointAccess(string Type, IReadOnlyList<string> Properties);

    public sealed record CcsAccess(IReadOnlyList<string> Capabilities, IReadOnlyList<CcsEndpointAccess> Endpoints);

    private static readonly (string Type, Type Shape)[] Shapes =
    [
        ("contest", typeof(CcsContest)), ("judgement-types", typeof(CcsJudgementType)), ("languages", typeof(CcsLanguage)),
        ("problems", typeof(CcsProblem)), ("groups", typeof(CcsGroup)), ("organizations", typeof(CcsOrganization)), ("teams", typeof(CcsTeam)),
        ("persons", typeof(CcsPerson)), ("accounts", typeof(CcsAccount)),
        ("state", typeof(CcsState)), ("submissions", typeof(CcsSubmission)), ("judgements", typeof(CcsJudgement)), ("runs", typeof(CcsRun)),
        ("clarifications", typeof(CcsClarification)), ("awards", typeof(CcsAward)), ("scoreboard", typeof(CcsScoreboard)),
    ];

    private static readonly Dictionary<string, Type> CollectionShapes = Shapes.Where(s => Collections.Contains(s.Type)).ToDictionary(s => s.Type, s => s.Shape);

    /// <summary>Read-only: no capabilities; every endpoint with the properties its objects may carry, named as sent.</summary>
    private static CcsAccess Access() => new([], Shapes.Select(s => new CcsEndpointAccess(s.Type,
        s.Shape.GetProperties().Select(p => CcsFormat.Json.PropertyNamingPolicy!.ConvertName(p.Name)).ToList())).ToList());

    private static CcsView View(HttpContext http) => http.Items[typeof(CcsView)] is CcsView view ? view : CcsView.Public;

    private static async Task<IResult> WithContest(string contestId, CcsData data, HttpContext http, CancellationToken ct, Func<CcsSnapshot, IResult> answer) =>
        contestId != data.ContestId ? UnknownContest(contestId, data) : answer(await data.BuildAsync(View(http), ct));

    private static ProblemHttpResult UnknownContest(string contestId, CcsData data) =>
        Error(StatusCodes.Status404NotFound, $"There is no contest '{contestId}': this judge runs '{data.ContestId}'.");

    /// <summary>A problem (RFC 7807) that also carries the spec's own error fields, code and message.</summary>
    private static ProblemHttpResult Error(int status, string message) => TypedResults.Problem(detail: message, statusCode: status,
        extensions: new Dictionary<string, object?> { ["code"] = status, ["message"] = message });

    private static async Task<IResult> SubmissionFilesAsync(string contestId, string id, HttpContext http, CcsData data, SubmissionStore store, CancellationToken ct)
    {
        if (contestId != data.ContestId) return UnknownContest(contestId, data);
        if (View(http) != CcsView.Admin)
            return Error(StatusCodes.Status403Forbidden, "Only organisers (the admin token) may download source code.");
        if (!Guid.TryParse(id, out var submissionId) || await store.FindAsync(submissionId, ct) is not { } submission)
            return Error(StatusCodes.Status404NotFound, $"There is no submission '{id}'.");
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            await using var entry = archive.CreateEntry("solution.py").Open();
            await entry.WriteAsync(Encoding.UTF8.GetBytes(submission.Source), ct);
        }
        return TypedResults.File(zip.ToArray(), "application/zip", "files.zip");
    }

    private static async Task<IResult> EventFeedAsync(
        string contestId, HttpContext http, CcsData data, CcsFeed feed, Microsoft.Extensions.Options.IOptions<CcsOptions> options,
        string? since_token, string? stream, CancellationToken ct)
    {
        if (contestId != data.ContestId) return UnknownContest(contestId, data);
        var view = View(http);
        if (feed.Position(view, since_token) is not { } position)
            return Error(StatusCodes.Status400BadRequest,
                $"The token '{since_token}' is not one this server gave out since it started; connect without since_token for the whole feed.");
        var live = !string.Equals(stream, "false", StringComparison.OrdinalIgnoreCase);
        http.Response.ContentType = "application/x-ndjson";
        http.Response.Headers.CacheControl = "no-cache";
        var keepAlive = TimeSpan.FromSeconds(options.Value.KeepAliveSeconds);
        try
        {
            do
            {
                var lines = await feed.ReadAsync(view, position, live ? keepAlive : TimeSpan.Zero, ct);
                var text = new StringBuilder();
                foreach (var line in lines) text.Append(line).Append('\n');
                if (lines.Count == 0 && live) text.Append('\n');
                position += lines.Count;
                await http.Response.WriteAsync(text.ToString(), ct);
                await http.Response.Body.FlushAsync(ct);
            }
            while (live);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away: a feed ends that way.
        }
        return Results.Empty;
    }
}
