using GeoPetition.Core.Verification;
using static GeoPetition.Core.Cases.CaseAction;
using static GeoPetition.Core.Cases.CaseState;
using static GeoPetition.Core.Cases.Need;

namespace GeoPetition.Core.Cases;

/// <summary>Fields a transition must carry besides actor and date.</summary>
[Flags]
public enum Need
{
    /// <summary>Only actor and date.</summary>
    Nothing = 0,

    /// <summary>The organ acted towards: the receiving body, the competent body, the body one level above.</summary>
    Organ = 1,

    /// <summary>The number of the 告知书/意见书/协议书.</summary>
    DocumentNo = 2,

    /// <summary>The legal basis (article, or the statutory procedure diverted to).</summary>
    LegalBasis = 4,

    /// <summary>A written reason.</summary>
    Reason = 8,

    /// <summary>An outcome (支持/解释说明/不予支持) for every claim.</summary>
    Outcomes = 16,

    /// <summary>Extension days, the approving head and the 延长办理期限告知书 number.</summary>
    Extension = 32,
}

/// <summary>One row of the state machine: in <paramref name="From"/>, <paramref name="Action"/> leads to <paramref name="To"/>.</summary>
/// <param name="Article">The provision of 信访工作条例 (2022) behind the step, or "(design)" for bureau practice.</param>
/// <param name="Document">The document the step produces, if any.</param>
public sealed record TransitionRule(CaseState From, CaseAction Action, CaseState To, string Article, string? Document, Need Needs);

/// <summary>Why a transition was refused: the action is not allowed in the state (409), a field is missing (400), or a rule is broken (422).</summary>
public enum RefusalKind
{
    /// <summary>The action is not allowed in the current state.</summary>
    NotAllowed,

    /// <summary>A required field is missing or malformed.</summary>
    Invalid,

    /// <summary>The fields are present but break a rule (time window, ordering, extension limit).</summary>
    RuleBroken,
}

/// <summary>A refused transition with the rule it broke and, when the state forbids it, the allowed actions.</summary>
public sealed record TransitionRefusal(RefusalKind Kind, string Rule, IReadOnlyDictionary<string, string[]> Problems, IReadOnlyList<CaseAction> Allowed)
{
    public string Detail => string.Join("; ", Problems.SelectMany(p => p.Value.Select(v => p.Key.Length == 0 ? v : $"{p.Key}: {v}")));
}

/// <summary>
/// The case state machine of domain-rules §8 as one table (<see cref="Table"/>), and the pure checks
/// that decide whether a transition may be recorded (<see cref="Check"/>). No I/O: the server loads
/// the history, asks here, and stores the returned event.
/// </summary>
public static class CaseWorkflow
{
    private const string A19 = "信访工作条例第十九条第三款";
    private const string A22 = "信访工作条例第二十二条";
    private const string A23 = "信访工作条例第二十三条";
    private const string A28 = "信访工作条例第二十八条、第三十一条第（一）至（五）项";
    private const string A31 = "信访工作条例第三十一条第（六）项";
    private const string A32 = "信访工作条例第三十二条、第三十四条";
    private const string A33 = "信访工作条例第三十三条";
    private const string A34 = "信访工作条例第三十四条";
    private const string A35 = "信访工作条例第三十五条";
    private const string A36 = "信访工作条例第三十六条";
    private const string LookBack = "(design) 回头看: bureau practice, not a new 信访事项";

    /// <summary>Every allowed step. A (state, action) pair not in this table is refused with 409.</summary>
    public static IReadOnlyList<TransitionRule> Table { get; } =
    [
        // From         Action          To             Article                       Document                    Needs
        new(Registered,   Transfer,       Transferred,   A22,                          "转送/交办文书",              Organ | DocumentNo),
        new(Registered,   Accept,         Accepted,      A23 + "第二款",               "受理告知书",                 DocumentNo),
        new(Registered,   Redirect,       Redirected,    A23 + "第二款",               "告知书",                     Organ | DocumentNo),
        new(Registered,   Refuse,         NotAccepted,   A19 + "、第三十六条第三款",    "不予（不再）受理告知书",      DocumentNo | LegalBasis),
        new(Transferred,  Accept,         Accepted,      A23 + "第三款",               "受理告知书",                 DocumentNo),
        new(Transferred,  RaiseObjection, Returned,      A23 + "第三款",               "异议函",                     Reason),
        new(Transferred,  Refuse,         NotAccepted,   A19 + "、第三十六条第三款",    "不予（不再）受理告知书",      DocumentNo | LegalBasis),
        new(Returned,     Transfer,       Transferred,   A22 + "、第二十四条",          "转送/交办文书",              Organ | DocumentNo),
        new(Accepted,     Start,          InProgress,    A31,                          null,                         Nothing),
        new(Accepted,     Divert,         Diverted,      A28,                          "告知书",                     Organ | LegalBasis),
        new(Accepted,     Mediate,        Mediated,      A33,                          "调解协议书/和解协议书",       DocumentNo),
        new(InProgress,   Extend,         Extended,      A34,                          "延长办理期限告知书",          Extension | Reason),
        new(InProgress,   Divert,         Diverted,      A28,                          "告知书",                     Organ | LegalBasis),
        new(InProgress,   Mediate,        Mediated,      A33,                          "调解协议书/和解协议书",       DocumentNo),
        new(InProgress,   Conclude,       Concluded,     A32,                          "信访处理意见书",              DocumentNo | Outcomes),
        new(Extended,     Divert,         Diverted,      A28,                          "告知书",                     Organ | LegalBasis),
        new(Extended,     Mediate,        Mediated,      A33,                          "调解协议书/和解协议书",       DocumentNo),
        new(Extended,     Conclude,       Concluded,     A32,                          "信访处理意见书",              DocumentNo | Outcomes),
        new(Mediated,     Conclude,       Concluded,     A33,                          "信访处理意见书",              DocumentNo | Outcomes),
        new(Concluded,    Serve,          Served,        A35,                          "送达回证",                   Nothing),
        new(Served,       RequestReview,  UnderReview,   A35,                          "复查申请",                   Organ),
        new(Served,       Close,          Closed,        A35,                          null,                         Nothing),
        new(UnderReview,  DecideReview,   Reviewed,      A35,                          "复查意见书",                 DocumentNo),
        new(Reviewed,     Serve,          ReviewServed,  A36,                          "送达回证",                   Nothing),
        new(ReviewServed, RequestRecheck, UnderRecheck,  A36,                          "复核申请",                   Organ),
        new(ReviewServed, Close,          Closed,        A36,                          null,                         Nothing),
        new(UnderRecheck, StartHearing,   Hearing,       A36,                          "听证通知",                   Nothing),
        new(Hearing,      EndHearing,     UnderRecheck,  A36,                          "听证笔录",                   Nothing),
        new(UnderRecheck, DecideRecheck,  Rechecked,     A36,                          "复核意见书",                 DocumentNo),
        new(Rechecked,    Serve,          Final,         A36 + "第三款",               "送达回证",                   Nothing),
        new(Diverted,     Close,          Closed,        A28,                          null,                         Nothing),
        new(Closed,       Reopen,         InProgress,    LookBack,                     null,                         Reason),
        new(Final,        Reopen,         InProgress,    LookBack,                     null,                         Reason),
    ];

    private static readonly Dictionary<(CaseState, CaseAction), TransitionRule> Index = Table.ToDictionary(r => (r.From, r.Action));

    /// <summary>The actions allowed in <paramref name="state"/>, in table order.</summary>
    public static IReadOnlyList<CaseAction> Allowed(CaseState state) => [.. Table.Where(r => r.From == state).Select(r => r.Action)];

    public static TransitionRule? Rule(CaseState state, CaseAction action) => Index.GetValueOrDefault((state, action));

    /// <summary>
    /// Decides whether <paramref name="t"/> may be recorded next in <paramref name="history"/> on
    /// <paramref name="today"/>. Returns the event to store, or the refusal with the rule it broke.
    /// </summary>
    public static (CaseEvent? Event, TransitionRefusal? Refusal) Check(CaseHistory history, CaseTransition t, DateOnly today, CaseRules rules)
    {
        var status = CaseClock.Evaluate(history, today, rules);
        var rule = Rule(status.State, t.Action);
        if (rule is null)
        {
            var allowed = Allowed(status.State);
            var detail = allowed.Count == 0
                ? $"'{t.Action.ApiName()}' is not allowed: the case is {status.State.ApiName()} ({status.State.Zh()}), which allows no further action"
                : $"'{t.Action.ApiName()}' is not allowed in state {status.State.ApiName()} ({status.State.Zh()}); allowed actions: {CaseNames.Describe(allowed)}";
            return (null, Deny(RefusalKind.NotAllowed, "信访工作条例 / domain-rules §8 state machine", "action", detail, allowed));
        }

        var problems = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!problems.TryGetValue(field, out var list))
            {
                problems[field] = list = [];
            }

            list.Add(message);
        }

        if (string.IsNullOrWhiteSpace(t.Actor))
        {
            Add("actor", "the officer who records the step is required");
        }

        if (rule.Needs.HasFlag(Organ) && string.IsNullOrWhiteSpace(t.Organ))
        {
            Add("organ", t.Action switch
            {
                Transfer => "the body the item is forwarded or assigned to is required",
                Redirect => "the competent body the petitioner is told to go to is required",
                Divert => "the body of the statutory procedure (court, arbitration, review organ …) is required",
                _ => "the body one level above that received the request is required",
            });
        }

        if ((rule.Needs.HasFlag(DocumentNo) || rule.Needs.HasFlag(Extension)) && string.IsNullOrWhiteSpace(t.DocumentNo))
        {
            Add("documentNo", $"the number of the {rule.Document} is required");
        }

        if (rule.Needs.HasFlag(LegalBasis) && string.IsNullOrWhiteSpace(t.LegalBasis))
        {
            Add("legalBasis", t.Action == Divert
                ? "the statutory procedure and its basis are required (e.g. 行政复议法, 民事诉讼, 土地权属争议调处)"
                : "the ground of refusal is required (e.g. 信访工作条例第十九条第三款, 第三十六条第三款)");
        }

        if (rule.Needs.HasFlag(Reason) && string.IsNullOrWhiteSpace(t.Reason))
        {
            Add("reason", t.Action switch
            {
                Extend => "the reason for the extension is required (Art. 34: the petitioner is told the reason)",
                RaiseObjection => "the reason why the item is not within the body's powers is required (Art. 23 ¶3)",
                _ => "a reason is required",
            });
        }

        if (rule.Needs.HasFlag(Extension))
        {
            if (string.IsNullOrWhiteSpace(t.ApprovedBy))
            {
                Add("approvedBy", "an extension needs the approval of the head of the body (Art. 34: 经本机关、单位负责人批准)");
            }

            if (t.ExtensionDays is null)
            {
                Add("extensionDays", $"the number of days added is required (1–{rules.MaxExtensionDays})");
            }
        }

        if (rule.Needs.HasFlag(Outcomes))
        {
            CheckOutcomes(t.Outcomes, history.ClaimCount, required: true, Add);
        }
        else if (t.Outcomes is { Count: > 0 })
        {
            if (t.Action is DecideReview or DecideRecheck)
            {
                CheckOutcomes(t.Outcomes, history.ClaimCount, required: false, Add);
            }
            else
            {
                Add("outcomes", $"outcomes are given at conclude, decide_review or decide_recheck, not at {t.Action.ApiName()}");
            }
        }

        if (problems.Count > 0)
        {
            return (null, new TransitionRefusal(RefusalKind.Invalid, rule.Article, Finish(problems), []));
        }

        // Rules on dates and windows (422).
        var last = history.Events.Count == 0 ? history.ReceivedOn : history.Events[^1].Transition.Date;
        if (t.Date > today)
        {
            return (null, Deny(RefusalKind.RuleBroken, "dates", "date", $"{t.Date:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd})"));
        }

        if (t.Date < last)
        {
            var what = history.Events.Count == 0 ? "the date the petition was received" : $"the previous transition ({history.Events[^1].Transition.Action.ApiName()} on {last:yyyy-MM-dd})";
            return (null, Deny(RefusalKind.RuleBroken, "transitions are recorded in date order", "date", $"{t.Date:yyyy-MM-dd} is before {what} ({last:yyyy-MM-dd})"));
        }

        if (t.ServedDate is { } served && served < t.Date)
        {
            return (null, Deny(RefusalKind.RuleBroken, "dates", "servedDate", $"the served date {served:yyyy-MM-dd} is before the date of the act {t.Date:yyyy-MM-dd}"));
        }

        if (t.ServedDate is { } s2 && s2 > today)
        {
            return (null, Deny(RefusalKind.RuleBroken, "dates", "servedDate", $"{s2:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd})"));
        }

        ClockReading? Clock(CaseTimer timer) => status.Clocks.LastOrDefault(c => c.Timer == timer && c.Running);

        switch (t.Action)
        {
            case RaiseObjection when Clock(CaseTimer.Objection) is { } window && t.Date > window.Due:
                return (null, Deny(RefusalKind.RuleBroken, A23 + "第三款", "date",
                    $"an objection must be raised within {rules.ObjectionWorkingDays} 工作日 of receipt (by {window.Due:yyyy-MM-dd}); on {t.Date:yyyy-MM-dd} the right to object has lapsed; accept the item or ask the common superior to decide (Art. 24)"));

            case Extend:
                {
                    var handle = Clock(CaseTimer.Handle);
                    if (t.ExtensionDays is < 1 || t.ExtensionDays > rules.MaxExtensionDays)
                    {
                        return (null, Deny(RefusalKind.RuleBroken, A34, "extensionDays",
                            $"an extension is 1 to {rules.MaxExtensionDays} 日 (Art. 34: 延长期限不得超过30日); got {t.ExtensionDays}"));
                    }

                    if (handle is not null && t.Date > handle.Due)
                    {
                        return (null, Deny(RefusalKind.RuleBroken, A34, "date",
                            $"the extension must be approved and notified within the handling period (due {handle.Due:yyyy-MM-dd}); on {t.Date:yyyy-MM-dd} the case is already overdue"));
                    }

                    break;
                }

            case RequestReview when Clock(CaseTimer.ReviewRequest) is { } window && t.Date > window.Due:
                return (null, Deny(RefusalKind.RuleBroken, A35, "date",
                    $"a 复查 request must reach the body one level above within {rules.ReviewRequestDays} 日 of receiving the written reply (received {window.Start:yyyy-MM-dd}, window ended {window.Due:yyyy-MM-dd}); a request on {t.Date:yyyy-MM-dd} is not accepted (不予受理, domain-rules §7.4 C3)"));

            case RequestRecheck when Clock(CaseTimer.RecheckRequest) is { } window && t.Date > window.Due:
                return (null, Deny(RefusalKind.RuleBroken, A36, "date",
                    $"a 复核 request must arrive within {rules.RecheckRequestDays} 日 of receiving the 复查意见 (received {window.Start:yyyy-MM-dd}, window ended {window.Due:yyyy-MM-dd}); a request on {t.Date:yyyy-MM-dd} is not accepted (不予受理, domain-rules §7.4 C3)"));

            case Close when status.State is Served or ReviewServed && !t.Waiver:
                {
                    var window = Clock(status.State == Served ? CaseTimer.ReviewRequest : CaseTimer.RecheckRequest);
                    if (window is not null && t.Date <= window.Due)
                    {
                        var article = status.State == Served ? A35 : A36;
                        return (null, Deny(RefusalKind.RuleBroken, article, "date",
                            $"the petitioner may still request {(status.State == Served ? "复查" : "复核")} until {window.Due:yyyy-MM-dd}; close after that date, or record the petitioner's written acceptance of the reply (waiver: true)"));
                    }

                    break;
                }
        }

        var recorded = t with
        {
            LegalBasis = string.IsNullOrWhiteSpace(t.LegalBasis) ? rule.Article : t.LegalBasis,
            Outcomes = t.Outcomes is { Count: > 0 } o ? [.. o.OrderBy(x => x.Claim)] : null,
        };
        return (new CaseEvent(history.Version + 1, status.State, rule.To, recorded), null);
    }

    private static void CheckOutcomes(IReadOnlyList<ClaimOutcome>? outcomes, int claimCount, bool required, Action<string, string> add)
    {
        var given = outcomes ?? [];
        if (given.Count == 0)
        {
            if (required)
            {
                add("outcomes", $"an outcome (support 支持 / explain 解释说明 / not_support 不予支持, Art. 32) is required for each of the {claimCount} claims");
            }

            return;
        }

        foreach (var o in given.Where(o => o.Claim < 0 || o.Claim >= claimCount))
        {
            add("outcomes", $"claim {o.Claim} does not exist; the petition has claims 0–{claimCount - 1}");
        }

        foreach (var dup in given.GroupBy(o => o.Claim).Where(g => g.Count() > 1))
        {
            add("outcomes", $"claim {dup.Key} has {dup.Count()} outcomes; give one per claim");
        }

        var missing = Enumerable.Range(0, claimCount).Where(i => given.All(o => o.Claim != i)).ToList();
        if (missing.Count > 0)
        {
            add("outcomes", $"no outcome for claim{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}; every claim gets 支持, 解释说明 or 不予支持 (a partly supported request is recorded claim by claim)");
        }

        foreach (var o in given.Where(o => !Enum.IsDefined(o.Outcome)))
        {
            add("outcomes", $"claim {o.Claim}: unknown outcome; accepted: {string.Join(", ", Enum.GetValues<Outcome>().Select(v => $"{v} ({v.Zh()})"))}");
        }
    }

    private static TransitionRefusal Deny(RefusalKind kind, string rule, string field, string message, IReadOnlyList<CaseAction>? allowed = null) =>
        new(kind, rule, new Dictionary<string, string[]> { [field] = [message] }, allowed ?? []);

    private static Dictionary<string, string[]> Finish(Dictionary<string, List<string>> problems) =>
        problems.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray());
}
