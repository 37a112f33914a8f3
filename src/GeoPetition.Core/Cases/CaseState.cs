namespace GeoPetition.Core.Cases;

/// <summary>
/// The state of a 信访事项 on its statutory track (domain-rules §8). Stored in <c>petition.status</c>
/// and shown in the API by its snake_case name (<see cref="CaseNames.ApiName(CaseState)"/>).
/// </summary>
public enum CaseState
{
    /// <summary>登记: registered on receipt; the 15-日 transfer and notice clocks run (Arts. 22, 23).</summary>
    Registered,

    /// <summary>转送/交办: forwarded or assigned to the competent body (Art. 22).</summary>
    Transferred,

    /// <summary>异议退回: the receiving body objected that the item is not within its powers (Art. 23 ¶3).</summary>
    Returned,

    /// <summary>告知向有权机关提出: not within this body's powers; the petitioner is told where to go (Art. 23). Terminal.</summary>
    Redirected,

    /// <summary>不予受理/不再受理: refused with a written notice (Art. 19 ¶3, Art. 36 ¶3). Terminal.</summary>
    NotAccepted,

    /// <summary>受理: accepted with a 受理告知书; the 60-日 handling clock starts (Art. 34).</summary>
    Accepted,

    /// <summary>导入法定途径: sent to litigation, arbitration, review or an administrative procedure (Arts. 28, 31(1)–(5)).</summary>
    Diverted,

    /// <summary>办理: being investigated and verified (Art. 31(6)).</summary>
    InProgress,

    /// <summary>延期办理: the handling period extended by at most 30 日 with approval and notice (Art. 34).</summary>
    Extended,

    /// <summary>调解/和解: a mediation or settlement agreement reached (Art. 33).</summary>
    Mediated,

    /// <summary>办结: the 信访处理意见书 is issued with an outcome per claim (Art. 32).</summary>
    Concluded,

    /// <summary>已送达: the petitioner received the written reply; the 30-日 复查 window runs (Art. 35).</summary>
    Served,

    /// <summary>复查中: a 复查 request received by the body one level above; 30 日 to decide (Art. 35).</summary>
    UnderReview,

    /// <summary>已复查: the 复查意见书 is issued (Art. 35).</summary>
    Reviewed,

    /// <summary>复查意见已送达: the 30-日 复核 window runs (Art. 36).</summary>
    ReviewServed,

    /// <summary>复核中: a 复核 request received; 30 日 to decide, hearing time excluded (Art. 36).</summary>
    UnderRecheck,

    /// <summary>听证中: a 复核 hearing is under way; the 复核 clock is paused (Art. 36).</summary>
    Hearing,

    /// <summary>已复核: the 复核意见书 is issued (Art. 36).</summary>
    Rechecked,

    /// <summary>终结: the 复核 opinion is served; the same facts and reasons are not accepted again (Art. 36 ¶3). Terminal.</summary>
    Final,

    /// <summary>结案: closed at this level (no 复查/复核 request within its window, or the diverted procedure ended).</summary>
    Closed,
}

/// <summary>What an officer does to a case; each is a row (or several) of <see cref="CaseWorkflow.Table"/>.</summary>
public enum CaseAction
{
    /// <summary>转送/交办 to the competent body.</summary>
    Transfer,

    /// <summary>受理 with a 受理告知书.</summary>
    Accept,

    /// <summary>告知向有权机关提出 (not within powers).</summary>
    Redirect,

    /// <summary>不予受理/不再受理 with a written notice.</summary>
    Refuse,

    /// <summary>提出异议退回 (receiving body: not within its powers).</summary>
    RaiseObjection,

    /// <summary>开始办理 (investigation, verification, field check).</summary>
    Start,

    /// <summary>导入法定途径.</summary>
    Divert,

    /// <summary>调解/和解协议.</summary>
    Mediate,

    /// <summary>延长办理期限 (head's approval and 延长办理期限告知书).</summary>
    Extend,

    /// <summary>办结: issue the 信访处理意见书 with per-claim outcomes.</summary>
    Conclude,

    /// <summary>送达 a written reply (处理/复查/复核意见书); the date is the date the petitioner received it.</summary>
    Serve,

    /// <summary>复查申请 received by the body one level above.</summary>
    RequestReview,

    /// <summary>复查意见书 issued.</summary>
    DecideReview,

    /// <summary>复核申请 received by the body one level above the reviewer.</summary>
    RequestRecheck,

    /// <summary>复核听证 begins (the 复核 clock pauses).</summary>
    StartHearing,

    /// <summary>复核听证 ends (the 复核 clock resumes).</summary>
    EndHearing,

    /// <summary>复核意见书 issued.</summary>
    DecideRecheck,

    /// <summary>结案 at this level.</summary>
    Close,

    /// <summary>回头看 reopens the work on a closed case (bureau practice).</summary>
    Reopen,
}

/// <summary>Names of states and actions in the API (snake_case) and in Chinese.</summary>
public static class CaseNames
{
    /// <summary>snake_case name: <c>InProgress</c> → <c>in_progress</c>.</summary>
    public static string ApiName(this CaseState s) => Snake(s.ToString());

    /// <summary>snake_case name: <c>RequestReview</c> → <c>request_review</c>.</summary>
    public static string ApiName(this CaseAction a) => Snake(a.ToString());

    public static string Zh(this CaseState s) => s switch
    {
        CaseState.Registered => "已登记",
        CaseState.Transferred => "已转送/交办",
        CaseState.Returned => "异议退回",
        CaseState.Redirected => "已告知向有权机关提出",
        CaseState.NotAccepted => "不予受理",
        CaseState.Accepted => "已受理",
        CaseState.Diverted => "已导入法定途径",
        CaseState.InProgress => "办理中",
        CaseState.Extended => "延期办理",
        CaseState.Mediated => "已调解/和解",
        CaseState.Concluded => "已办结",
        CaseState.Served => "已送达",
        CaseState.UnderReview => "复查中",
        CaseState.Reviewed => "已复查",
        CaseState.ReviewServed => "复查意见已送达",
        CaseState.UnderRecheck => "复核中",
        CaseState.Hearing => "听证中",
        CaseState.Rechecked => "已复核",
        CaseState.Final => "终结",
        CaseState.Closed => "已结案",
        _ => s.ToString(),
    };

    public static string Zh(this CaseAction a) => a switch
    {
        CaseAction.Transfer => "转送/交办",
        CaseAction.Accept => "受理",
        CaseAction.Redirect => "告知向有权机关提出",
        CaseAction.Refuse => "不予受理",
        CaseAction.RaiseObjection => "异议退回",
        CaseAction.Start => "办理",
        CaseAction.Divert => "导入法定途径",
        CaseAction.Mediate => "调解/和解",
        CaseAction.Extend => "延期",
        CaseAction.Conclude => "办结",
        CaseAction.Serve => "送达",
        CaseAction.RequestReview => "申请复查",
        CaseAction.DecideReview => "复查决定",
        CaseAction.RequestRecheck => "申请复核",
        CaseAction.StartHearing => "听证开始",
        CaseAction.EndHearing => "听证结束",
        CaseAction.DecideRecheck => "复核决定",
        CaseAction.Close => "结案",
        CaseAction.Reopen => "重新办理",
        _ => a.ToString(),
    };

    /// <summary>Parses a state by its API name, its C# name or its Chinese label.</summary>
    public static bool TryParseState(string? text, out CaseState state) => TryParse(text, ApiName, Zh, out state);

    /// <summary>Parses an action by its API name, its C# name or its Chinese label.</summary>
    public static bool TryParseAction(string? text, out CaseAction action) => TryParse(text, ApiName, Zh, out action);

    /// <summary>"transfer (转送/交办), accept (受理), …": the list a problem response shows.</summary>
    public static string Describe(IEnumerable<CaseAction> actions) => string.Join(", ", actions.Select(a => $"{a.ApiName()} ({a.Zh()})"));

    private static bool TryParse<T>(string? text, Func<T, string> api, Func<T, string> zh, out T value)
        where T : struct, Enum
    {
        var t = text?.Trim();
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(t, api(candidate), StringComparison.OrdinalIgnoreCase)
                || string.Equals(t, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                || t == zh(candidate))
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));
}
