using GeoPetition.Core.Cases;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>
/// Day counting (domain-rules §1.4, 民法典 Arts. 201, 203): the start day is excluded, a last day on a
/// rest day rolls forward, 调休 working weekends do not roll, working days skip weekends and holidays.
/// Dates checked by hand against the 2025/2026 State Council holiday notices.
/// </summary>
public sealed class DayCalendarTests
{
    private static readonly DayCalendar China = DayCalendar.China;

    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("2026-03-02", 15, "2026-03-17", "start day excluded: Mon 2 March + 15 = Tue 17 March")]
    [InlineData("2026-03-06", 15, "2026-03-23", "ends Sat 21 March → rolls past the weekend to Mon 23")]
    [InlineData("2026-01-31", 15, "2026-02-24", "ends Sun 15 Feb, first day of 春节 (15–23 Feb) → Tue 24 Feb")]
    [InlineData("2026-02-13", 15, "2026-02-28", "ends Sat 28 Feb, a 调休 working Saturday → no roll")]
    [InlineData("2025-12-31", 1, "2026-01-04", "ends 1 Jan (元旦 1–3 Jan) → Sun 4 Jan, a working Sunday")]
    [InlineData("2026-03-02", 60, "2026-05-06", "60 日 end on 1 May (劳动节 1–5 May) → Wed 6 May")]
    [InlineData("2026-03-02", 90, "2026-06-01", "60 + 30 日 end on Sun 31 May → Mon 1 June")]
    [InlineData("2024-01-31", 30, "2024-03-01", "month end in a leap year: 31 Jan + 30 = 1 March")]
    [InlineData("2024-02-14", 15, "2024-02-29", "leap day is a day like any other")]
    [InlineData("2023-02-14", 15, "2023-03-01", "no leap day in 2023")]
    [InlineData("2026-09-20", 15, "2026-10-08", "ends 5 Oct inside 国庆 (1–7 Oct) → Thu 8 Oct")]
    public void Calendar_days_exclude_the_start_day_and_roll_past_rest_days(string start, int days, string due, string why) =>
        Assert.True(China.Due(D(start), days, DayUnit.Calendar) == D(due), why);

    [Theory]
    [InlineData("2026-03-05", 5, "2026-03-12", "Thu 5 March: Fri 6, Mon 9, 10, 11, 12")]
    [InlineData("2026-02-12", 5, "2026-02-26", "Fri 13, Sat 14 (调休 working), 春节 15–23 skipped, 24, 25, 26")]
    [InlineData("2026-04-30", 5, "2026-05-11", "劳动节 1–5 May skipped: Wed 6, Thu 7, Fri 8, Sat 9 (调休 working), Mon 11")]
    public void Working_days_skip_weekends_and_holidays_and_count_working_weekends(string start, int days, string due, string why) =>
        Assert.True(China.Due(D(start), days, DayUnit.Working) == D(due), why);

    [Fact]
    public void Counting_rules_are_configurable()
    {
        var inclusive = new DayCalendar(new DayCountingOptions { ExcludeStartDay = false });
        Assert.Equal(D("2026-03-16"), inclusive.Due(D("2026-03-02"), 15, DayUnit.Calendar));
        Assert.Equal(D("2026-03-11"), inclusive.Due(D("2026-03-05"), 5, DayUnit.Working));

        var noRoll = new DayCalendar(new DayCountingOptions { RollPastHolidays = false });
        Assert.Equal(D("2026-02-15"), noRoll.Due(D("2026-01-31"), 15, DayUnit.Calendar));

        var holidaysOnly = new DayCalendar(new DayCountingOptions { WeekendsAreRestDays = false });
        Assert.Equal(D("2026-03-21"), holidaysOnly.Due(D("2026-03-06"), 15, DayUnit.Calendar));
        Assert.Equal(D("2026-02-24"), holidaysOnly.Due(D("2026-01-31"), 15, DayUnit.Calendar));

        // A configured holiday list (a local or future year), without the built-in national lists.
        var custom = new DayCalendar(new DayCountingOptions
        {
            UseBuiltInHolidays = false,
            Holidays = [D("2027-02-08"), D("2027-02-09")],
            WorkingWeekends = [D("2027-02-06")],
        });
        Assert.Equal(D("2027-02-10"), custom.Due(D("2027-01-24"), 15, DayUnit.Calendar));
        Assert.Equal(D("2027-02-06"), custom.Due(D("2027-01-22"), 15, DayUnit.Calendar));
        Assert.Equal(D("2026-02-16"), custom.Due(D("2026-02-01"), 15, DayUnit.Calendar));
    }

    [Fact]
    public void Days_left_count_in_the_clock_unit()
    {
        Assert.Equal(0, China.DaysLeft(D("2026-03-17"), D("2026-03-17"), DayUnit.Calendar));
        Assert.Equal(5, China.DaysLeft(D("2026-03-12"), D("2026-03-17"), DayUnit.Calendar));
        Assert.Equal(-3, China.DaysLeft(D("2026-03-20"), D("2026-03-17"), DayUnit.Calendar));
        Assert.Equal(4, China.DaysLeft(D("2026-03-06"), D("2026-03-12"), DayUnit.Working));
        Assert.Equal(-1, China.DaysLeft(D("2026-03-16"), D("2026-03-13"), DayUnit.Working));
    }

    [Fact]
    public void Rest_days_follow_the_holiday_notices()
    {
        Assert.True(China.IsRestDay(D("2026-02-23")));
        Assert.True(China.IsWorkingDay(D("2026-02-14")));
        Assert.True(China.IsRestDay(D("2026-03-07")));
        Assert.True(China.IsWorkingDay(D("2025-04-27")));
        Assert.True(China.IsRestDay(D("2025-10-08")));
    }
}
