using System.Net;
using System.Text;

namespace Apug.Server.Challenges;

/// <summary>
/// Renders the LaTeX that problem statements use (what problemtools' HTML output covers) to HTML: sections,
/// paragraphs, emphasis, lists, tables, verbatim, images of the statement folder and math. Math is left in
/// \( \) and \[ \] delimiters for KaTeX in the browser. A command or environment it does not know is shown as
/// source for that fragment, with a warning, so nothing is silently lost.
/// </summary>
internal sealed class LatexStatement
{
    public sealed record Result(string Html, IReadOnlyList<string> Warnings);

    private static readonly HashSet<string> Ignored = new(StringComparer.Ordinal)
    {
        "noindent", "medskip", "bigskip", "smallskip", "clearpage", "newpage", "centering", "raggedright", "raggedleft",
        "small", "large", "Large", "LARGE", "huge", "Huge", "normalsize", "footnotesize", "scriptsize", "tiny", "indent",
        "sampletable", "sampleinput", "nextsample", "remainingsamples", "maketitle", "hfill", "vfill", "par", "protect", "sloppy",
        "displaystyle",
    };

    // Commands whose arguments are dropped along with them (layout, labels, packages).
    private static readonly Dictionary<string, int> IgnoredWithArguments = new(StringComparer.Ordinal)
    {
        ["label"] = 1, ["vspace"] = 1, ["vspace*"] = 1, ["hspace"] = 1, ["hspace*"] = 1, ["setlength"] = 2, ["problemname"] = 1,
        ["usepackage"] = 1, ["documentclass"] = 1, ["addtolength"] = 2, ["pagestyle"] = 1, ["thispagestyle"] = 1, ["index"] = 1,
        ["fontsize"] = 2, ["selectfont"] = 0, ["newcommand"] = 2, ["renewcommand"] = 2,
    };

    private static readonly Dictionary<string, (string Open, string Close)> Wrappers = new(StringComparer.Ordinal)
    {
        ["emph"] = ("<em>", "</em>"), ["textit"] = ("<em>", "</em>"), ["textsl"] = ("<em>", "</em>"),
        ["textbf"] = ("<strong>", "</strong>"), ["texttt"] = ("<code>", "</code>"), ["underline"] = ("<u>", "</u>"),
        ["textsc"] = ("<span style=\"font-variant:small-caps\">", "</span>"), ["textsf"] = ("<span>", "</span>"),
        ["textrm"] = ("<span>", "</span>"), ["textup"] = ("<span>", "</span>"), ["mbox"] = ("<span>", "</span>"),
        ["text"] = ("<span>", "</span>"), ["textnormal"] = ("<span>", "</span>"), ["footnote"] = (" <small>(", ")</small>"),
        ["section"] = ("<h2>", "</h2>"), ["section*"] = ("<h2>", "</h2>"), ["subsection"] = ("<h3>", "</h3>"),
        ["subsection*"] = ("<h3>", "</h3>"), ["subsubsection"] = ("<h4>", "</h4>"), ["subsubsection*"] = ("<h4>", "</h4>"),
        ["paragraph"] = ("<h4>", "</h4>"), ["paragraph*"] = ("<h4>", "</h4>"),
    };

    private static readonly HashSet<string> BlockWrappers = new(StringComparer.Ordinal)
    {
        "section", "section*", "subsection", "subsection*", "subsubsection", "subsubsection*", "paragraph", "paragraph*",
    };

    private static readonly Dictionary<string, string> Symbols = new(StringComparer.Ordinal)
    {
        ["ldots"] = "…", ["dots"] = "…", ["cdots"] = "⋯", ["LaTeX"] = "LaTeX", ["TeX"] = "TeX", ["times"] = "×",
        ["textasciitilde"] = "~", ["textbackslash"] = "\\", ["textendash"] = "–", ["textemdash"] = "—", ["newline"] = "<br>",
        ["quad"] = " ", ["qquad"] = "  ", ["ss"] = "ß", ["copyright"] = "©", ["textdegree"] = "°", ["S"] = "§", ["today"] = "",
    };

    private static readonly HashSet<string> DisplayMath = new(StringComparer.Ordinal)
    {
        "equation", "equation*", "displaymath", "math", "align", "align*", "eqnarray", "eqnarray*", "gather", "gather*", "multline", "multline*",
    };

    private static readonly HashSet<string> Containers = new(StringComparer.Ordinal)
    {
        "center", "flushleft", "flushright", "figure", "figure*", "table", "table*", "minipage", "quote", "quotation", "document", "wrapfigure",
    };

    private readonly string source;
    private readonly IReadOnlyDictionary<string, string> constants;
    private readonly Func<string, string?> imageUrl;
    private readonly SortedSet<string> warnings;
    private int position;

    private LatexStatement(string source, IReadOnlyDictionary<string, string> constants, Func<string, string?> imageUrl, SortedSet<string> warnings)
    {
        this.source = source;
        this.constants = constants;
        this.imageUrl = imageUrl;
        this.warnings = warnings;
    }

    /// <param name="imageUrl">The URL of an image of the statement folder by its name in \includegraphics, or null when there is none.</param>
    public static Result Render(string latex, IReadOnlyDictionary<string, string> constants, Func<string, string?> imageUrl)
    {
        string body = StripComments(latex.ReplaceLineEndings("\n"));
        int begin = body.IndexOf("\\begin{document}", StringComparison.Ordinal);
        if (begin >= 0)
        {
            body = body[(begin + "\\begin{document}".Length)..];
            int end = body.IndexOf("\\end{document}", StringComparison.Ordinal);
            if (end >= 0) body = body[..end];
        }
        var warnings = new SortedSet<string>(StringComparer.Ordinal);
        var html = new LatexStatement(body, constants, imageUrl, warnings).Blocks();
        return new Result(html, warnings.ToList());
    }

    private string Sub(string text) => new LatexStatement(text, constants, imageUrl, warnings).Blocks();

    private string SubInline(string text) => new LatexStatement(text, constants, imageUrl, warnings).Inline(stopAtBrace: false);

    /// <summary>Top level or an environment's body: paragraphs split by blank lines, block elements between them.</summary>
    private string Blocks()
    {
        var html = new StringBuilder();
        var paragraph = new StringBuilder();
        void Flush()
        {
            var text = paragraph.ToString().Trim();
            if (text.Length > 0) html.Append("<p>").Append(text).Append("</p>\n");
            paragraph.Clear();
        }
        while (position < source.Length)
        {
            if (source[position] == '\n' && IsBlankLineAhead())
            {
                Flush();
                while (position < source.Length && char.IsWhiteSpace(source[position])) position++;
                continue;
            }
            var block = TryBlock();
            if (block is not null)
            {
                Flush();
                html.Append(block).Append('\n');
                continue;
            }
            paragraph.Append(InlineStep());
        }
        Flush();
        return html.ToString();
    }

    private bool IsBlankLineAhead()
    {
        int i = position + 1;
        while (i < source.Length && source[i] is ' ' or '\t' or '\r') i++;
        return i < source.Length && source[i] == '\n' || i >= source.Length;
    }

    /// <summary>Inline content up to the closing brace of the current group (or the end).</summary>
    private string Inline(bool stopAtBrace)
    {
        var html = new StringBuilder();
        while (position < source.Length)
        {
            if (stopAtBrace && source[position] == '}')
            {
                position++;
                break;
            }
            html.Append(InlineStep());
        }
        return html.ToString();
    }

    /// <summary>A block element at the current position (section, environment, display math), or null.</summary>
    private string? TryBlock()
    {
        if (Peek("$$")) return DisplayMathBlock("$$", "$$");
        if (Peek("\\[")) return DisplayMathBlock("\\[", "\\]");
        if (Peek("\\begin{"))
        {
            int start = position;
            position += "\\begin{".Length;
            string name = ReadUntil('}');
            return Environment(name, start);
        }
        foreach (var command in BlockWrappers)
        {
            if (Peek("\\" + command) && !IsLetterAt(position + command.Length + 1) && (command.EndsWith('*') || !Peek("\\" + command + "*")))
            {
                position += command.Length + 1;
                SkipOptional();
                var (open, close) = Wrappers[command];
                return open + Argument() + close;
            }
        }
        if (Peek("\\illustration"))
        {
            position += "\\illustration".Length;
            string width = RawArgument(), file = RawArgument(), caption = Argument();
            string style = double.TryParse(width, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var w)
                ? $" style=\"float:right;width:{Math.Clamp(w, 0.05, 1) * 100:0}%;margin:0 0 1em 1em\"" : "";
            return $"<figure class=\"illustration\"{style}>{Image(file)}<figcaption>{caption}</figcaption></figure>";
        }
        return null;
    }

    private string Environment(string name, int start)
    {
        if (name is "verbatim" or "lstlisting" or "verbatim*")
        {
            SkipOptional();
            string body = RawUntil($"\\end{{{name}}}");
            return $"<pre>{WebUtility.HtmlEncode(body.Trim('\n'))}</pre>";
        }
        if (DisplayMath.Contains(name))
        {
            string body = RawUntilEnd(name);
            string math = name.StartsWith("align", StringComparison.Ordinal) || name.StartsWith("eqnarray", StringComparison.Ordinal)
                ? $"\\begin{{aligned}}{body}\\end{{aligned}}"
                : name.StartsWith("gather", StringComparison.Ordinal) ? $"\\begin{{gathered}}{body}\\end{{gathered}}" : body;
            return $"<div class=\"math-display\">\\[{WebUtility.HtmlEncode(Constants(math))}\\]</div>";
        }
        if (name is "itemize" or "enumerate" or "description")
        {
            SkipOptional();
            string body = RawUntilEnd(name);
            var items = SplitItems(body);
            var html = new StringBuilder(name switch { "itemize" => "<ul>", "enumerate" => "<ol>", _ => "<dl>" });
            foreach (var (label, content) in items)
            {
                string inner = Sub(content).Trim();
                if (inner.StartsWith("<p>", StringComparison.Ordinal) && inner.IndexOf("<p>", 1, StringComparison.Ordinal) < 0 && inner.EndsWith("</p>", StringComparison.Ordinal))
                    inner = inner[3..^4];
                if (name == "description") html.Append("<dt>").Append(label is null ? "" : SubInline(label)).Append("</dt><dd>").Append(inner).Append("</dd>");
                else html.Append("<li>").Append(inner).Append("</li>");
            }
            return html.Append(name switch { "itemize" => "</ul>", "enumerate" => "</ol>", _ => "</dl>" }).ToString();
        }
        if (name is "tabular" or "tabular*" or "tabularx" or "array")
        {
            if (name != "tabular" && name != "array") RawArgument(); // the width of tabular* / tabularx
            SkipOptional();
            RawArgument(); // the column specification
            return Table(RawUntilEnd(name));
        }
        if (name is "Input" or "Output" or "Interaction" or "Explanation" or "Scoring")
        {
            // BAPCtools' statement macros: a section by another name.
            string body = RawUntilEnd(name);
            return $"<h2>{name}</h2>\n{Sub(body)}";
        }
        if (Containers.Contains(name))
        {
            SkipOptional();
            if (name is "minipage" or "wrapfigure") RawArgument();
            string body = RawUntilEnd(name);
            string align = name switch { "center" => " style=\"text-align:center\"", "flushright" => " style=\"text-align:right\"", _ => "" };
            string tag = name.StartsWith("figure", StringComparison.Ordinal) || name == "wrapfigure" ? "figure" : name is "quote" or "quotation" ? "blockquote" : "div";
            return $"<{tag}{align}>{Sub(body)}</{tag}>";
        }
        // Unknown: its body is rendered, the environment itself is named in a warning.
        string unknown = RawUntilEnd(name);
        warnings.Add($"LaTeX environment '{name}' is not rendered as such; its content is shown plainly");
        return $"<div class=\"latex-{WebUtility.HtmlEncode(name)}\">{Sub(unknown)}</div>";
    }

    private string Table(string body)
    {
        var html = new StringBuilder("<table class=\"latex-table\">");
        foreach (string row in SplitTopLevel(body, "\\\\"))
        {
            string cleaned = row.Replace("\\hline", "", StringComparison.Ordinal).Replace("\\toprule", "", StringComparison.Ordinal)
                .Replace("\\midrule", "", StringComparison.Ordinal).Replace("\\bottomrule", "", StringComparison.Ordinal);
            if (cleaned.Trim().Length == 0) continue;
            html.Append("<tr>");
            foreach (string cell in SplitTopLevel(cleaned, "&"))
                html.Append("<td>").Append(SubInline(cell.Trim())).Append("</td>");
            html.Append("</tr>");
        }
        return html.Append("</table>").ToString();
    }

    private string DisplayMathBlock(string open, string close)
    {
        position += open.Length;
        string math = RawUntil(close);
        return $"<div class=\"math-display\">\\[{WebUtility.HtmlEncode(Constants(math))}\\]</div>";
    }

    /// <summary>One inline piece: a character, a command, a group or inline math.</summary>
    private string InlineStep()
    {
        char c = source[position];
        switch (c)
        {
            case '\\':
                return Command();
            case '$':
                position++;
                return InlineMath(RawUntilUnescaped('$'));
            case '{':
                position++;
                return Inline(stopAtBrace: true);
            case '}':
                position++;
                return "";
            case '~':
                position++;
                return "&nbsp;";
            case '\n':
                position++;
                return " ";
            case '`' when Peek("``"):
                position += 2;
                return "“";
            case '\'' when Peek("''"):
                position += 2;
                return "”";
            case '`':
                position++;
                return "‘";
            case '-' when Peek("---"):
                position += 3;
                return "—";
            case '-' when Peek("--"):
                position += 2;
                return "–";
            default:
                position++;
                return WebUtility.HtmlEncode(c.ToString());
        }
    }

    private string Command()
    {
        int start = position;
        position++; // backslash
        if (position >= source.Length) return "\\";
        char first = source[position];
        if (!char.IsLetter(first))
        {
            position++;
            switch (first)
            {
                case '\\':
                    SkipOptional();
                    return "<br>";
                case '(':
                    return InlineMath(RawUntil("\\)"));
                case '%' or '$' or '&' or '#' or '_' or '{' or '}':
                    return WebUtility.HtmlEncode(first.ToString());
                case ' ' or ',' or ';' or ':' or '!' or '\n':
                    return " ";
                case '-' or '/' or '@':
                    return "";
                case '"' or '\'' or '`' or '^' or '~':
                    return Argument(); // accents: the letter without its accent
                default:
                    return WebUtility.HtmlEncode(source[start..position]);
            }
        }
        int nameStart = position;
        while (position < source.Length && char.IsLetter(source[position])) position++;
        if (position < source.Length && source[position] == '*') position++;
        string name = source[nameStart..position];
        // A command word swallows the spaces after it, as TeX does.
        bool hadSpace = false;
        while (position < source.Length && source[position] is ' ' or '\t') { position++; hadSpace = true; }

        if (Symbols.TryGetValue(name, out var symbol)) return hadSpace && !symbol.StartsWith('<') ? symbol + " " : symbol;
        if (Ignored.Contains(name)) return "";
        if (IgnoredWithArguments.TryGetValue(name, out int count))
        {
            SkipOptional();
            for (int i = 0; i < count; i++) RawArgument();
            return "";
        }
        if (Wrappers.TryGetValue(name, out var wrapper))
        {
            SkipOptional();
            return wrapper.Open + Argument() + wrapper.Close;
        }
        switch (name)
        {
            case "item":
                SkipOptional();
                return "";
            case "includegraphics":
            case "includegraphics*":
                SkipOptional();
                return Image(RawArgument());
            case "url":
            {
                string url = RawArgument();
                return $"<a href=\"{SafeUrl(url)}\">{WebUtility.HtmlEncode(url)}</a>";
            }
            case "href":
            {
                string url = RawArgument();
                return $"<a href=\"{SafeUrl(url)}\">{Argument()}</a>";
            }
            case "constant":
            {
                string key = RawArgument();
                return WebUtility.HtmlEncode(constants.TryGetValue(key, out var value) ? value : key);
            }
            case "ref" or "cite":
                RawArgument();
                return "?";
        }
        // Unknown: shown as its source, arguments included, with a warning naming it.
        while (position < source.Length && (source[position] == '{' || source[position] == '['))
        {
            if (source[position] == '[') SkipOptional();
            else RawArgument();
        }
        warnings.Add($"LaTeX command \\{name} is not rendered; it is shown as source");
        return $"<code class=\"latex-source\">{WebUtility.HtmlEncode(source[start..position].TrimEnd())}</code>";
    }

    private string Image(string file)
    {
        string? url = imageUrl(file.Trim());
        if (url is null)
        {
            warnings.Add($"image '{file.Trim()}' (\\includegraphics) is not in the statement folder as .png, .jpg, .gif or .webp; it is not shown");
            return $"<code class=\"latex-source\">[image {WebUtility.HtmlEncode(file)}]</code>";
        }
        return $"<img src=\"{WebUtility.HtmlEncode(url)}\" alt=\"{WebUtility.HtmlEncode(Path.GetFileNameWithoutExtension(file))}\" style=\"max-width:100%\">";
    }

    private static string InlineMath(string math) => $"<span class=\"math-inline\">\\({WebUtility.HtmlEncode(math)}\\)</span>";

    private string Constants(string math)
    {
        var result = new StringBuilder();
        int i = 0;
        while (i < math.Length)
        {
            int found = math.IndexOf("\\constant{", i, StringComparison.Ordinal);
            if (found < 0) break;
            int close = math.IndexOf('}', found);
            if (close < 0) break;
            string key = math[(found + "\\constant{".Length)..close];
            result.Append(math, i, found - i).Append(constants.TryGetValue(key, out var value) ? value : key);
            i = close + 1;
        }
        return result.Append(math, i, math.Length - i).ToString();
    }

    private static string SafeUrl(string url) =>
        url.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            ? WebUtility.HtmlEncode(url) : "#";

    // ---- reading raw source ----

    private bool Peek(string text) => string.CompareOrdinal(source, position, text, 0, text.Length) == 0;

    private bool IsLetterAt(int index) => index < source.Length && char.IsLetter(source[index]);

    private void SkipSpaces()
    {
        while (position < source.Length && char.IsWhiteSpace(source[position])) position++;
    }

    private void SkipOptional()
    {
        int save = position;
        SkipSpaces();
        if (position < source.Length && source[position] == '[')
        {
            int depth = 0;
            for (; position < source.Length; position++)
            {
                if (source[position] == '[') depth++;
                else if (source[position] == ']' && --depth == 0) { position++; return; }
            }
            return;
        }
        position = save;
    }

    /// <summary>A brace argument rendered inline (or a single token without braces).</summary>
    private string Argument()
    {
        SkipSpaces();
        if (position >= source.Length) return "";
        if (source[position] == '{')
        {
            position++;
            return Inline(stopAtBrace: true);
        }
        return InlineStep();
    }

    /// <summary>A brace argument as source text.</summary>
    private string RawArgument()
    {
        SkipSpaces();
        if (position >= source.Length) return "";
        if (source[position] != '{') return source[position++].ToString();
        int depth = 0, start = position + 1;
        for (; position < source.Length; position++)
        {
            if (source[position] == '\\') { position++; continue; }
            if (source[position] == '{') depth++;
            else if (source[position] == '}' && --depth == 0)
            {
                position++;
                return source[start..(position - 1)];
            }
        }
        return source[start..];
    }

    private string ReadUntil(char end)
    {
        int close = source.IndexOf(end, position);
        if (close < 0) close = source.Length;
        string text = source[position..close];
        position = Math.Min(source.Length, close + 1);
        return text;
    }

    private string RawUntil(string end)
    {
        int close = source.IndexOf(end, position, StringComparison.Ordinal);
        if (close < 0) close = source.Length;
        string text = source[position..close];
        position = Math.Min(source.Length, close + end.Length);
        return text;
    }

    private string RawUntilUnescaped(char end)
    {
        int start = position;
        for (; position < source.Length; position++)
        {
            if (source[position] == '\\') { position++; continue; }
            if (source[position] == end)
            {
                position++;
                return source[start..(position - 1)];
            }
        }
        return source[start..];
    }

    /// <summary>The body of an environment up to its matching \end, nested ones of the same name included.</summary>
    private string RawUntilEnd(string name)
    {
        string open = $"\\begin{{{name}}}", close = $"\\end{{{name}}}";
        int depth = 1, start = position;
        while (position < source.Length)
        {
            if (Peek(open)) { depth++; position += open.Length; continue; }
            if (Peek(close))
            {
                if (--depth == 0)
                {
                    string body = source[start..position];
                    position += close.Length;
                    return body;
                }
                position += close.Length;
                continue;
            }
            position++;
        }
        warnings.Add($"LaTeX environment '{name}' is not closed with \\end{{{name}}}");
        return source[start..];
    }

    /// <summary>\item pieces of a list body (nested lists stay inside their item), with the optional [label].</summary>
    private static List<(string? Label, string Content)> SplitItems(string body)
    {
        var items = new List<(string?, string)>();
        int depth = 0, i = 0, itemStart = -1;
        string? label = null;
        while (i < body.Length)
        {
            if (string.CompareOrdinal(body, i, "\\begin{", 0, 7) == 0) { depth++; i += 7; continue; }
            if (string.CompareOrdinal(body, i, "\\end{", 0, 5) == 0) { depth--; i += 5; continue; }
            if (depth == 0 && string.CompareOrdinal(body, i, "\\item", 0, 5) == 0 && (i + 5 >= body.Length || !char.IsLetter(body[i + 5])))
            {
                if (itemStart >= 0) items.Add((label, body[itemStart..i]));
                i += 5;
                label = null;
                int j = i;
                while (j < body.Length && char.IsWhiteSpace(body[j])) j++;
                if (j < body.Length && body[j] == '[')
                {
                    int end = body.IndexOf(']', j);
                    if (end > 0) { label = body[(j + 1)..end]; i = end + 1; }
                }
                itemStart = i;
                continue;
            }
            i++;
        }
        if (itemStart >= 0) items.Add((label, body[itemStart..]));
        return items;
    }

    /// <summary>Splits on a separator outside braces and nested environments (table rows and cells).</summary>
    private static List<string> SplitTopLevel(string body, string separator)
    {
        var parts = new List<string>();
        int depth = 0, envDepth = 0, start = 0;
        for (int i = 0; i < body.Length; i++)
        {
            if (string.CompareOrdinal(body, i, "\\begin{", 0, 7) == 0) envDepth++;
            else if (string.CompareOrdinal(body, i, "\\end{", 0, 5) == 0) envDepth--;
            if (body[i] == '\\' && separator != "\\\\" && i + 1 < body.Length) { i++; continue; }
            if (body[i] == '\\' && separator == "\\\\" && string.CompareOrdinal(body, i, "\\\\", 0, 2) != 0 && i + 1 < body.Length) { i++; continue; }
            if (body[i] == '{') depth++;
            else if (body[i] == '}') depth--;
            else if (depth == 0 && envDepth == 0 && string.CompareOrdinal(body, i, separator, 0, separator.Length) == 0)
            {
                parts.Add(body[start..i]);
                i += separator.Length - 1;
                start = i + 1;
            }
        }
        parts.Add(body[start..]);
        return parts;
    }

    /// <summary>Removes % comments (not \%) with the line break after them, as TeX reads them.</summary>
    private static string StripComments(string latex)
    {
        var result = new StringBuilder(latex.Length);
        for (int i = 0; i < latex.Length; i++)
        {
            if (latex[i] == '\\' && i + 1 < latex.Length)
            {
                result.Append(latex[i]).Append(latex[i + 1]);
                i++;
                continue;
            }
            if (latex[i] == '%')
            {
                while (i < latex.Length && latex[i] != '\n') i++;
                // "%\n" joins lines; keep a newline only when the next line is empty (a paragraph break stays one).
                continue;
            }
            result.Append(latex[i]);
        }
        return result.ToString();
    }
}
