using System.Net;
using System.Text.RegularExpressions;
using Markdig;

namespace Apug.Server.Challenges;

/// <summary>
/// Finds and renders the problem statement: statement/ (2025-09) or problem_statement/ (legacy), English first
/// (a file without a language code counts as English), Markdown before LaTeX, then any other language.
/// </summary>
internal static partial class StatementReader
{
    public const string LatexNote = "This statement is in LaTeX and is shown as source.";

    // Raw HTML is disabled so a statement cannot inject scripts into participant pages.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    public static ChallengeStatement Read(string packageRoot, IReadOnlyDictionary<string, string> constants, List<PackageProblem> problems)
    {
        string? folder = new[] { "statement", "problem_statement" }.FirstOrDefault(f => Directory.Exists(Path.Combine(packageRoot, f)));
        if (folder is null)
        {
            problems.Add(new("statement", "no problem statement: expected statement/problem.en.md (or problem_statement/ in legacy packages)"));
            return new ChallengeStatement(StatementFormat.None, "", null);
        }

        string directory = Path.Combine(packageRoot, folder);
        var otherLanguages = PackageFiles.Files(directory)
            .Select(Path.GetFileName).OfType<string>()
            .Select(name => ProblemFileName().Match(name))
            .Where(m => m.Success && m.Groups["language"].Success && m.Groups["language"].Value != "en")
            .Select(m => m.Groups["language"].Value)
            .Distinct().Order(StringComparer.Ordinal);
        string[] languageSuffixes = [".en", "", .. otherLanguages.Select(language => "." + language)];

        string? pdf = new[] { "problem.en.pdf", "problem.pdf" }.Select(name => Path.Combine(directory, name)).FirstOrDefault(File.Exists);
        foreach (string suffix in languageSuffixes)
        {
            string markdown = Path.Combine(directory, $"problem{suffix}.md");
            if (File.Exists(markdown))
                return new ChallengeStatement(StatementFormat.Markdown, RenderMarkdown(File.ReadAllText(markdown), constants), pdf);
            string latex = Path.Combine(directory, $"problem{suffix}.tex");
            if (File.Exists(latex))
                return new ChallengeStatement(StatementFormat.Latex, RenderLatexSource(File.ReadAllText(latex)), pdf);
        }
        if (pdf is not null) return new ChallengeStatement(StatementFormat.None, "", pdf);

        problems.Add(new(folder, $"no problem statement: expected {folder}/problem.en.md, problem.en.tex or problem.en.pdf"));
        return new ChallengeStatement(StatementFormat.None, "", null);
    }

    /// <summary>
    /// Markdown to HTML. {{name}} is replaced by the problem.yaml constant of that name (spec: Constants);
    /// {{nextsample}} and {{remainingsamples}} are removed because the judge shows the samples after the statement.
    /// </summary>
    public static string RenderMarkdown(string markdown, IReadOnlyDictionary<string, string> constants)
    {
        string substituted = ConstantSequence().Replace(markdown, match => match.Groups[1].Value switch
        {
            "nextsample" or "remainingsamples" => "",
            var name => constants.TryGetValue(name, out string? value) ? value : match.Value,
        });
        return Markdown.ToHtml(substituted, Pipeline);
    }

    public static string RenderLatexSource(string latex) =>
        $"<p>{LatexNote}</p>\n<pre>{WebUtility.HtmlEncode(latex)}</pre>\n";

    /// <summary>The argument of \problemname{...}, used as the name when problem.yaml has none (legacy).</summary>
    public static string? LatexProblemName(string packageRoot)
    {
        foreach (string folder in new[] { "statement", "problem_statement" })
        foreach (string name in new[] { "problem.en.tex", "problem.tex" })
        {
            string path = Path.Combine(packageRoot, folder, name);
            if (File.Exists(path) && ProblemNameCommand().Match(File.ReadAllText(path)) is { Success: true } match)
                return match.Groups[1].Value.Trim();
        }
        return null;
    }

    [GeneratedRegex(@"^problem(?:\.(?<language>[A-Za-z]{2,3}(?:-[A-Za-z]{2})?))?\.(?:md|tex|pdf)$")]
    private static partial Regex ProblemFileName();

    [GeneratedRegex(@"\{\{([a-zA-Z_][a-zA-Z0-9_]*)\}\}")]
    private static partial Regex ConstantSequence();

    [GeneratedRegex(@"\\problemname\{([^{}]*)\}")]
    private static partial Regex ProblemNameCommand();
}
