using System.Globalization;
using System.Text;
using GeoPetition.Core.Cases;
using GeoPetition.Core.Petitions;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;
using NpgsqlTypes;

namespace GeoPetition.Server.Cases;

/// <summary>Filters of the ledger and the statistics; dates are the petitions' receipt dates (inclusive).</summary>
public sealed record CaseFilter(DateOnly? From, DateOnly? To, IReadOnlyList<string>? States, string? Subject, string? Channel);

/// <summary>One ledger (台账) row: a case with its lead, state, current deadline and outcome.</summary>
public sealed record LedgerRow(
    long Id, string CaseNo, DateOnly ReceivedOn, string Channel, string Subject, string? Xzqdm, double Lon, double Lat,
    string? LeadOfficial, IReadOnlyList<string> Units, CaseStatus Status, string? Finding, bool Listed, int Repeats, int Rebounds, string? Evaluation);

/// <summary>SQL of the ledger and statistics: one keyset-paged read of petitions through <see cref="JurisdictionScope"/>.</summary>
internal static class CaseReportSql
{
    public static readonly string Page = $"""
        SELECT p.id, p.case_no, p.received_on, p.channel, p.subject, p.xzqdm,
               ST_X(ST_PointOnSurface(p.geom)), ST_Y(ST_PointOnSurface(p.geom)),
               (SELECT count(*)::int FROM petition_claim c WHERE c.petition_id = p.id),
               lead.lead_official, lead.units,
               (SELECT v.finding FROM verification v WHERE v.petition_id = p.id ORDER BY v.id DESC LIMIT 1),
               EXISTS (SELECT 1 FROM supervision_listing l WHERE l.petition_id = p.id
                       AND NOT EXISTS (SELECT 1 FROM supervision_strike_off s WHERE s.listing_id = l.id)),
               (SELECT count(*)::int FROM (
                    SELECT DISTINCT ON (k.related_id) k.kind, k.reasons FROM petition_link k
                    WHERE k.petition_id = p.id ORDER BY k.related_id, k.id DESC) x
                WHERE x.kind = 'duplicate_of' OR (x.kind = 'related' AND 'same_petitioner' = ANY (x.reasons))),
               (SELECT count(*)::int FROM look_back_result r JOIN look_back b ON b.id = r.look_back_id
                WHERE b.petition_id = p.id AND r.result = 'reopened'),
               (SELECT e.choice FROM satisfaction_evaluation e WHERE e.petition_id = p.id AND e.stage = 'handling' ORDER BY e.id DESC LIMIT 1)
        FROM petition p
        LEFT JOIN LATERAL (SELECT l.lead_official, l.units FROM case_lead l WHERE l.petition_id = p.id ORDER BY l.id DESC LIMIT 1) lead ON true
        WHERE {JurisdictionScope.Condition("p")}
          AND (@from::date IS NULL OR p.received_on >= @from)
          AND (@to::date IS NULL OR p.received_on <= @to)
          AND (@states::text[] IS NULL OR p.status = ANY (@states))
          AND (@subject::text IS NULL OR p.subject = @subject)
          AND (@channel::text IS NULL OR p.channel = @channel)
          AND p.id > @after
        ORDER BY p.id
        LIMIT @limit
        """;
}

/// <summary>
/// The ledger (台账) and the statistics, computed from the case histories with the Core clock as of
/// today. Petitions are read in keyset pages, so memory does not grow with the ledger's length.
/// </summary>
public sealed class CaseReports(Npgsql.NpgsqlDataSource dataSource, CaseStore cases, CaseRules rules, CaseOptions options)
{
    private const int PageSize = 500;

    /// <summary>The ledger rows in scope, page by page, in petition id order.</summary>
    public async IAsyncEnumerable<LedgerRow> RowsAsync(CaseFilter filter, JurisdictionScope scope, DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        long after = 0;
        while (true)
        {
            var page = new List<(LedgerRow Row, int Claims)>();
            await using (var command = dataSource.CreateCommand(CaseReportSql.Page))
            {
                var ps = command.Parameters;
                scope.Bind(ps);
                ps.AddWithValue("from", NpgsqlDbType.Date, (object?)filter.From ?? DBNull.Value);
                ps.AddWithValue("to", NpgsqlDbType.Date, (object?)filter.To ?? DBNull.Value);
                ps.AddWithValue("states", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)filter.States?.ToArray() ?? DBNull.Value);
                ps.AddWithValue("subject", NpgsqlDbType.Text, (object?)filter.Subject ?? DBNull.Value);
                ps.AddWithValue("channel", NpgsqlDbType.Text, (object?)filter.Channel ?? DBNull.Value);
                ps.AddWithValue("after", after);
                ps.AddWithValue("limit", PageSize);
                await using var r = await command.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var row = new LedgerRow(
                        r.GetInt64(0), r.GetString(1), DateOnly.FromDateTime(r.GetDateTime(2)), r.GetString(3), r.GetString(4),
                        r.IsDBNull(5) ? null : r.GetString(5), r.GetDouble(6), r.GetDouble(7),
                        r.IsDBNull(9) ? null : r.GetString(9), r.IsDBNull(10) ? [] : r.GetFieldValue<string[]>(10),
                        null!, r.IsDBNull(11) ? null : r.GetString(11), r.GetBoolean(12), r.GetInt32(13), r.GetInt32(14),
                        r.IsDBNull(15) ? null : r.GetString(15));
                    page.Add((row, r.GetInt32(8)));
                }
            }

            if (page.Count == 0)
            {
                yield break;
            }

            var events = await cases.EventsAsync([.. page.Select(p => p.Row.Id)], scope, ct);
            foreach (var (row, claims) in page)
            {
                var history = new CaseHistory(row.ReceivedOn, claims, events.GetValueOrDefault(row.Id) ?? []);
                yield return row with { Status = CaseClock.Evaluate(history, today, rules) };
            }

            after = page[^1].Row.Id;
            if (page.Count < PageSize)
            {
                yield break;
            }
        }
    }

    /// <summary>The ledger columns a bureau uses (台账), in Chinese as the meeting copy shows them.</summary>
    public static readonly string[] LedgerColumns =
    [
        "案件编号", "登记日期", "来源渠道", "事项类别", "属地代码", "经度", "纬度", "包案领导", "责任单位", "状态",
        "当前期限", "期限名称", "剩余天数", "是否超期", "核查结论", "处理意见", "挂牌督办", "重复次数", "反弹次数", "满意度评价",
    ];

    /// <summary>The type of each ledger column in a spreadsheet (same order as <see cref="LedgerColumns"/>).</summary>
    public static readonly LedgerCellKind[] LedgerKinds =
    [
        LedgerCellKind.Text, LedgerCellKind.Date, LedgerCellKind.Text, LedgerCellKind.Text, LedgerCellKind.Text, LedgerCellKind.Number, LedgerCellKind.Number,
        LedgerCellKind.Text, LedgerCellKind.Text, LedgerCellKind.Text, LedgerCellKind.Date, LedgerCellKind.Text, LedgerCellKind.Integer, LedgerCellKind.Text,
        LedgerCellKind.Text, LedgerCellKind.Text, LedgerCellKind.Text, LedgerCellKind.Integer, LedgerCellKind.Integer, LedgerCellKind.Text,
    ];

    /// <summary>Column widths of the XLSX ledger (Excel character units).</summary>
    private static readonly double[] LedgerWidths = [22, 12, 10, 12, 10, 12, 11, 12, 24, 14, 12, 16, 10, 9, 12, 30, 9, 9, 9, 11];

    /// <summary>The ledger rows in scope, optionally only those with a running overdue duty clock.</summary>
    public async IAsyncEnumerable<LedgerRow> LedgerAsync(CaseFilter filter, bool overdueOnly, JurisdictionScope scope, DateOnly today, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in RowsAsync(filter, scope, today, ct))
        {
            if (!overdueOnly || row.Status.Clocks.Any(c => c.Running && c.Overdue))
            {
                yield return row;
            }
        }
    }

    /// <summary>Writes the ledger as CSV (RFC 4180, CRLF) in UTF-8 with a BOM so that Excel opens the Chinese correctly.</summary>
    public async Task WriteCsvAsync(Stream output, CaseFilter filter, bool overdueOnly, JurisdictionScope scope, DateOnly today, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', LedgerColumns.Select(Csv)));
        await foreach (var row in LedgerAsync(filter, overdueOnly, scope, today, ct))
        {
            await writer.WriteLineAsync(string.Join(',', LedgerCells(row).Select((v, i) => Csv(LedgerKinds[i] == LedgerCellKind.Text ? NoFormula(v) : v))));
        }

        await writer.FlushAsync(ct);
    }

    /// <summary>Writes the ledger as an XLSX workbook (sheet 台账) with typed date and number cells.</summary>
    public Task WriteXlsxAsync(Stream output, CaseFilter filter, bool overdueOnly, JurisdictionScope scope, DateOnly today, CancellationToken ct) =>
        LedgerXlsx.WriteAsync(output, "台账", LedgerColumns, LedgerKinds, LedgerWidths, Cells(LedgerAsync(filter, overdueOnly, scope, today, ct), ct), ct);

    private static async IAsyncEnumerable<IReadOnlyList<string>> Cells(IAsyncEnumerable<LedgerRow> rows, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in rows.WithCancellation(ct))
        {
            yield return [.. LedgerCells(row)];
        }
    }

    /// <summary>
    /// CSV injection guard (OWASP): a text cell typed by a user that starts with =, +, -, @, tab or CR would
    /// run as a formula when the CSV is opened in a spreadsheet; it is prefixed with an apostrophe.
    /// </summary>
    internal static string NoFormula(string value) => value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;

    public static IEnumerable<string> LedgerCells(LedgerRow r)
    {
        var deadline = r.Status.NextDeadline ?? r.Status.Clocks.Where(c => c.Running).OrderBy(c => c.Due).FirstOrDefault();
        var inv = CultureInfo.InvariantCulture;
        return
        [
            r.CaseNo,
            r.ReceivedOn.ToString("yyyy-MM-dd", inv),
            r.Channel,
            PetitionVocabulary.Subjects.TryGetValue(r.Subject, out var zh) ? zh : r.Subject,
            r.Xzqdm ?? "",
            r.Lon.ToString("0.000000", inv),
            r.Lat.ToString("0.000000", inv),
            r.LeadOfficial ?? "",
            string.Join("、", r.Units),
            r.Status.State.Zh(),
            deadline?.Due.ToString("yyyy-MM-dd", inv) ?? "",
            deadline?.Label ?? "",
            deadline?.DaysLeft?.ToString(inv) ?? "",
            r.Status.Clocks.Any(c => c.Running && c.Overdue) ? "是" : "否",
            Enum.TryParse<Finding>(r.Finding, out var f) ? f.Zh() : r.Finding ?? "",
            string.Join("；", r.Status.Outcomes.Select(o => $"诉求{o.Claim + 1}:{o.Outcome.Zh()}")),
            r.Listed ? "是" : "否",
            r.Repeats.ToString(inv),
            r.Rebounds.ToString(inv),
            r.Evaluation ?? "",
        ];
    }

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>Statistics per unit (the petition's county, or all) and period (month, year or all).</summary>
    public async Task<IReadOnlyList<StatisticsRow>> StatisticsAsync(CaseFilter filter, string unitGrouping, string periodGrouping, JurisdictionScope scope, DateOnly today, CancellationToken ct)
    {
        var records = new List<CaseRecord>();
        await foreach (var row in RowsAsync(filter, scope, today, ct))
        {
            records.Add(new CaseRecord(row.Xzqdm ?? "", row.Subject, row.Channel, row.ReceivedOn, row.Status, row.Evaluation, row.Rebounds, row.Repeats > 0));
        }

        string Unit(CaseRecord r) => unitGrouping switch
        {
            "subject" => r.Subject,
            "channel" => r.Channel,
            "all" => "all",
            _ => r.Unit,
        };
        string Period(CaseRecord r) => periodGrouping switch
        {
            "year" => r.ReceivedOn.Year.ToString(CultureInfo.InvariantCulture),
            "all" => "all",
            _ => CaseStatistics.Month(r.ReceivedOn),
        };
        return CaseStatistics.Compute(records, r => (Unit(r), Period(r)), options.Satisfied);
    }

    /// <summary>The statistics as CSV (UTF-8 with BOM), one row per group.</summary>
    public static async Task WriteStatisticsCsvAsync(Stream output, IReadOnlyList<StatisticsRow> rows, CancellationToken ct)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(true), 1 << 16, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync("分组,期间,登记数,受理数,及时受理率,办结数,按期办结率,参评数,参评率,满意数,满意率,平均办理天数,化解率,超期数,反弹数,重复信访数,重复率");
        var inv = CultureInfo.InvariantCulture;
        static string Rate(double? v) => v?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
        foreach (var r in rows)
        {
            await writer.WriteLineAsync(string.Join(',', new[]
            {
                Csv(r.Unit), Csv(r.Period), r.Received.ToString(inv), r.Accepted.ToString(inv), Rate(r.TimelyAcceptanceRate), r.Concluded.ToString(inv),
                Rate(r.OnTimeConclusionRate), r.Evaluated.ToString(inv), Rate(r.ParticipationRate), r.Satisfied.ToString(inv), Rate(r.SatisfactionRate),
                r.AverageProcessingDays?.ToString("0.##", inv) ?? "", Rate(r.ResolutionRate), r.Overdue.ToString(inv), r.Rebounds.ToString(inv),
                r.Repeats.ToString(inv), Rate(r.RepeatRate),
            }));
        }

        await writer.FlushAsync(ct);
    }
}
