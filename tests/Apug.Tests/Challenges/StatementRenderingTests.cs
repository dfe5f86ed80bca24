using Apug.Server.Challenges;

namespace Apug.Tests.Challenges;

/// <summary>LaTeX statements rendered as problemtools' HTML output covers them; math left for KaTeX, in LaTeX and Markdown alike.</summary>
public class StatementRenderingTests
{
    private static readonly Dictionary<string, string> NoConstants = [];

    private static LatexStatement.Result Latex(string source, Func<string, string?>? images = null) =>
        LatexStatement.Render(source, NoConstants, images ?? (_ => null));

    [Fact]
    public void TheRichFixtureRendersEveryPartOfTheSubset()
    {
        var package = CompatibilityFixtureTests.Load("latex-rich");
        string html = package.Statement.Html;
        Assert.Equal(StatementFormat.Latex, package.Statement.Format);
        Assert.Contains("<h2>Input</h2>", html);
        Assert.Contains("<ul><li>one line with <span class=\"math-inline\">\\(a\\)</span>", html);
        Assert.Contains("<ol><li>Print <code>a+b</code>.</li></ol>", html);
        Assert.Contains("<strong>their sum</strong>", html);
        Assert.Contains("“easy” — mostly", html);
        Assert.Contains("<div class=\"math-display\">\\[ s = a + b \\]</div>", html);
        Assert.Contains("<span class=\"math-inline\">\\(-10^9 \\le a, b \\le 10^9\\)</span>", html);
        Assert.Contains("<table class=\"latex-table\"><tr><td>Name</td><td>Value</td></tr><tr><td><span class=\"math-inline\">\\(a\\)</span></td><td>1</td></tr></table>", html);
        Assert.Contains("<pre>1 2 &lt;tag&gt;</pre>", html);
        Assert.Contains("<img src=\"/api/challenges/latex-rich/statement/pug.png\"", html);
        Assert.Contains("<figcaption>A pug, in <em>colour</em>.</figcaption>", html);
        Assert.DoesNotContain("a comment that must not show", html);
        Assert.DoesNotContain("problemname", html);
        // What it cannot render stays visible as source, with a warning naming it.
        Assert.Contains("<code class=\"latex-source\">\\weirdmacro{kept}</code>", html);
        Assert.Contains(package.Warnings, w => w.File == "problem_statement/problem.en.tex" && w.Reason.Contains("\\weirdmacro"));
    }

    [Fact]
    public void ParagraphsAreSplitAtBlankLines() =>
        Assert.Equal("<p>One line continues.</p>\n<p>Second.</p>\n", Latex("One line\ncontinues.\n\nSecond.\n").Html);

    [Fact]
    public void HtmlInTheSourceIsEscaped()
    {
        var html = Latex("Use <script>alert(1)</script> & $x<y$.").Html;
        Assert.Contains("&lt;script&gt;", html);
        Assert.Contains("\\(x&lt;y\\)", html);
        Assert.DoesNotContain("<script>", html);
    }

    [Fact]
    public void EscapedDollarsAreTextAndEquationEnvironmentsAreDisplayMath()
    {
        var html = Latex("It costs \\$5.\n\\begin{align*}x &= 1\\\\ y &= 2\\end{align*}").Html;
        Assert.Contains("It costs $5.", html);
        Assert.Contains("\\[\\begin{aligned}x &amp;= 1\\\\ y &amp;= 2\\end{aligned}\\]", html);
    }

    [Fact]
    public void AnImageThatIsNotThereIsReported()
    {
        var result = Latex("\\includegraphics{missing}");
        Assert.Contains(result.Warnings, w => w.Contains("image 'missing'"));
    }

    [Fact]
    public void UnknownEnvironmentsKeepTheirContentWithAWarning()
    {
        var result = Latex("\\begin{tikzpicture}\\draw (0,0);\\end{tikzpicture}");
        Assert.Contains("latex-tikzpicture", result.Html);
        Assert.Contains(result.Warnings, w => w.Contains("'tikzpicture'"));
    }

    [Fact]
    public void LinksAreOnlyHttp() =>
        Assert.Contains("<a href=\"#\">x</a>", Latex("\\href{javascript:alert(1)}{x}").Html);

    [Fact]
    public void MarkdownMathInEverySpellingIsLeftForKatex()
    {
        var html = StatementReader.RenderMarkdown("Area $a^2$, also \\(b_1\\), and\n\n$$x = 1$$\n\n\\[y = 2\\]\n\n```\n\\(code\\)\n```\n", NoConstants);
        Assert.Contains("<span class=\"math\">\\(a^2\\)</span>", html);
        Assert.Contains("<span class=\"math\">\\(b_1\\)</span>", html);
        Assert.Contains("<div class=\"math\">\n\\[\nx = 1\n\\]</div>", html);
        Assert.Contains("<div class=\"math\">\n\\[\ny = 2\n\\]</div>", html);
        Assert.Contains("\\(code\\)", html); // code stays code
        Assert.DoesNotContain("<span class=\"math\">\\(code", html);
    }
}
