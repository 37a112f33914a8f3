using GeoPetition.Core.Cases;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>Each timer of domain-rules §8: when it starts, its due date, when it stops, days left, overdue, lapse and warning.</summary>
public sealed class CaseClockTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static ClockReading Clock(CaseStatus s, CaseTimer t) => s.Clocks.Last(c => c.Timer == t);

    [Fact]
    public void Registration_runs_the_transfer_and_notice_clocks_with_warning_and_overdue()
    {
        var kit = new CaseKit(D("2026-03-02"));
        var s = kit.Status(D("2026-03-11"));
        Assert.Equal(CaseState.Registered, s.State);
        var notice = Clock(s, CaseTimer.Notice);
        Assert.Equal(D("2026-03-17"), notice.Due);
        Assert.Equal(6, notice.DaysLeft);
        Assert.False(notice.Warning);
        Assert.True(Clock(kit.Status(D("2026-03-12")), CaseTimer.Notice).Warning);
        Assert.Equal(D("2026-03-17"), Clock(s, CaseTimer.Transfer).Due);

        var late = kit.Status(D("2026-03-18"));
        Assert.True(Clock(late, CaseTimer.Notice).Overdue);
        Assert.Equal(-1, Clock(late, CaseTimer.Notice).DaysLeft);
        Assert.False(Clock(late, CaseTimer.Notice).Warning);
    }

    [Fact]
    public void Warning_threshold_is_configurable_per_timer()
    {
        var rules = new CaseRules { WarningDays = 2, WarningDaysByTimer = new() { ["Notice"] = 10 } };
        Assert.Empty(rules.Problems());
        var kit = new CaseKit(D("2026-03-02"), rules: rules);
        var s = kit.Status(D("2026-03-07"));
        Assert.True(Clock(s, CaseTimer.Notice).Warning);
        Assert.False(Clock(s, CaseTimer.Transfer).Warning);
        Assert.NotEmpty(new CaseRules { WarningDaysByTimer = new() { ["Nope"] = 1 } }.Problems());
    }

    [Fact]
    public void Acceptance_stops_the_notice_clock_and_starts_the_handling_clock()
    {
        var kit = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-10"));
        var s = kit.Status(D("2026-03-20"));
        var notice = Clock(s, CaseTimer.Notice);
        Assert.False(notice.Running);
        Assert.Equal(D("2026-03-10"), notice.StoppedOn);
        Assert.False(notice.Overdue);
        Assert.Null(notice.DaysLeft);

        var handle = Clock(s, CaseTimer.Handle);
        Assert.True(handle.Running);
        Assert.Equal(D("2026-03-10"), handle.Start);
        Assert.Equal(D("2026-05-09"), handle.Due); // 10 March + 60 = Sat 9 May, a 调休 working day: no roll
    }

    [Fact]
    public void Handling_clock_is_60_days_from_acceptance_rolled_past_holidays()
    {
        var kit = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"));
        var handle = Clock(kit.Status(D("2026-04-01")), CaseTimer.Handle);
        Assert.Equal(D("2026-05-06"), handle.Due);
        Assert.Equal(35, handle.DaysLeft);
        Assert.Equal(ClockKind.Duty, handle.Kind);
        Assert.Equal("信访工作条例第三十四条", handle.Article);

        var overdue = Clock(kit.Status(D("2026-05-07")), CaseTimer.Handle);
        Assert.True(overdue.Overdue);

        kit.Do(CaseAction.Conclude, D("2026-05-08"));
        var late = Clock(kit.Status(D("2026-06-01")), CaseTimer.Handle);
        Assert.False(late.Running);
        Assert.True(late.Overdue);
    }

    [Fact]
    public void Extension_adds_its_days_to_the_handling_clock()
    {
        var kit = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"));
        kit.Do(kit.Make(CaseAction.Extend, D("2026-04-30")) with { ExtensionDays = 30 });
        var s = kit.Status(D("2026-05-10"));
        var handle = Clock(s, CaseTimer.Handle);
        Assert.Equal(30, handle.ExtensionDays);
        Assert.Equal(D("2026-06-01"), handle.Due);
        Assert.False(handle.Overdue);
        Assert.Equal(30, s.Extension!.Days);
        Assert.Equal("局长", s.Extension.ApprovedBy);
        Assert.Equal(CaseState.Extended, s.State);
    }

    [Fact]
    public void Transfer_starts_the_receiving_bodys_notice_clock_and_objection_window()
    {
        var kit = new CaseKit(D("2026-03-02"));
        kit.Do(kit.Make(CaseAction.Transfer, D("2026-03-05")) with { ServedDate = D("2026-03-06") });
        var s = kit.Status(D("2026-03-09"));
        Assert.False(s.Clocks.First(c => c.Timer == CaseTimer.Transfer).Running);
        Assert.False(s.Clocks.First(c => c.Timer == CaseTimer.Transfer).Overdue);
        var notice = Clock(s, CaseTimer.Notice);
        Assert.Equal(D("2026-03-06"), notice.Start);
        Assert.Equal(D("2026-03-23"), notice.Due); // 6 March + 15 = Sat 21 → Mon 23
        var objection = Clock(s, CaseTimer.Objection);
        Assert.Equal(DayUnit.Working, objection.Unit);
        Assert.Equal(ClockKind.Window, objection.Kind);
        Assert.Equal(D("2026-03-13"), objection.Due);
        Assert.Equal(4, objection.DaysLeft);

        var lapsed = Clock(kit.Status(D("2026-03-16")), CaseTimer.Objection);
        Assert.True(lapsed.Lapsed);
        Assert.False(lapsed.Overdue);

        kit.Do(CaseAction.Accept, D("2026-03-16"));
        Assert.All(kit.Status(D("2026-03-16")).Clocks.Where(c => c.Timer != CaseTimer.Handle), c => Assert.False(c.Running));
    }

    [Fact]
    public void Objection_returns_the_item_and_the_office_forwards_again()
    {
        var kit = new CaseKit(D("2026-03-02")).Do(CaseAction.Transfer, D("2026-03-03")).Do(CaseAction.RaiseObjection, D("2026-03-05"));
        var s = kit.Status(D("2026-03-06"));
        Assert.Equal(CaseState.Returned, s.State);
        var transfer = Clock(s, CaseTimer.Transfer);
        Assert.True(transfer.Running);
        Assert.Equal(D("2026-03-20"), transfer.Due);
        kit.Do(CaseAction.Transfer, D("2026-03-09"));
        Assert.Equal(CaseState.Transferred, kit.Status(D("2026-03-09")).State);
    }

    [Fact]
    public void Review_and_recheck_clocks_run_from_receipt()
    {
        var kit = new CaseKit(D("2026-03-02"))
            .Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"))
            .Do(CaseAction.Conclude, D("2026-03-10")).Do(CaseAction.Serve, D("2026-03-12"));
        var served = kit.Status(D("2026-03-13"));
        var window = Clock(served, CaseTimer.ReviewRequest);
        Assert.Equal(D("2026-04-13"), window.Due); // 12 March + 30 = Sat 11 April → Mon 13
        Assert.Equal(ClockKind.Window, window.Kind);
        Assert.True(Clock(kit.Status(D("2026-04-14")), CaseTimer.ReviewRequest).Lapsed);

        kit.Do(CaseAction.RequestReview, D("2026-04-01"));
        var review = Clock(kit.Status(D("2026-04-02")), CaseTimer.Review);
        Assert.Equal(D("2026-05-06"), review.Due); // 1 April + 30 = 1 May → 6 May
        Assert.False(Clock(kit.Status(D("2026-04-02")), CaseTimer.ReviewRequest).Running);

        kit.Do(CaseAction.DecideReview, D("2026-04-20")).Do(CaseAction.Serve, D("2026-04-22"));
        var recheckWindow = Clock(kit.Status(D("2026-04-23")), CaseTimer.RecheckRequest);
        Assert.Equal(D("2026-05-22"), recheckWindow.Due);
    }

    [Fact]
    public void Hearing_time_is_excluded_from_the_recheck_clock()
    {
        var kit = CaseKit.In(CaseState.ReviewServed, out _);
        kit.Do(CaseAction.RequestRecheck, D("2026-03-20"));
        Assert.Equal(D("2026-04-20"), Clock(kit.Status(D("2026-03-21")), CaseTimer.Recheck).Due); // 19 April (Sun) → 20

        // Hearing 1–3 April (3 days, inclusive): during it the clock is paused and the days left freeze.
        kit.Do(CaseAction.StartHearing, D("2026-04-01"));
        var first = Clock(kit.Status(D("2026-04-01")), CaseTimer.Recheck);
        var second = Clock(kit.Status(D("2026-04-02")), CaseTimer.Recheck);
        Assert.True(first.Paused);
        Assert.False(first.Warning);
        Assert.Equal(first.DaysLeft, second.DaysLeft);
        Assert.Equal(CaseState.Hearing, kit.Status(D("2026-04-02")).State);

        kit.Do(CaseAction.EndHearing, D("2026-04-03"));
        var resumed = Clock(kit.Status(D("2026-04-04")), CaseTimer.Recheck);
        Assert.False(resumed.Paused);
        Assert.Equal(3, resumed.ExcludedDays);
        Assert.Equal(D("2026-04-22"), resumed.Due); // 20 March + 33 = 22 April

        kit.Do(CaseAction.DecideRecheck, D("2026-04-22"));
        var done = Clock(kit.Status(D("2026-05-01")), CaseTimer.Recheck);
        Assert.False(done.Overdue);
        kit.Do(CaseAction.Serve, D("2026-04-24"));
        var final = kit.Status(D("2026-05-01"));
        Assert.Equal(CaseState.Final, final.State);
        Assert.Equal(D("2026-04-24"), final.ClosedOn);
    }

    [Fact]
    public void Hearing_exclusion_and_holiday_roll_combine()
    {
        var kit = new CaseKit(D("2026-01-05"))
            .Do(CaseAction.Accept, D("2026-01-05")).Do(CaseAction.Start, D("2026-01-06")).Do(CaseAction.Conclude, D("2026-01-07"))
            .Do(CaseAction.Serve, D("2026-01-08")).Do(CaseAction.RequestReview, D("2026-01-09")).Do(CaseAction.DecideReview, D("2026-01-12"))
            .Do(CaseAction.Serve, D("2026-02-20"));
        kit.Do(CaseAction.RequestRecheck, D("2026-03-02"))
            .Do(CaseAction.StartHearing, D("2026-03-10")).Do(CaseAction.EndHearing, D("2026-03-12"));
        // 2 March + 30 + 3 = Sat 4 April (清明 4–6 April) → Tue 7 April.
        Assert.Equal(D("2026-04-07"), Clock(kit.Status(D("2026-03-13")), CaseTimer.Recheck).Due);
    }

    [Fact]
    public void Reopen_after_closing_starts_a_new_handling_clock()
    {
        var kit = new CaseKit(D("2026-03-02"))
            .Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"))
            .Do(CaseAction.Conclude, D("2026-03-10")).Do(CaseAction.Serve, D("2026-03-12"))
            .Do(CaseAction.Close, D("2026-03-13"));
        var closed = kit.Status(D("2026-06-15"));
        Assert.Equal(D("2026-03-13"), closed.ClosedOn);
        Assert.DoesNotContain(closed.Clocks, c => c.Running);

        kit.Do(CaseAction.Reopen, D("2026-06-15"));
        var s = kit.Status(D("2026-06-16"));
        Assert.Equal(CaseState.InProgress, s.State);
        Assert.Equal(1, s.Reopened);
        Assert.Null(s.ClosedOn);
        Assert.Equal(D("2026-03-10"), s.ConcludedOn);
        var handle = Clock(s, CaseTimer.Handle);
        Assert.Equal(D("2026-06-15"), handle.Start);
        Assert.Equal(D("2026-08-14"), handle.Due);
        Assert.Equal(2, s.Clocks.Count(c => c.Timer == CaseTimer.Handle));
    }

    [Fact]
    public void Next_deadline_is_the_earliest_running_duty_clock()
    {
        var kit = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-02"));
        Assert.Equal(CaseTimer.Handle, kit.Status(D("2026-03-03")).NextDeadline!.Timer);
        Assert.Equal(1, kit.Status(D("2026-03-03")).Version);
    }

    [Fact]
    public void An_inconsistent_history_is_rejected()
    {
        var e = new CaseEvent(1, CaseState.Accepted, CaseState.InProgress, new CaseTransition(CaseAction.Start, D("2026-03-03"), "x"));
        Assert.Throws<InvalidOperationException>(() => CaseClock.Evaluate(new CaseHistory(D("2026-03-02"), 1, [e]), D("2026-03-04"), new CaseRules()));
    }
}
