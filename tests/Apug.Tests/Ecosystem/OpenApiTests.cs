using System.Text.Json.Nodes;
using Apug.Tests.Admin;
using Apug.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Apug.Tests.Ecosystem;

/// <summary>The OpenAPI document against the endpoints the app really maps, and the API page in Chromium, offline.</summary>
[Collection(BrowserCollection.Name)]
public sealed class OpenApiTests(Chromium chromium) : IClassFixture<Chromium>, IDisposable
{
    private readonly ApugFactory factory = new(settings: AdminClient.Settings);

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    // Not part of the HTTP API, each for a reason: the hub speaks SignalR, the document and the page describe the API,
    // the probes and the metrics speak the monitors' plain-text formats.
    private static readonly string[] NotDocumented =
        ["/hubs/contest", "/hubs/contest/negotiate", "/openapi/v1.json", "/health", "/health/live", "/metrics"];

    private static bool IsDocumented(string path) => !NotDocumented.Contains(path) && !path.StartsWith("/api-docs", StringComparison.Ordinal);

    // POSTs that are commands without a body (the rest must describe the JSON they read).
    private static readonly string[] BodylessPosts =
    [
        "/api/admin/challenges/reload", "/api/admin/teams/{id}/reinstate", "/api/admin/teams/{id}/hide", "/api/admin/teams/{id}/unhide",
        "/api/admin/submissions/{id}/rejudge", "/api/admin/rejudge", "/api/admin/contest/end", "/api/admin/contest/freeze",
        "/api/admin/contest/unfreeze", "/api/admin/contest/reveal/next", "/api/admin/contest/reveal/stop", "/api/admin/contest/reveal/all",
        "/api/teams/join-codes", "/api/admin/hints/{challengeId}/{number}/release",
    ];

    [Fact]
    public async Task EveryMappedEndpointIsInTheDocumentWithItsProblemAnswersAndBearerSchemes()
    {
        using var client = factory.CreateClient();
        var response = await client.GetAsync("/openapi/v1.json");
        response.EnsureSuccessStatusCode();
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var paths = document["paths"]!.AsObject();

        var endpoints = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Path: Normalise(e.RoutePattern.RawText!), Method: m)))
            .Where(e => IsDocumented(e.Path))
            .Distinct().ToList();
        Assert.True(endpoints.Count > 30, $"only {endpoints.Count} endpoints found: the enumeration itself is broken");

        var missing = endpoints.Where(e => paths[e.Path]?[e.Method.ToLowerInvariant()] is null).Select(e => $"{e.Method} {e.Path}").ToList();
        Assert.True(missing.Count == 0, "Endpoints missing from /openapi/v1.json: " + string.Join(", ", missing));

        foreach (var (path, method) in endpoints)
        {
            var operation = paths[path]![method.ToLowerInvariant()]!;
            var responses = operation["responses"]!.AsObject();
            Assert.True(responses.Any(r => r.Key.StartsWith('2')), $"{method} {path} documents no success answer");
            Assert.True(responses["500"]?["content"]?["application/problem+json"] is not null, $"{method} {path} documents no problem answer");
            if (path.StartsWith("/api/admin", StringComparison.Ordinal))
            {
                Assert.Equal("adminToken", operation["security"]![0]!.AsObject().Single().Key);
                Assert.NotNull(responses["401"]);
            }
            if (path.StartsWith("/api/ccs", StringComparison.Ordinal))
            {
                // The Contest API's answers have their shapes, its credentials are optional (no token: the public view).
                var content = responses["200"]?["content"]?.AsObject();
                Assert.True(content is { Count: > 0 } && content.All(c => c.Value?["schema"] is not null), $"{method} {path} documents no answer shape");
                Assert.Equal(["", "adminToken", "adminBasic"],
                    operation["security"]!.AsArray().Select(r => r!.AsObject().Select(s => s.Key).SingleOrDefault() ?? ""));
                Assert.NotNull(responses["401"]);
            }
            if (method == "POST" && !BodylessPosts.Contains(path) && !path.StartsWith("/api/admin/contest/start", StringComparison.Ordinal)
                && !path.EndsWith("/reveal/auto", StringComparison.Ordinal))
                Assert.True(operation["requestBody"]?["content"]?["application/json"]?["schema"] is not null, $"POST {path} does not describe its body");
        }

        // The Contest API's objects as they are on the wire: snake_case, optional properties not required, numbers as numbers.
        var schemas = document["components"]!["schemas"]!;
        var ccs = schemas.AsObject().Where(s => s.Key.StartsWith("Ccs", StringComparison.Ordinal)).ToList();
        Assert.True(ccs.Count >= 20, $"only {ccs.Count} CCS schemas");
        foreach (var (name, schema) in ccs)
            foreach (var (property, _) in schema!["properties"]!.AsObject())
                Assert.True(System.Text.RegularExpressions.Regex.IsMatch(property, "^[a-z][a-z0-9_]*$"), $"{name}.{property} is not snake_case");
        var contest = schemas["CcsContest"]!;
        Assert.Equal(["id", "name", "formal_name", "start_time", "duration", "scoreboard_freeze_duration", "scoreboard_type"],
            contest["required"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal("integer", contest["properties"]!["penalty_time"]!["type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/CcsTeam",
            paths["/api/ccs/contests/{contestId}/teams"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["items"]!["$ref"]!.GetValue<string>());

        // The shapes, not only the paths: registering names its fields, submitting needs the team token.
        var register = paths["/api/teams"]!["post"]!;
        var body = register["requestBody"]!["content"]!["application/json"]!["schema"]!;
        Assert.Equal("array", body["properties"]!["members"]!["type"]!.AsArray().Select(t => t!.GetValue<string>()).Single(t => t != "null"));
        Assert.Equal("#/components/schemas/TeamRegistered",
            register["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>());
        Assert.NotNull(register["responses"]!["429"]);
        Assert.Equal("teamToken", paths["/api/submissions"]!["post"]!["security"]![0]!.AsObject().Single().Key);
        var schemes = document["components"]!["securitySchemes"]!;
        Assert.Equal("bearer", schemes["teamToken"]!["scheme"]!.GetValue<string>());
        Assert.Equal("bearer", schemes["adminToken"]!["scheme"]!.GetValue<string>());
        Assert.Equal("basic", schemes["adminBasic"]!["scheme"]!.GetValue<string>());
    }

    /// <summary>Route constraints ({id:guid}) and trailing slashes as the document spells paths.</summary>
    private static string Normalise(string pattern)
    {
        // Constraints, optional marks and catch-all stars ({**name}) are not part of an OpenAPI path.
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, @"\{\**([^}:=?]+)(:[^}]+)?\??\}", "{$1}");
        if (!path.StartsWith('/')) path = "/" + path;
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    [Fact]
    public async Task TheApiPageRendersTheDocumentFromThisServerAloneAndTheAdminPageLinksToIt()
    {
        using var server = new KestrelServer(settings: AdminClient.Settings);
        var page = await chromium.NewPageAsync();
        var foreign = new List<string>();
        // Offline venue: any request that leaves this server fails the test.
        await page.RouteAsync("**/*", async route =>
        {
            if (!route.Request.Url.StartsWith(server.Address, StringComparison.Ordinal))
            {
                lock (foreign) foreign.Add(route.Request.Url);
                await route.AbortAsync();
            }
            else
            {
                await route.ContinueAsync();
            }
        });
        await page.GotoAsync(server.Url("/admin"));
        // A relative link (the page works under a path base): where the browser resolves it is what counts.
        Assert.Equal(server.Url("/api-docs/"), await page.Locator("#api-docs-link").EvaluateAsync<string>("a => a.href"));

        await page.GotoAsync(server.Url("/api-docs/"));
        // Scalar renders the operations of the document it fetched: the registration's summary line appears.
        // Scalar renders what it read from the document: the tags in its sidebar, the description under the title.
        var sidebar = page.GetByRole(AriaRole.Complementary);
        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "Teams", Exact = true })).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Expect(sidebar.GetByRole(AriaRole.Link, new() { Name = "CCS Contest API", Exact = true })).ToBeAttachedAsync();
        await Expect(page.GetByText("Every error is an RFC 7807 problem").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Apug Judge" }).First).ToBeVisibleAsync();
        await Chromium.ScreenshotAsync(page, "api-docs");
        Assert.True(foreign.Count == 0, "The API page asked other hosts: " + string.Join(", ", foreign));
        await chromium.ClosePagesAsync();
    }
}
