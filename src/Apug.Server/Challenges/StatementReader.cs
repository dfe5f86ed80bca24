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
    // Raw HTML is disabled so a statement cannot inject scripts into participant pages.
    private static readonly MarkdownPipeline Pipeline = new MarkdownPipelineBuilder().UseAdvancedExtensions().DisableHtml().Build();

    /// <summary>
    /// The statement, or what there is of it: a package without one still loads (warnings say what is missing), and
    /// a PDF (statement folder, or problem.pdf at the root as DOMjudge keeps it) is offered for download.
    /// </summary>
    public static ChallengeStatement Read(string packageRoot, IReadOnlyDictionary<string, string> constants, List<PackageIssue> warnings)
    {
        string? folder = new[] { "statement", "problem_statement" }.FirstOrDefault(f => Directory.Exists(Path.Combine(packageRoot, f)));
        string? rootPdf = File.Exists(Path.Combine(packageRoot, "problem.pdf")) ? Path.Combine(packageRoot, "problem.pdf") : null;
        if (folder is null)
        {
            warnings.Add(rootPdf is null
                ? new("statement", "no problem statement (statement/problem.en.md or .tex): participants see only the name, the samples and the limits")
                : new("problem.pdf", "the statement is only a PDF: participants download it, there is no statement on the page"));
            return new ChallengeStatement(StatementFormat.None, "", rootPdf);
        }

        string directory = Path.Combine(packageRoot, folder);
        var languageFiles = PackageFiles.Files(directory)
            .Select(Path.GetFileName).OfType<string>()
            .Select(name => ProblemFileName().Match(name))
            .Where(m => m.Success && m.Groups["language"].Success && m.Groups["language"].Value != "en")
            .Select(m => m.Groups["language"].Value)
            .Distinct().Order(StringComparer.Ordinal);
        string[] languageSuffixes = [".en", "", .. languageFiles.Select(language => "." + language)];

        string? pdf = languageSuffixes.Select(suffix => Path.Combine(directory, $"problem{suffix}.pdf")).FirstOrDefault(File.Exists) ?? rootPdf;
        foreach (string suffix in languageSuffixes)
        {
            string markdown = Path.Combine(directory, $"problem{suffix}.md");
            if (File.Exists(markdown))
                return new ChallengeStatement(StatementFormat.Markdown, RenderMarkdown(File.ReadAllText(markdown), constants), pdf);
            string latex = Path.Combine(directory, $"problem{suffix}.tex");
            if (File.Exists(latex))
            {
                var rendered = LatexStatement.Render(File.ReadAllText(latex), constants, file => StatementImageUrl(packageRoot, folder, file));
                foreach (var warning in rendered.Warnings)
                    warnings.Add(new(PackageFiles.Relative(packageRoot, latex), warning));
                return new ChallengeStatement(StatementFormat.Latex, rendered.Html, pdf);
            }
        }
        warnings.Add(pdf is null
            ? new(folder, $"no problem statement: expected {folder}/problem.en.md or problem.en.tex; participants see only the name, the samples and the limits")
            : new(PackageFiles.Relative(packageRoot, pdf), "the statement is only a PDF: participants download it, there is no statement on the page"));
        return new ChallengeStatement(StatementFormat.None, "", pdf);
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
        return RenderMarkdownText(substituted);
    }

    /// <summary>Replaces {{name}} and {{name.variant}} of known constants; unknown ones stay as they are.</summary>
    public static string SubstituteConstants(string text, IReadOnlyDictionary<string, string> constants) =>
        constants.Count == 0 ? text : ConstantSequence().Replace(text, match => constants.TryGetValue(match.Groups[1].Value, out string? value) ? value : match.Value);

    private static string RenderMarkdownText(string substituted) => Markdown.ToHtml(LatexDelimitersToDollars(substituted), Pipeline);

    /// <summary>
    /// Markdown reads \( and \[ as escaped brackets, so LaTeX-style math delimiters become $ and $$ (which Markdig's
    /// math extension keeps for KaTeX as \( \) and \[ \]); fenced code blocks are left as they are.
    /// </summary>
    private static string LatexDelimitersToDollars(string markdown)
    {
        var parts = FencedCode().Split(markdown);
        for (int i = 0; i < parts.Length; i += 2)
        {
            // A display formula on lines of its own becomes a $$ block, which Markdig keeps as display math.
            parts[i] = DisplayMathDelimiters().Replace(parts[i], match => $"\n$$\n{match.Groups[1].Value.Trim()}\n$$\n");
            parts[i] = OneLineDisplayMath().Replace(parts[i], match => $"$$\n{match.Groups[1].Value.Trim()}\n$$");
            parts[i] = InlineMathDelimiters().Replace(parts[i], match => $"${match.Groups[1].Value.Trim()}$");
        }
        return string.Concat(parts);
    }

    [GeneratedRegex(@"(^```[^\n]*\n[\s\S]*?^```[ \t]*$)", RegexOptions.Multiline)]
    private static partial Regex FencedCode();

    [GeneratedRegex(@"\\\[([\s\S]+?)\\\]")]
    private static partial Regex DisplayMathDelimiters();

    [GeneratedRegex(@"^[ \t]*\$\$([^\n$]+)\$\$[ \t]*$", RegexOptions.Multiline)]
    private static partial Regex OneLineDisplayMath();

    [GeneratedRegex(@"\\\(([^\n]+?)\\\)")]
    private static partial Regex InlineMathDelimiters();

    /// <summary>Image types a browser shows; the statement endpoint serves only these.</summary>
    public static readonly IReadOnlyDictionary<string, string> ImageTypes = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        [".png"] = "image/png", [".jpg"] = "image/jpeg", [".jpeg"] = "image/jpeg", [".gif"] = "image/gif", [".webp"] = "image/webp",
    };

    /// <summary>The URL of an image of the statement folder (LaTeX may leave out the extension), or null.</summary>
    private static string? StatementImageUrl(string packageRoot, string folder, string file)
    {
        var candidates = Path.HasExtension(file) && ImageTypes.ContainsKey(Path.GetExtension(file))
            ? [file]
            : ImageTypes.Keys.Select(extension => file + extension);
        string? found = candidates.FirstOrDefault(name => FindStatementFile(packageRoot, name) is not null);
        return found is null ? null : $"/api/challenges/{Uri.EscapeDataString(Path.GetFileName(packageRoot))}/statement/{string.Join('/', found.Split('/').Select(Uri.EscapeDataString))}";
    }

    /// <summary>An image file inside the statement folder by its relative name, never outside it; null when there is none.</summary>
    public static string? FindStatementFile(string packageRoot, string name)
    {
        if (!ImageTypes.ContainsKey(Path.GetExtension(name))) return null;
        foreach (string folder in new[] { "statement", "problem_statement" })
        {
            string directory = Path.GetFullPath(Path.Combine(packageRoot, folder));
            string path = Path.GetFullPath(Path.Combine(directory, name));
            if (path.StartsWith(directory + Path.DirectorySeparatorChar, StringComparison.Ordinal) && File.Exists(path)) return path;
        }
        return null;
    }

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

    [GeneratedRegex(@"\{\{([a-zA-Z_][a-zA-Z0-9_]*(?:\.[a-zA-Z_][a-zA-Z0-9_]*)?)\}\}")]
    private static partial Regex ConstantSequence();

    [GeneratedRegex(@"\\problemname\{([^{}]*)\}")]
    private static partial Regex ProblemNameCommand();
}
