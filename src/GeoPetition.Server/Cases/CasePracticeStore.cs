using System.Text.Json;
using GeoPetition.Core.Cases;
using GeoPetition.Server.Data;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Cases;

/// <summary>
/// Bureau practice around a case: 包案 leads, 一案一策 plans, progress notes, 挂牌督办/销号, 回头看 and
/// satisfaction evaluations. Every write first loads the petition through <see cref="JurisdictionScope"/>
/// (404 outside it) and appends rows; nothing is updated or deleted.
/// </summary>
public sealed class CasePracticeStore(NpgsqlDataSource dataSource, CaseStore cases, CaseRules rules, CaseOptions options)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static PracticeError Missing(long id) => PracticeError.NotFound($"there is no petition {id} (or it is outside your jurisdiction)");

    /// <summary>Runs <paramref name="body"/> in a transaction with the petition locked; commits unless it returns an error.</summary>
    private async Task<(T? Value, PracticeError? Error)> WithCase<T>(
        long id, JurisdictionScope scope, CancellationToken ct,
        Func<NpgsqlConnection, NpgsqlTransaction, CaseHeader, Task<(T?, PracticeError?)>> body)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var header = await CaseStore.HeaderAsync(connection, tx, id, scope, forUpdate: true, ct);
        if (header is null)
        {
            return (default, Missing(id));
        }

        var (value, error) = await body(connection, tx, header);
        if (error is null)
        {
            await tx.CommitAsync(ct);
        }

        return (value, error);
    }

    private async Task<CaseStatus> StatusAsync(NpgsqlConnection connection, NpgsqlTransaction tx, CaseHeader header, DateOnly today, CancellationToken ct) =>
        CaseClock.Evaluate(await CaseStore.HistoryAsync(connection, tx, header, ct), today, rules);

    // ---- 包案 -------------------------------------------------------------------------------

    public Task<(LeadDto? Value, PracticeError? Error)> AddLeadAsync(long id, JurisdictionScope scope, LeadRequest r, CancellationToken ct) =>
        WithCase<LeadDto>(id, scope, ct, async (c, tx, _) =>
        {
            await using var command = new NpgsqlCommand(CasePracticeSql.InsertLead, c, tx);
            var ps = command.Parameters;
            ps.AddWithValue("id", id);
            ps.AddWithValue("lead", r.LeadOfficial!.Trim());
            ps.AddWithValue("title", NpgsqlDbType.Text, (object?)r.LeadTitle?.Trim() ?? DBNull.Value);
            var units = (r.Units ?? []).Select(u => u.Trim()).Where(u => u.Length > 0).ToArray();
            ps.AddWithValue("units", units);
            ps.AddWithValue("by", r.AssignedBy!.Trim());
            ps.AddWithValue("on", r.AssignedOn!.Value);
            ps.AddWithValue("note", NpgsqlDbType.Text, (object?)r.Note ?? DBNull.Value);
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (new LeadDto(reader.GetInt64(0), r.LeadOfficial.Trim(), r.LeadTitle?.Trim(), units, r.AssignedBy.Trim(), r.AssignedOn.Value, r.Note, reader.GetFieldValue<DateTimeOffset>(1)), null);
        });

    public async Task<IReadOnlyList<LeadDto>?> LeadsAsync(long id, JurisdictionScope scope, CancellationToken ct) =>
        await ReadAsync(id, scope, CasePracticeSql.Leads, r => new LeadDto(
            r.GetInt64(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetFieldValue<string[]>(3), r.GetString(4),
            DateOnly.FromDateTime(r.GetDateTime(5)), r.IsDBNull(6) ? null : r.GetString(6), r.GetFieldValue<DateTimeOffset>(7)), ct);

    // ---- 一案一策 and notes ------------------------------------------------------------------

    public Task<(PlanDto? Value, PracticeError? Error)> AddPlanAsync(long id, JurisdictionScope scope, PlanRequest r, CancellationToken ct) =>
        WithCase<PlanDto>(id, scope, ct, async (c, tx, _) =>
        {
            var measures = r.Measures!.Select(m => new MeasureDto(m.Measure!.Trim(), m.ResponsiblePerson!.Trim(), m.Deadline)).ToList();
            await using var command = new NpgsqlCommand(CasePracticeSql.InsertPlan, c, tx);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("measures", JsonSerializer.Serialize(measures, Json));
            command.Parameters.AddWithValue("person", r.ResponsiblePerson!.Trim());
            command.Parameters.AddWithValue("deadline", NpgsqlDbType.Date, (object?)r.Deadline ?? DBNull.Value);
            command.Parameters.AddWithValue("by", r.CreatedBy!.Trim());
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (new PlanDto(reader.GetInt32(0), measures, r.ResponsiblePerson.Trim(), r.Deadline, r.CreatedBy.Trim(), reader.GetFieldValue<DateTimeOffset>(1)), null);
        });

    public async Task<IReadOnlyList<PlanDto>?> PlansAsync(long id, JurisdictionScope scope, CancellationToken ct) =>
        await ReadAsync(id, scope, CasePracticeSql.Plans, r => new PlanDto(
            r.GetInt32(0), JsonSerializer.Deserialize<List<MeasureDto>>(r.GetString(1), Json)!, r.GetString(2),
            r.IsDBNull(3) ? null : DateOnly.FromDateTime(r.GetDateTime(3)), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)), ct);

    public Task<(NoteDto? Value, PracticeError? Error)> AddNoteAsync(long id, JurisdictionScope scope, NoteRequest r, CancellationToken ct) =>
        WithCase<NoteDto>(id, scope, ct, async (c, tx, header) =>
        {
            if (r.Date < header.ReceivedOn)
            {
                return (null, new PracticeError(StatusCodes.Status422UnprocessableEntity, "Note before the petition", $"the note's date {r.Date:yyyy-MM-dd} is before the petition was received ({header.ReceivedOn:yyyy-MM-dd})"));
            }

            await using var command = new NpgsqlCommand(CasePracticeSql.InsertNote, c, tx);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("date", r.Date!.Value);
            command.Parameters.AddWithValue("author", r.Author!.Trim());
            command.Parameters.AddWithValue("body", r.Text!.Trim());
            await using var reader = await command.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (new NoteDto(reader.GetInt64(0), r.Date.Value, r.Author.Trim(), r.Text.Trim(), reader.GetFieldValue<DateTimeOffset>(1)), null);
        });

    public async Task<IReadOnlyList<NoteDto>?> NotesAsync(long id, JurisdictionScope scope, CancellationToken ct) =>
        await ReadAsync(id, scope, CasePracticeSql.Notes, r => new NoteDto(
            r.GetInt64(0), DateOnly.FromDateTime(r.GetDateTime(1)), r.GetString(2), r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)), ct);

    // ---- 挂牌督办 / 销号 -------------------------------------------------------------------------

    public Task<(ListingDto? Value, PracticeError? Error)> AddListingAsync(long id, JurisdictionScope scope, ListingRequest r, DateOnly today, CancellationToken ct) =>
        WithCase<ListingDto>(id, scope, ct, async (c, tx, header) =>
        {
            var existing = await ListingsAsync(c, tx, header, today, ct);
            if (existing.FirstOrDefault(l => l.Active) is { } active)
            {
                return (null, new PracticeError(StatusCodes.Status409Conflict, "Already listed for supervision",
                    $"the case is listed for supervision since {active.ListedOn:yyyy-MM-dd} by {active.Organ} (listing {active.Id}); strike it off before listing it again",
                    new Dictionary<string, object?> { ["listingId"] = active.Id }));
            }

            await using (var command = new NpgsqlCommand(CasePracticeSql.InsertListing, c, tx))
            {
                var ps = command.Parameters;
                ps.AddWithValue("id", id);
                ps.AddWithValue("on", r.ListedOn!.Value);
                ps.AddWithValue("by", r.ListedBy!.Trim());
                ps.AddWithValue("organ", r.Organ!.Trim());
                ps.AddWithValue("deadline", NpgsqlDbType.Date, (object?)r.Deadline ?? DBNull.Value);
                ps.AddWithValue("reason", NpgsqlDbType.Text, (object?)r.Reason ?? DBNull.Value);
                ps.AddWithValue("criteria", JsonSerializer.Serialize(r.Criteria!.Select(x => x.Trim()), Json));
                ps.AddWithValue("require", r.RequireConclusion ?? true);
                await command.ExecuteScalarAsync(ct);
            }

            return ((await ListingsAsync(c, tx, header, today, ct))[^1], null);
        });

    /// <summary>A listing of the case that is still active, or why it cannot be acted on (unknown, or already struck off).</summary>
    private async Task<(ListingDto? Listing, PracticeError? Error)> ActiveListingAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, CaseHeader header, long listingId, DateOnly today, CancellationToken ct)
    {
        var listing = (await ListingsAsync(c, tx, header, today, ct)).FirstOrDefault(l => l.Id == listingId);
        return listing is null ? (null, PracticeError.NotFound($"petition {header.Id} has no supervision listing {listingId}"))
            : !listing.Active ? (null, StruckOff(listing))
            : (listing, null);
    }

    public Task<(ListingDto? Value, PracticeError? Error)> AddCheckAsync(long id, long listingId, JurisdictionScope scope, CheckRequest r, DateOnly today, CancellationToken ct) =>
        WithCase<ListingDto>(id, scope, ct, async (c, tx, header) =>
        {
            var (listing, refused) = await ActiveListingAsync(c, tx, header, listingId, today, ct);
            if (listing is null)
            {
                return (null, refused);
            }

            if (r.Criterion!.Value >= listing.Criteria.Count)
            {
                return (null, new PracticeError(StatusCodes.Status400BadRequest, "Unknown criterion",
                    $"listing {listingId} has criteria 0–{listing.Criteria.Count - 1}: {string.Join("; ", listing.Criteria.Select(k => $"{k.Index} {k.Text}"))}"));
            }

            await using (var command = new NpgsqlCommand(CasePracticeSql.InsertCheck, c, tx))
            {
                var ps = command.Parameters;
                ps.AddWithValue("listing", listingId);
                ps.AddWithValue("criterion", r.Criterion.Value);
                ps.AddWithValue("met", r.Met!.Value);
                ps.AddWithValue("evidence", NpgsqlDbType.Text, (object?)r.Evidence ?? DBNull.Value);
                ps.AddWithValue("by", r.CheckedBy!.Trim());
                ps.AddWithValue("on", r.CheckedOn!.Value);
                await command.ExecuteNonQueryAsync(ct);
            }

            return ((await ListingsAsync(c, tx, header, today, ct)).First(l => l.Id == listingId), null);
        });

    /// <summary>销号: only when every criterion is met (and the conclusion exists if required); records who and why.</summary>
    public Task<(ListingDto? Value, PracticeError? Error)> StrikeOffAsync(long id, long listingId, JurisdictionScope scope, StrikeOffRequest r, DateOnly today, CancellationToken ct) =>
        WithCase<ListingDto>(id, scope, ct, async (c, tx, header) =>
        {
            var (listing, refused) = await ActiveListingAsync(c, tx, header, listingId, today, ct);
            if (listing is null)
            {
                return (null, refused);
            }

            if (listing.Unmet.Count > 0)
            {
                return (null, new PracticeError(StatusCodes.Status422UnprocessableEntity, "Closing criteria not met",
                    $"the case cannot be struck off (销号) until its closing criteria are met: {string.Join("; ", listing.Unmet)}",
                    new Dictionary<string, object?> { ["unmet"] = listing.Unmet, ["rule"] = "挂牌督办销号: every closing criterion met" }));
            }

            if (r.Date < listing.ListedOn)
            {
                return (null, new PracticeError(StatusCodes.Status422UnprocessableEntity, "Strike-off before listing", $"{r.Date:yyyy-MM-dd} is before the listing ({listing.ListedOn:yyyy-MM-dd})"));
            }

            await using (var command = new NpgsqlCommand(CasePracticeSql.InsertStrikeOff, c, tx))
            {
                command.Parameters.AddWithValue("listing", listingId);
                command.Parameters.AddWithValue("on", r.Date!.Value);
                command.Parameters.AddWithValue("by", r.StruckBy!.Trim());
                command.Parameters.AddWithValue("reason", r.Reason!.Trim());
                await command.ExecuteNonQueryAsync(ct);
            }

            return ((await ListingsAsync(c, tx, header, today, ct)).First(l => l.Id == listingId), null);
        });

    public async Task<IReadOnlyList<ListingDto>?> SupervisionAsync(long id, JurisdictionScope scope, DateOnly today, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var header = await CaseStore.HeaderAsync(connection, tx, id, scope, false, ct);
        return header is null ? null : await ListingsAsync(connection, tx, header, today, ct);
    }

    /// <summary>Listed cases in scope (督办台账); <paramref name="active"/> filters on not struck off (true) or struck off (false).</summary>
    public async Task<IReadOnlyList<object>> SupervisedAsync(JurisdictionScope scope, bool? active, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(CasePracticeSql.SupervisedInScope);
        scope.Bind(command.Parameters);
        command.Parameters.AddWithValue("active", NpgsqlDbType.Boolean, (object?)active ?? DBNull.Value);
        var items = new List<object>();
        await using var r = await command.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            items.Add(new
            {
                petitionId = r.GetInt64(0),
                caseNo = r.GetString(1),
                xzqdm = r.IsDBNull(2) ? null : r.GetString(2),
                subject = r.GetString(3),
                listingId = r.GetInt64(4),
                listedOn = DateOnly.FromDateTime(r.GetDateTime(5)),
                organ = r.GetString(6),
                deadline = r.IsDBNull(7) ? (DateOnly?)null : DateOnly.FromDateTime(r.GetDateTime(7)),
                criteria = JsonSerializer.Deserialize<string[]>(r.GetString(8)),
                active = r.IsDBNull(9),
                struckOn = r.IsDBNull(9) ? (DateOnly?)null : DateOnly.FromDateTime(r.GetDateTime(9)),
                struckBy = r.IsDBNull(10) ? null : r.GetString(10),
                strikeOffReason = r.IsDBNull(11) ? null : r.GetString(11),
            });
        }

        return items;
    }

    private static PracticeError StruckOff(ListingDto l) => new(StatusCodes.Status409Conflict, "Already struck off",
        $"listing {l.Id} was struck off (销号) on {l.StrikeOff!.Date:yyyy-MM-dd} by {l.StrikeOff.StruckBy}: {l.StrikeOff.Reason}");

    private async Task<List<ListingDto>> ListingsAsync(NpgsqlConnection c, NpgsqlTransaction tx, CaseHeader header, DateOnly today, CancellationToken ct)
    {
        var checks = new List<(long Listing, CriterionCheck Check)>();
        await using (var command = new NpgsqlCommand(CasePracticeSql.Checks, c, tx))
        {
            command.Parameters.AddWithValue("id", header.Id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                checks.Add((reader.GetInt64(0), new CriterionCheck(reader.GetInt32(1), reader.GetBoolean(2), reader.GetString(4),
                    DateOnly.FromDateTime(reader.GetDateTime(5)), reader.IsDBNull(3) ? null : reader.GetString(3))));
            }
        }

        var state = (await StatusAsync(c, tx, header, today, ct)).State;
        var listings = new List<ListingDto>();
        await using (var command = new NpgsqlCommand(CasePracticeSql.Listings, c, tx))
        {
            command.Parameters.AddWithValue("id", header.Id);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var listingId = reader.GetInt64(0);
                var criteria = JsonSerializer.Deserialize<List<string>>(reader.GetString(6))!;
                var own = checks.Where(x => x.Listing == listingId).Select(x => x.Check).ToList();
                var latest = own.GroupBy(k => k.Criterion).ToDictionary(g => g.Key, g => g.Last());
                var requireConclusion = reader.GetBoolean(7);
                var struck = reader.IsDBNull(8) ? null : new StrikeOffDto(DateOnly.FromDateTime(reader.GetDateTime(8)), reader.GetString(9), reader.GetString(10));
                listings.Add(new ListingDto(
                    listingId, DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetString(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : DateOnly.FromDateTime(reader.GetDateTime(4)), reader.IsDBNull(5) ? null : reader.GetString(5), requireConclusion,
                    [.. criteria.Select((text, i) => latest.TryGetValue(i, out var k)
                        ? new CriterionDto(i, text, k.Met, k.CheckedBy, k.CheckedOn, k.Evidence)
                        : new CriterionDto(i, text, false, null, null, null))],
                    struck is null,
                    struck is null ? SupervisionRules.Unmet(criteria, own, requireConclusion, state) : [],
                    struck));
            }
        }

        return listings;
    }

    // ---- 回头看 ---------------------------------------------------------------------------------

    public async Task<IReadOnlyList<LookBackDto>?> LookBacksAsync(long id, JurisdictionScope scope, DateOnly today, CancellationToken ct) =>
        await ReadAsync(id, scope, CasePracticeSql.LookBacks, r =>
        {
            var due = DateOnly.FromDateTime(r.GetDateTime(3));
            var result = r.IsDBNull(4) ? null : r.GetString(4);
            return new LookBackDto(r.GetInt64(0), r.GetInt32(1), DateOnly.FromDateTime(r.GetDateTime(2)), due, result is null && due <= today, result,
                r.IsDBNull(5) ? null : DateOnly.FromDateTime(r.GetDateTime(5)), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                r.IsDBNull(8) ? null : r.GetInt32(8));
        }, ct);

    /// <summary>Look-backs due by <paramref name="today"/> and not yet done, in scope.</summary>
    public async Task<IReadOnlyList<object>> DueLookBacksAsync(JurisdictionScope scope, DateOnly today, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(CasePracticeSql.DueLookBacks);
        scope.Bind(command.Parameters);
        command.Parameters.AddWithValue("on", today);
        var list = new List<object>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var due = DateOnly.FromDateTime(reader.GetDateTime(6));
            list.Add(new
            {
                lookBackId = reader.GetInt64(0),
                petitionId = reader.GetInt64(1),
                caseNo = reader.GetString(2),
                xzqdm = reader.IsDBNull(3) ? null : reader.GetString(3),
                subject = reader.GetString(4),
                closedOn = DateOnly.FromDateTime(reader.GetDateTime(5)),
                dueOn = due,
                daysLate = today.DayNumber - due.DayNumber,
            });
        }

        return list;
    }

    /// <summary>
    /// Records a look-back: <c>confirm</c> keeps the case closed; <c>reopen</c> records the reopen
    /// transition (If-Match checked like any transition) and the result in one transaction.
    /// </summary>
    public async Task<(LookBackDto? Value, PracticeError? Error)> CompleteLookBackAsync(
        long id, long lookBackId, JurisdictionScope scope, LookBackRequest r, bool reopen, int? expectedVersion, DateOnly today, CancellationToken ct)
    {
        await using (var connection = await dataSource.OpenConnectionAsync(ct))
        {
            var header = await CaseStore.HeaderAsync(connection, null, id, scope, false, ct);
            if (header is null)
            {
                return (null, Missing(id));
            }

            await using var command = new NpgsqlCommand(CasePracticeSql.LookBackById, connection);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("lb", lookBackId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (!await reader.ReadAsync(ct))
            {
                return (null, PracticeError.NotFound($"petition {id} has no look-back {lookBackId}"));
            }

            if (!reader.IsDBNull(4))
            {
                return (null, new PracticeError(StatusCodes.Status409Conflict, "Look-back already done", $"look-back {lookBackId} was already recorded as {reader.GetString(4)}"));
            }

            var closedOn = DateOnly.FromDateTime(reader.GetDateTime(2));
            if (r.Date < closedOn)
            {
                return (null, new PracticeError(StatusCodes.Status422UnprocessableEntity, "Look-back before closing", $"{r.Date:yyyy-MM-dd} is before the case was closed ({closedOn:yyyy-MM-dd})"));
            }
        }

        if (!reopen)
        {
            var (_, error) = await WithCase<object>(id, scope, ct, async (c, tx, _) =>
            {
                await InsertResultAsync(c, tx, lookBackId, r, "confirmed", null, ct);
                return (new object(), null);
            });
            return error is not null ? (null, error) : ((await LookBacksAsync(id, scope, today, ct))!.First(b => b.Id == lookBackId), null);
        }

        var transition = new CaseTransition(CaseAction.Reopen, r.Date!.Value, r.DoneBy!.Trim(), Reason: r.Note?.Trim() is { Length: > 0 } note ? note : "回头看发现问题反弹，重新办理");
        var result = await cases.AppendAsync(id, scope, expectedVersion ?? -1, transition, null, "", today, ct,
            (c, tx, e) => InsertResultAsync(c, tx, lookBackId, r, "reopened", e.Seq, ct));
        return result switch
        {
            TransitionResult.Recorded => ((await LookBacksAsync(id, scope, today, ct))!.First(b => b.Id == lookBackId), null),
            TransitionResult.NotFound => (null, Missing(id)),
            TransitionResult.Stale s => (null, new PracticeError(StatusCodes.Status412PreconditionFailed, "Case changed since you read it",
                $"If-Match does not match the current version {CaseViews.ETag(s.Current)}; reload the case and decide again",
                new Dictionary<string, object?> { ["currentETag"] = CaseViews.ETag(s.Current) })),
            TransitionResult.Refused f => (null, new PracticeError(f.Refusal.Kind == RefusalKind.NotAllowed ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity,
                "Cannot reopen", f.Refusal.Detail, new Dictionary<string, object?> { ["rule"] = f.Refusal.Rule, ["allowedActions"] = f.Refusal.Allowed.Select(a => a.ApiName()).ToArray() })),
            _ => throw new InvalidOperationException($"unexpected result {result}"),
        };
    }

    private static async Task InsertResultAsync(NpgsqlConnection c, NpgsqlTransaction tx, long lookBackId, LookBackRequest r, string result, int? seq, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(CasePracticeSql.InsertLookBackResult, c, tx);
        command.Parameters.AddWithValue("lb", lookBackId);
        command.Parameters.AddWithValue("on", r.Date!.Value);
        command.Parameters.AddWithValue("by", r.DoneBy!.Trim());
        command.Parameters.AddWithValue("result", result);
        command.Parameters.AddWithValue("note", NpgsqlDbType.Text, (object?)r.Note ?? DBNull.Value);
        command.Parameters.AddWithValue("seq", NpgsqlDbType.Integer, (object?)seq ?? DBNull.Value);
        if (await command.ExecuteNonQueryAsync(ct) != 1)
        {
            throw new InvalidOperationException($"look-back {lookBackId} was recorded concurrently");
        }
    }

    // ---- 满意度评价 ------------------------------------------------------------------------------

    public Task<(EvaluationDto? Value, PracticeError? Error)> AddEvaluationAsync(long id, JurisdictionScope scope, EvaluationRequest r, DateOnly today, CancellationToken ct) =>
        WithCase<EvaluationDto>(id, scope, ct, async (c, tx, header) =>
        {
            var stage = r.Stage ?? "handling";
            var status = await StatusAsync(c, tx, header, today, ct);
            if (stage == "handling" && !SupervisionRules.HasConclusion(status.State))
            {
                return (null, new PracticeError(StatusCodes.Status409Conflict, "Nothing to evaluate yet",
                    $"the handling can be evaluated once the written reply (处理意见书) is issued; the case is {status.State.ApiName()} ({status.State.Zh()})"));
            }

            if (stage == "acceptance" && status.AcceptedOn is null)
            {
                return (null, new PracticeError(StatusCodes.Status409Conflict, "Nothing to evaluate yet",
                    $"the acceptance can be evaluated once the case is accepted; the case is {status.State.ApiName()} ({status.State.Zh()})"));
            }

            var date = r.Date ?? today;
            await using var command = new NpgsqlCommand(CasePracticeSql.InsertEvaluation, c, tx);
            var ps = command.Parameters;
            ps.AddWithValue("id", id);
            ps.AddWithValue("stage", stage);
            ps.AddWithValue("choice", r.Choice!);
            ps.AddWithValue("on", date);
            ps.AddWithValue("channel", r.Channel ?? "officer");
            ps.AddWithValue("comment", NpgsqlDbType.Text, (object?)r.Comment ?? DBNull.Value);
            ps.AddWithValue("by", NpgsqlDbType.Text, (object?)r.RecordedBy ?? DBNull.Value);
            var newId = (long)(await command.ExecuteScalarAsync(ct))!;
            return (new EvaluationDto(newId, stage, r.Choice!, date, r.Channel ?? "officer", r.Comment, r.RecordedBy), null);
        });

    public async Task<IReadOnlyList<EvaluationDto>?> EvaluationsAsync(long id, JurisdictionScope scope, CancellationToken ct) =>
        await ReadAsync(id, scope, CasePracticeSql.Evaluations, r => new EvaluationDto(
            r.GetInt64(0), r.GetString(1), r.GetString(2), DateOnly.FromDateTime(r.GetDateTime(3)), r.GetString(4),
            r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6)), ct);

    public IReadOnlyList<string> Choices => options.Choices;

    /// <summary>Rows of a per-petition query after the scope check; null when the petition is not in scope.</summary>
    private async Task<IReadOnlyList<T>?> ReadAsync<T>(long id, JurisdictionScope scope, string sql, Func<NpgsqlDataReader, T> read, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (await CaseStore.HeaderAsync(connection, null, id, scope, false, ct) is null)
        {
            return null;
        }

        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        var list = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(read(reader));
        }

        return list;
    }
}
