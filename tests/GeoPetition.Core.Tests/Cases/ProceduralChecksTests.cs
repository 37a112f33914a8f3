using GeoPetition.Core.Cases;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>The procedural checks C1–C6 of domain-rules §7.4, on histories built through the workflow table.</summary>
public sealed class ProceduralChecksTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static ProceduralCheck Check(CaseKit kit, DateOnly on, string rule, IReadOnlyList<PriorPetition>? priors = null) =>
        ProceduralChecks.Evaluate(kit.History, kit.Status(on), priors ?? []).Single(c => c.Rule == rule);

    [Fact]
    public void Evaluate_gives_each_rule_once_in_order()
    {
        var kit = new CaseKit(D("2026-03-02"));
        Assert.Equal(["C1", "C2", "C3", "C4", "C5", "C6"], ProceduralChecks.Evaluate(kit.History, kit.Status(D("2026-03-03")), []).Select(c => c.Rule));
    }

    [Fact]
    public void C1_notice_within_15_days_is_clear_and_a_later_one_is_a_breach()
    {
        // Received Mon 2 March 2026: 15 日 end on Tue 17 March.
        var onTime = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-17"));
        var clear = Check(onTime, D("2026-03-20"), "C1");
        Assert.Equal(CheckOutcome.Clear, clear.Outcome);
        Assert.Equal(D("2026-03-17"), clear.Due);
        Assert.Equal(D("2026-03-17"), clear.Actual);

        var late = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-18"));
        var breach = Check(late, D("2026-03-20"), "C1");
        Assert.Equal(CheckOutcome.Applies, breach.Outcome);
        Assert.Equal(D("2026-03-18"), breach.Actual);
        Assert.Contains("超期", breach.SentenceZh);
        Assert.Contains("第二十三条", breach.Article);

        // Still waiting: pending with days left, then a breach once the day has passed.
        var waiting = new CaseKit(D("2026-03-02"));
        Assert.Equal(CheckOutcome.Pending, Check(waiting, D("2026-03-10"), "C1").Outcome);
        var missed = Check(waiting, D("2026-03-18"), "C1");
        Assert.Equal(CheckOutcome.Applies, missed.Outcome);
        Assert.Null(missed.Actual);
    }

    [Fact]
    public void C2_counts_the_approved_extension()
    {
        // Accepted 2 March: 60 日 to 6 May (holiday roll); a 20-day extension moves it to 26 May.
        var kit = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"));
        Assert.Equal(CheckOutcome.Pending, Check(kit, D("2026-04-01"), "C2").Outcome);
        Assert.Equal(CheckOutcome.Applies, Check(kit, D("2026-05-07"), "C2").Outcome);

        var extended = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"))
            .Do(CaseAction.Extend, D("2026-04-30")).Do(CaseAction.Conclude, D("2026-05-20"));
        var c2 = Check(extended, D("2026-06-01"), "C2");
        Assert.Equal(CheckOutcome.Clear, c2.Outcome);
        Assert.Contains("延期 20 日", c2.SentenceZh);
        Assert.Equal(D("2026-05-20"), c2.Actual);

        var lateEvenSo = new CaseKit(D("2026-03-02")).Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"))
            .Do(CaseAction.Extend, D("2026-04-30")).Do(CaseAction.Conclude, D("2026-06-10"));
        Assert.Equal(CheckOutcome.Applies, Check(lateEvenSo, D("2026-06-11"), "C2").Outcome);
    }

    [Fact]
    public void C3_says_when_the_review_window_has_lapsed()
    {
        var kit = new CaseKit(D("2026-03-02"))
            .Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"))
            .Do(CaseAction.Conclude, D("2026-03-10")).Do(CaseAction.Serve, D("2026-03-12"));
        var open = Check(kit, D("2026-03-13"), "C3");
        Assert.Equal(CheckOutcome.Pending, open.Outcome);
        Assert.Equal(D("2026-04-13"), open.Due);

        var lapsed = Check(kit, D("2026-04-14"), "C3");
        Assert.Equal(CheckOutcome.Applies, lapsed.Outcome);
        Assert.Contains("不予受理", lapsed.SentenceZh);
        Assert.Equal("第三十五条", lapsed.Article);
    }

    [Fact]
    public void C4_and_C5_read_the_earlier_petitions_on_the_same_matter()
    {
        var kit = new CaseKit(D("2026-09-01"));
        var on = D("2026-09-02");
        PriorPetition Prior(CaseState state, bool same = true, DateOnly? accepted = null) =>
            new(7, "XF-2026-0007", same, state, accepted ?? D("2026-03-02"));

        Assert.Equal(CheckOutcome.Clear, Check(kit, on, "C4").Outcome);
        Assert.Equal(CheckOutcome.Clear, Check(kit, on, "C5").Outcome);

        var c4 = Check(kit, on, "C4", [Prior(CaseState.Final)]);
        Assert.Equal(CheckOutcome.Applies, c4.Outcome);
        Assert.Equal(7, c4.RelatedPetitionId);
        Assert.Contains("不再受理", c4.SentenceZh);

        // The same petitioner on another matter does not count.
        Assert.Equal(CheckOutcome.Clear, Check(kit, on, "C4", [Prior(CaseState.Final, same: false)]).Outcome);

        var c5 = Check(kit, on, "C5", [Prior(CaseState.InProgress)]);
        Assert.Equal(CheckOutcome.Applies, c5.Outcome);
        Assert.Contains("不予受理", c5.SentenceZh);
        Assert.Equal(D("2026-03-02"), c5.Actual);

        // Closed, or never accepted: no ground under C5.
        Assert.Equal(CheckOutcome.Clear, Check(kit, on, "C5", [Prior(CaseState.Closed)]).Outcome);
        Assert.Equal(CheckOutcome.Clear, Check(kit, on, "C5", [new PriorPetition(8, "XF-2026-0008", true, CaseState.Registered, null)]).Outcome);
    }

    [Fact]
    public void C6_reports_a_diversion_and_otherwise_leaves_it_to_the_officer()
    {
        var kit = new CaseKit(D("2026-03-02"));
        Assert.Equal(CheckOutcome.Pending, Check(kit, D("2026-03-03"), "C6").Outcome);

        var path = CaseKit.PathTo(CaseState.Diverted);
        var date = D("2026-03-03");
        foreach (var action in path)
        {
            kit.Do(action, date);
            date = date.AddDays(1);
        }

        var c6 = Check(kit, date, "C6");
        Assert.Equal(CheckOutcome.Applies, c6.Outcome);
        Assert.Contains("导入法定途径", c6.SentenceZh);
        Assert.Contains("信访工作条例第十九条第三款", c6.SentenceZh);
    }
}
