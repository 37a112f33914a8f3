using GeoPetition.Core.Cases;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>The 考核四率 and processing figures on six hand-computed cases (as of 2026-06-30).</summary>
public sealed class CaseStatisticsTests
{
    private static readonly DateOnly Today = new(2026, 6, 30);

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    private static CaseRecord Record(string unit, CaseKit kit, DateOnly received, string? evaluation = null, int rebounds = 0, bool repeat = false) =>
        new(unit, "illegal_occupation", "网上", received, kit.Status(Today), evaluation, rebounds, repeat);

    private static CaseKit Handled(string received, string accepted, string? concluded)
    {
        var kit = new CaseKit(D(received), claims: 1).Do(CaseAction.Accept, D(accepted)).Do(CaseAction.Start, D(accepted).AddDays(1));
        return concluded is null ? kit : kit.Do(CaseAction.Conclude, D(concluded));
    }

    [Fact]
    public void Four_rates_average_days_resolution_overdue_rebounds_and_repeats()
    {
        var records = new[]
        {
            // A: notice on time (due 17 Mar), concluded 10 Apr (due 6 May), 36 days, 满意.
            Record("510991", Handled("2026-03-02", "2026-03-05", "2026-04-10"), D("2026-03-02"), "满意"),
            // B: notice late (20 Mar > 17 Mar), concluded 30 May (due 19 May: late), 71 days, 不满意.
            Record("510991", Handled("2026-03-02", "2026-03-20", "2026-05-30"), D("2026-03-02"), "不满意"),
            // C: notice on time, handling due 11 May and still open: overdue.
            Record("510991", Handled("2026-03-10", "2026-03-12", null), D("2026-03-10")),
            // D: never accepted; notice due 30 Mar: overdue.
            Record("510991", new CaseKit(D("2026-03-15"), claims: 1), D("2026-03-15")),
            // E: concluded in 10 days, 基本满意, one rebound, a repeat.
            Record("510991", Handled("2026-03-20", "2026-03-25", "2026-04-04"), D("2026-03-20"), "基本满意", rebounds: 1, repeat: true),
            // F: another county, accepted 4 Mar, handling due 6 May, open: overdue.
            Record("510992", Handled("2026-03-03", "2026-03-04", null), D("2026-03-03")),
        };
        var rows = CaseStatistics.Compute(records, r => (r.Unit, CaseStatistics.Month(r.ReceivedOn)), new HashSet<string> { "满意", "基本满意" });

        Assert.Equal(2, rows.Count);
        var a = rows[0];
        Assert.Equal(("510991", "2026-03"), (a.Unit, a.Period));
        Assert.Equal(5, a.Received);
        Assert.Equal(4, a.Accepted);
        Assert.Equal((5, 3, 0.6), (a.NoticeAssessed, a.NoticeOnTime, a.TimelyAcceptanceRate));
        Assert.Equal(3, a.Concluded);
        Assert.Equal((4, 2, 0.5), (a.HandleAssessed, a.ConcludedOnTime, a.OnTimeConclusionRate));
        Assert.Equal((3, 1.0), (a.Evaluated, a.ParticipationRate));
        Assert.Equal((2, 0.6667), (a.Satisfied, a.SatisfactionRate));
        Assert.Equal(39.0, a.AverageProcessingDays);
        Assert.Equal(0.75, a.ResolutionRate);
        Assert.Equal(2, a.Overdue);
        Assert.Equal(1, a.Rebounds);
        Assert.Equal((1, 0.2), (a.Repeats, a.RepeatRate));

        var b = rows[1];
        Assert.Equal(("510992", 1, 1), (b.Unit, b.Received, b.Accepted));
        Assert.Equal(1.0, b.TimelyAcceptanceRate);
        Assert.Equal(0.0, b.OnTimeConclusionRate);
        Assert.Null(b.ParticipationRate);
        Assert.Null(b.AverageProcessingDays);
        Assert.Equal(0.0, b.ResolutionRate);
        Assert.Equal(1, b.Overdue);
    }

    [Fact]
    public void Cases_still_inside_their_windows_are_not_yet_assessable()
    {
        var kit = new CaseKit(D("2026-06-25"), claims: 1);
        var row = CaseStatistics.Row("510991", "2026-06", [new("510991", "x", "来信", D("2026-06-25"), kit.Status(Today), null, 0, false)], new HashSet<string>());
        Assert.Equal(0, row.NoticeAssessed);
        Assert.Null(row.TimelyAcceptanceRate);
        Assert.Null(row.ResolutionRate);
    }
}
