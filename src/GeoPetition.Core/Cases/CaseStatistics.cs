namespace GeoPetition.Core.Cases;

/// <summary>One case as statistics see it.</summary>
/// <param name="Unit">The administrative unit (6-digit 行政区划代码) the case belongs to.</param>
/// <param name="Evaluation">The petitioner's latest satisfaction choice on the handling, if any.</param>
/// <param name="Rebounds">How many times a 回头看 reopened the case.</param>
/// <param name="IsRepeat">The case repeats an earlier one of the same petitioner (重复信访).</param>
public sealed record CaseRecord(string Unit, string Subject, string Channel, DateOnly ReceivedOn, CaseStatus Status, string? Evaluation, int Rebounds, bool IsRepeat);

/// <summary>
/// Figures of one group (unit × period). Rates are fractions in [0, 1] rounded to 4 places, null when
/// nothing is assessable. The 考核四率 (domain-rules §1.6): 及时受理率 <see cref="TimelyAcceptanceRate"/>,
/// 按期办结率 <see cref="OnTimeConclusionRate"/>, 参评率 <see cref="ParticipationRate"/>, 满意率 <see cref="SatisfactionRate"/>.
/// </summary>
public sealed record StatisticsRow(
    string Unit,
    string Period,
    int Received,
    int Accepted,
    int NoticeAssessed,
    int NoticeOnTime,
    double? TimelyAcceptanceRate,
    int Concluded,
    int HandleAssessed,
    int ConcludedOnTime,
    double? OnTimeConclusionRate,
    int Evaluated,
    double? ParticipationRate,
    int Satisfied,
    double? SatisfactionRate,
    double? AverageProcessingDays,
    double? ResolutionRate,
    int Overdue,
    int Rebounds,
    int Repeats,
    double? RepeatRate);

/// <summary>
/// The bureau's figures computed from case histories (pure; the server only loads the records).
/// Definitions:
/// <list type="bullet">
/// <item>及时受理率 = cases whose every 15-日 notice clock stopped by its due date ÷ cases whose notice clocks are stopped or past due (cases still inside the window are not yet assessable).</item>
/// <item>按期办结率 = cases concluded by the due date of their first handling clock (60 日 + extension) ÷ cases concluded, plus those not concluded and past due.</item>
/// <item>参评率 = concluded cases with an evaluation ÷ concluded cases; 满意率 = evaluations in the satisfied set ÷ evaluations.</item>
/// <item>Average processing days = mean calendar days from 受理 to the first 办结; resolution rate = concluded ÷ accepted.</item>
/// </list>
/// </summary>
public static class CaseStatistics
{
    public static IReadOnlyList<StatisticsRow> Compute(IEnumerable<CaseRecord> records, Func<CaseRecord, (string Unit, string Period)> group, IReadOnlySet<string> satisfiedChoices) =>
        [.. records.GroupBy(group).OrderBy(g => g.Key.Unit, StringComparer.Ordinal).ThenBy(g => g.Key.Period, StringComparer.Ordinal)
            .Select(g => Row(g.Key.Unit, g.Key.Period, [.. g], satisfiedChoices))];

    /// <summary>"2026-03" for monthly periods.</summary>
    public static string Month(DateOnly d) => d.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    public static StatisticsRow Row(string unit, string period, IReadOnlyList<CaseRecord> cases, IReadOnlySet<string> satisfiedChoices)
    {
        var accepted = cases.Count(c => c.Status.AcceptedOn is not null);

        var noticeAssessed = 0;
        var noticeOnTime = 0;
        foreach (var c in cases)
        {
            var notices = c.Status.Clocks.Where(k => k.Timer == CaseTimer.Notice).ToList();
            if (notices.Count > 0 && notices.All(k => !k.Running || k.Overdue))
            {
                noticeAssessed++;
                if (notices.All(k => !k.Overdue))
                {
                    noticeOnTime++;
                }
            }
        }

        var concluded = cases.Where(c => c.Status.ConcludedOn is not null).ToList();
        var handleAssessed = 0;
        var onTime = 0;
        foreach (var c in cases)
        {
            var first = c.Status.Clocks.FirstOrDefault(k => k.Timer == CaseTimer.Handle);
            if (first is null)
            {
                continue;
            }

            if (c.Status.ConcludedOn is not null)
            {
                handleAssessed++;
                onTime += first.Overdue ? 0 : 1;
            }
            else if (first.Running && first.Overdue)
            {
                handleAssessed++;
            }
        }

        var evaluated = concluded.Where(c => c.Evaluation is not null).ToList();
        var satisfied = evaluated.Count(c => satisfiedChoices.Contains(c.Evaluation!));
        var days = concluded.Select(c => c.Status.ConcludedOn!.Value.DayNumber - c.Status.AcceptedOn!.Value.DayNumber).ToList();
        var overdue = cases.Count(c => c.Status.Clocks.Any(k => k.Running && k.Overdue));
        var repeats = cases.Count(c => c.IsRepeat);

        return new StatisticsRow(
            unit, period, cases.Count, accepted,
            noticeAssessed, noticeOnTime, Rate(noticeOnTime, noticeAssessed),
            concluded.Count, handleAssessed, onTime, Rate(onTime, handleAssessed),
            evaluated.Count, Rate(evaluated.Count, concluded.Count),
            satisfied, Rate(satisfied, evaluated.Count),
            days.Count == 0 ? null : Math.Round(days.Average(), 2),
            Rate(concluded.Count, accepted),
            overdue, cases.Sum(c => c.Rebounds), repeats, Rate(repeats, cases.Count));
    }

    private static double? Rate(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);
}
