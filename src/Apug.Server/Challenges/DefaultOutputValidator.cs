using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using Apug.Server.Judging;

namespace Apug.Server.Challenges;

/// <summary>The result of comparing a team's output with the answer file.</summary>
public sealed record ValidationResult(bool Accepted, string Message)
{
    public static readonly ValidationResult Accept = new(true, "");

    public static ValidationResult WrongAnswer(string message) => new(false, message);

    public Verdict Verdict => Accepted ? Verdict.AC : Verdict.WA;
}

/// <summary>
/// The problem package format's default output validator (2025-09 spec, "Default output validator specification"):
/// whitespace-separated tokens compared one by one; ASCII case-insensitive unless case_sensitive; whitespace only
/// separates tokens unless space_change_sensitive; with a float tolerance every answer token that is a float (by the
/// spec's grammar) must be matched by a team float within the absolute OR the relative tolerance.
/// </summary>
public static class DefaultOutputValidator
{
    private const int MaxShownTokenLength = 60;

    public static ValidationResult Validate(string teamOutput, string answer, DefaultOutputValidation flags) =>
        Validate(teamOutput.AsSpan(), answer.AsSpan(), flags);

    public static ValidationResult Validate(ReadOnlySpan<char> team, ReadOnlySpan<char> answer, DefaultOutputValidation flags)
    {
        bool useFloats = flags.FloatAbsoluteTolerance is not null || flags.FloatRelativeTolerance is not null;
        int teamPos = 0, answerPos = 0, teamLine = 1, tokenNumber = 0;

        while (true)
        {
            var answerSpace = TakeWhitespace(answer, ref answerPos);
            var teamSpace = TakeWhitespace(team, ref teamPos);
            if (flags.SpaceChangeSensitive && !answerSpace.SequenceEqual(teamSpace))
                return ValidationResult.WrongAnswer(
                    $"whitespace differs after token {tokenNumber} (line {teamLine}): expected {DescribeWhitespace(answerSpace)}, got {DescribeWhitespace(teamSpace)}");
            teamLine += teamSpace.Count('\n');

            if (answerPos == answer.Length)
            {
                if (teamPos == team.Length) return ValidationResult.Accept;
                var extra = TakeToken(team, ref teamPos);
                return ValidationResult.WrongAnswer(
                    $"extra output after the answer: token {tokenNumber + 1} (line {teamLine}) is '{Shorten(extra)}'");
            }

            var expected = TakeToken(answer, ref answerPos);
            tokenNumber++;
            if (teamPos == team.Length)
                return ValidationResult.WrongAnswer(tokenNumber == 1
                    ? $"team output is empty, expected '{Shorten(expected)}'"
                    : $"team output has fewer tokens than the answer: it ends after token {tokenNumber - 1}, expected '{Shorten(expected)}' next");

            var got = TakeToken(team, ref teamPos);
            if (useFloats && TryParseFloat(expected, out double expectedValue))
            {
                if (!TryParseFloat(got, out double gotValue))
                    return ValidationResult.WrongAnswer(
                        $"token {tokenNumber} (line {teamLine}): expected a number close to '{Shorten(expected)}', got '{Shorten(got)}'");
                if (!WithinTolerance(gotValue, expectedValue, flags))
                    return ValidationResult.WrongAnswer(
                        $"token {tokenNumber} (line {teamLine}): expected '{Shorten(expected)}', got '{Shorten(got)}' " +
                        $"(difference {Math.Abs(gotValue - expectedValue).ToString("G6", CultureInfo.InvariantCulture)} exceeds {DescribeTolerance(flags)})");
            }
            else if (!(flags.CaseSensitive ? expected.SequenceEqual(got) : AsciiEqualsIgnoreCase(expected, got)))
            {
                return ValidationResult.WrongAnswer(
                    $"token {tokenNumber} (line {teamLine}): expected '{Shorten(expected)}', got '{Shorten(got)}'");
            }
        }
    }

    /// <summary>
    /// Parses the default validator's arguments (problem.yaml validator_flags, output_validator_args), rejecting
    /// unknown flags, repeated tolerances and float_tolerance mixed with the specific ones, as the spec requires.
    /// </summary>
    public static bool TryParseFlags(
        IReadOnlyList<string> arguments,
        [NotNullWhen(true)] out DefaultOutputValidation? flags,
        [NotNullWhen(false)] out string? error)
    {
        bool caseSensitive = false, spaceChangeSensitive = false;
        double? absolute = null, relative = null, both = null;
        flags = null;
        for (int i = 0; i < arguments.Count; i++)
        {
            string argument = arguments[i];
            switch (argument)
            {
                case "case_sensitive": caseSensitive = true; continue;
                case "space_change_sensitive": spaceChangeSensitive = true; continue;
                case "float_tolerance" or "float_absolute_tolerance" or "float_relative_tolerance":
                    if (i + 1 >= arguments.Count || !TryParseFloat(arguments[i + 1], out double tolerance) || tolerance < 0)
                    {
                        error = $"{argument} needs a non-negative number after it";
                        return false;
                    }
                    i++;
                    double? previous = argument switch
                    {
                        "float_tolerance" => both,
                        "float_absolute_tolerance" => absolute,
                        _ => relative,
                    };
                    if (previous is not null)
                    {
                        error = $"{argument} is given more than once";
                        return false;
                    }
                    if (argument == "float_tolerance") both = tolerance;
                    else if (argument == "float_absolute_tolerance") absolute = tolerance;
                    else relative = tolerance;
                    continue;
                default:
                    error = $"unknown default output validator flag '{argument}'";
                    return false;
            }
        }
        if (both is not null && (absolute is not null || relative is not null))
        {
            error = "float_tolerance cannot be combined with float_absolute_tolerance or float_relative_tolerance";
            return false;
        }
        flags = new DefaultOutputValidation(caseSensitive, spaceChangeSensitive, both ?? absolute, both ?? relative);
        error = null;
        return true;
    }

    /// <summary>
    /// The spec's float grammar: sign? (digit* "." digit+ | digit+ "." | digit+) ([Ee] sign? digit+)?.
    /// So "inf", "nan" and hex floats are not floats (they compare as strings); a value that overflows a double is
    /// not treated as a float either, since it cannot be compared within a tolerance.
    /// </summary>
    public static bool TryParseFloat(ReadOnlySpan<char> token, out double value)
    {
        value = 0;
        int i = 0;
        if (i < token.Length && token[i] is '+' or '-') i++;
        int integerDigits = CountDigits(token, ref i);
        int fractionDigits = 0;
        bool hasPoint = i < token.Length && token[i] == '.';
        if (hasPoint)
        {
            i++;
            fractionDigits = CountDigits(token, ref i);
        }
        if (integerDigits == 0 && fractionDigits == 0) return false;
        if (i < token.Length && token[i] is 'e' or 'E')
        {
            i++;
            if (i < token.Length && token[i] is '+' or '-') i++;
            if (CountDigits(token, ref i) == 0) return false;
        }
        if (i != token.Length) return false;
        return double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool WithinTolerance(double got, double expected, DefaultOutputValidation flags)
    {
        double difference = Math.Abs(got - expected);
        return difference <= flags.FloatAbsoluteTolerance
            || difference <= flags.FloatRelativeTolerance * Math.Abs(expected);
    }

    // The spec's whitespace: space, form feed, line feed, carriage return, tab, vertical tab. Nothing else.
    private static bool IsSpace(char c) => c is ' ' or '\f' or '\n' or '\r' or '\t' or '\v';

    private static ReadOnlySpan<char> TakeWhitespace(ReadOnlySpan<char> text, ref int position)
    {
        int start = position;
        while (position < text.Length && IsSpace(text[position])) position++;
        return text[start..position];
    }

    private static ReadOnlySpan<char> TakeToken(ReadOnlySpan<char> text, ref int position)
    {
        int start = position;
        while (position < text.Length && !IsSpace(text[position])) position++;
        return text[start..position];
    }

    private static int CountDigits(ReadOnlySpan<char> text, ref int position)
    {
        int start = position;
        while (position < text.Length && char.IsAsciiDigit(text[position])) position++;
        return position - start;
    }

    // Only A-Z and a-z are folded, as the spec says; every other character must match exactly.
    private static bool AsciiEqualsIgnoreCase(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length != b.Length) return false;
        for (int i = 0; i < a.Length; i++)
        {
            char x = a[i], y = b[i];
            if (x == y) continue;
            if (!char.IsAsciiLetter(x) || (x | 0x20) != (y | 0x20)) return false;
        }
        return true;
    }

    private static string Shorten(ReadOnlySpan<char> token) =>
        token.Length <= MaxShownTokenLength ? token.ToString() : string.Concat(token[..MaxShownTokenLength], "…");

    private static string DescribeWhitespace(ReadOnlySpan<char> whitespace)
    {
        if (whitespace.IsEmpty) return "no whitespace";
        var text = new StringBuilder("\"");
        foreach (char c in whitespace[..Math.Min(whitespace.Length, MaxShownTokenLength)])
            text.Append(c switch { '\n' => "\\n", '\r' => "\\r", '\t' => "\\t", '\f' => "\\f", '\v' => "\\v", _ => " " });
        if (whitespace.Length > MaxShownTokenLength) text.Append('…');
        return text.Append('"').ToString();
    }

    private static string DescribeTolerance(DefaultOutputValidation flags)
    {
        var parts = new List<string>(2);
        if (flags.FloatAbsoluteTolerance is { } absolute) parts.Add($"absolute tolerance {absolute.ToString(CultureInfo.InvariantCulture)}");
        if (flags.FloatRelativeTolerance is { } relative) parts.Add($"relative tolerance {relative.ToString(CultureInfo.InvariantCulture)}");
        return string.Join(" and ", parts);
    }
}
