using GeoPetition.Core.Verification;

namespace GeoPetition.Core.Cases;

/// <summary>The Art. 32 outcome of one claim (诉求) at 办结, 复查 or 复核: 支持, 解释说明 or 不予支持.</summary>
/// <param name="Claim">The claim's index in the petition (0-based).</param>
public sealed record ClaimOutcome(int Claim, Outcome Outcome, string? Reason = null);

/// <summary>
/// What an officer asks to do, with the audit fields every transition records (domain-rules §8):
/// actor, organ, document number (告知书/意见书), date, served date and legal basis.
/// </summary>
/// <param name="Date">
/// The date of the act: the date of the notice or opinion; for <see cref="CaseAction.Serve"/> the date
/// the petitioner received it; for <see cref="CaseAction.RequestReview"/> and
/// <see cref="CaseAction.RequestRecheck"/> the date the request was received.
/// </param>
/// <param name="ServedDate">
/// When a document was received: by the petitioner (notices), or for <see cref="CaseAction.Transfer"/> by
/// the receiving body (its 15-日 notice clock and 5-工作日 objection window start there).
/// </param>
/// <param name="ExtensionDays">For <see cref="CaseAction.Extend"/>: the days added, at most <see cref="CaseRules.MaxExtensionDays"/>.</param>
/// <param name="ApprovedBy">For <see cref="CaseAction.Extend"/>: the head of the body who approved it (Art. 34).</param>
/// <param name="Waiver">For <see cref="CaseAction.Close"/> inside a request window: the petitioner accepted the reply in writing.</param>
public sealed record CaseTransition(
    CaseAction Action,
    DateOnly Date,
    string Actor,
    string? Organ = null,
    string? DocumentNo = null,
    string? LegalBasis = null,
    DateOnly? ServedDate = null,
    string? Reason = null,
    int? ExtensionDays = null,
    string? ApprovedBy = null,
    IReadOnlyList<ClaimOutcome>? Outcomes = null,
    bool Waiver = false);

/// <summary>A recorded transition: number <paramref name="Seq"/> (1, 2, …) of the case's history.</summary>
public sealed record CaseEvent(int Seq, CaseState From, CaseState To, CaseTransition Transition, DateTimeOffset? RecordedAt = null);

/// <summary>A case's history: the petition's receipt date, its claim count and its transitions in order.</summary>
public sealed record CaseHistory(DateOnly ReceivedOn, int ClaimCount, IReadOnlyList<CaseEvent> Events)
{
    /// <summary>The version counter: the last event's seq (0 before the first transition).</summary>
    public int Version => Events.Count == 0 ? 0 : Events[^1].Seq;
}

/// <summary>One clock as of a date.</summary>
/// <param name="Due">The last day of the period (after extension, excluded hearing days and the holiday roll).</param>
/// <param name="DaysLeft">Running clocks only: units left to the due date (0 on it; negative when past).</param>
/// <param name="Overdue">Duty clocks: running past the due date, or stopped after it.</param>
/// <param name="Lapsed">Window clocks: running past the due date (the right is lost).</param>
/// <param name="Warning">Running, not past due, and within the warning threshold.</param>
public sealed record ClockReading(
    CaseTimer Timer,
    string Name,
    string Label,
    string Article,
    ClockKind Kind,
    DayUnit Unit,
    DateOnly Start,
    int Length,
    int ExtensionDays,
    int ExcludedDays,
    DateOnly Due,
    bool Running,
    bool Paused,
    DateOnly? StoppedOn,
    int? DaysLeft,
    bool Overdue,
    bool Lapsed,
    bool Warning);

/// <summary>The extension granted under Art. 34.</summary>
public sealed record ExtensionRecord(int Days, DateOnly Date, string ApprovedBy, string NoticeNo, string Reason);

/// <summary>A case as of a date: its state, its clocks and what it has decided.</summary>
/// <param name="Outcomes">The outcomes now in force (the last 办结, 复查 or 复核 decision that gave them).</param>
/// <param name="AcceptedOn">The first 受理 date, if any.</param>
/// <param name="ConcludedOn">The first 办结 date after the first 受理, if any.</param>
public sealed record CaseStatus(
    CaseState State,
    int Version,
    DateOnly On,
    IReadOnlyList<ClockReading> Clocks,
    IReadOnlyList<ClaimOutcome> Outcomes,
    ExtensionRecord? Extension,
    DateOnly? AcceptedOn,
    DateOnly? ConcludedOn,
    DateOnly? ClosedOn,
    int Reopened)
{
    public IEnumerable<ClockReading> Running => Clocks.Where(c => c.Running);

    /// <summary>The running duty clock due first: the deadline a ledger shows.</summary>
    public ClockReading? NextDeadline => Clocks.Where(c => c.Running && c.Kind == ClockKind.Duty).OrderBy(c => c.Due).FirstOrDefault();

    public bool IsTerminal => CaseWorkflow.Allowed(State).Count == 0;
}
