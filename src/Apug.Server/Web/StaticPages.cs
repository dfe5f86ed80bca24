using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Apug.Server.Web;

/// <summary>The participant page (/), the projector (/projector/) and the libraries in wwwroot/lib, all from this server: no CDN.</summary>
public static class StaticPages
{
    public static IApplicationBuilder UseStaticPages(this IApplicationBuilder app)
    {
        var contentTypes = new FileExtensionContentTypeProvider();
        // Pyodide hangs without an error when its .wasm comes with another type, and its loader is an .mjs module.
        contentTypes.Mappings[".wasm"] = "application/wasm";
        contentTypes.Mappings[".mjs"] = "text/javascript";
        contentTypes.Mappings[".zip"] = "application/zip";
        // /projector → /projector/ → projector/index.html.
        app.UseDefaultFiles();
        return app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = contentTypes,
            // Revalidate every time (ETag → 304): after an update, phones get the new page without a hard reload.
            OnPrepareResponse = context => context.Context.Response.Headers[HeaderNames.CacheControl] = "no-cache",
        });
    }
}
