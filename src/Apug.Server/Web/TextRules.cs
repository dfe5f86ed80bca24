using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Apug.Server.Web;

/// <summary>
/// Text a person typed (a team name, a question, a reason): 1 to maxLength characters once trimmed, and by default no
/// control characters. Each message may say {0} for maxLength; Empty, TooLong and ControlCharacters fall back to
/// ErrorMessage, so one message can cover all three.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Parameter)]
public sealed class TextAttribute(int maxLength) : ValidationAttribute
{
    public string? Empty { get; set; }
    public string? TooLong { get; set; }
    public string? ControlCharacters { get; set; }

    /// <summary>Line breaks and tabs are fine (a question, an answer); other control characters still are not.</summary>
    public bool AllowLineBreaks { get; set; }

    /// <summary>Only the length counts (an announcement, a reason, Markdown).</summary>
    public bool AllowControlCharacters { get; set; }

    /// <summary>The length counts the text as sent, surrounding white space included (Markdown is kept whole).</summary>
    public bool MeasureUntrimmed { get; set; }

    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext) =>
        Broken(value as string ?? "") is { } message
            ? new ValidationResult(string.Format(CultureInfo.InvariantCulture, message, maxLength),
                validationContext.MemberName is { } member ? [member] : null)
            : ValidationResult.Success;

    private string? Broken(string sent)
    {
        var text = sent.Trim();
        if (text.Length == 0) return Empty ?? ErrorMessage ?? "Write something here.";
        if ((MeasureUntrimmed ? sent : text).Length > maxLength) return TooLong ?? ErrorMessage ?? "This has at most {0} characters.";
        if (!AllowControlCharacters && text.Any(c => char.IsControl(c) && !(AllowLineBreaks && c is '\n' or '\r' or '\t')))
            return ControlCharacters ?? ErrorMessage ?? "This cannot contain control characters.";
        return null;
    }
}
