using GeoPetition.Server.Cases;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Case statistics per unit and period: the 考核四率 (及时受理率, 按期办结率, 参评率, 满意率), average
/// processing days, resolution rate, overdue, rebound and repeat counts.
/// <code>
/// GET /api/statistics?jurisdiction=&amp;from=&amp;to=&amp;subject=&amp;channel=&amp;by=unit|subject|channel|all&amp;period=month|year|all&amp;format=json|csv
///                     &amp;compare=previous_year   (JSON; needs from and to) the same period a year earlier and the change
/// </code>
/// Computed from the case histories as of today (the injected clock) through the caller's scope.
/// </summary>
public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/statistics", Statistics).WithTags("Cases").RequireAuthorization(Auth.Policies.ReadCases).RequireRateLimiting(Auth.AuthSetup.HeavyLimit);
        return app;
    }

    private static async Task<IResult> Statistics(
        HttpContext http, CaseReports reports, TimeProvider time, CancellationToken ct,
        string? jurisdiction = null, DateOnly? from = null, DateOnly? to = null, string? subject = null, string? channel = null,
        string by = "unit", string period = "month", string format = "json", string? compare = null)
    {
        var (scope, scopeError) = CaseEndpoints.Narrow(http, jurisdiction);
        var (filter, filterError) = LedgerEndpoints.Filter(from, to, null, subject, channel);
        if ((scopeError ?? filterError) is { } error)
        {
            return error;
        }

        if (by is not ("unit" or "subject" or "channel" or "all"))
        {
            return Problems.BadRequest("Invalid grouping", $"'{by}' is not a grouping; accepted: unit, subject, channel, all", "by");
        }

        if (period is not ("month" or "year" or "all"))
        {
            return Problems.BadRequest("Invalid period", $"'{period}' is not a period; accepted: month, year, all", "period");
        }

        if (format is not ("json" or "csv"))
        {
            return Problems.BadRequest("Invalid format", $"'{format}' is not a format; accepted: json, csv", "format");
        }

        if (compare is not null && (compare != "previous_year" || from is null || to is null || format != "json"))
        {
            return Problems.BadRequest("Invalid comparison", "compare accepts previous_year, with both from and to, in JSON", "compare");
        }

        var today = time.Today();
        var rows = await reports.StatisticsAsync(filter!, by, period, scope!, today, ct);
        if (format == "csv")
        {
            return Results.Stream(stream => CaseReports.WriteStatisticsCsvAsync(stream, rows, ct), "text/csv; charset=utf-8", $"统计-{today:yyyyMMdd}.csv");
        }

        if (compare is null)
        {
            return TypedResults.Ok(new { asOf = today, by, period, rows });
        }

        // 同比: the same window a year earlier; a row matches by group and by its period a year later.
        var earlier = filter! with { From = from!.Value.AddYears(-1), To = to!.Value.AddYears(-1) };
        var previous = await reports.StatisticsAsync(earlier, by, period, scope!, today, ct);
        static string Shift(string p) => p.Length >= 4 && int.TryParse(p[..4], out var y) ? (y + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) + p[4..] : p;
        var byKey = previous.ToDictionary(r => (r.Unit, Shift(r.Period)));
        static double? Delta(double? now, double? then) => now is null || then is null ? null : Math.Round(now.Value - then.Value, 4);
        var changes = rows.Select(r => byKey.TryGetValue((r.Unit, r.Period), out var p)
            ? new
            {
                r.Unit,
                r.Period,
                received = r.Received - p.Received,
                concluded = r.Concluded - p.Concluded,
                timelyAcceptanceRate = Delta(r.TimelyAcceptanceRate, p.TimelyAcceptanceRate),
                onTimeConclusionRate = Delta(r.OnTimeConclusionRate, p.OnTimeConclusionRate),
                satisfactionRate = Delta(r.SatisfactionRate, p.SatisfactionRate),
                averageProcessingDays = Delta(r.AverageProcessingDays, p.AverageProcessingDays),
                resolutionRate = Delta(r.ResolutionRate, p.ResolutionRate),
            }
            : null).Where(c => c is not null);
        return TypedResults.Ok(new { asOf = today, by, period, rows, previousYear = new { from = earlier.From, to = earlier.To, rows = previous }, changes });
    }
}
