using GeoPetition.Server.Cases;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Case statistics per unit and period: the 考核四率 (及时受理率, 按期办结率, 参评率, 满意率), average
/// processing days, resolution rate, overdue, rebound and repeat counts.
/// <code>
/// GET /api/statistics?jurisdiction=&amp;from=&amp;to=&amp;subject=&amp;channel=&amp;by=unit|subject|channel|all&amp;period=month|year|all&amp;format=json|csv
/// </code>
/// Computed from the case histories as of today (the injected clock) through the caller's scope.
/// </summary>
public static class StatisticsEndpoints
{
    public static IEndpointRouteBuilder MapStatisticsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/statistics", Statistics).WithTags("Cases");
        return app;
    }

    private static async Task<IResult> Statistics(
        HttpContext http, CaseReports reports, TimeProvider time, CancellationToken ct,
        string? jurisdiction = null, DateOnly? from = null, DateOnly? to = null, string? subject = null, string? channel = null,
        string by = "unit", string period = "month", string format = "json")
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

        var today = time.Today();
        var rows = await reports.StatisticsAsync(filter!, by, period, scope!, today, ct);
        return format == "csv"
            ? Results.Stream(stream => CaseReports.WriteStatisticsCsvAsync(stream, rows, ct), "text/csv; charset=utf-8", $"统计-{today:yyyyMMdd}.csv")
            : TypedResults.Ok(new { asOf = today, by, period, rows });
    }
}
