using GeoPetition.Core.Cases;
using GeoPetition.Core.Verification;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>Builds histories for tests: one transition per call, every required field filled.</summary>
internal sealed class CaseKit(DateOnly receivedOn, int claims = 2, CaseRules? rules = null)
{
    public static readonly DateOnly Far = new(2030, 12, 31);

    public CaseRules Rules { get; } = rules ?? new CaseRules();

    public List<CaseEvent> Events { get; } = [];

    public CaseHistory History => new(receivedOn, claims, [.. Events]);

    public CaseStatus Status(DateOnly on) => CaseClock.Evaluate(History, on, Rules);

    /// <summary>A transition with every field the table may need.</summary>
    public CaseTransition Make(CaseAction action, DateOnly date) => new(
        action, date, "王科员",
        Organ: "示范县自然资源局",
        DocumentNo: $"示自然资信〔{date.Year}〕{Events.Count + 1}号",
        LegalBasis: action is CaseAction.Refuse or CaseAction.Divert ? "信访工作条例第十九条第三款" : null,
        Reason: "理由",
        ExtensionDays: action == CaseAction.Extend ? 20 : null,
        ApprovedBy: action == CaseAction.Extend ? "局长" : null,
        Outcomes: action == CaseAction.Conclude ? [.. Enumerable.Range(0, claims).Select(i => new ClaimOutcome(i, Outcome.Support))] : null,
        Waiver: action == CaseAction.Close);

    /// <summary>Records <paramref name="t"/> or fails with the refusal.</summary>
    public CaseKit Do(CaseTransition t, DateOnly? today = null)
    {
        var (e, refusal) = CaseWorkflow.Check(History, t, today ?? Far, Rules);
        Assert.True(e is not null, refusal?.Detail);
        Events.Add(e!);
        return this;
    }

    public CaseKit Do(CaseAction action, DateOnly date) => Do(Make(action, date));

    public TransitionRefusal Refused(CaseTransition t, DateOnly? today = null)
    {
        var (e, refusal) = CaseWorkflow.Check(History, t, today ?? Far, Rules);
        Assert.True(e is null, $"expected a refusal, got {e?.To}");
        return refusal!;
    }

    /// <summary>The shortest path of actions from Registered to <paramref name="target"/> through the table.</summary>
    public static IReadOnlyList<CaseAction> PathTo(CaseState target)
    {
        var previous = new Dictionary<CaseState, (CaseState From, CaseAction Action)>();
        var queue = new Queue<CaseState>([CaseState.Registered]);
        var seen = new HashSet<CaseState> { CaseState.Registered };
        while (queue.Count > 0)
        {
            var s = queue.Dequeue();
            foreach (var r in CaseWorkflow.Table.Where(r => r.From == s && seen.Add(r.To)))
            {
                previous[r.To] = (s, r.Action);
                queue.Enqueue(r.To);
            }
        }

        var path = new List<CaseAction>();
        for (var s = target; s != CaseState.Registered; s = previous[s].From)
        {
            path.Insert(0, previous[s].Action);
        }

        return path;
    }

    /// <summary>A kit whose case is in <paramref name="state"/>, one day per step from 2026-03-02.</summary>
    public static CaseKit In(CaseState state, out DateOnly lastDate)
    {
        var kit = new CaseKit(new DateOnly(2026, 3, 2));
        var date = new DateOnly(2026, 3, 2);
        foreach (var action in PathTo(state))
        {
            date = date.AddDays(1);
            kit.Do(action, date);
        }

        lastDate = date;
        return kit;
    }
}
