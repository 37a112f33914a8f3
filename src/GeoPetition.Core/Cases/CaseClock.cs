namespace GeoPetition.Core.Cases;

/// <summary>
/// Replays a case's history and reads its clocks as of a date: which state it is in, every clock
/// started so far with its due date, days left, overdue/lapsed and warning flags. Pure: the same
/// history, date and rules always give the same answer.
/// </summary>
public static class CaseClock
{
    /// <summary>A clock while replaying: started, possibly extended, paused or stopped.</summary>
    private sealed class Run(CaseTimer timer, DateOnly start, int length)
    {
        public CaseTimer Timer { get; } = timer;

        public DateOnly Start { get; } = start;

        public int Length { get; } = length;

        public int Extension { get; set; }

        /// <summary>Days of completed pauses (hearings), counted inclusively.</summary>
        public int Excluded { get; set; }

        public DateOnly? PausedSince { get; set; }

        public DateOnly? StoppedOn { get; set; }
    }

    public static CaseStatus Evaluate(CaseHistory history, DateOnly on, CaseRules rules)
    {
        var calendar = new DayCalendar(rules.Calendar);
        var runs = new List<Run>();
        var state = CaseState.Registered;
        IReadOnlyList<ClaimOutcome> outcomes = [];
        ExtensionRecord? extension = null;
        DateOnly? acceptedOn = null, concludedOn = null, closedOn = null;
        var reopened = 0;

        void StartClock(CaseTimer timer, DateOnly start, int? length = null) => runs.Add(new Run(timer, start, length ?? rules.Length(timer)));
        Run? Current(CaseTimer timer) => runs.LastOrDefault(r => r.Timer == timer && r.StoppedOn is null);
        void Stop(DateOnly date, params CaseTimer[] timers)
        {
            foreach (var timer in timers)
            {
                if (Current(timer) is { } run)
                {
                    run.StoppedOn = date;
                }
            }
        }

        // Registration (Arts. 22, 23 ¶2): both 15-日 clocks run from receipt; either way out of
        // Registered stops both. The notice clock comes first: it is the one a ledger shows.
        StartClock(CaseTimer.Notice, history.ReceivedOn);
        StartClock(CaseTimer.Transfer, history.ReceivedOn);

        foreach (var e in history.Events)
        {
            if (e.From != state)
            {
                throw new InvalidOperationException($"event {e.Seq} ({e.Transition.Action.ApiName()}) leaves {e.From.ApiName()} but the case was {state.ApiName()}: the history is inconsistent");
            }

            var t = e.Transition;
            var d = t.Date;
            switch (t.Action)
            {
                case CaseAction.Transfer:
                    Stop(d, CaseTimer.Transfer, CaseTimer.Notice);
                    // The receiving body's own clocks run from its receipt (Art. 23 ¶3).
                    StartClock(CaseTimer.Notice, t.ServedDate ?? d);
                    StartClock(CaseTimer.Objection, t.ServedDate ?? d);
                    break;
                case CaseAction.RaiseObjection:
                    Stop(d, CaseTimer.Objection, CaseTimer.Notice);
                    // (design) the petition office forwards again within 15 日 of the return.
                    StartClock(CaseTimer.Transfer, d);
                    break;
                case CaseAction.Accept:
                    Stop(d, CaseTimer.Transfer, CaseTimer.Notice, CaseTimer.Objection);
                    acceptedOn ??= d;
                    StartClock(CaseTimer.Handle, d);
                    break;
                case CaseAction.Redirect:
                case CaseAction.Refuse:
                    Stop(d, CaseTimer.Transfer, CaseTimer.Notice, CaseTimer.Objection);
                    break;
                case CaseAction.Divert:
                    Stop(d, CaseTimer.Handle);
                    break;
                case CaseAction.Extend:
                    if (Current(CaseTimer.Handle) is { } handle)
                    {
                        handle.Extension += t.ExtensionDays ?? 0;
                    }

                    extension = new ExtensionRecord(t.ExtensionDays ?? 0, d, t.ApprovedBy ?? "", t.DocumentNo ?? "", t.Reason ?? "");
                    break;
                case CaseAction.Conclude:
                    Stop(d, CaseTimer.Handle);
                    if (acceptedOn is not null && reopened == 0)
                    {
                        concludedOn ??= d;
                    }

                    outcomes = t.Outcomes ?? [];
                    break;
                case CaseAction.Serve when e.From == CaseState.Concluded:
                    StartClock(CaseTimer.ReviewRequest, d);
                    break;
                case CaseAction.Serve when e.From == CaseState.Reviewed:
                    StartClock(CaseTimer.RecheckRequest, d);
                    break;
                case CaseAction.RequestReview:
                    Stop(d, CaseTimer.ReviewRequest);
                    StartClock(CaseTimer.Review, d);
                    break;
                case CaseAction.DecideReview:
                    Stop(d, CaseTimer.Review);
                    outcomes = t.Outcomes is { Count: > 0 } ro ? ro : outcomes;
                    break;
                case CaseAction.RequestRecheck:
                    Stop(d, CaseTimer.RecheckRequest);
                    StartClock(CaseTimer.Recheck, d);
                    break;
                case CaseAction.StartHearing:
                    if (Current(CaseTimer.Recheck) is { } paused)
                    {
                        paused.PausedSince = d;
                    }

                    break;
                case CaseAction.EndHearing:
                    if (Current(CaseTimer.Recheck) is { PausedSince: { } since } resumed)
                    {
                        // Art. 36: 听证所需时间不计算在前款规定的期限内. Hearing days count inclusively.
                        resumed.Excluded += d.DayNumber - since.DayNumber + 1;
                        resumed.PausedSince = null;
                    }

                    break;
                case CaseAction.DecideRecheck:
                    Stop(d, CaseTimer.Recheck);
                    outcomes = t.Outcomes is { Count: > 0 } rc ? rc : outcomes;
                    break;
                case CaseAction.Close:
                    Stop(d, CaseTimer.ReviewRequest, CaseTimer.RecheckRequest);
                    closedOn = d;
                    break;
                case CaseAction.Reopen:
                    reopened++;
                    closedOn = null;
                    extension = null;
                    StartClock(CaseTimer.Handle, d, rules.ReopenHandleDays);
                    break;
                default:
                    break;
            }

            if (e.To == CaseState.Final)
            {
                closedOn = d;
            }

            state = e.To;
        }

        var readings = runs.Select(r => Read(r, on, calendar, rules)).ToList();
        return new CaseStatus(state, history.Version, on, readings, outcomes, extension, acceptedOn, concludedOn, closedOn, reopened);
    }

    private static ClockReading Read(Run r, DateOnly on, DayCalendar calendar, CaseRules rules)
    {
        var def = CaseRules.Definition(r.Timer);
        var running = r.StoppedOn is null;
        var paused = running && r.PausedSince is not null;
        // A pause in progress excludes the days from its start to today (inclusive): the days left freeze.
        var excluded = r.Excluded + (paused ? Math.Max(0, on.DayNumber - r.PausedSince!.Value.DayNumber + 1) : 0);
        var due = calendar.Due(r.Start, r.Length + r.Extension + excluded, def.Unit);
        int? left = running ? calendar.DaysLeft(on, due, def.Unit) : null;
        var past = running ? on > due : r.StoppedOn > due;
        return new ClockReading(
            r.Timer, def.Name, def.Label, def.Article, def.Kind, def.Unit, r.Start, r.Length, r.Extension, excluded, due,
            running, paused, r.StoppedOn, left,
            Overdue: def.Kind == ClockKind.Duty && past,
            Lapsed: def.Kind == ClockKind.Window && running && on > due,
            Warning: running && !paused && on <= due && left <= rules.WarningFor(r.Timer));
    }
}
