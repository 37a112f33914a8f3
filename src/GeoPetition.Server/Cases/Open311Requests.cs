using System.Globalization;
using System.Text.Json.Serialization;
using GeoPetition.Core.Cases;
using GeoPetition.Core.Petitions;
using GeoPetition.Server.Data;
using NpgsqlTypes;

namespace GeoPetition.Server.Cases;

/// <summary>An Open311 GeoReport v2 service: one petition subject (事项类别).</summary>
public sealed record Open311Service(
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("metadata")] bool Metadata,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("keywords")] string Keywords,
    [property: JsonPropertyName("group")] string Group);

/// <summary>
/// An Open311 GeoReport v2 service request: a petition without any personal data. There is no
/// description text, no address and no petitioner field; the location is the matter's place (a point on
/// the petition's geometry) rounded to <see cref="Open311Requests.CoordinateDecimals"/> decimals.
/// </summary>
public sealed record Open311Request(
    [property: JsonPropertyName("service_request_id")] string ServiceRequestId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("status_notes")] string StatusNotes,
    [property: JsonPropertyName("service_name")] string ServiceName,
    [property: JsonPropertyName("service_code")] string ServiceCode,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("agency_responsible")] string? AgencyResponsible,
    [property: JsonPropertyName("service_notice")] string? ServiceNotice,
    [property: JsonPropertyName("requested_datetime")] string RequestedDatetime,
    [property: JsonPropertyName("updated_datetime")] string UpdatedDatetime,
    [property: JsonPropertyName("expected_datetime")] string? ExpectedDatetime,
    [property: JsonPropertyName("address")] string? Address,
    [property: JsonPropertyName("address_id")] string? AddressId,
    [property: JsonPropertyName("zipcode")] string? Zipcode,
    [property: JsonPropertyName("lat")] double Lat,
    [property: JsonPropertyName("long")] double Long,
    [property: JsonPropertyName("media_url")] string? MediaUrl);

/// <summary>The filters of <c>GET /open311/v2/requests.json</c>, already validated.</summary>
/// <param name="Ids">service_request_id (case numbers); when given, every other filter is ignored (GeoReport v2).</param>
/// <param name="From">First receipt date (China time) whose requested_datetime is on or after start_date.</param>
/// <param name="To">Last receipt date (China time) whose requested_datetime is on or before end_date.</param>
/// <param name="States">Case states (API names) of the status filter.</param>
public sealed record Open311Query(IReadOnlyList<string>? Ids, IReadOnlyList<string>? ServiceCodes, DateOnly? From, DateOnly? To, IReadOnlyList<string>? States);

/// <summary>SQL of the Open311 read: petitions through <see cref="JurisdictionScope"/>, newest first.</summary>
internal static class Open311Sql
{
    public static readonly string Requests = $"""
        SELECT p.id, p.case_no, p.subject, p.status, p.received_on,
               ST_X(g.pt), ST_Y(g.pt),
               (SELECT count(*)::int FROM petition_claim c WHERE c.petition_id = p.id),
               GREATEST(p.registered_at, (SELECT max(e.created_at) FROM case_event e WHERE e.petition_id = p.id)),
               lead.units
        FROM petition p
        CROSS JOIN LATERAL (SELECT ST_PointOnSurface(p.geom) AS pt) g
        LEFT JOIN LATERAL (SELECT l.units FROM case_lead l WHERE l.petition_id = p.id ORDER BY l.id DESC LIMIT 1) lead ON true
        WHERE {JurisdictionScope.Condition("p")}
          AND (@ids::text[] IS NULL OR p.case_no = ANY (@ids))
          AND (@codes::text[] IS NULL OR p.subject = ANY (@codes))
          AND (@from::date IS NULL OR p.received_on >= @from)
          AND (@to::date IS NULL OR p.received_on <= @to)
          AND (@states::text[] IS NULL OR p.status = ANY (@states))
        ORDER BY p.received_on DESC, p.id DESC
        LIMIT @limit
        """;
}

/// <summary>
/// Open311 GeoReport v2 read model (https://wiki.open311.org/GeoReport_v2): petition subjects as
/// services and petitions as service requests, for city systems that already speak it.
/// </summary>
public sealed class Open311Requests(Npgsql.NpgsqlDataSource dataSource, CaseStore cases, CaseRules rules)
{
    /// <summary>GeoReport v2: "may not return more than 1000 requests".</summary>
    public const int MaxResults = 1000;

    /// <summary>4 decimals of a degree ≈ 11 m of latitude: enough for a city map, not a house door.</summary>
    public const int CoordinateDecimals = 4;

    private static readonly TimeSpan China = TimeSpan.FromHours(8);

    /// <summary>Case states reported as <c>closed</c>: finished at this level (the rest are <c>open</c>).</summary>
    public static IReadOnlyList<string> ClosedStates { get; } = [.. Enum.GetValues<CaseState>().Where(s => !RepeatRules.IsOpen(s)).Select(s => s.ApiName())];

    public static IReadOnlyList<string> OpenStates { get; } = [.. Enum.GetValues<CaseState>().Where(RepeatRules.IsOpen).Select(s => s.ApiName())];

    public static IReadOnlyList<Open311Service> Services { get; } =
        [.. PetitionVocabulary.Subjects.Select(kv => new Open311Service(
            kv.Key, kv.Value, $"自然资源信访事项：{kv.Value} (petition about {kv.Key.Replace('_', ' ')})", false, "realtime", $"信访,{kv.Value}", "自然资源信访"))];

    public async Task<IReadOnlyList<Open311Request>> FindAsync(Open311Query query, JurisdictionScope scope, DateOnly today, CancellationToken ct)
    {
        var rows = new List<(long Id, string CaseNo, string Subject, string Status, DateOnly ReceivedOn, double Lon, double Lat, int Claims, DateTime Updated, string[]? Units)>();
        await using (var command = dataSource.CreateCommand(Open311Sql.Requests))
        {
            var ps = command.Parameters;
            scope.Bind(ps);
            ps.AddWithValue("ids", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)query.Ids?.ToArray() ?? DBNull.Value);
            ps.AddWithValue("codes", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)query.ServiceCodes?.ToArray() ?? DBNull.Value);
            ps.AddWithValue("from", NpgsqlDbType.Date, (object?)query.From ?? DBNull.Value);
            ps.AddWithValue("to", NpgsqlDbType.Date, (object?)query.To ?? DBNull.Value);
            ps.AddWithValue("states", NpgsqlDbType.Array | NpgsqlDbType.Text, (object?)query.States?.ToArray() ?? DBNull.Value);
            ps.AddWithValue("limit", MaxResults);
            await using var r = await command.ExecuteReaderAsync(ct);
            while (await r.ReadAsync(ct))
            {
                rows.Add((r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), DateOnly.FromDateTime(r.GetDateTime(4)),
                    r.GetDouble(5), r.GetDouble(6), r.GetInt32(7), r.GetFieldValue<DateTime>(8), r.IsDBNull(9) ? null : r.GetFieldValue<string[]>(9)));
            }
        }

        var events = await cases.EventsAsync([.. rows.Select(x => x.Id)], scope, ct);
        var inv = CultureInfo.InvariantCulture;
        return [.. rows.Select(x =>
        {
            var status = CaseClock.Evaluate(new CaseHistory(x.ReceivedOn, x.Claims, events.GetValueOrDefault(x.Id) ?? []), today, rules);
            var open = RepeatRules.IsOpen(status.State);
            var deadline = open ? status.NextDeadline : null;
            var subject = PetitionVocabulary.Subjects.GetValueOrDefault(x.Subject, x.Subject);
            return new Open311Request(
                x.CaseNo,
                open ? "open" : "closed",
                $"{status.State.Zh()} ({status.State.ApiName()})",
                subject,
                x.Subject,
                $"{subject}信访事项，诉求 {x.Claims} 项",
                x.Units is { Length: > 0 } units ? string.Join("、", units) : null,
                deadline is null ? null : $"{deadline.Label}至 {deadline.Due.ToString("yyyy-MM-dd", inv)}（{deadline.Article}）",
                W3c(x.ReceivedOn, TimeOnly.MinValue),
                new DateTimeOffset(DateTime.SpecifyKind(x.Updated, DateTimeKind.Utc)).ToOffset(China).ToString("yyyy-MM-dd'T'HH:mm:sszzz", inv),
                deadline is null ? null : W3c(deadline.Due, new TimeOnly(23, 59, 59)),
                Address: null,
                AddressId: null,
                Zipcode: null,
                Math.Round(x.Lat, CoordinateDecimals),
                Math.Round(x.Lon, CoordinateDecimals),
                MediaUrl: null);
        })];
    }

    /// <summary>A China-time W3C datetime: 2026-03-02T00:00:00+08:00.</summary>
    private static string W3c(DateOnly date, TimeOnly time) =>
        date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T" + time.ToString("HH:mm:ss", CultureInfo.InvariantCulture) + "+08:00";

    /// <summary>
    /// Parses a W3C datetime (a date, or a date and time with Z or an offset). A time without an offset is
    /// taken as China time (UTC+8), the zone the bureau's dates are kept in.
    /// </summary>
    public static bool TryParseW3c(string text, out DateTimeOffset value)
    {
        var inv = CultureInfo.InvariantCulture;
        var t = text.Trim();
        if (DateOnly.TryParseExact(t, "yyyy-MM-dd", inv, DateTimeStyles.None, out var d))
        {
            value = new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), China);
            return true;
        }

        if (!t.Contains('T', StringComparison.Ordinal) || !DateTime.TryParse(t, inv, DateTimeStyles.RoundtripKind, out var parsed))
        {
            value = default;
            return false;
        }

        value = parsed.Kind switch
        {
            DateTimeKind.Unspecified => new DateTimeOffset(parsed, China),
            _ => DateTimeOffset.Parse(t, inv, DateTimeStyles.AssumeUniversal),
        };
        return true;
    }

    /// <summary>The first China date whose midnight is at or after <paramref name="start"/>.</summary>
    public static DateOnly FirstDateFrom(DateTimeOffset start)
    {
        var local = start.ToOffset(China);
        var date = DateOnly.FromDateTime(local.DateTime);
        return local.TimeOfDay == TimeSpan.Zero ? date : date.AddDays(1);
    }

    /// <summary>The last China date whose midnight is at or before <paramref name="end"/>.</summary>
    public static DateOnly LastDateTo(DateTimeOffset end) => DateOnly.FromDateTime(end.ToOffset(China).DateTime);

    /// <summary>Today's midnight in China time.</summary>
    public static DateTimeOffset Midnight(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), China);
}
