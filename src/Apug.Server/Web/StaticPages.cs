using System.Reflection;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace Apug.Server.Web;

/// <summary>The participant page (/), the projector (/projector/) and the libraries in wwwroot/lib, all from this server: no CDN.</summary>
public static class StaticPages
{
    public static IApplicationBuilder UseStaticPages(this IApplicationBuilder app)
    {
        var files = WebRoot(app.ApplicationServices.GetRequiredService<IWebHostEnvironment>());
        var contentTypes = new FileExtensionContentTypeProvider();
        // Pyodide hangs without an error when its .wasm comes with another type, and its loader is an .mjs module.
        contentTypes.Mappings[".wasm"] = "application/wasm";
        contentTypes.Mappings[".mjs"] = "text/javascript";
        contentTypes.Mappings[".zip"] = "application/zip";
        // /projector → /projector/ → projector/index.html.
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        return app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            ContentTypeProvider = contentTypes,
            // Revalidate every time (ETag → 304): after an update, phones get the new page without a hard reload.
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }

    /// <summary>
    /// The content root's wwwroot (a published app, the test host), else the project's wwwroot this build came from:
    /// `dotnet run` starts in the repository root (for challenges/ and sandbox-images/), where there is no wwwroot.
    /// </summary>
    private static IFileProvider WebRoot(IWebHostEnvironment environment)
    {
        if (environment.WebRootFileProvider.GetFileInfo("index.html").Exists) return environment.WebRootFileProvider;
        var built = typeof(StaticPages).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "ApugWebRoot")?.Value;
        return built is not null && File.Exists(Path.Combine(built, "index.html"))
            ? new PhysicalFileProvider(built)
            : environment.WebRootFileProvider;
    }
}
