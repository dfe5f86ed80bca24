using Apug.Tests.Infrastructure;

namespace Apug.Tests.Browser;

/// <summary>The pages and their libraries come from this server, with the content types browsers insist on.</summary>
public sealed class StaticFileTests : IDisposable
{
    private readonly ApugFactory factory = new();

    public void Dispose()
    {
        factory.Dispose();
        factory.DeleteData();
    }

    [Theory]
    [InlineData("/", "text/html")]
    [InlineData("/projector/", "text/html")]
    [InlineData("/js/app.js", "text/javascript")]
    [InlineData("/js/python-worker.js", "text/javascript")]
    [InlineData("/css/app.css", "text/css")]
    [InlineData("/lib/codemirror.js", "text/javascript")]
    [InlineData("/lib/qrcode.js", "text/javascript")]
    [InlineData("/lib/signalr/signalr.min.js", "text/javascript")]
    [InlineData("/lib/pyodide/pyodide.mjs", "text/javascript")]
    [InlineData("/lib/pyodide/pyodide.asm.js", "text/javascript")]
    [InlineData("/lib/pyodide/pyodide.asm.wasm", "application/wasm")]
    [InlineData("/lib/pyodide/python_stdlib.zip", "application/zip")]
    [InlineData("/lib/pyodide/pyodide-lock.json", "application/json")]
    [InlineData("/lib/katex.js", "text/javascript")]
    [InlineData("/lib/katex/katex.min.css", "text/css")]
    [InlineData("/lib/katex/fonts/KaTeX_Main-Regular.woff2", "font/woff2")]
    [InlineData("/js/statement.js", "text/javascript")]
    [InlineData("/js/languages.js", "text/javascript")]
    public async Task EachFileThePagesLoadIsServedWithItsContentType(string path, string contentType)
    {
        var response = await factory.CreateClient().GetAsync(path);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode}");
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 0, $"{path} is empty");
    }

    [Fact]
    public async Task TheProjectorAddressWithoutASlashLeadsToTheProjectorPage()
    {
        var client = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var response = await client.GetAsync("/projector");
        Assert.Equal("/projector/", response.Headers.Location?.OriginalString.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task TheBuildCopiesOnlyTheLibraryFilesThePagesLoad()
    {
        var lib = Path.Combine(TestPaths.RepoRoot, "src", "Apug.Server", "wwwroot", "lib");
        var files = Directory.GetFiles(lib, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(lib, f).Replace('\\', '/')).Order(StringComparer.Ordinal).ToArray();
        // KaTeX's fonts: only the woff2 files its style sheet names first.
        var fonts = files.Where(f => f.StartsWith("katex/fonts/", StringComparison.Ordinal)).ToList();
        Assert.True(fonts.Count > 10 && fonts.All(f => f.EndsWith(".woff2", StringComparison.Ordinal)), string.Join(", ", fonts));
        Assert.Equal([
            ".built", "codemirror.js", "highlight.js", "highlight/a11y-dark.min.css", "katex.js", "katex/katex.min.css",
            "pyodide/pyodide-lock.json", "pyodide/pyodide.asm.js", "pyodide/pyodide.asm.wasm", "pyodide/pyodide.mjs", "pyodide/python_stdlib.zip",
            "qrcode.js", "signalr/signalr.min.js",
        ], files.Except(fonts));
        // The API still answers problems, not the page, for unknown API paths.
        var response = await factory.CreateClient().GetAsync("/api/nothing-here");
        Assert.Equal(404, (int)response.StatusCode);
    }
}
