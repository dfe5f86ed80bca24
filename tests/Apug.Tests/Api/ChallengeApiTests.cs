using System.Net;
using System.Net.Http.Json;
using Apug.Tests.Infrastructure;

namespace Apug.Tests.Api;

public sealed class ChallengeApiTests : IDisposable
{
    private readonly ApugFactory bundled = new();
    private readonly ApugFactory fixtures = new(TestPaths.TestPackages);

    public void Dispose()
    {
        foreach (var factory in new[] { bundled, fixtures })
        {
            factory.Dispose();
            factory.DeleteData();
        }
    }

    private sealed record LimitsDto(double TimeLimitSeconds, int MemoryMiB, int OutputMiB, int? CodeKiB);

    private sealed record SummaryDto(string Id, string Name, string Type, LimitsDto Limits, int SampleCount, int TestCount);

    private sealed record SampleDto(string Name, string Input, string Output);

    private sealed record DetailDto(string Id, string Name, string Type, LimitsDto Limits, string StatementFormat, string StatementHtml,
        string? StatementPdfUrl, SampleDto[] Samples);

    [Fact]
    public async Task TheBundledChallengesAreListedWithTheirLimits()
    {
        var list = await bundled.CreateClient().GetFromJsonAsync<SummaryDto[]>("/api/challenges");
        Assert.NotNull(list);
        var hello = Assert.Single(list, c => c.Id == "hello-pug");
        Assert.Equal("Hello, PUG!", hello.Name);
        Assert.Equal(1.0, hello.Limits.TimeLimitSeconds);
        Assert.Equal(2, hello.SampleCount);
        Assert.Equal(10, hello.TestCount);
        Assert.Contains(list, c => c.Id == "pizza-slices");
    }

    [Fact]
    public async Task AChallengeShowsItsRenderedStatementAndSamplesButNoSecretData()
    {
        var client = bundled.CreateClient();
        var response = await client.GetAsync("/api/challenges/hello-pug");
        var text = await response.Content.ReadAsStringAsync();
        var detail = await response.Content.ReadFromJsonAsync<DetailDto>();
        Assert.NotNull(detail);
        Assert.Equal("Markdown", detail.StatementFormat);
        Assert.Contains("<p>", detail.StatementHtml);
        Assert.Equal(["sample/1", "sample/2"], detail.Samples.Select(s => s.Name));
        Assert.Equal(File.ReadAllText(Path.Combine(TestPaths.BundledChallenges, "hello-pug", "data", "sample", "1.in")), detail.Samples[0].Input);
        foreach (var secret in Directory.EnumerateFiles(Path.Combine(TestPaths.BundledChallenges, "hello-pug", "data", "secret"), "*.ans"))
        {
            var answer = File.ReadAllText(secret).Trim();
            if (answer.Length > 12) Assert.DoesNotContain(answer, text);
        }
    }

    [Fact]
    public async Task ALatexStatementIsRenderedAndItsPdfCanBeDownloaded()
    {
        var client = fixtures.CreateClient();
        var detail = await client.GetFromJsonAsync<DetailDto>("/api/challenges/latex-statement");
        Assert.NotNull(detail);
        Assert.Equal("Latex", detail.StatementFormat);
        Assert.Contains("<h2>Input</h2>", detail.StatementHtml);
        Assert.DoesNotContain("\\problemname", detail.StatementHtml);
        Assert.Equal("/api/challenges/latex-statement/statement.pdf", detail.StatementPdfUrl);
        var pdf = await client.GetAsync(detail.StatementPdfUrl);
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task StatementImagesAreServedAndNothingElseOfThePackageIs()
    {
        using var folder = new Challenges.TemporaryFolder();
        folder.CopyFolder(Path.Combine(TestPaths.TestPackages, "compat", "latex-rich"), "rich");
        using var factory = new ApugFactory(folder.FullPath);
        var client = factory.CreateClient();
        var image = await client.GetAsync("/api/challenges/rich/statement/pug.png");
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
        foreach (var url in new[] { "/api/challenges/rich/statement/problem.en.tex", "/api/challenges/rich/statement/..%2F..%2Fdata%2Fsecret%2F1.ans",
                     "/api/challenges/rich/statement/../problem.yaml", "/api/challenges/rich/statement/missing.png" })
        {
            var response = await client.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{url}: {(int)response.StatusCode}");
        }
        factory.DeleteData();
    }

    [Theory]
    [InlineData("/api/challenges/no-such-thing")]
    [InlineData("/api/challenges/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/challenges/hello-pug/statement.pdf")]
    public async Task UnknownChallengesAndMissingPdfsAreProblemDetails404(string url)
    {
        var response = await bundled.CreateClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
