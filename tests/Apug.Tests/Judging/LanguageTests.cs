using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Apug.Server.Data;
using Apug.Server.Judging;
using Apug.Tests.Challenges;
using Apug.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.DependencyInjection;

namespace Apug.Tests.Judging;

/// <summary>PyPy as well as CPython, end to end: the languages endpoint, a submission's language stored, judged and returned.</summary>
[Collection(DockerCollection.Name)]
public sealed class LanguageTests : IDisposable
{
    // Right only under PyPy: proves which interpreter ran it.
    private const string PyPyOnly = "import platform\na, b = map(int, input().split())\nprint(a + b if platform.python_implementation() == 'PyPy' else 0)\n";
    private readonly TemporaryFolder challenges = new();

    public LanguageTests()
    {
        challenges.CopyFolder(Path.Combine(TestPaths.TestPackages, "compat", "sample-only"), "sum");
        challenges.WriteMinimalPackage("guess").Write("guess/problem.yaml", "problem_format_version: 2025-09\nname: Guess\ntype: multi-pass\n");
    }

    public void Dispose() => challenges.Dispose();

    private async Task<long> StoredSubmissionsAsync(ApugFactory factory)
    {
        await using var connection = await factory.Services.GetRequiredService<Database>().OpenAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM submissions");
    }

    [Fact]
    public async Task TheLanguagesAreCPythonAndPyPy()
    {
        using var factory = new ApugFactory(challenges.FullPath);
        var languages = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/languages");
        Assert.Equal(
            ["python3 Python 3 (CPython) 3.11", "pypy3 PyPy 3 7.3.11 (Python 3.9)"],
            languages.EnumerateArray().Select(l => $"{l.GetProperty("id").GetString()} {l.GetProperty("name").GetString()} {l.GetProperty("version").GetString()}"));
        factory.DeleteData();
    }

    [Fact]
    public async Task APyPySubmissionIsJudgedByPyPyAndSaysSo()
    {
        using var factory = new ApugFactory(challenges.FullPath);
        var team = await factory.CreateTeamClientAsync();

        var pypy = await factory.SubmitAndWaitAsync(team, "sum", PyPyOnly, language: "pypy3");
        Assert.Equal((Verdict.AC, "pypy3"), (pypy.Verdict, pypy.Language));
        var cpython = await factory.SubmitAndWaitAsync(team, "sum", PyPyOnly);
        Assert.Equal((Verdict.WA, "python3"), (cpython.Verdict, cpython.Language));

        var list = await team.GetFromJsonAsync<JsonElement>("/api/submissions");
        Assert.Equal(["python3", "pypy3"], list.EnumerateArray().Select(s => s.GetProperty("language").GetString()));
        factory.DeleteData();
    }

    [Fact]
    public async Task AnUnknownLanguageIsA400NamingTheChoices()
    {
        using var factory = new ApugFactory(challenges.FullPath);
        var team = await factory.CreateTeamClientAsync();
        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "sum", source = "print(1)", language = "python2" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("'python2' is not a language here; choose one of \"python3\" (Python 3 (CPython)), \"pypy3\" (PyPy 3).",
            body.GetProperty("errors").GetProperty("language")[0].GetString());
        Assert.Equal(0, await StoredSubmissionsAsync(factory));
        factory.DeleteData();
    }

    [Fact]
    public async Task SubmittingToAMultiPassProblemIsAClearRefusalNotAJudgeError()
    {
        using var factory = new ApugFactory(challenges.FullPath);
        var team = await factory.CreateTeamClientAsync();
        var listed = await team.GetFromJsonAsync<JsonElement>("/api/challenges");
        Assert.Contains(listed.EnumerateArray(), c => c.GetProperty("id").GetString() == "guess"
            && c.GetProperty("notJudgedReason").GetString() == "multi-pass problems are not supported yet");

        var response = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "guess", source = "print(1)" });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("multi-pass problems are not supported yet", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await StoredSubmissionsAsync(factory));
        factory.DeleteData();
    }

    [Fact]
    public async Task AContestMayAllowOnlySomeLanguages()
    {
        File.WriteAllText(challenges.Combine("contest.yaml"),
            $"name: PyPy Night\nduration_minutes: 600\nstart: {DateTimeOffset.UtcNow.AddMinutes(-1):yyyy-MM-ddTHH:mm:ssZ}\nlanguages: [pypy3]\n");
        using var factory = new ApugFactory(challenges.FullPath);
        var languages = await factory.CreateClient().GetFromJsonAsync<JsonElement>("/api/languages");
        Assert.Equal(["pypy3"], languages.EnumerateArray().Select(l => l.GetProperty("id").GetString()));

        var team = await factory.CreateTeamClientAsync();
        var refused = await team.PostAsJsonAsync("/api/submissions", new { challengeId = "sum", source = "print(1)", language = "python3" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        // Without a language the contest's first one is used.
        var judged = await factory.SubmitAndWaitAsync(team, "sum", PyPyOnly);
        Assert.Equal((Verdict.AC, "pypy3"), (judged.Verdict, judged.Language));
        factory.DeleteData();
    }
}
