using Apug.Server.Contest;
using Microsoft.Extensions.Time.Testing;

namespace Apug.Tests.Contest;

public sealed class ContestScheduleTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 12, 18, 0, 0, TimeSpan.Zero);
    private static readonly ContestDefinition Definition =
        new("Night", Start, TimeSpan.FromHours(2), TimeSpan.FromMinutes(30), ScoringMode.Icpc, 20, null, IsPractice: false);
    private readonly FakeTimeProvider clock = new(Start.AddHours(-1));

    [Fact]
    public void ThePhaseFollowsTheClockThroughBeforeRunningFrozenAndEnded()
    {
        var schedule = ContestSchedule.From(Definition);
        var phases = new List<ContestPhase>();
        foreach (var step in new[] { 0, 60, 89, 1, 29, 1, 60 })
        {
            clock.Advance(TimeSpan.FromMinutes(step));
            phases.Add(schedule.Phase(clock.GetUtcNow(), isPractice: false));
        }

        Assert.Equal([ContestPhase.Before, ContestPhase.Running, ContestPhase.Running, ContestPhase.Frozen, ContestPhase.Frozen,
            ContestPhase.Ended, ContestPhase.Ended], phases);
        Assert.Equal(Start.AddMinutes(90), schedule.FreezesAt);
        Assert.True(schedule.IsBoardFrozen(clock.GetUtcNow()));
        Assert.False(schedule.RevealAll().IsBoardFrozen(clock.GetUtcNow()));
    }

    [Fact]
    public void PracticeIsAlwaysOpenAndNeverFrozen()
    {
        var schedule = ContestSchedule.From(ContestDefinition.Practice);

        Assert.Equal(ContestPhase.Practice, schedule.Phase(clock.GetUtcNow(), isPractice: true));
        Assert.False(schedule.IsBoardFrozen(clock.GetUtcNow()));
        Assert.Null(schedule.NextTransitionAfter(clock.GetUtcNow(), isPractice: true));
    }

    [Fact]
    public void WithoutAStartTimeTheContestWaitsForTheOrganisers()
    {
        var schedule = ContestSchedule.From(Definition with { Start = null });
        Assert.Equal(ContestPhase.Before, schedule.Phase(clock.GetUtcNow().AddYears(1), isPractice: false));

        var started = schedule.StartAt(clock.GetUtcNow(), Definition);

        Assert.Equal(ContestPhase.Running, started.Phase(clock.GetUtcNow(), isPractice: false));
        Assert.Equal((clock.GetUtcNow().AddHours(2), clock.GetUtcNow().AddMinutes(90)), (started.EndsAt!.Value, started.FreezesAt!.Value));
    }

    [Fact]
    public void ExtendingMovesTheEndAndAFreezeStillToCome()
    {
        clock.SetUtcNow(Start.AddMinutes(30));
        var extended = ContestSchedule.From(Definition).Extend(TimeSpan.FromMinutes(15), clock.GetUtcNow());

        Assert.Equal((Start.AddMinutes(135), Start.AddMinutes(105)), (extended.EndsAt!.Value, extended.FreezesAt!.Value));
    }

    [Fact]
    public void ExtendingDuringTheFreezeKeepsTheFreezeWhereItWas()
    {
        clock.SetUtcNow(Start.AddMinutes(100));
        var extended = ContestSchedule.From(Definition).Extend(TimeSpan.FromMinutes(15), clock.GetUtcNow());

        Assert.Equal((Start.AddMinutes(135), Start.AddMinutes(90)), (extended.EndsAt!.Value, extended.FreezesAt!.Value));
    }

    [Fact]
    public void RestartingAtANewTimeKeepsAnExtendedLengthAndTheFreezePeriod()
    {
        var schedule = ContestSchedule.From(Definition).Extend(TimeSpan.FromMinutes(10), Start.AddMinutes(-5));
        var moved = schedule.StartAt(Start.AddHours(1), Definition);

        Assert.Equal((Start.AddHours(1), Start.AddMinutes(190), Start.AddMinutes(160)), (moved.StartsAt!.Value, moved.EndsAt!.Value, moved.FreezesAt!.Value));
    }

    [Fact]
    public void EndingBeforeTheFreezeDropsTheFreeze()
    {
        clock.SetUtcNow(Start.AddMinutes(45));
        var ended = ContestSchedule.From(Definition).EndAt(clock.GetUtcNow());

        Assert.Equal(ContestPhase.Ended, ended.Phase(clock.GetUtcNow(), isPractice: false));
        Assert.Null(ended.FreezesAt);
        Assert.False(ended.IsBoardFrozen(clock.GetUtcNow()));
    }

    [Fact]
    public void FreezeNowAndUnfreezeOverrideTheScheduledFreeze()
    {
        clock.SetUtcNow(Start.AddMinutes(20));
        var frozen = ContestSchedule.From(Definition).FreezeAt(clock.GetUtcNow());
        Assert.Equal(ContestPhase.Frozen, frozen.Phase(clock.GetUtcNow(), isPractice: false));

        var unfrozen = frozen.Unfreeze();
        Assert.Equal(ContestPhase.Running, unfrozen.Phase(clock.GetUtcNow(), isPractice: false));
        Assert.False(unfrozen.IsBoardFrozen(clock.GetUtcNow().AddHours(5)));
    }

    [Fact]
    public void TheNextTransitionIsTheNearestOfStartFreezeAndEnd()
    {
        var schedule = ContestSchedule.From(Definition);

        Assert.Equal(Start, schedule.NextTransitionAfter(Start.AddMinutes(-1), false));
        Assert.Equal(Start.AddMinutes(90), schedule.NextTransitionAfter(Start, false));
        Assert.Equal(Start.AddMinutes(120), schedule.NextTransitionAfter(Start.AddMinutes(90), false));
        Assert.Null(schedule.NextTransitionAfter(Start.AddMinutes(120), false));
    }
}
