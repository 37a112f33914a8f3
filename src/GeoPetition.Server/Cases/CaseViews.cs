using System.Globalization;
using GeoPetition.Core.Cases;
using GeoPetition.Core.Verification;

namespace GeoPetition.Server.Cases;

/// <summary>One claim's outcome as the API takes it: <c>{ "claim": 0, "outcome": "support", "reason": "…" }</c>.</summary>
public sealed record OutcomeRequest(int? Claim, string? Outcome, string? Reason);

/// <summary>
/// The body of <c>POST /api/petitions/{id}/transitions</c>. <see cref="Action"/> is an API name
/// (<c>accept</c>, <c>request_review</c> …) or its Chinese label; <see cref="Date"/> defaults to today.
/// </summary>
public sealed record TransitionRequest(
    string? Action, string? Actor, string? Organ, string? DocumentNo, DateOnly? Date, DateOnly? ServedDate,
    string? LegalBasis, string? Reason, int? ExtensionDays, string? ApprovedBy, List<OutcomeRequest>? Outcomes, bool Waiver = false);

/// <summary>A clock as the API shows it.</summary>
public sealed record ClockDto(
    string Timer, string Label, string Article, string Kind, string Unit, DateOnly Start, int Length, int ExtensionDays,
    int ExcludedDays, DateOnly Due, bool Running, bool Paused, DateOnly? StoppedOn, int? DaysLeft, bool Overdue, bool Lapsed, bool Warning);

/// <summary>A claim outcome as the API shows it.</summary>
public sealed record OutcomeDto(int Claim, string Outcome, string Label, string? Reason);

/// <summary>A recorded transition as the API shows it.</summary>
public sealed record CaseEventDto(
    int Seq, string Action, string ActionLabel, string From, string To, string Actor, string? Organ, string? DocumentNo,
    DateOnly Date, DateOnly? ServedDate, string LegalBasis, string? Reason, int? ExtensionDays, string? ApprovedBy,
    IReadOnlyList<OutcomeDto>? Outcomes, bool Waiver, DateTimeOffset? RecordedAt);

/// <summary>An action the current state allows, with the article behind it and the fields it needs.</summary>
public sealed record AllowedActionDto(string Action, string Label, string To, string Article, string? Document, IReadOnlyList<string> Requires);

/// <summary>
/// The case of a petition as of today: state, clocks, outcomes, allowed actions and full history.
/// <see cref="QueryCode"/> is set only in the response to the first acceptance (print it on the 受理告知书).
/// </summary>
public sealed record CaseView(
    long PetitionId, string CaseNo, DateOnly ReceivedOn, string State, string StateLabel, int Version, DateOnly Today,
    IReadOnlyList<AllowedActionDto> AllowedActions, IReadOnlyList<ClockDto> Clocks, ClockDto? NextDeadline,
    IReadOnlyList<OutcomeDto> Outcomes, object? Extension, DateOnly? AcceptedOn, DateOnly? ConcludedOn, DateOnly? ClosedOn,
    int Reopened, IReadOnlyList<CaseEventDto> History, string? QueryCode = null);

/// <summary>Maps Core case types to API shapes, and parses API input into Core types.</summary>
public static class CaseViews
{
    /// <summary>The ETag of a case version: strong, quoted.</summary>
    public static string ETag(int version) => $"\"case-{version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// Parses an If-Match header into the version it names; null if no listed tag is a case ETag.
    /// <c>*</c> is not accepted: a writer must say which version it read.
    /// </summary>
    public static int? ParseIfMatch(string header)
    {
        foreach (var raw in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var tag = raw.Trim('"');
            if (!raw.StartsWith("W/", StringComparison.Ordinal) && tag.StartsWith("case-", StringComparison.Ordinal)
                && int.TryParse(tag.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var v))
            {
                return v;
            }
        }

        return null;
    }

    public static string OutcomeName(Outcome o) => o switch
    {
        Outcome.Support => "support",
        Outcome.Explain => "explain",
        Outcome.NotSupport => "not_support",
        _ => o.ToString(),
    };

    public static bool TryParseOutcome(string? text, out Outcome outcome)
    {
        foreach (var o in Enum.GetValues<Outcome>())
        {
            if (string.Equals(text, OutcomeName(o), StringComparison.OrdinalIgnoreCase) || string.Equals(text, o.ToString(), StringComparison.OrdinalIgnoreCase) || text == o.Zh())
            {
                outcome = o;
                return true;
            }
        }

        outcome = default;
        return false;
    }

    public static string AcceptedOutcomes => string.Join(", ", Enum.GetValues<Outcome>().Select(o => $"{OutcomeName(o)} ({o.Zh()})"));

    public static CaseView View(CaseHeader header, CaseHistory history, DateOnly today, CaseRules rules)
    {
        var status = CaseClock.Evaluate(history, today, rules);
        return new CaseView(
            header.Id, header.CaseNo, header.ReceivedOn, status.State.ApiName(), status.State.Zh(), history.Version, today,
            [.. CaseWorkflow.Table.Where(r => r.From == status.State).Select(Allowed)],
            [.. status.Clocks.Select(Clock)], status.NextDeadline is { } next ? Clock(next) : null,
            [.. status.Outcomes.Select(OutcomeView)],
            status.Extension is { } x ? new { days = x.Days, date = x.Date, approvedBy = x.ApprovedBy, noticeNo = x.NoticeNo, reason = x.Reason } : null,
            status.AcceptedOn, status.ConcludedOn, status.ClosedOn, status.Reopened,
            [.. history.Events.Select(Event)]);
    }

    public static AllowedActionDto Allowed(TransitionRule r) => new(
        r.Action.ApiName(), r.Action.Zh(), r.To.ApiName(), r.Article, r.Document, Requires(r.Needs));

    public static IReadOnlyList<string> Requires(Need needs)
    {
        var fields = new List<string> { "actor", "date" };
        if (needs.HasFlag(Need.Organ))
        {
            fields.Add("organ");
        }

        if (needs.HasFlag(Need.DocumentNo) || needs.HasFlag(Need.Extension))
        {
            fields.Add("documentNo");
        }

        if (needs.HasFlag(Need.LegalBasis))
        {
            fields.Add("legalBasis");
        }

        if (needs.HasFlag(Need.Reason))
        {
            fields.Add("reason");
        }

        if (needs.HasFlag(Need.Extension))
        {
            fields.AddRange(["extensionDays", "approvedBy"]);
        }

        if (needs.HasFlag(Need.Outcomes))
        {
            fields.Add("outcomes");
        }

        return fields;
    }

    public static ClockDto Clock(ClockReading c) => new(
        c.Name, c.Label, c.Article, c.Kind == ClockKind.Duty ? "duty" : "window", c.Unit == DayUnit.Calendar ? "calendar_days" : "working_days",
        c.Start, c.Length, c.ExtensionDays, c.ExcludedDays, c.Due, c.Running, c.Paused, c.StoppedOn, c.DaysLeft, c.Overdue, c.Lapsed, c.Warning);

    public static OutcomeDto OutcomeView(ClaimOutcome o) => new(o.Claim, OutcomeName(o.Outcome), o.Outcome.Zh(), o.Reason);

    public static CaseEventDto Event(CaseEvent e)
    {
        var t = e.Transition;
        return new CaseEventDto(
            e.Seq, t.Action.ApiName(), t.Action.Zh(), e.From.ApiName(), e.To.ApiName(), t.Actor, t.Organ, t.DocumentNo, t.Date, t.ServedDate,
            t.LegalBasis ?? "", t.Reason, t.ExtensionDays, t.ApprovedBy, t.Outcomes?.Select(OutcomeView).ToList(), t.Waiver, e.RecordedAt);
    }

    /// <summary>Parses the request into a Core transition; field problems go to <paramref name="errors"/>.</summary>
    public static CaseTransition? Parse(TransitionRequest r, DateOnly today, Dictionary<string, string[]> errors)
    {
        if (!CaseNames.TryParseAction(r.Action, out var action))
        {
            errors["action"] = [$"'{r.Action}' is not an action; known actions: {CaseNames.Describe(Enum.GetValues<CaseAction>())}"];
        }

        var outcomes = new List<ClaimOutcome>();
        foreach (var (o, i) in (r.Outcomes ?? []).Select((o, i) => (o, i)))
        {
            if (o.Claim is null)
            {
                errors[$"outcomes[{i}].claim"] = ["the claim index (0-based) is required"];
            }

            if (!TryParseOutcome(o.Outcome, out var outcome))
            {
                errors[$"outcomes[{i}].outcome"] = [$"'{o.Outcome}' is not an outcome; accepted: {AcceptedOutcomes}"];
            }
            else if (o.Claim is { } claim)
            {
                outcomes.Add(new ClaimOutcome(claim, outcome, string.IsNullOrWhiteSpace(o.Reason) ? null : o.Reason.Trim()));
            }
        }

        if (r.ExtensionDays is not null && action != CaseAction.Extend && !errors.ContainsKey("action"))
        {
            errors["extensionDays"] = [$"extensionDays belongs to the extend action, not to {action.ApiName()}"];
        }

        return errors.Count > 0 ? null : new CaseTransition(
            action, r.Date ?? today, r.Actor?.Trim() ?? "", Blank(r.Organ), Blank(r.DocumentNo), Blank(r.LegalBasis), r.ServedDate,
            Blank(r.Reason), r.ExtensionDays, Blank(r.ApprovedBy), outcomes.Count > 0 ? outcomes : null, r.Waiver);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
