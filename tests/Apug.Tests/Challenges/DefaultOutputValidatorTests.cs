using System.Globalization;
using System.Text;
using Apug.Server.Challenges;
using Apug.Server.Judging;

namespace Apug.Tests.Challenges;

public class DefaultOutputValidatorTests
{
    private static readonly DefaultOutputValidation Plain = new(false, false, null, null);
    private static readonly DefaultOutputValidation CaseSensitive = Plain with { CaseSensitive = true };
    private static readonly DefaultOutputValidation SpaceSensitive = Plain with { SpaceChangeSensitive = true };
    private static readonly DefaultOutputValidation Absolute = Plain with { FloatAbsoluteTolerance = 1e-6 };
    private static readonly DefaultOutputValidation Relative = Plain with { FloatRelativeTolerance = 1e-6 };
    private static readonly DefaultOutputValidation Both = Plain with { FloatAbsoluteTolerance = 1e-6, FloatRelativeTolerance = 1e-6 };

    private static void Accepted(string team, string answer, DefaultOutputValidation flags)
    {
        var result = DefaultOutputValidator.Validate(team, answer, flags);
        Assert.True(result.Accepted, result.Message);
        Assert.Equal(Verdict.AC, result.Verdict);
    }

    private static string Rejected(string team, string answer, DefaultOutputValidation flags)
    {
        var result = DefaultOutputValidator.Validate(team, answer, flags);
        Assert.False(result.Accepted);
        Assert.Equal(Verdict.WA, result.Verdict);
        Assert.NotEmpty(result.Message);
        return result.Message;
    }

    // ---- tokens and whitespace ----

    [Fact]
    public void IdenticalOutputIsAccepted() => Accepted("1 2 3\n", "1 2 3\n", Plain);

    [Fact]
    public void AnyWhitespaceBetweenTokensIsEquivalentByDefault() =>
        Accepted("  1\t2\r\n\n3 \f\v", "1 2 3\n", Plain);

    [Fact]
    public void MissingTrailingNewlineIsAcceptedByDefault() => Accepted("42", "42\n", Plain);

    [Fact]
    public void TrailingWhitespaceIsAcceptedByDefault() => Accepted("42\n\n   \n", "42\n", Plain);

    [Fact]
    public void DifferentTokenIsRejectedWithItsPosition()
    {
        string message = Rejected("5 6\n", "5 5\n", Plain);
        Assert.Equal("token 2 (line 1): expected '5', got '6'", message);
    }

    [Fact]
    public void LineNumberInMessageCountsTeamOutputLines() =>
        Assert.StartsWith("token 3 (line 3):", Rejected("1\n2\n4\n", "1 2 3", Plain));

    [Fact]
    public void FewerTokensThanTheAnswerIsRejected() =>
        Assert.Equal("team output has fewer tokens than the answer: it ends after token 2, expected '3' next", Rejected("1 2\n", "1 2 3\n", Plain));

    [Fact]
    public void ExtraTokensAfterTheAnswerAreRejected() =>
        Assert.Equal("extra output after the answer: token 3 (line 2) is 'oops'", Rejected("1 2\noops\n", "1 2\n", Plain));

    [Fact]
    public void EmptyTeamOutputIsRejectedWhenTheAnswerHasTokens() =>
        Assert.Equal("team output is empty, expected 'yes'", Rejected("", "yes\n", Plain));

    [Fact]
    public void WhitespaceOnlyTeamOutputCountsAsEmpty() =>
        Assert.StartsWith("team output is empty", Rejected(" \n\n", "yes\n", Plain));

    [Fact]
    public void EmptyOutputMatchesAnEmptyAnswer()
    {
        Accepted("", "", Plain);
        Accepted("\n", "", Plain);
        Accepted("", "\n  \n", Plain);
    }

    [Fact]
    public void AnyOutputForAnEmptyAnswerIsExtraOutput() =>
        Assert.StartsWith("extra output after the answer", Rejected("0\n", "\n", Plain));

    [Fact]
    public void OnlySpecWhitespaceSeparatesTokens()
    {
        // A no-break space is not one of the six whitespace characters, so "1\u00A02" is a single token.
        Assert.StartsWith("token 1", Rejected("1\u00A02", "1 2", Plain));
    }

    [Fact]
    public void LongTokensAreShortenedInMessages()
    {
        string message = Rejected(new string('b', 500), new string('a', 500), Plain);
        Assert.True(message.Length < 200, message);
        Assert.Contains("…", message);
    }

    // ---- case ----

    [Fact]
    public void CaseIsIgnoredByDefault() => Accepted("YES\nhello World", "yes\nHELLO world", Plain);

    [Fact]
    public void CaseSensitiveFlagRejectsDifferentCase() =>
        Assert.Equal("token 1 (line 1): expected 'yes', got 'YES'", Rejected("YES", "yes", CaseSensitive));

    [Fact]
    public void CaseSensitiveFlagAcceptsIdenticalTokens() => Accepted("Yes No", "Yes No\n", CaseSensitive);

    [Fact]
    public void OnlyAsciiLettersAreCaseFolded()
    {
        Rejected("ÉCOLE", "école", Plain);
        Accepted("éCOLE", "école", Plain);
        Rejected("[", "{", Plain); // '[' | 0x20 == '{', but neither is a letter
    }

    // ---- space_change_sensitive ----

    [Fact]
    public void SpaceChangeSensitiveAcceptsIdenticalWhitespace() => Accepted("1  2\n3\n", "1  2\n3\n", SpaceSensitive);

    [Fact]
    public void SpaceChangeSensitiveRejectsADifferentAmountOfSpace() =>
        Assert.Equal("whitespace differs after token 1 (line 1): expected \"  \", got \" \"", Rejected("1 2\n", "1  2\n", SpaceSensitive));

    [Fact]
    public void SpaceChangeSensitiveRejectsADifferentKindOfSpace() =>
        Assert.Contains("expected \" \", got \"\\t\"", Rejected("1\t2\n", "1 2\n", SpaceSensitive));

    [Fact]
    public void SpaceChangeSensitiveRejectsMissingTrailingNewline() =>
        Assert.Contains("expected \"\\n\", got no whitespace", Rejected("1 2", "1 2\n", SpaceSensitive));

    [Fact]
    public void SpaceChangeSensitiveRejectsExtraTrailingWhitespace() => Rejected("1 2\n\n", "1 2\n", SpaceSensitive);

    [Fact]
    public void SpaceChangeSensitiveRejectsLeadingWhitespace() => Rejected(" 1 2\n", "1 2\n", SpaceSensitive);

    [Fact]
    public void SpaceChangeSensitiveRejectsCarriageReturns() => Rejected("1 2\r\n", "1 2\n", SpaceSensitive);

    // ---- floats ----

    [Fact]
    public void WithoutToleranceFloatsCompareAsStrings()
    {
        Rejected("0.50", "0.5", Plain);
        Accepted("1E5", "1e5", Plain); // strings, but case-insensitive
    }

    [Fact]
    public void FloatTokensWithinAbsoluteToleranceAreAccepted()
    {
        Accepted("1.0000009", "1", Absolute);
        Accepted("-0.0000005", "0", Absolute);
    }

    [Fact]
    public void FloatTokensOutsideAbsoluteToleranceAreRejected()
    {
        string message = Rejected("1.000002", "1", Absolute);
        Assert.Equal("token 1 (line 1): expected '1', got '1.000002' (difference 2E-06 exceeds absolute tolerance 1E-06)", message);
    }

    [Fact]
    public void FloatTokensWithinRelativeToleranceAreAccepted() => Accepted("1000000.9", "1000000", Relative);

    [Fact]
    public void FloatTokensOutsideRelativeToleranceAreRejected()
    {
        Rejected("1000001.1", "1000000", Relative);
        Rejected("0.0000001", "0", Relative); // relative to 0 only 0 itself is close enough
    }

    [Fact]
    public void EitherToleranceIsEnoughWhenBothAreSet()
    {
        Accepted("1000000.9", "1000000", Both);  // relative only
        Accepted("0.0000009", "0", Both);        // absolute only
        Assert.Contains("absolute tolerance 1E-06 and relative tolerance 1E-06", Rejected("2", "1", Both));
    }

    [Fact]
    public void ToleranceBoundaryIsInclusive() =>
        Accepted("0.5", "0.25", Plain with { FloatAbsoluteTolerance = 0.25 });

    [Theory]
    [InlineData("3.14000000e-2")]
    [InlineData("3.14E-2")]
    [InlineData("+0.0314")]
    [InlineData(".0314")]
    [InlineData("314e-4")]
    [InlineData("0.0314000000000000000000000000000000000000001")]
    public void AnyValidFloatFormattingOfTheSameValueIsAccepted(string team) => Accepted(team, "0.0314", Absolute);

    [Theory]
    [InlineData("5.")]
    [InlineData("5")]
    [InlineData("5.0e0")]
    [InlineData("500E-2")]
    public void IntegersInTheAnswerAreComparedAsFloats(string team) => Accepted(team, "5", Absolute);

    [Theory]
    [InlineData("abc")]
    [InlineData("0x10")]
    [InlineData("1,5")]
    [InlineData("1e")]
    [InlineData(".")]
    [InlineData("1.2.3")]
    [InlineData("inf")]
    [InlineData("nan")]
    [InlineData("--1")]
    public void NonFloatTeamTokenIsRejectedWhenTheAnswerIsAFloat(string team) =>
        Assert.Contains("expected a number close to '1.5'", Rejected(team, "1.5", Absolute));

    [Fact]
    public void NonFloatAnswerTokensCompareAsStringsEvenWithTolerance()
    {
        Accepted("YES 0.5000001", "yes 0.5", Absolute);
        Rejected("no 0.5", "yes 0.5", Absolute);
    }

    [Fact]
    public void InfAndNanAreNotFloatsSoTheyCompareAsStrings()
    {
        Accepted("INF", "inf", Absolute);
        Accepted("NaN", "nan", Absolute);
        Rejected("1e400", "inf", Absolute);
        Rejected("infinity", "inf", Absolute);
    }

    [Fact]
    public void OverflowingNumbersAreNotTreatedAsFloats()
    {
        // 1e400 overflows a double, so it compares as a string.
        Accepted("1E400", "1e400", Absolute);
        Rejected("1e401", "1e400", Absolute);
    }

    [Theory]
    [InlineData("0", true)]
    [InlineData("-12", true)]
    [InlineData("+1.", true)]
    [InlineData(".5", true)]
    [InlineData("1.5e+10", true)]
    [InlineData("1E-3", true)]
    [InlineData("123456789012345678901234567890.123456789012345678901234567890", true)]
    [InlineData("", false)]
    [InlineData("+", false)]
    [InlineData("1e+", false)]
    [InlineData("e5", false)]
    [InlineData(" 1", false)]
    [InlineData("1_000", false)]
    [InlineData("Infinity", false)]
    [InlineData("1d", false)]
    public void FloatGrammarFollowsTheSpec(string token, bool isFloat) =>
        Assert.Equal(isFloat, DefaultOutputValidator.TryParseFloat(token, out _));

    // ---- flags ----

    [Fact]
    public void FlagsAreParsedFromArguments()
    {
        Assert.True(DefaultOutputValidator.TryParseFlags(["case_sensitive", "space_change_sensitive", "float_tolerance", "1e-6"], out var flags, out _));
        Assert.Equal(new DefaultOutputValidation(true, true, 1e-6, 1e-6), flags);

        Assert.True(DefaultOutputValidator.TryParseFlags(["float_relative_tolerance", "0.01", "float_absolute_tolerance", "2"], out flags, out _));
        Assert.Equal(new DefaultOutputValidation(false, false, 2, 0.01), flags);

        Assert.True(DefaultOutputValidator.TryParseFlags([], out flags, out _));
        Assert.Equal(Plain, flags);
    }

    [Theory]
    [InlineData("float_tolerance")]
    [InlineData("float_tolerance abc")]
    [InlineData("float_tolerance -1")]
    [InlineData("float_tolerance 1 float_tolerance 1")]
    [InlineData("float_tolerance 1 float_absolute_tolerance 1")]
    [InlineData("float_relative_tolerance 1 float_relative_tolerance 2")]
    [InlineData("ignore_case")]
    public void InvalidFlagsAreRefused(string arguments)
    {
        Assert.False(DefaultOutputValidator.TryParseFlags(arguments.Split(' '), out _, out string? error));
        Assert.NotNull(error);
    }

    // ---- size ----

    [Fact]
    public void SeveralMegabytesOfOutputAreComparedTokenByToken()
    {
        var answer = new StringBuilder();
        for (int i = 0; i < 1_000_000; i++) answer.Append((i * 0.5).ToString(CultureInfo.InvariantCulture)).Append(i % 10 == 9 ? '\n' : ' ');
        string text = answer.ToString();
        Assert.True(text.Length > 6_000_000);

        // Correctness at size only: speed belongs in the benchmark, not in a unit test on a shared machine.
        Accepted(text, text, Plain);
        Accepted(text, text, Both);
        Accepted(text, text, SpaceSensitive);
        Assert.False(DefaultOutputValidator.Validate(text, text[..^2] + "9\n", Plain).Accepted);
    }
}
