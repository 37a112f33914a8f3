namespace GeoPetition.Core.Cases;

/// <summary>
/// How periods are counted (domain-rules §1.4, §8). The 信访工作条例 has no counting rule of its own; the
/// defaults apply the 民法典 by analogy and every switch is configurable (<c>GeoPetition:Cases:Calendar</c>).
/// </summary>
public sealed class DayCountingOptions
{
    /// <summary>民法典 Art. 201: the day an event happens is not counted; a period of N 日 from day S ends on S + N.</summary>
    public bool ExcludeStartDay { get; set; } = true;

    /// <summary>民法典 Art. 203: a period whose last day is a 法定休假日 ends on the first day after it.</summary>
    public bool RollPastHolidays { get; set; } = true;

    /// <summary>Saturdays and Sundays are rest days for the roll (法定休假日 includes the weekly rest days) unless listed as <see cref="WorkingWeekends"/>.</summary>
    public bool WeekendsAreRestDays { get; set; } = true;

    /// <summary>Public holidays (放假日), including the bridging days of the 调休 arrangement.</summary>
    public List<DateOnly> Holidays { get; set; } = [];

    /// <summary>Weekend days that are working days under the 调休 arrangement (上班的周末).</summary>
    public List<DateOnly> WorkingWeekends { get; set; } = [];

    /// <summary>Add the built-in national lists of <see cref="BuiltIn"/> to the configured ones (default on).</summary>
    public bool UseBuiltInHolidays { get; set; } = true;

    /// <summary>
    /// The national arrangements for 2025 (国办发明电〔2024〕12号) and 2026 (国务院办公厅 2025-11-04).
    /// Configure each new year's list (published each November) in <see cref="Holidays"/> and <see cref="WorkingWeekends"/>.
    /// </summary>
    public static (IReadOnlyList<DateOnly> Holidays, IReadOnlyList<DateOnly> WorkingWeekends) BuiltIn { get; } = China();

    private static (IReadOnlyList<DateOnly>, IReadOnlyList<DateOnly>) China()
    {
        var o = new DayCountingOptions();
        void Range(int y, int m, int d, int days)
        {
            for (var i = 0; i < days; i++)
            {
                o.Holidays.Add(new DateOnly(y, m, d).AddDays(i));
            }
        }

        // 2025: 元旦 1/1; 春节 1/28–2/4; 清明 4/4–6; 劳动节 5/1–5; 端午 5/31–6/2; 国庆·中秋 10/1–8.
        Range(2025, 1, 1, 1);
        Range(2025, 1, 28, 8);
        Range(2025, 4, 4, 3);
        Range(2025, 5, 1, 5);
        Range(2025, 5, 31, 3);
        Range(2025, 10, 1, 8);
        o.WorkingWeekends.AddRange([new(2025, 1, 26), new(2025, 2, 8), new(2025, 4, 27), new(2025, 9, 28), new(2025, 10, 11)]);

        // 2026: 元旦 1/1–3; 春节 2/15–23; 清明 4/4–6; 劳动节 5/1–5; 端午 6/19–21; 中秋 9/25–27; 国庆 10/1–7.
        Range(2026, 1, 1, 3);
        Range(2026, 2, 15, 9);
        Range(2026, 4, 4, 3);
        Range(2026, 5, 1, 5);
        Range(2026, 6, 19, 3);
        Range(2026, 9, 25, 3);
        Range(2026, 10, 1, 7);
        o.WorkingWeekends.AddRange([new(2026, 1, 4), new(2026, 2, 14), new(2026, 2, 28), new(2026, 5, 9), new(2026, 9, 20), new(2026, 10, 10)]);
        return (o.Holidays, o.WorkingWeekends);
    }
}

/// <summary>The unit a period is given in: 日 (calendar days) or 工作日 (working days, only where the text says so).</summary>
public enum DayUnit
{
    /// <summary>日: calendar days.</summary>
    Calendar,

    /// <summary>工作日: Monday–Friday and 调休 working weekends, minus holidays.</summary>
    Working,
}

/// <summary>Counts periods by <see cref="DayCountingOptions"/>: due dates and days left.</summary>
public sealed class DayCalendar
{
    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workingWeekends;

    public DayCalendar(DayCountingOptions options)
    {
        Options = options;
        _holidays = [.. options.Holidays, .. options.UseBuiltInHolidays ? DayCountingOptions.BuiltIn.Holidays : []];
        _workingWeekends = [.. options.WorkingWeekends, .. options.UseBuiltInHolidays ? DayCountingOptions.BuiltIn.WorkingWeekends : []];
    }

    public DayCountingOptions Options { get; }

    /// <summary>The defaults: 民法典 counting with the built-in national holiday lists.</summary>
    public static DayCalendar China { get; } = new(new DayCountingOptions());

    public bool IsHoliday(DateOnly d) => _holidays.Contains(d);

    /// <summary>A day off: a holiday, or a weekend day that is not a 调休 working day.</summary>
    public bool IsRestDay(DateOnly d) =>
        _holidays.Contains(d) || (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday && !_workingWeekends.Contains(d));

    public bool IsWorkingDay(DateOnly d) => !IsRestDay(d);

    /// <summary>
    /// The last day of a period of <paramref name="length"/> units starting on <paramref name="start"/>.
    /// Calendar days: start + N (start day excluded), then rolled past rest days. Working days: the Nth
    /// working day after the start (the start counts as the first when it is a working day and
    /// <see cref="DayCountingOptions.ExcludeStartDay"/> is off).
    /// </summary>
    public DateOnly Due(DateOnly start, int length, DayUnit unit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (unit == DayUnit.Working)
        {
            var d = start;
            var counted = !Options.ExcludeStartDay && IsWorkingDay(start) ? 1 : 0;
            while (counted < length)
            {
                d = d.AddDays(1);
                if (IsWorkingDay(d))
                {
                    counted++;
                }
            }

            return d;
        }

        var end = start.AddDays(Options.ExcludeStartDay || length == 0 ? length : length - 1);
        return Options.RollPastHolidays ? RollForward(end) : end;
    }

    /// <summary>民法典 Art. 203: the first day on or after <paramref name="day"/> that is not a rest day for the roll.</summary>
    public DateOnly RollForward(DateOnly day)
    {
        while (_holidays.Contains(day) || (Options.WeekendsAreRestDays && IsRestDay(day)))
        {
            day = day.AddDays(1);
        }

        return day;
    }

    /// <summary>
    /// Units left from <paramref name="today"/> to <paramref name="due"/>: 0 on the due date, negative when
    /// overdue. Working-day clocks count working days in (today, due] (or −(due, today]).
    /// </summary>
    public int DaysLeft(DateOnly today, DateOnly due, DayUnit unit)
    {
        if (unit == DayUnit.Calendar)
        {
            return due.DayNumber - today.DayNumber;
        }

        var (from, to, sign) = today <= due ? (today, due, 1) : (due, today, -1);
        var n = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                n++;
            }
        }

        return sign * n;
    }
}
