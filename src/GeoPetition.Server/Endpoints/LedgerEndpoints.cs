using GeoPetition.Core.Cases;
using GeoPetition.Core.Petitions;
using GeoPetition.Server.Cases;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// The ledger (台账): the filtered case list with the columns a bureau uses, for meetings.
/// <code>
/// GET /api/ledger?jurisdiction=&amp;from=&amp;to=&amp;status=a,b&amp;subject=&amp;channel=&amp;overdue=true&amp;format=csv|xlsx|json
/// </code>
/// CSV is UTF-8 with a BOM (Excel opens the Chinese headers correctly) and streams page by page; XLSX
/// (DocumentFormat.OpenXml) has typed date and number cells and is spooled through a temporary file.
/// Every row comes through the caller's jurisdiction scope; <c>jurisdiction</c> only narrows it.
/// </summary>
public static class LedgerEndpoints
{
    public static IEndpointRouteBuilder MapLedgerEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/ledger", Ledger).WithTags("Cases").RequireAuthorization(Auth.Policies.ReadCases).RequireRateLimiting(Auth.AuthSetup.HeavyLimit).Produces(200, contentType: "text/csv").Produces(200, contentType: LedgerXlsx.ContentType);
        return app;
    }

    /// <summary>Parses the filters shared by the ledger and the statistics; a problem names the bad parameter.</summary>
    internal static (CaseFilter? Filter, IResult? Error) Filter(DateOnly? from, DateOnly? to, string? status, string? subject, string? channel)
    {
        if (from is not null && to is not null && from > to)
        {
            return (null, Problems.BadRequest("Invalid period", $"from {from:yyyy-MM-dd} is after to {to:yyyy-MM-dd}", "from"));
        }

        List<string>? states = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            states = [];
            foreach (var s in status.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!CaseNames.TryParseState(s, out var state))
                {
                    return (null, Problems.BadRequest("Invalid status", $"'{s}' is not a case state; known states: {string.Join(", ", Enum.GetValues<CaseState>().Select(x => $"{x.ApiName()} ({x.Zh()})"))}", "status"));
                }

                states.Add(state.ApiName());
            }
        }

        var normalized = PetitionVocabulary.NormalizeSubject(subject);
        if (subject is not null && normalized is null)
        {
            return (null, Problems.BadRequest("Invalid subject", $"accepted subjects: {string.Join(", ", PetitionVocabulary.Subjects.Keys)}", "subject"));
        }

        if (channel is not null && !PetitionVocabulary.Channels.Contains(channel))
        {
            return (null, Problems.BadRequest("Invalid channel", $"accepted channels: {string.Join(", ", PetitionVocabulary.Channels)}", "channel"));
        }

        return (new CaseFilter(from, to, states, normalized, channel), null);
    }

    private static async Task<IResult> Ledger(
        HttpContext http, CaseReports reports, TimeProvider time, CancellationToken ct,
        string? jurisdiction = null, DateOnly? from = null, DateOnly? to = null, string? status = null, string? subject = null,
        string? channel = null, bool overdue = false, string format = "csv")
    {
        var (scope, scopeError) = CaseEndpoints.Narrow(http, jurisdiction);
        var (filter, filterError) = Filter(from, to, status, subject, channel);
        if ((scopeError ?? filterError) is { } error)
        {
            return error;
        }

        if (format is not ("csv" or "xlsx" or "json"))
        {
            return Problems.BadRequest("Invalid format", $"'{format}' is not a ledger format; accepted: csv, xlsx, json", "format");
        }

        var today = time.Today();
        if (format == "json")
        {
            var rows = new List<object>();
            await foreach (var row in reports.RowsAsync(filter!, scope!, today, ct))
            {
                if (!overdue || row.Status.Clocks.Any(c => c.Running && c.Overdue))
                {
                    rows.Add(CaseReports.LedgerColumns.Zip(CaseReports.LedgerCells(row)).ToDictionary(x => x.First, x => x.Second));
                }
            }

            return TypedResults.Ok(new { columns = CaseReports.LedgerColumns, rows });
        }

        if (format == "xlsx")
        {
            return Results.Stream(
                stream => reports.WriteXlsxAsync(stream, filter!, overdue, scope!, today, ct),
                contentType: LedgerXlsx.ContentType,
                fileDownloadName: $"台账-{today:yyyyMMdd}.xlsx");
        }

        return Results.Stream(
            stream => reports.WriteCsvAsync(stream, filter!, overdue, scope!, today, ct),
            contentType: "text/csv; charset=utf-8",
            fileDownloadName: $"台账-{today:yyyyMMdd}.csv");
    }
}
