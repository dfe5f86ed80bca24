using Apug.Server.Contest;
using Microsoft.Extensions.Options;

namespace Apug.Server.Terminal;

/// <summary>GET /submit.py: the terminal client (Python standard library only) with this server's address written in.</summary>
public static class TerminalClientEndpoints
{
    private const string Placeholder = "__APUG_SERVER__";

    private static readonly Lazy<string> Script = new(() =>
    {
        using var stream = typeof(TerminalClientEndpoints).Assembly.GetManifestResourceStream("Apug.Server.Terminal.submit.py")
                           ?? throw new InvalidOperationException("submit.py is not embedded in the server");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static RouteHandlerBuilder MapTerminalClient(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/submit.py", (HttpRequest request, IOptions<ContestOptions> options) =>
        {
            // The address participants use: Apug:PublicUrl when set, else the one this request came in on.
            var server = string.IsNullOrWhiteSpace(options.Value.PublicUrl)
                ? $"{request.Scheme}://{request.Host}{request.PathBase}"
                : options.Value.PublicUrl.TrimEnd('/');
            return TypedResults.Text(Script.Value.Replace($"\"{Placeholder}\"", "\"" + server.Replace("\\", "").Replace("\"", "") + "\"", StringComparison.Ordinal),
                "text/x-python; charset=utf-8");
        }).WithTags("Terminal client").WithSummary("The terminal client, submit.py, for this server");
}
