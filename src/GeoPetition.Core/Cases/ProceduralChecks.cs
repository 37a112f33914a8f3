namespace GeoPetition.Core.Cases;

/// <summary>How a procedural check came out.</summary>
public enum CheckOutcome
{
    /// <summary>The rule's condition holds: a breach (C1, C2) or a ground to refuse or divert (C3–C6).</summary>
    Applies,

    /// <summary>Checked and clean.</summary>
    Clear,

    /// <summary>Not yet decidable: the clock still runs, or the facts the rule needs are not on file.</summary>
    Pending,
}

/// <summary>
/// One procedural check of domain-rules §7.4 on a case: the rule, its outcome, a sentence in Chinese
/// and in English, the article, and the dates that decided it.
/// </summary>
/// <param name="Rule">C1 … C6.</param>
/// <param name="Due">The last day allowed (C1–C3).</param>
/// <param name="Actual">The day the act happened (C1, C2), when it has.</param>
/// <param name="RelatedPetitionId">The earlier petition the check refers to (C4, C5).</param>
public sealed record ProceduralCheck(
    string Rule,
    CheckOutcome Outcome,
    string SentenceZh,
    string SentenceEn,
    string Article,
    DateOnly? Due = null,
    DateOnly? Actual = null,
    long? RelatedPetitionId = null);

/// <summary>
/// An earlier petition found by repeat detection, as the C4/C5 checks need it: whether it is the same
/// petitioner on the same matter (<see cref="LinkKind.DuplicateOf"/> or a same-petitioner,
/// same-subject, same-place <see cref="LinkKind.Related"/> link), and how far its own case went.
/// </summary>
/// <param name="SameMatter">The same petitioner, subject and place (the "same facts and reasons" as far as data show them).</param>
/// <param name="State">The earlier case's state now.</param>
/// <param name="AcceptedOn">When the earlier case was accepted (受理), if it was.</param>
public sealed record PriorPetition(long PetitionId, string CaseNo, bool SameMatter, CaseState State, DateOnly? AcceptedOn);

/// <summary>
/// The procedural checks of domain-rules §7.4 (C1–C6), used in 复查/复核 and in supervision. They read
/// the case's own clocks (<see cref="CaseClock"/>) and the earlier petitions repeat detection found;
/// like every rule here they report, and officers decide: C4–C6 name grounds, they do not refuse.
/// </summary>
public static class ProceduralChecks
{
    /// <summary>The checks of a case as of <paramref name="status"/>'s date.</summary>
    public static IReadOnlyList<ProceduralCheck> Evaluate(CaseHistory history, CaseStatus status, IReadOnlyList<PriorPetition> priors) =>
        [C1(status), C2(status), C3(status), C4(priors), C5(history, priors), C6(history)];

    /// <summary>
    /// C1 — 信访工作条例 Art. 23: the body notifies the petitioner in writing within 15 日 of receipt
    /// whether the item is accepted; a later notice is a breach (accountability under Art. 44).
    /// </summary>
    public static ProceduralCheck C1(CaseStatus status) =>
        DutyCheck(status, CaseTimer.Notice, "C1", "第二十三条、第四十四条", "受理告知", "notice of acceptance");

    /// <summary>
    /// C2 — Art. 34: 办结 within 60 日 of 受理, + at most 30 日 with an approved and notified extension;
    /// later is a breach (accountability under Art. 45).
    /// </summary>
    public static ProceduralCheck C2(CaseStatus status) =>
        DutyCheck(status, CaseTimer.Handle, "C2", "第三十四条、第四十五条", "办结", "conclusion (办结)");

    private static ProceduralCheck DutyCheck(CaseStatus status, CaseTimer timer, string rule, string article, string actZh, string actEn)
    {
        // The last reading of the timer (it restarts when a case is reopened).
        var clock = status.Clocks.LastOrDefault(c => c.Timer == timer);
        if (clock is null)
        {
            return new(rule, CheckOutcome.Pending, $"{actZh}时限尚未起算。", $"The {actEn} period has not started.", article);
        }

        var extension = clock.ExtensionDays > 0 ? $"（含延期 {clock.ExtensionDays} 日）" : "";
        var extensionEn = clock.ExtensionDays > 0 ? $" (with a {clock.ExtensionDays}-day extension)" : "";
        if (clock.Overdue)
        {
            return clock.StoppedOn is { } done
                ? new(rule, CheckOutcome.Applies,
                    $"{actZh}于 {done:yyyy-MM-dd}，晚于期限 {clock.Due:yyyy-MM-dd}{extension}：超期，违反{article[..article.IndexOf('、', StringComparison.Ordinal)]}。",
                    $"The {actEn} came on {done:yyyy-MM-dd}, after the due date {clock.Due:yyyy-MM-dd}{extensionEn}: overdue.",
                    article, clock.Due, done)
                : new(rule, CheckOutcome.Applies,
                    $"期限 {clock.Due:yyyy-MM-dd}{extension} 已过，尚未{actZh}：超期。",
                    $"The due date {clock.Due:yyyy-MM-dd}{extensionEn} has passed without the {actEn}: overdue.",
                    article, clock.Due);
        }

        return clock.StoppedOn is { } on
            ? new(rule, CheckOutcome.Clear,
                $"{actZh}于 {on:yyyy-MM-dd}，在期限 {clock.Due:yyyy-MM-dd}{extension} 内。",
                $"The {actEn} came on {on:yyyy-MM-dd}, within the due date {clock.Due:yyyy-MM-dd}{extensionEn}.",
                article, clock.Due, on)
            : new(rule, CheckOutcome.Pending,
                $"期限 {clock.Due:yyyy-MM-dd}{extension}，尚余 {clock.DaysLeft} 日。",
                $"Due {clock.Due:yyyy-MM-dd}{extensionEn}; {clock.DaysLeft} day(s) left.",
                article, clock.Due);
    }

    /// <summary>
    /// C3 — Arts. 35, 36: a 复查 request more than 30 日 after the written reply was received, or a 复核
    /// request more than 30 日 after the 复查意见, is not accepted (不予受理). (The workflow refuses such a
    /// request; this check says when a window has lapsed.)
    /// </summary>
    public static ProceduralCheck C3(CaseStatus status)
    {
        var windows = status.Clocks.Where(c => c.Timer is CaseTimer.ReviewRequest or CaseTimer.RecheckRequest).ToList();
        if (windows.LastOrDefault(c => c.Lapsed) is { } lapsed)
        {
            var what = lapsed.Timer == CaseTimer.ReviewRequest ? ("复查", "review (复查)") : ("复核", "recheck (复核)");
            return new("C3", CheckOutcome.Applies,
                $"{what.Item1}申请期限已于 {lapsed.Due:yyyy-MM-dd} 届满：此后提出的{what.Item1}申请不予受理。",
                $"The window to request a {what.Item2} ended on {lapsed.Due:yyyy-MM-dd}: a later request is not accepted (不予受理).",
                lapsed.Timer == CaseTimer.ReviewRequest ? "第三十五条" : "第三十六条", lapsed.Due);
        }

        if (windows.LastOrDefault(c => c.Running) is { } open)
        {
            var what = open.Timer == CaseTimer.ReviewRequest ? ("复查", "review (复查)") : ("复核", "recheck (复核)");
            return new("C3", CheckOutcome.Pending,
                $"{what.Item1}申请期限至 {open.Due:yyyy-MM-dd}，尚余 {open.DaysLeft} 日。",
                $"A {what.Item2} may be requested until {open.Due:yyyy-MM-dd}; {open.DaysLeft} day(s) left.",
                open.Timer == CaseTimer.ReviewRequest ? "第三十五条" : "第三十六条", open.Due);
        }

        return new("C3", CheckOutcome.Clear, "无已届满的复查、复核申请期限。", "No review or recheck window has lapsed.", "第三十五条、第三十六条");
    }

    /// <summary>
    /// C4 — Art. 36 ¶3: after a 复核 the same facts and reasons are not accepted again (不再受理). Applies
    /// when an earlier petition on the same matter reached 复核 (<see cref="CaseState.Rechecked"/> or
    /// <see cref="CaseState.Final"/>).
    /// </summary>
    public static ProceduralCheck C4(IReadOnlyList<PriorPetition> priors) =>
        priors.FirstOrDefault(p => p.SameMatter && p.State is CaseState.Rechecked or CaseState.Final) is { } final
            ? new("C4", CheckOutcome.Applies,
                $"同一信访人就同一事项的信访件 {final.CaseNo} 已经复核：同一事实和理由不再受理（须核实事实和理由是否相同）。",
                $"Petition {final.CaseNo} by the same petitioner on the same matter has been through a recheck (复核): the same facts and reasons are not accepted again (不再受理) — confirm that the facts and reasons are the same.",
                "第三十六条第三款", RelatedPetitionId: final.PetitionId)
            : new("C4", CheckOutcome.Clear, "未发现已经复核的同一事项。", "No earlier petition on the same matter has been through a recheck.", "第三十六条第三款");

    /// <summary>
    /// C5 — Art. 19 ¶3: an item already accepted, or being handled, is not accepted again when raised
    /// with a higher body (不予受理). Applies when an earlier petition on the same matter is accepted and
    /// still open.
    /// </summary>
    public static ProceduralCheck C5(CaseHistory history, IReadOnlyList<PriorPetition> priors)
    {
        var pending = priors.FirstOrDefault(p => p.SameMatter && p.AcceptedOn is not null && RepeatRules.IsOpen(p.State)
            && p.State is not (CaseState.Rechecked or CaseState.Final));
        if (pending is null)
        {
            return new("C5", CheckOutcome.Clear, "未发现已受理且正在办理的同一事项。", "No earlier petition on the same matter is accepted and still being handled.", "第十九条第三款");
        }

        var accepted = history.Events.Any(e => e.To == CaseState.Accepted);
        return new("C5", CheckOutcome.Applies,
            $"同一事项已于 {pending.AcceptedOn:yyyy-MM-dd} 以 {pending.CaseNo} 受理且正在办理：{(accepted ? "本件不应重复受理" : "本件不予受理")}，告知信访人等候办理结果。",
            $"The same matter was accepted on {pending.AcceptedOn:yyyy-MM-dd} as {pending.CaseNo} and is still being handled: {(accepted ? "this petition should not have been accepted again" : "this petition is not accepted (不予受理)")}; tell the petitioner to await that outcome.",
            "第十九条第三款", Actual: pending.AcceptedOn, RelatedPetitionId: pending.PetitionId);
    }

    /// <summary>
    /// C6 — Arts. 28, 31: 涉法涉诉 items and items that a statutory procedure governs (litigation,
    /// arbitration, administrative review …) are diverted to that procedure (导入法定途径).
    /// </summary>
    public static ProceduralCheck C6(CaseHistory history) =>
        history.Events.LastOrDefault(e => e.Transition.Action == CaseAction.Divert) is { } divert
            ? new("C6", CheckOutcome.Applies,
                $"已于 {divert.Transition.Date:yyyy-MM-dd} 导入法定途径{(divert.Transition.LegalBasis is { } b ? $"（{b}）" : "")}。",
                $"Diverted to its statutory procedure on {divert.Transition.Date:yyyy-MM-dd}{(divert.Transition.LegalBasis is { } e ? $" ({e})" : "")}.",
                "第二十八条、第三十一条", Actual: divert.Transition.Date)
            : new("C6", CheckOutcome.Pending,
                "未导入法定途径；是否属于涉法涉诉事项由承办人判断。",
                "Not diverted; whether the item belongs to a legal process (涉法涉诉) is for the officer to judge.",
                "第二十八条、第三十一条");
}
