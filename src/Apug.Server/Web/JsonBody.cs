using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Apug.Server.Web;

/// <summary>How large a body may be, and what to say when it is larger (default: the body size).</summary>
public sealed record JsonBodyLimit(int MaxBytes, string? TooLarge = null);

/// <summary>What WithJsonBody declares: the body's type and whether it may be left out (the OpenAPI document reads it too).</summary>
public sealed record JsonBodyMetadata(Type Type, bool Optional, Func<HttpContext, JsonBodyLimit> Limit, string? InvalidTitle);

/// <summary>
/// A JSON request body read with a size limit and precise errors: model binding would answer a bare 400, and a
/// participant on venue Wi-Fi deserves to know what was wrong. The endpoint declares it with WithJsonBody, whose
/// filter answers a broken body as a problem and a wrong field (the record's DataAnnotations) as a validation problem
/// before the handler runs.
/// </summary>
public sealed class JsonBody<T> : IBindableFromHttpContext<JsonBody<T>> where T : class
{
    private readonly T? value;

    private JsonBody(T? value, ProblemHttpResult? problem)
    {
        this.value = value;
        Problem = problem;
    }

    /// <summary>The body of an endpoint whose body is required (the filter has answered any other case).</summary>
    public T Value => value ?? throw new InvalidOperationException($"The optional {typeof(T).Name} body was left out; read ValueOrNull.");

    /// <summary>The body, or null when an optional body was left out.</summary>
    public T? ValueOrNull => value;

    internal ProblemHttpResult? Problem { get; }

    public static async ValueTask<JsonBody<T>?> BindAsync(HttpContext context, ParameterInfo parameter)
    {
        var metadata = context.GetEndpoint()?.Metadata.GetMetadata<JsonBodyMetadata>()
                       ?? throw new InvalidOperationException($"{parameter.Name}: declare the body with WithJsonBody<{typeof(T).Name}>().");
        var request = context.Request;
        if (metadata.Optional && !HasBody(context)) return new JsonBody<T>(null, null);
        var (read, problem) = await ReadAsync(request, metadata.Limit(context));
        return new JsonBody<T>(read, problem);
    }

    /// <summary>An optional body with Content-Length 0, or none announced at all, counts as absent.</summary>
    private static bool HasBody(HttpContext context) =>
        context.Request.ContentLength is not 0
        && (context.Features.Get<IHttpRequestBodyDetectionFeature>()?.CanHaveBody
            ?? (context.Request.ContentLength is not null || context.Request.Headers.TransferEncoding.Count > 0));

    private static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync(HttpRequest request, JsonBodyLimit limit)
    {
        if (!request.HasJsonContentType())
            return (null, ApiProblems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                "Send the body as JSON with the header 'Content-Type: application/json'."));
        if (request.ContentLength > limit.MaxBytes)
            return (null, TooLarge(limit));

        using var body = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (body.Length + read > limit.MaxBytes) return (null, TooLarge(limit));
                body.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel found the body itself broken (bad chunking, over its size limit): the client's fault, not a 500.
            return (null, ApiProblems.Create(ex.StatusCode, "Malformed request body", $"The request body could not be read: {ex.Message}"));
        }
        if (body.Length == 0)
            return (null, ApiProblems.Create(StatusCodes.Status400BadRequest, "Empty body", "The request body is empty; send a JSON object."));

        var options = request.HttpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            var value = JsonSerializer.Deserialize<T>(body.GetBuffer().AsSpan(0, (int)body.Length), options);
            return value is null
                ? (null, ApiProblems.Create(StatusCodes.Status400BadRequest, "Invalid JSON", "The body must be a JSON object, not null."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 1 } path ? $" at '{path}'" : "";
            return (null, ApiProblems.Create(StatusCodes.Status400BadRequest, "Invalid JSON",
                $"The body is not valid JSON for this request{where}: {FirstSentence(ex.Message)}"));
        }
        catch (InvalidOperationException ex)
        {
            // System.Text.Json reports invalid UTF-16 escapes (lone surrogates) this way.
            return (null, ApiProblems.Create(StatusCodes.Status400BadRequest, "Invalid JSON", $"The body is not valid JSON text: {FirstSentence(ex.Message)}"));
        }
    }

    private static ProblemHttpResult TooLarge(JsonBodyLimit limit) => ApiProblems.Create(StatusCodes.Status413PayloadTooLarge,
        "Request too large", limit.TooLarge ?? $"The request body is larger than the {limit.MaxBytes / 1024} KiB this endpoint accepts.");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}

public static class JsonBodyEndpoints
{
    /// <summary>The handler takes a JsonBody&lt;T&gt; of at most maxBytes; a broken body or a field against T's rules never reaches it.</summary>
    /// <param name="invalidTitle">The validation problem's title when a field is wrong (default: the framework's).</param>
    public static RouteHandlerBuilder WithJsonBody<T>(this RouteHandlerBuilder builder, int maxBytes, bool optional = false, string? invalidTitle = null)
        where T : class => builder.WithJsonBody<T>(_ => new JsonBodyLimit(maxBytes), optional, invalidTitle);

    /// <summary>The same with a limit that depends on the request's services (the submission's, on the challenges loaded).</summary>
    public static RouteHandlerBuilder WithJsonBody<T>(
        this RouteHandlerBuilder builder, Func<HttpContext, JsonBodyLimit> limit, bool optional = false, string? invalidTitle = null) where T : class =>
        builder.WithMetadata(new JsonBodyMetadata(typeof(T), optional, limit, invalidTitle))
            .ProducesValidationProblem() // the filter's answer, which the handler's own result types do not show
            .AddEndpointFilter(async (context, next) =>
            {
                var body = context.Arguments.OfType<JsonBody<T>>().Single();
                if (body.Problem is { } problem) return problem;
                if (body.ValueOrNull is { } value && Validate(value) is { Count: > 0 } errors)
                    return TypedResults.ValidationProblem(errors, title: invalidTitle);
                return await next(context);
            });

    /// <summary>The record's DataAnnotations (and IValidatableObject): the first message for each field, by its JSON name.</summary>
    public static Dictionary<string, string[]> Validate(object value)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true);
        var errors = new Dictionary<string, string[]>();
        foreach (var result in results)
        foreach (var member in result.MemberNames.DefaultIfEmpty(""))
            errors.TryAdd(JsonNamingPolicy.CamelCase.ConvertName(member), [result.ErrorMessage ?? "This field is not valid."]);
        return errors;
    }
}
