using System.Text.Json;
using System.Text.Json.Serialization;
using GeoPetition.Core.Cases;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Cases;

/// <summary>A petition's case header: what the workflow needs of the petition, and its version counter.</summary>
public sealed record CaseHeader(long Id, string CaseNo, DateOnly ReceivedOn, string Status, int ClaimCount, int Version);

/// <summary>A recorded event with the petition it belongs to.</summary>
public sealed record StoredCaseEvent(long PetitionId, CaseEvent Event);

/// <summary>What happened to a requested transition.</summary>
public abstract record TransitionResult
{
    private TransitionResult()
    {
    }

    /// <summary>No such petition in the caller's scope.</summary>
    public sealed record NotFound : TransitionResult;

    /// <summary>If-Match names another version than the current one.</summary>
    public sealed record Stale(int Current) : TransitionResult;

    /// <summary>The Idempotency-Key was used for a different request on this case.</summary>
    public sealed record KeyReused(int Seq) : TransitionResult;

    /// <summary>Refused by the workflow.</summary>
    public sealed record Refused(TransitionRefusal Refusal, CaseHeader Header) : TransitionResult;

    /// <summary>
    /// Recorded now, or earlier with the same Idempotency-Key (<paramref name="Replayed"/>). At the first
    /// acceptance <paramref name="QueryCode"/> is the petitioner's new query code, shown this once.
    /// </summary>
    public sealed record Recorded(CaseHeader Header, CaseHistory History, CaseEvent Event, bool Replayed, string? QueryCode = null) : TransitionResult;
}

/// <summary>
/// Reads case histories and appends transitions. A transition is checked by
/// <see cref="CaseWorkflow.Check"/> and recorded with <c>petition.status</c> in one transaction,
/// under a row lock on the petition and an If-Match version check; nothing is updated in place.
/// </summary>
public sealed class CaseStore(NpgsqlDataSource dataSource, CaseRules rules, CaseOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public async Task<(CaseHeader Header, CaseHistory History)?> GetAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var header = await HeaderAsync(connection, null, id, scope, false, ct);
        return header is null ? null : (header, await HistoryAsync(connection, null, header, ct));
    }

    /// <summary>The version counter of a petition's case (0 before the first transition); null if not in scope.</summary>
    public async Task<int?> VersionAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(CaseSql.Version);
        command.Parameters.AddWithValue("id", id);
        scope.Bind(command.Parameters);
        return await command.ExecuteScalarAsync(ct) is int v ? v : null;
    }

    /// <summary>
    /// Checks and records <paramref name="t"/> if the case is still at <paramref name="expectedVersion"/>.
    /// <paramref name="alsoRecord"/> writes related rows (e.g. a look-back result) in the same transaction.
    /// </summary>
    public async Task<TransitionResult> AppendAsync(
        long id, JurisdictionScope scope, int expectedVersion, CaseTransition t, string? idempotencyKey, string requestSha256, DateOnly today, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, CaseEvent, Task>? alsoRecord = null)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        // The chain lock before the row lock: the order every writer of a case's chain takes them in.
        await Evidence.EvidenceStore.LockChainAsync(connection, tx, id, ct);
        var header = await HeaderAsync(connection, tx, id, scope, true, ct);
        if (header is null)
        {
            return new TransitionResult.NotFound();
        }

        if (idempotencyKey is not null)
        {
            await using var byKey = new NpgsqlCommand(CaseSql.EventByKey, connection, tx);
            byKey.Parameters.AddWithValue("id", id);
            byKey.Parameters.AddWithValue("key", idempotencyKey);
            await using var reader = await byKey.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                var previous = ReadEvent(reader).Event;
                var sameRequest = !reader.IsDBNull(13) && reader.GetString(13) == requestSha256;
                await reader.DisposeAsync();
                if (!sameRequest)
                {
                    return new TransitionResult.KeyReused(previous.Seq);
                }

                var current = await HistoryAsync(connection, tx, header, ct);
                return new TransitionResult.Recorded(header with { Version = current.Version }, current, previous, Replayed: true);
            }
        }

        // Read after the lock, in a new statement: under READ COMMITTED it sees every transition
        // committed before the lock was granted (the locking statement's own snapshot may not).
        var history = await HistoryAsync(connection, tx, header, ct);
        header = header with { Version = history.Version };
        if (header.Version != expectedVersion)
        {
            return new TransitionResult.Stale(header.Version);
        }

        var (e, refusal) = CaseWorkflow.Check(history, t, today, rules);
        if (e is null)
        {
            return new TransitionResult.Refused(refusal!, header);
        }

        await using (var insert = new NpgsqlCommand(CaseSql.Insert, connection, tx))
        {
            var tr = e.Transition;
            var ps = insert.Parameters;
            ps.AddWithValue("id", id);
            ps.AddWithValue("seq", e.Seq);
            ps.AddWithValue("action", tr.Action.ApiName());
            ps.AddWithValue("from", e.From.ApiName());
            ps.AddWithValue("to", e.To.ApiName());
            ps.AddWithValue("actor", tr.Actor.Trim());
            ps.AddWithValue("organ", NpgsqlDbType.Text, (object?)tr.Organ?.Trim() ?? DBNull.Value);
            ps.AddWithValue("doc", NpgsqlDbType.Text, (object?)tr.DocumentNo?.Trim() ?? DBNull.Value);
            ps.AddWithValue("date", tr.Date);
            ps.AddWithValue("served", NpgsqlDbType.Date, (object?)tr.ServedDate ?? DBNull.Value);
            ps.AddWithValue("basis", tr.LegalBasis!);
            ps.AddWithValue("payload", JsonSerializer.Serialize(Payload.Of(tr), Json));
            ps.AddWithValue("key", NpgsqlDbType.Text, (object?)idempotencyKey ?? DBNull.Value);
            ps.AddWithValue("sha", requestSha256);
            e = e with { RecordedAt = (DateTimeOffset)(DateTime)(await insert.ExecuteScalarAsync(ct))! };
        }

        await using (var status = new NpgsqlCommand(CaseSql.SetStatus, connection, tx))
        {
            status.Parameters.AddWithValue("id", id);
            status.Parameters.AddWithValue("status", e.To.ApiName());
            await status.ExecuteNonQueryAsync(ct);
        }

        if (e.To is CaseState.Closed or CaseState.Final)
        {
            // 回头看: scheduled by the closing itself, so no closed case is ever missed.
            await using var lookBack = new NpgsqlCommand(CaseSql.ScheduleLookBack, connection, tx);
            lookBack.Parameters.AddWithValue("id", id);
            lookBack.Parameters.AddWithValue("seq", e.Seq);
            lookBack.Parameters.AddWithValue("closed", e.Transition.Date);
            lookBack.Parameters.AddWithValue("due", e.Transition.Date.AddDays(options.LookBackDays));
            await lookBack.ExecuteNonQueryAsync(ct);
        }

        if (alsoRecord is not null)
        {
            await alsoRecord(connection, tx, e);
        }

        // 查询码 with the acceptance notice (规程: 可查询、可跟踪、可评价), once per petition.
        string? queryCode = null;
        if (e.Transition.Action == CaseAction.Accept && !await QueryCodes.ExistsAsync(connection, tx, id, ct))
        {
            queryCode = await QueryCodes.IssueAsync(connection, tx, id, e.Transition.Actor, ct);
        }

        // The transition's entry in the evidence chain commits with it.
        await Evidence.EvidenceStore.ChainPendingAsync(connection, tx, id, ct);
        await tx.CommitAsync(ct);
        var after = header with { Status = e.To.ApiName(), Version = e.Seq };
        return new TransitionResult.Recorded(after, history with { Events = [.. history.Events, e] }, e, Replayed: false, queryCode);
    }

    /// <summary>The histories of the given petitions that are in scope, by petition id.</summary>
    public async Task<Dictionary<long, List<CaseEvent>>> EventsAsync(IReadOnlyCollection<long> ids, JurisdictionScope scope, CancellationToken ct)
    {
        var result = new Dictionary<long, List<CaseEvent>>();
        if (ids.Count == 0)
        {
            return result;
        }

        await using var command = dataSource.CreateCommand(CaseSql.EventsInScope);
        command.Parameters.AddWithValue("ids", ids.ToArray());
        scope.Bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var stored = ReadEvent(reader);
            if (!result.TryGetValue(stored.PetitionId, out var list))
            {
                result[stored.PetitionId] = list = [];
            }

            list.Add(stored.Event);
        }

        return result;
    }

    internal static async Task<CaseHeader?> HeaderAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id, JurisdictionScope scope, bool forUpdate, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(CaseSql.Header(forUpdate), connection, tx);
        command.Parameters.AddWithValue("id", id);
        scope.Bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct)
            ? new CaseHeader(reader.GetInt64(0), reader.GetString(1), DateOnly.FromDateTime(reader.GetDateTime(2)), reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5))
            : null;
    }

    internal static async Task<CaseHistory> HistoryAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, CaseHeader header, CancellationToken ct)
    {
        var events = new List<CaseEvent>();
        await using var command = new NpgsqlCommand(CaseSql.Events, connection, tx);
        command.Parameters.AddWithValue("id", header.Id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            events.Add(ReadEvent(reader).Event);
        }

        return new CaseHistory(header.ReceivedOn, header.ClaimCount, events);
    }

    private static StoredCaseEvent ReadEvent(NpgsqlDataReader r)
    {
        var payload = JsonSerializer.Deserialize<Payload>(r.GetString(11), Json) ?? new Payload();
        CaseNames.TryParseAction(r.GetString(2), out var action);
        CaseNames.TryParseState(r.GetString(3), out var from);
        CaseNames.TryParseState(r.GetString(4), out var to);
        var transition = new CaseTransition(
            action, DateOnly.FromDateTime(r.GetDateTime(8)), r.GetString(5),
            r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetString(10),
            r.IsDBNull(9) ? null : DateOnly.FromDateTime(r.GetDateTime(9)),
            payload.Reason, payload.ExtensionDays, payload.ApprovedBy,
            payload.Outcomes?.Select(o => new ClaimOutcome(o.Claim, o.Outcome, o.Reason)).ToList(), payload.Waiver ?? false);
        return new StoredCaseEvent(r.GetInt64(0), new CaseEvent(r.GetInt32(1), from, to, transition, r.GetFieldValue<DateTimeOffset>(12)));
    }

    /// <summary>The transition fields kept in <c>case_event.payload</c>.</summary>
    private sealed record Payload(string? Reason = null, int? ExtensionDays = null, string? ApprovedBy = null, List<OutcomePayload>? Outcomes = null, bool? Waiver = null)
    {
        public static Payload Of(CaseTransition t) => new(
            string.IsNullOrWhiteSpace(t.Reason) ? null : t.Reason.Trim(),
            t.Action == CaseAction.Extend ? t.ExtensionDays : null,
            t.Action == CaseAction.Extend ? t.ApprovedBy?.Trim() : null,
            t.Outcomes?.Select(o => new OutcomePayload(o.Claim, o.Outcome, o.Reason)).ToList(), t.Waiver ? true : null);
    }

    private sealed record OutcomePayload(int Claim, Outcome Outcome, string? Reason);
}
