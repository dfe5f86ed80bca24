using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>
/// DOMjudge's <c>@EXPECTED_RESULTS@: A, B</c> line in a submission's source (DOMjudge's problem format appendix; read
/// the same way by BAPCtools): matched without regard to case, the list runs to the end of that line. DOMjudge also
/// takes <c>@EXPECTED_SCORE@:</c> with result names (a number there is a score, not read here). Two lines of one kind
/// make DOMjudge ignore them: <see cref="Duplicate"/>.
/// </summary>
internal sealed record ExpectedResults(string Text, IReadOnlyList<Verdict> Verdicts, IReadOnlyList<string> Unknown, bool AnyVerdict, bool Duplicate)
{
    /// <summary>Names at least one result (or CHECK-MANUALLY).</summary>
    public bool NamesAResult => Verdicts.Count > 0 || AnyVerdict;

    private static readonly string[] Tags = ["@EXPECTED_RESULTS@: ", "@EXPECTED_SCORE@: "];

    // DOMjudge's result names and the ICPC format's folder names it remaps to them; NO-OUTPUT is a wrong answer here.
    private static readonly Dictionary<string, Verdict> Names = new(StringComparer.Ordinal)
    {
        ["CORRECT"] = Verdict.AC, ["ACCEPTED"] = Verdict.AC,
        ["WRONG-ANSWER"] = Verdict.WA, ["WRONG_ANSWER"] = Verdict.WA, ["NO-OUTPUT"] = Verdict.WA,
        ["TIMELIMIT"] = Verdict.TLE, ["TIME-LIMIT"] = Verdict.TLE, ["TIME_LIMIT_EXCEEDED"] = Verdict.TLE,
        ["RUN-ERROR"] = Verdict.RTE, ["RUN_TIME_ERROR"] = Verdict.RTE,
        ["MEMORY-LIMIT"] = Verdict.MLE, ["OUTPUT-LIMIT"] = Verdict.OLE,
        ["COMPILER-ERROR"] = Verdict.CE,
    };

    /// <summary>The source's expected results, or null when it has no such line.</summary>
    public static ExpectedResults? Find(string source)
    {
        foreach (string tag in Tags)
        {
            int at = source.IndexOf(tag, StringComparison.OrdinalIgnoreCase);
            if (at < 0) continue;
            int begin = at + tag.Length;
            int end = source.IndexOf('\n', begin);
            string text = source[begin..(end < 0 ? source.Length : end)].Trim();
            // A number after @EXPECTED_SCORE@ is DOMjudge's expected score: not a list of results.
            if (tag.StartsWith("@EXPECTED_SCORE", StringComparison.Ordinal) && double.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _))
                continue;
            bool duplicate = source.IndexOf(tag, begin, StringComparison.OrdinalIgnoreCase) >= 0;
            var verdicts = new List<Verdict>();
            var unknown = new List<string>();
            bool any = false;
            foreach (string name in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(n => n.ToUpperInvariant()))
            {
                if (Names.TryGetValue(name, out var verdict)) verdicts.Add(verdict);
                else if (name == "CHECK-MANUALLY") any = true; // a person looks at it: any verdict will do
                else unknown.Add(name);
            }
            return new ExpectedResults(text, verdicts.Distinct().ToList(), unknown, any, duplicate);
        }
        return null;
    }
}
