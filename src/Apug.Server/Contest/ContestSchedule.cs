namespace Apug.Server.Contest;

public enum ContestPhase { Practice, Before, Running, Frozen, Ended }

/// <summary>
/// When the contest starts, ends and freezes, as the organisers last left it. Pure: every change is a new value,
/// so the time rules are tested without a server.
/// </summary>
public sealed record ContestSchedule(DateTimeOffset? StartsAt, DateTimeOffset? EndsAt, DateTimeOffset? FreezesAt, bool RevealedAll)
{
    /// <summary>The schedule contest.yaml describes (no start: the organisers start it).</summary>
    public static ContestSchedule From(ContestDefinition definition)
    {
        if (definition.IsPractice || definition.Start is not { } start) return new(null, null, null, false);
        var end = start + definition.Duration;
        return new(start, end, definition.Freeze > TimeSpan.Zero ? end - definition.Freeze : null, false);
    }

    public ContestPhase Phase(DateTimeOffset now, bool isPractice)
    {
        if (isPractice) return ContestPhase.Practice;
        if (StartsAt is not { } start || now < start) return ContestPhase.Before;
        if (EndsAt is { } end && now >= end) return ContestPhase.Ended;
        return FreezesAt is { } freeze && now >= freeze ? ContestPhase.Frozen : ContestPhase.Running;
    }

    /// <summary>The public board hides attempts from FreezesAt on, until the standings are revealed.</summary>
    public bool IsBoardFrozen(DateTimeOffset now) =>
        FreezesAt is { } freeze && now >= freeze && !RevealedAll && (EndsAt is not { } end || freeze < end);

    /// <summary>Starts at the given time, keeping the contest's length and freeze period (including any extension).</summary>
    public ContestSchedule StartAt(DateTimeOffset start, ContestDefinition definition)
    {
        var duration = StartsAt is { } s && EndsAt is { } e ? e - s : definition.Duration;
        TimeSpan? freeze = FreezesAt is { } f && EndsAt is { } end ? end - f
            : definition.Freeze > TimeSpan.Zero ? definition.Freeze : null;
        var newEnd = start + duration;
        return new(start, newEnd, freeze is { } length && length < duration ? newEnd - length : null, false);
    }

    /// <summary>Moves the end (and a freeze still to come) later by the given time.</summary>
    public ContestSchedule Extend(TimeSpan by, DateTimeOffset now) => this with
    {
        EndsAt = EndsAt + by,
        FreezesAt = FreezesAt is { } freeze && freeze > now ? freeze + by : FreezesAt,
    };

    /// <summary>Ends now; a freeze that had not begun will not.</summary>
    public ContestSchedule EndAt(DateTimeOffset now) => this with
    {
        EndsAt = now,
        FreezesAt = FreezesAt is { } freeze && freeze < now ? freeze : null,
    };

    public ContestSchedule FreezeAt(DateTimeOffset now) => this with { FreezesAt = now, RevealedAll = false };

    public ContestSchedule Unfreeze() => this with { FreezesAt = null, RevealedAll = false };

    public ContestSchedule RevealAll() => this with { RevealedAll = true };

    /// <summary>The next moment the phase changes by itself (start, freeze, end), if any.</summary>
    public DateTimeOffset? NextTransitionAfter(DateTimeOffset now, bool isPractice) =>
        isPractice ? null : new[] { StartsAt, FreezesAt, EndsAt }.Where(t => t > now).Min();
}
