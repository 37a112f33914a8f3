namespace GeoPetition.Core.Cases;

/// <summary>The statutory clocks of domain-rules §8.</summary>
public enum CaseTimer
{
    /// <summary>T_transfer: the petition office forwards or assigns within 15 日 of registration (Art. 22).</summary>
    Transfer,

    /// <summary>T_notice: written notice of acceptance (or of non-acceptance, or where to go) within 15 日 of receipt (Art. 23).</summary>
    Notice,

    /// <summary>T_objection: a receiving body objects within 5 工作日 (Art. 23 ¶3); on expiry the right is lost.</summary>
    Objection,

    /// <summary>T_handle: 办结 within 60 日 of 受理, + at most 30 日 with an approved, notified extension (Art. 34).</summary>
    Handle,

    /// <summary>T_review_req: the petitioner may request 复查 within 30 日 of receiving the reply (Art. 35).</summary>
    ReviewRequest,

    /// <summary>T_review: the 复查意见 within 30 日 of receiving the request (Art. 35).</summary>
    Review,

    /// <summary>T_recheck_req: the petitioner may request 复核 within 30 日 of receiving the 复查意见 (Art. 36).</summary>
    RecheckRequest,

    /// <summary>T_recheck: the 复核意见 within 30 日 of receiving the request, hearing time excluded (Art. 36).</summary>
    Recheck,
}

/// <summary>Whose deadline a clock is: the body's duty (expiry = overdue) or a right's window (expiry = lapsed).</summary>
public enum ClockKind
{
    /// <summary>The body must act by the due date; late is a breach (Arts. 43–45).</summary>
    Duty,

    /// <summary>A party may act until the due date; afterwards the right is lost.</summary>
    Window,
}

/// <summary>One timer's fixed description: its name, article, unit and kind.</summary>
public sealed record TimerDefinition(CaseTimer Timer, string Name, string Label, string Article, DayUnit Unit, ClockKind Kind);

/// <summary>
/// The lengths of the clocks and the rules around them. The defaults are the statutory values of
/// 信访工作条例 Arts. 22, 23, 34, 35, 36; bind <c>GeoPetition:Cases</c> to change them.
/// </summary>
public sealed class CaseRules
{
    public int TransferDays { get; set; } = 15;

    public int NoticeDays { get; set; } = 15;

    public int ObjectionWorkingDays { get; set; } = 5;

    public int HandleDays { get; set; } = 60;

    /// <summary>Art. 34: "延长期限不得超过30日".</summary>
    public int MaxExtensionDays { get; set; } = 30;

    public int ReviewRequestDays { get; set; } = 30;

    public int ReviewDays { get; set; } = 30;

    public int RecheckRequestDays { get; set; } = 30;

    public int RecheckDays { get; set; } = 30;

    /// <summary>(design) The handling period given to a case reopened after a 回头看.</summary>
    public int ReopenHandleDays { get; set; } = 60;

    /// <summary>A running clock warns this many days (in its own unit) before it is due.</summary>
    public int WarningDays { get; set; } = 5;

    /// <summary>Per-timer warning thresholds by <see cref="CaseTimer"/> name (e.g. <c>Objection: 1</c>); overrides <see cref="WarningDays"/>.</summary>
    public Dictionary<string, int> WarningDaysByTimer { get; set; } = [];

    /// <summary>How days are counted.</summary>
    public DayCountingOptions Calendar { get; set; } = new();

    public static IReadOnlyList<TimerDefinition> Timers { get; } =
    [
        new(CaseTimer.Transfer, "T_transfer", "转送/交办期限", "信访工作条例第二十二条", DayUnit.Calendar, ClockKind.Duty),
        new(CaseTimer.Notice, "T_notice", "受理告知期限", "信访工作条例第二十三条", DayUnit.Calendar, ClockKind.Duty),
        new(CaseTimer.Objection, "T_objection", "异议期限", "信访工作条例第二十三条第三款", DayUnit.Working, ClockKind.Window),
        new(CaseTimer.Handle, "T_handle", "办理期限", "信访工作条例第三十四条", DayUnit.Calendar, ClockKind.Duty),
        new(CaseTimer.ReviewRequest, "T_review_req", "复查申请期限", "信访工作条例第三十五条", DayUnit.Calendar, ClockKind.Window),
        new(CaseTimer.Review, "T_review", "复查期限", "信访工作条例第三十五条", DayUnit.Calendar, ClockKind.Duty),
        new(CaseTimer.RecheckRequest, "T_recheck_req", "复核申请期限", "信访工作条例第三十六条", DayUnit.Calendar, ClockKind.Window),
        new(CaseTimer.Recheck, "T_recheck", "复核期限（听证时间不计入）", "信访工作条例第三十六条", DayUnit.Calendar, ClockKind.Duty),
    ];

    public static TimerDefinition Definition(CaseTimer timer) => Timers[(int)timer];

    /// <summary>The base length of a timer in its unit.</summary>
    public int Length(CaseTimer timer) => timer switch
    {
        CaseTimer.Transfer => TransferDays,
        CaseTimer.Notice => NoticeDays,
        CaseTimer.Objection => ObjectionWorkingDays,
        CaseTimer.Handle => HandleDays,
        CaseTimer.ReviewRequest => ReviewRequestDays,
        CaseTimer.Review => ReviewDays,
        CaseTimer.RecheckRequest => RecheckRequestDays,
        CaseTimer.Recheck => RecheckDays,
        _ => throw new ArgumentOutOfRangeException(nameof(timer)),
    };

    public int WarningFor(CaseTimer timer) =>
        WarningDaysByTimer.TryGetValue(timer.ToString(), out var days) ? days : WarningDays;

    /// <summary>Checks the configured values; returns the problems (empty when valid).</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var t in Enum.GetValues<CaseTimer>())
        {
            if (Length(t) < 1)
            {
                problems.Add($"{Definition(t).Name} must be at least 1 day");
            }
        }

        if (MaxExtensionDays < 0)
        {
            problems.Add("MaxExtensionDays cannot be negative");
        }

        if (WarningDays < 0 || WarningDaysByTimer.Values.Any(v => v < 0))
        {
            problems.Add("warning days cannot be negative");
        }

        var unknown = WarningDaysByTimer.Keys.Where(k => !Enum.TryParse<CaseTimer>(k, out _)).ToList();
        if (unknown.Count > 0)
        {
            problems.Add($"unknown timers in WarningDaysByTimer: {string.Join(", ", unknown)}; known: {string.Join(", ", Enum.GetNames<CaseTimer>())}");
        }

        return problems;
    }
}
