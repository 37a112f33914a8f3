using GeoPetition.Core.Cases;
using GeoPetition.Core.Verification;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>Every row of the state machine is allowed, every other (state, action) pair is refused, and each rule names itself.</summary>
public sealed class CaseWorkflowTests
{
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public static TheoryData<CaseState, CaseAction, CaseState> Rows()
    {
        var data = new TheoryData<CaseState, CaseAction, CaseState>();
        foreach (var r in CaseWorkflow.Table)
        {
            data.Add(r.From, r.Action, r.To);
        }

        return data;
    }

    public static TheoryData<CaseState, CaseAction> RefusedPairs()
    {
        var data = new TheoryData<CaseState, CaseAction>();
        foreach (var s in Enum.GetValues<CaseState>())
        {
            foreach (var a in Enum.GetValues<CaseAction>().Where(a => CaseWorkflow.Rule(s, a) is null))
            {
                data.Add(s, a);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Rows))]
    public void Every_row_of_the_table_is_allowed(CaseState from, CaseAction action, CaseState to)
    {
        var kit = CaseKit.In(from, out var date);
        Assert.Equal(from, kit.Status(date).State);
        kit.Do(action, date.AddDays(1));
        Assert.Equal(to, kit.Status(date.AddDays(1)).State);
        Assert.Equal(to, kit.Events[^1].To);
        Assert.False(string.IsNullOrEmpty(kit.Events[^1].Transition.LegalBasis));
    }

    [Theory]
    [MemberData(nameof(RefusedPairs))]
    public void Every_other_action_is_refused_with_the_allowed_actions_listed(CaseState state, CaseAction action)
    {
        var kit = CaseKit.In(state, out var date);
        var refusal = kit.Refused(kit.Make(action, date.AddDays(1)));
        Assert.Equal(RefusalKind.NotAllowed, refusal.Kind);
        Assert.Equal(CaseWorkflow.Allowed(state), refusal.Allowed);
        foreach (var allowed in refusal.Allowed)
        {
            Assert.Contains(allowed.ApiName(), refusal.Detail);
        }
    }

    [Fact]
    public void Every_state_is_reachable_and_every_row_has_an_article()
    {
        foreach (var s in Enum.GetValues<CaseState>().Where(s => s != CaseState.Registered))
        {
            Assert.NotEmpty(CaseKit.PathTo(s));
        }

        Assert.All(CaseWorkflow.Table, r => Assert.False(string.IsNullOrWhiteSpace(r.Article)));
        Assert.Equal(CaseWorkflow.Table.Count, CaseWorkflow.Table.Select(r => (r.From, r.Action)).Distinct().Count());
        Assert.Empty(CaseWorkflow.Allowed(CaseState.Redirected));
        Assert.Empty(CaseWorkflow.Allowed(CaseState.NotAccepted));
    }

    [Fact]
    public void Required_fields_are_named()
    {
        var kit = new CaseKit(D("2026-03-02"));
        var r = kit.Refused(new CaseTransition(CaseAction.Transfer, D("2026-03-03"), " "));
        Assert.Equal(RefusalKind.Invalid, r.Kind);
        Assert.Contains("actor", r.Problems.Keys);
        Assert.Contains("organ", r.Problems.Keys);
        Assert.Contains("documentNo", r.Problems.Keys);

        var refuse = kit.Refused(new CaseTransition(CaseAction.Refuse, D("2026-03-03"), "王", DocumentNo: "1号"));
        Assert.Contains("legalBasis", refuse.Problems.Keys);
    }

    [Fact]
    public void A_transition_cannot_be_dated_before_the_previous_one_or_in_the_future()
    {
        var kit = new CaseKit(D("2026-03-02"));
        var early = kit.Refused(kit.Make(CaseAction.Accept, D("2026-03-01")));
        Assert.Equal(RefusalKind.RuleBroken, early.Kind);
        Assert.Contains("before the date the petition was received", early.Detail);

        kit.Do(CaseAction.Accept, D("2026-03-05"));
        var before = kit.Refused(kit.Make(CaseAction.Start, D("2026-03-04")));
        Assert.Contains("before the previous transition (accept on 2026-03-05)", before.Detail);

        var future = kit.Refused(kit.Make(CaseAction.Start, D("2026-03-10")), today: D("2026-03-09"));
        Assert.Contains("in the future", future.Detail);

        var served = kit.Refused(kit.Make(CaseAction.Start, D("2026-03-06")) with { ServedDate = D("2026-03-05") });
        Assert.Equal("servedDate", served.Problems.Keys.Single());
    }

    [Fact]
    public void Conclusion_needs_one_outcome_per_claim()
    {
        var kit = CaseKit.In(CaseState.InProgress, out var date);
        var t = kit.Make(CaseAction.Conclude, date.AddDays(1));

        var none = kit.Refused(t with { Outcomes = null });
        Assert.Contains("outcomes", none.Problems.Keys);

        var missing = kit.Refused(t with { Outcomes = [new(0, Outcome.Support)] });
        Assert.Contains("no outcome for claim 1", missing.Detail);

        var dup = kit.Refused(t with { Outcomes = [new(0, Outcome.Support), new(0, Outcome.Explain), new(1, Outcome.NotSupport)] });
        Assert.Contains("claim 0 has 2 outcomes", dup.Detail);

        var unknown = kit.Refused(t with { Outcomes = [new(0, Outcome.Support), new(1, Outcome.Explain), new(5, Outcome.Explain)] });
        Assert.Contains("claim 5 does not exist", unknown.Detail);

        kit.Do(t with { Outcomes = [new(1, Outcome.NotSupport, "无事实依据"), new(0, Outcome.Support)] });
        var outcomes = kit.Status(date.AddDays(1)).Outcomes;
        Assert.Equal([Outcome.Support, Outcome.NotSupport], outcomes.Select(o => o.Outcome));

        var wrongPlace = CaseKit.In(CaseState.Accepted, out var d2);
        var r = wrongPlace.Refused(wrongPlace.Make(CaseAction.Start, d2.AddDays(1)) with { Outcomes = [new(0, Outcome.Support)] });
        Assert.Contains("outcomes are given at conclude", r.Detail);
    }

    [Fact]
    public void Review_decision_may_replace_the_outcomes()
    {
        var kit = CaseKit.In(CaseState.UnderReview, out var date);
        kit.Do(kit.Make(CaseAction.DecideReview, date.AddDays(1)) with { Outcomes = [new(0, Outcome.Explain), new(1, Outcome.Support)] });
        Assert.Equal(Outcome.Explain, kit.Status(date.AddDays(1)).Outcomes[0].Outcome);
    }

    [Fact]
    public void Extension_needs_approval_notice_and_reason_and_is_at_most_30_days()
    {
        var kit = CaseKit.In(CaseState.InProgress, out var date);
        var t = kit.Make(CaseAction.Extend, date.AddDays(1));

        var tooLong = kit.Refused(t with { ExtensionDays = 31 });
        Assert.Equal(RefusalKind.RuleBroken, tooLong.Kind);
        Assert.Equal("信访工作条例第三十四条", tooLong.Rule);
        Assert.Contains("延长期限不得超过30日", tooLong.Detail);
        Assert.Equal(RefusalKind.RuleBroken, kit.Refused(t with { ExtensionDays = 0 }).Kind);

        var noApproval = kit.Refused(t with { ApprovedBy = null });
        Assert.Equal(RefusalKind.Invalid, noApproval.Kind);
        Assert.Contains("approvedBy", noApproval.Problems.Keys);

        var noNotice = kit.Refused(t with { DocumentNo = "" });
        Assert.Contains("延长办理期限告知书", noNotice.Problems["documentNo"][0]);

        Assert.Contains("reason", kit.Refused(t with { Reason = null }).Problems.Keys);
        Assert.Contains("extensionDays", kit.Refused(t with { ExtensionDays = null }).Problems.Keys);

        kit.Do(t with { ExtensionDays = 30 });
        Assert.Equal(CaseState.Extended, kit.Status(date.AddDays(1)).State);

        // One extension only: a second is not in the table.
        var again = kit.Refused(kit.Make(CaseAction.Extend, date.AddDays(2)));
        Assert.Equal(RefusalKind.NotAllowed, again.Kind);
    }

    [Fact]
    public void Extension_after_the_handling_period_is_refused()
    {
        var kit = new CaseKit(D("2026-03-02"));
        kit.Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"));
        // Due 2026-05-06 (60 日 ending in 劳动节 rolls to 6 May).
        kit.Do(kit.Make(CaseAction.Extend, D("2026-05-06")) with { ExtensionDays = 10 }, today: D("2026-05-06"));
        var late = new CaseKit(D("2026-03-02"));
        late.Do(CaseAction.Accept, D("2026-03-02")).Do(CaseAction.Start, D("2026-03-03"));
        var r = late.Refused(late.Make(CaseAction.Extend, D("2026-05-07")));
        Assert.Contains("within the handling period (due 2026-05-06)", r.Detail);
    }

    [Fact]
    public void Review_request_after_its_window_is_not_accepted()
    {
        var kit = CaseKit.In(CaseState.Concluded, out _);
        kit.Do(CaseAction.Serve, D("2026-03-20"));
        // 20 March + 30 = 19 April (Sun) → 20 April.
        var late = kit.Refused(kit.Make(CaseAction.RequestReview, D("2026-04-21")));
        Assert.Equal(RefusalKind.RuleBroken, late.Kind);
        Assert.Equal("信访工作条例第三十五条", late.Rule);
        Assert.Contains("window ended 2026-04-20", late.Detail);
        kit.Do(CaseAction.RequestReview, D("2026-04-20"));
        Assert.Equal(CaseState.UnderReview, kit.Status(D("2026-04-20")).State);
    }

    [Fact]
    public void Recheck_request_after_its_window_is_not_accepted()
    {
        var kit = CaseKit.In(CaseState.Reviewed, out _);
        kit.Do(CaseAction.Serve, D("2026-04-01"));
        // 1 April + 30 = 1 May (劳动节) → 6 May.
        Assert.Contains("window ended 2026-05-06", kit.Refused(kit.Make(CaseAction.RequestRecheck, D("2026-05-07"))).Detail);
        kit.Do(CaseAction.RequestRecheck, D("2026-05-06"));
    }

    [Fact]
    public void Closing_inside_the_review_window_needs_the_petitioners_written_acceptance()
    {
        var kit = CaseKit.In(CaseState.Concluded, out _);
        kit.Do(CaseAction.Serve, D("2026-03-20"));
        var early = kit.Refused(kit.Make(CaseAction.Close, D("2026-04-20")) with { Waiver = false });
        Assert.Contains("may still request 复查 until 2026-04-20", early.Detail);
        kit.Do(kit.Make(CaseAction.Close, D("2026-04-21")) with { Waiver = false });
        Assert.Equal(CaseState.Closed, kit.Status(D("2026-04-21")).State);

        var waived = CaseKit.In(CaseState.Served, out var date);
        waived.Do(waived.Make(CaseAction.Close, date.AddDays(1)) with { Waiver = true });
        Assert.Equal(CaseState.Closed, waived.Status(date.AddDays(1)).State);
    }

    [Fact]
    public void Objection_after_five_working_days_is_refused()
    {
        var kit = new CaseKit(D("2026-02-10"));
        kit.Do(kit.Make(CaseAction.Transfer, D("2026-02-11")) with { ServedDate = D("2026-02-12") });
        // Received 12 Feb: 13, 14 (调休), 24, 25, 26 Feb.
        var late = kit.Refused(kit.Make(CaseAction.RaiseObjection, D("2026-02-27")));
        Assert.Contains("within 5 工作日 of receipt (by 2026-02-26)", late.Detail);
        kit.Do(CaseAction.RaiseObjection, D("2026-02-26"));
        Assert.Equal(CaseState.Returned, kit.Status(D("2026-02-26")).State);
    }

    [Fact]
    public void Names_parse_in_api_form_csharp_form_and_chinese()
    {
        Assert.True(CaseNames.TryParseAction("request_review", out var a1) && a1 == CaseAction.RequestReview);
        Assert.True(CaseNames.TryParseAction("RequestReview", out var a2) && a2 == CaseAction.RequestReview);
        Assert.True(CaseNames.TryParseAction("受理", out var a3) && a3 == CaseAction.Accept);
        Assert.False(CaseNames.TryParseAction("approve", out _));
        Assert.True(CaseNames.TryParseState("in_progress", out var s) && s == CaseState.InProgress);
        Assert.Equal("under_recheck", CaseState.UnderRecheck.ApiName());
    }
}
