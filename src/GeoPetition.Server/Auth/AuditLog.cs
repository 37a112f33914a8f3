using GeoPetition.Server.Data;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Auth;

/// <summary>One entry of the audit trail.</summary>
public sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string? Role, string? Unit, string Action, string? Method, string? Path,
    int? Status, long? PetitionId, string? Detail, string? ClientAddress);

/// <summary>Filters of <c>GET /api/audit</c>.</summary>
public sealed record AuditQuery(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action, long? PetitionId, long? Before, int Limit);

/// <summary>
/// The append-only audit trail (table <c>audit_log</c>; a trigger refuses UPDATE, DELETE and
/// TRUNCATE). Every change (any POST/PUT/PATCH/DELETE, by <see cref="AuditMiddleware"/>), every
/// login and every read of petitioners' personal data in clear is written here. Bodies are never
/// written: no personal data and no password reaches the trail.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource)
{
    public const string ReadPersonalData = "read_personal_data";

    public async Task WriteAsync(HttpContext http, string action, long? petitionId = null, string? detail = null, int? status = null, string? actor = null)
    {
        var caller = RequestScope.Caller(http);
        await using var command = dataSource.CreateCommand("""
            INSERT INTO audit_log (actor, role, unit, action, method, path, status, petition_id, detail, client_address)
            VALUES (@actor, @role, @unit, @action, @method, @path, @status, @pid, @detail, @client)
            """);
        var ps = command.Parameters;
        ps.AddWithValue("actor", actor ?? caller.Actor);
        ps.AddWithValue("role", NpgsqlDbType.Text, caller == Caller.Anonymous ? DBNull.Value : caller.Role);
        ps.AddWithValue("unit", NpgsqlDbType.Text, caller.Unit is { Length: > 0 } u ? u : DBNull.Value);
        ps.AddWithValue("action", action);
        ps.AddWithValue("method", http.Request.Method);
        ps.AddWithValue("path", http.Request.Path.ToString());
        ps.AddWithValue("status", NpgsqlDbType.Integer, (object?)status ?? DBNull.Value);
        ps.AddWithValue("pid", NpgsqlDbType.Bigint, (object?)petitionId ?? DBNull.Value);
        ps.AddWithValue("detail", NpgsqlDbType.Text, (object?)detail ?? DBNull.Value);
        ps.AddWithValue("client", RequestScope.ClientAddress(http));
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    /// <summary>Entries of units in <paramref name="scope"/> (an entry without a unit, e.g. a failed login, only in an unrestricted scope), newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> ListAsync(AuditQuery q, JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, at, actor, role, unit, action, method, path, status, petition_id, detail, client_address FROM audit_log a
            WHERE {JurisdictionScope.Condition("a", "unit")}
              AND (@from::timestamptz IS NULL OR a.at >= @from) AND (@to::timestamptz IS NULL OR a.at < @to)
              AND (@actor::text IS NULL OR a.actor = @actor) AND (@action::text IS NULL OR a.action = @action)
              AND (@pid::bigint IS NULL OR a.petition_id = @pid) AND a.id < @before
            ORDER BY a.id DESC LIMIT @limit
            """);
        var ps = command.Parameters;
        scope.Bind(ps);
        ps.AddWithValue("from", NpgsqlDbType.TimestampTz, (object?)q.From ?? DBNull.Value);
        ps.AddWithValue("to", NpgsqlDbType.TimestampTz, (object?)q.To ?? DBNull.Value);
        ps.AddWithValue("actor", NpgsqlDbType.Text, (object?)q.Actor ?? DBNull.Value);
        ps.AddWithValue("action", NpgsqlDbType.Text, (object?)q.Action ?? DBNull.Value);
        ps.AddWithValue("pid", NpgsqlDbType.Bigint, (object?)q.PetitionId ?? DBNull.Value);
        ps.AddWithValue("before", q.Before ?? long.MaxValue);
        ps.AddWithValue("limit", q.Limit);
        var result = new List<AuditEntry>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            result.Add(new AuditEntry(r.GetInt64(0), r.GetFieldValue<DateTimeOffset>(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : r.GetInt32(8), r.IsDBNull(9) ? null : r.GetInt64(9), r.IsDBNull(10) ? null : r.GetString(10), r.IsDBNull(11) ? null : r.GetString(11)));
        }

        return result;
    }
}

/// <summary>Writes one audit entry for every request that may change something (any method but GET, HEAD, OPTIONS), after it ran, with its status.</summary>
public sealed class AuditMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext http, AuditLog audit)
    {
        await next(http);
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method)
            || http.Request.Path.StartsWithSegments("/api/auth/login", StringComparison.Ordinal))
        {
            return; // reads of personal data are audited where they happen; logins by the login endpoint
        }

        long? petition = http.Request.Path.StartsWithSegments("/api/petitions", StringComparison.Ordinal)
            && http.GetRouteValue("id") is string s && long.TryParse(s, out var id) ? id : null;
        await audit.WriteAsync(http, "change", petition, null, http.Response.StatusCode);
    }
}
