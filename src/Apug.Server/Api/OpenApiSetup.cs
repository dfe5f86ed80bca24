using Apug.Server.Admin;
using Apug.Server.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace Apug.Server.Api;

/// <summary>
/// The OpenAPI document (/openapi/v1.json) generated from the endpoints' own metadata, and the Scalar API page
/// (/api-docs), whose script the Scalar package serves from this server: venues are offline.
/// </summary>
public static class OpenApiSetup
{
    public const string DocumentPath = "/openapi/v1.json";
    public const string PagePath = "/api-docs";
    public const string TeamScheme = "teamToken";
    public const string AdminScheme = "adminToken";
    public const string AdminBasicScheme = "adminBasic";

    public static IServiceCollection AddApiDocumentation(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Apug Judge",
                    Version = "v1",
                    Description = "Teams register, read challenges and submit Python; organisers run the contest under /api/admin. " +
                                  "Every error is an RFC 7807 problem (application/problem+json) with a message meant for the reader.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes[TeamScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "The team token from POST /api/teams: 'Authorization: Bearer <token>'.",
                };
                document.Components.SecuritySchemes[AdminScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "bearer",
                    Description = "The organisers' admin token (Apug:AdminToken, or the one printed at the first start).",
                };
                document.Components.SecuritySchemes[AdminBasicScheme] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http, Scheme = "basic",
                    Description = "The admin token as the password of HTTP Basic (any user name), for the ICPC tools on /api/ccs.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer(DescribeAccessAndProblems);
            // The Contest API's own wire format and optional credentials (see Ccs/CcsOpenApi.cs).
            options.AddSchemaTransformer(Ccs.CcsOpenApi.UseWireNamesAsync);
            options.AddOperationTransformer(Ccs.CcsOpenApi.DescribeAccessAsync);
        });

    /// <summary>
    /// Security requirements from the endpoint's authorization metadata, and the problem answers every endpoint can give
    /// (handlers build them with TypedResults.Problem, which carries no status code the generator could see).
    /// </summary>
    private static async Task DescribeAccessAndProblems(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var document = context.Document;
        operation.Responses ??= new OpenApiResponses();
        var problem = await context.GetOrCreateSchemaAsync(typeof(ProblemDetails), cancellationToken: cancellationToken);
        document?.AddComponent("ProblemDetails", problem);

        void Problem(string status, string description)
        {
            if (operation.Responses.ContainsKey(status)) return;
            operation.Responses[status] = new OpenApiResponse
            {
                Description = description,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/problem+json"] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", document) },
                },
            };
        }

        if (authorize.Count > 0 && !anonymous && document is not null)
        {
            var admin = authorize.Any(a => a.Policy == AdminAuthentication.PolicyName);
            operation.Security = admin
                ? [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(AdminScheme, document)] = [] }]
                : [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(TeamScheme, document)] = [] }];
            Problem("401", admin ? "The admin token is missing or wrong." : "The team token is missing or unknown.");
            if (authorize.Any(a => a.Policy == Disqualification.PolicyName))
                Problem("403", "The team has been disqualified, or the contest does not take this submission now (the problem says which).");
        }
        if (metadata.OfType<JsonBodyMetadata>().FirstOrDefault() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = !body.Optional,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["application/json"] = new() { Schema = await context.GetOrCreateSchemaAsync(body.Type, cancellationToken: cancellationToken) },
                },
            };
        }
        if (context.Description.HttpMethod is "POST" or "PUT" or "PATCH")
        {
            Problem("400", "The body is not valid JSON for this request, or a field is wrong (the problem names it).");
            Problem("415", "The body is not sent as application/json.");
        }
        if (context.Description.RelativePath?.Contains('{') == true) Problem("404", "There is no such object.");
        if (metadata.OfType<EnableRateLimitingAttribute>().Any()) Problem("429", "Too many requests; the Retry-After header says when to try again.");
        Problem("500", "The server failed; the problem says what it could.");
    }

    public static IEndpointRouteBuilder MapApiDocumentation(this IEndpointRouteBuilder routes)
    {
        routes.MapOpenApi(DocumentPath).ExcludeFromDescription();
        routes.MapScalarApiReference(PagePath, options => options
            .WithTitle("Apug Judge API")
            .WithOpenApiRoutePattern(DocumentPath)
            .AddPreferredSecuritySchemes(TeamScheme)
            // Offline venues: nothing from a CDN, no web fonts, no telemetry, no hosted helpers.
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()).ExcludeFromDescription();
        return routes;
    }
}
