using GeoPetition.Core.Cases;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>
/// Every statutory clock of domain-rules §8 read through <see cref="CaseClock"/> from a real history,
/// one row per edge case: month ends, leap days (2024, 2028) against common years, holiday and weekend
/// roll-over (民法典 Art. 203), 调休 working weekends, working days for the objection window, hearing
/// days excluded from 复核, an extension, and the counting switches. Due dates worked out by hand from
/// the calendar and the 2025/2026 State Council holiday notices.
/// </summary>
public sealed class CaseDeadlineTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A history whose <paramref name="timer"/> starts on <paramref name="start"/> (every earlier step on the same day).</summary>
    private static CaseKit Started(CaseTimer timer, DateOnly start, CaseRules? rules = null)
    {
        var kit = new CaseKit(start, claims: 1, rules: rules);
        CaseAction[] steps = timer switch
        {
            CaseTimer.Transfer or CaseTimer.Notice => [],
            CaseTimer.Objection => [CaseAction.Transfer],
            CaseTimer.Handle => [CaseAction.Accept],
            CaseTimer.ReviewRequest => [CaseAction.Accept, CaseAction.Start, CaseAction.Conclude, CaseAction.Serve],
            CaseTimer.Review => [CaseAction.Accept, CaseAction.Start, CaseAction.Conclude, CaseAction.Serve, CaseAction.RequestReview],
            CaseTimer.RecheckRequest => [CaseAction.Accept, CaseAction.Start, CaseAction.Conclude, CaseAction.Serve, CaseAction.RequestReview, CaseAction.DecideReview, CaseAction.Serve],
            CaseTimer.Recheck => [CaseAction.Accept, CaseAction.Start, CaseAction.Conclude, CaseAction.Serve, CaseAction.RequestReview, CaseAction.DecideReview, CaseAction.Serve, CaseAction.RequestRecheck],
            _ => throw new ArgumentOutOfRangeException(nameof(timer)),
        };
        foreach (var step in steps)
        {
            kit.Do(step, start);
        }

        return kit;
    }

    private static ClockReading Clock(CaseKit kit, CaseTimer timer, DateOnly on) => kit.Status(on).Clocks.Last(c => c.Timer == timer);

    [Theory]
    [InlineData(CaseTimer.Transfer, "2025-02-28", "2025-03-17", "month end of a common year: 28 Feb + 15 = Sat 15 March → Mon 17")]
    [InlineData(CaseTimer.Transfer, "2026-04-30", "2026-05-15", "month end, no roll: 30 April + 15 = Fri 15 May")]
    [InlineData(CaseTimer.Notice, "2024-02-14", "2024-02-29", "leap year: 14 Feb + 15 = Thu 29 Feb, a working day")]
    [InlineData(CaseTimer.Notice, "2023-02-14", "2023-03-01", "common year: 14 Feb + 15 = Wed 1 March")]
    [InlineData(CaseTimer.Notice, "2026-01-31", "2026-02-24", "ends Sun 15 Feb, first day of 春节 (15–23 Feb) → Tue 24 Feb")]
    [InlineData(CaseTimer.Objection, "2026-09-30", "2026-10-13", "5 工作日: 国庆 1–7 Oct skipped; Thu 8, Fri 9, Sat 10 (调休 working), Mon 12, Tue 13")]
    [InlineData(CaseTimer.Objection, "2026-02-27", "2026-03-05", "5 工作日 across a month end: Sat 28 Feb (调休 working), Mon 2, Tue 3, Wed 4, Thu 5 March")]
    [InlineData(CaseTimer.Handle, "2025-12-31", "2026-03-02", "year end + 60 = Sun 1 March → Mon 2 March")]
    [InlineData(CaseTimer.Handle, "2027-12-31", "2028-02-29", "leap year: 31 Dec 2027 + 60 = Tue 29 Feb 2028")]
    [InlineData(CaseTimer.Handle, "2026-12-31", "2027-03-01", "common year: 31 Dec 2026 + 60 = Mon 1 March 2027")]
    [InlineData(CaseTimer.Handle, "2026-03-02", "2026-05-06", "60 日 end on 1 May (劳动节 1–5 May) → Wed 6 May")]
    [InlineData(CaseTimer.ReviewRequest, "2026-08-31", "2026-09-30", "month end to month end: 31 Aug + 30 = Wed 30 Sept")]
    [InlineData(CaseTimer.ReviewRequest, "2026-09-05", "2026-10-08", "ends Mon 5 Oct inside 国庆 (1–7 Oct) → Thu 8 Oct")]
    [InlineData(CaseTimer.Review, "2025-12-02", "2026-01-04", "ends 1 Jan (元旦 1–3 Jan) → Sun 4 Jan, a 调休 working Sunday")]
    [InlineData(CaseTimer.RecheckRequest, "2026-01-16", "2026-02-24", "ends Sun 15 Feb (春节 15–23 Feb) → Tue 24 Feb")]
    [InlineData(CaseTimer.Recheck, "2028-01-30", "2028-02-29", "leap year: 30 Jan 2028 + 30 = Tue 29 Feb")]
    [InlineData(CaseTimer.Recheck, "2027-01-30", "2027-03-01", "common year: 30 Jan 2027 + 30 = Mon 1 March")]
    public void Each_clock_is_due_on_the_hand_computed_date(CaseTimer timer, string start, string due, string why)
    {
        var kit = Started(timer, D(start));
        var clock = Clock(kit, timer, D(start));
        Assert.True(clock.Running, $"{timer} should run after its start");
        Assert.Equal(D(start), clock.Start);
        Assert.True(clock.Due == D(due), $"{timer} from {start}: expected {due}, got {clock.Due:yyyy-MM-dd} ({why})");
        Assert.Equal(0, Clock(kit, timer, D(due)).DaysLeft);
        Assert.False(Clock(kit, timer, D(due)).Overdue || Clock(kit, timer, D(due)).Lapsed);
        var after = Clock(kit, timer, D(due).AddDays(1));
        Assert.True(CaseRules.Definition(timer).Kind == ClockKind.Duty ? after.Overdue : after.Lapsed, $"{timer} past {due}");
    }

    [Fact]
    public void Extension_of_30_days_across_month_ends_rolls_past_the_may_holiday()
    {
        // 31 Jan + 60 + 30 = 1 May (劳动节 1–5 May) → Wed 6 May.
        var kit = Started(CaseTimer.Handle, D("2026-01-31")).Do(CaseAction.Start, D("2026-01-31"));
        kit.Do(kit.Make(CaseAction.Extend, D("2026-03-20")) with { ExtensionDays = 30 });
        Assert.Equal(D("2026-05-06"), Clock(kit, CaseTimer.Handle, D("2026-03-20")).Due);
    }

    [Fact]
    public void Hearing_days_are_excluded_before_the_holiday_roll()
    {
        // 复核 from 2 March; hearing 10–12 March (3 days) → 2 March + 33 = Sat 4 April (清明 4–6 April) → Tue 7 April.
        var kit = Started(CaseTimer.Recheck, D("2026-03-02"));
        kit.Do(CaseAction.StartHearing, D("2026-03-10")).Do(CaseAction.EndHearing, D("2026-03-12"));
        var clock = Clock(kit, CaseTimer.Recheck, D("2026-03-12"));
        Assert.Equal(3, clock.ExcludedDays);
        Assert.Equal(D("2026-04-07"), clock.Due);
    }

    [Fact]
    public void Counting_switches_change_every_clock_the_same_way()
    {
        // Start day counted and no roll: 2 March + 60 − 1 = 30 April; the 复查 window from Mon 5 Oct 2026 ends Tue 3 Nov.
        var rules = new CaseRules { Calendar = new DayCountingOptions { ExcludeStartDay = false, RollPastHolidays = false } };
        Assert.Equal(D("2026-04-30"), Clock(Started(CaseTimer.Handle, D("2026-03-02"), rules), CaseTimer.Handle, D("2026-03-02")).Due);
        Assert.Equal(D("2026-11-03"), Clock(Started(CaseTimer.ReviewRequest, D("2026-10-05"), rules), CaseTimer.ReviewRequest, D("2026-10-05")).Due);

        // A configured holiday list (e.g. a 2028 arrangement not built in) rolls like the national one.
        var local = new CaseRules { Calendar = new DayCountingOptions { Holidays = [D("2028-02-29"), D("2028-03-01")] } };
        Assert.Equal(D("2028-03-02"), Clock(Started(CaseTimer.Handle, D("2027-12-31"), local), CaseTimer.Handle, D("2027-12-31")).Due);
    }
}
