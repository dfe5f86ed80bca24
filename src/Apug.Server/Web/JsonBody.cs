using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Apug.Server.Web;

/// <summary>
/// Reads a JSON request body with a size limit and precise errors. Model binding would answer a bare 400;
/// a participant on venue Wi-Fi deserves to know what was wrong.
/// </summary>
public static class JsonBody
{
    /// <param name="tooLarge">What to say when the body passes maxBytes, in the endpoint's own terms (default: the body size).</param>
    public static async Task<(T? Value, ProblemHttpResult? Problem)> ReadAsync<T>(HttpRequest request, int maxBytes, string? tooLarge = null)
        where T : class
    {
        if (!request.HasJsonContentType())
            return (null, ApiProblems.Create(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                "Send the body as JSON with the header 'Content-Type: application/json'."));
        if (request.ContentLength > maxBytes)
            return (null, TooLarge(maxBytes, tooLarge));

        using var body = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        try
        {
            while ((read = await request.Body.ReadAsync(chunk, request.HttpContext.RequestAborted)) > 0)
            {
                if (body.Length + read > maxBytes) return (null, TooLarge(maxBytes, tooLarge));
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

    private static ProblemHttpResult TooLarge(int maxBytes, string? message) => ApiProblems.Create(StatusCodes.Status413PayloadTooLarge,
        "Request too large", message ?? $"The request body is larger than the {maxBytes / 1024} KiB this endpoint accepts.");

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
