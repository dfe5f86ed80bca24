using Microsoft.AspNetCore.StaticFiles;

namespace Apug.Server.Admin;

/// <summary>Serves wwwroot/admin (a static page). The page is public; everything it loads from /api/admin needs the token.</summary>
public static class AdminPage
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void MapAdminPage(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin", (IWebHostEnvironment environment) => Serve(environment, "index.html")).ExcludeFromDescription();
        routes.MapGet("/admin/{file}", (string file, IWebHostEnvironment environment) => Serve(environment, file)).ExcludeFromDescription();
    }

    private static IResult Serve(IWebHostEnvironment environment, string file)
    {
        // One flat folder: a name with a path separator or '..' never reaches the file system.
        if (file.Contains('/') || file.Contains('\\') || file.StartsWith('.')) return TypedResults.NotFound();
        var info = environment.WebRootFileProvider.GetFileInfo($"admin/{file}");
        // The web root follows the content root, which is the repository root under dotnet run; the build output has a copy.
        var path = info is { Exists: true, PhysicalPath: { } physical } ? physical : Path.Combine(AppContext.BaseDirectory, "wwwroot", "admin", file);
        if (!File.Exists(path)) return TypedResults.NotFound();
        var contentType = ContentTypes.TryGetContentType(file, out var type) ? type : "application/octet-stream";
        return TypedResults.PhysicalFile(path, contentType);
    }
}
