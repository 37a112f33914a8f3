using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Cases;
using GeoPetition.Server.Data;
using GeoPetition.Server.Petitions;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Cases;

/// <summary>
/// Repeat detection and 类案 groups. Petitioners are matched by HMAC-SHA256 of their ID number under
/// the key <c>GeoPetition:Security:RepeatKey</c>: the index holds only the keyed hash, never the
/// number, and without the key the hashes cannot be recomputed from a list of ID numbers. Without a
/// configured key, petitioner matching is off and only place, subject and references are compared.
/// </summary>
public sealed class CaseLinkStore(NpgsqlDataSource dataSource, CaseOptions options, IConfiguration configuration, Auth.PersonalDataProtector personalData)
{
    /// <summary>How many unkeyed petitions one check keys in passing (older petitions filed before the key existed).</summary>
    private const int BackfillBatch = 2000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private byte[]? Key => configuration["GeoPetition:Security:RepeatKey"] is { Length: > 0 } k ? Encoding.UTF8.GetBytes(k) : null;

    /// <summary>The keyed hash of an ID number (trimmed, upper-case X), or null without a key or a number.</summary>
    public static string? KeyedHash(byte[]? key, string? idNumber)
    {
        var normalized = idNumber?.Trim().ToUpperInvariant();
        return key is null || string.IsNullOrEmpty(normalized) ? null : Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(normalized)));
    }

    /// <summary>
    /// Checks a petition against the others in scope, records new automatic links (an officer's link or
    /// unlink for a pair is never overridden), and returns the links in force with the repeat count.
    /// </summary>
    public async Task<RepeatReport?> CheckAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var header = await CaseStore.HeaderAsync(connection, tx, id, scope, forUpdate: true, ct);
        if (header is null)
        {
            return null;
        }

        var key = Key;
        if (key is not null)
        {
            await KeyPetitionersAsync(connection, tx, key, personalData, ct);
        }

        var me = (header.ReceivedOn, header.Id);
        var before = await LinksAsync(connection, tx, id, scope, ct);
        var existing = before.Select(l => l.RelatedId).ToHashSet();
        var created = 0;
        var candidates = new List<(long Id, DateOnly Received, string Status, LinkReason Reasons)>();
        await using (var command = new NpgsqlCommand(CasePracticeSql.RepeatCandidates, connection, tx))
        {
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("radius", options.RepeatRadiusM);
            scope.Bind(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var reasons = (reader.GetBoolean(3) ? LinkReason.SamePetitioner : 0) | (reader.GetBoolean(4) ? LinkReason.Nearby : 0)
                    | (reader.GetBoolean(5) ? LinkReason.SameSubject : 0) | (reader.GetBoolean(6) ? LinkReason.SameReference : 0);
                candidates.Add((reader.GetInt64(0), DateOnly.FromDateTime(reader.GetDateTime(1)), reader.GetString(2), reasons));
            }
        }

        var duplicateRecorded = before.Any(l => l.Direction == "earlier" && l.Kind == "duplicate_of");
        foreach (var c in candidates.Where(c => !existing.Contains(c.Id)))
        {
            var otherIsEarlier = (c.Received, c.Id).CompareTo(me) < 0;
            var (later, earlier) = otherIsEarlier ? (id, c.Id) : (c.Id, id);
            var earlierStatus = otherIsEarlier ? c.Status : header.Status;
            var open = !CaseNames.TryParseState(earlierStatus, out var s) || RepeatRules.IsOpen(s);
            var kind = RepeatRules.Classify(c.Reasons, open);
            if (kind is null)
            {
                continue;
            }

            // One duplicate_of per petition: the earliest open match (candidates come oldest first); later matches are related.
            if (kind == LinkKind.DuplicateOf && otherIsEarlier)
            {
                kind = duplicateRecorded ? LinkKind.Related : kind;
                duplicateRecorded = true;
            }
            await using var insert = new NpgsqlCommand(CasePracticeSql.InsertLink, connection, tx);
            insert.Parameters.AddWithValue("from", later);
            insert.Parameters.AddWithValue("to", earlier);
            insert.Parameters.AddWithValue("kind", kind.Value.ApiName());
            insert.Parameters.AddWithValue("reasons", RepeatRules.Names(c.Reasons).ToArray());
            insert.Parameters.AddWithValue("source", "auto");
            insert.Parameters.AddWithValue("by", NpgsqlDbType.Text, DBNull.Value);
            await insert.ExecuteNonQueryAsync(ct);
            created++;
        }

        var links = await LinksAsync(connection, tx, id, scope, ct);
        await tx.CommitAsync(ct);
        return new RepeatReport(id, RepeatCount(links), key is not null, created, links);
    }

    /// <summary>Earlier petitions this one repeats: links in force to earlier ones by the same petitioner, or marked duplicate.</summary>
    public static int RepeatCount(IEnumerable<LinkDto> links) =>
        links.Count(l => l.Direction == "earlier" && l.Kind != "unlinked" && (l.Kind == "duplicate_of" || l.Reasons.Contains("same_petitioner")));

    /// <summary>An officer's link or unlink; the related petition must be in scope too.</summary>
    public async Task<(IReadOnlyList<LinkDto>? Links, PracticeError? Error)> LinkAsync(long id, JurisdictionScope scope, long relatedId, string kind, string createdBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var header = await CaseStore.HeaderAsync(connection, tx, id, scope, forUpdate: true, ct);
        var other = await CaseStore.HeaderAsync(connection, tx, relatedId, scope, forUpdate: false, ct);
        if (header is null || other is null)
        {
            return (null, PracticeError.NotFound($"there is no petition {(header is null ? id : relatedId)} (or it is outside your jurisdiction)"));
        }

        var otherIsEarlier = (other.ReceivedOn, other.Id).CompareTo((header.ReceivedOn, header.Id)) < 0;
        if (kind == "duplicate_of" && !otherIsEarlier)
        {
            return (null, new PracticeError(StatusCodes.Status422UnprocessableEntity, "Duplicate of a later petition",
                $"a petition can only duplicate an earlier one; {other.CaseNo} was received {other.ReceivedOn:yyyy-MM-dd}, after {header.CaseNo} ({header.ReceivedOn:yyyy-MM-dd}); link it the other way round"));
        }

        await using (var insert = new NpgsqlCommand(CasePracticeSql.InsertLink, connection, tx))
        {
            insert.Parameters.AddWithValue("from", otherIsEarlier ? id : relatedId);
            insert.Parameters.AddWithValue("to", otherIsEarlier ? relatedId : id);
            insert.Parameters.AddWithValue("kind", kind);
            insert.Parameters.AddWithValue("reasons", Array.Empty<string>());
            insert.Parameters.AddWithValue("source", "officer");
            insert.Parameters.AddWithValue("by", createdBy);
            await insert.ExecuteNonQueryAsync(ct);
        }

        var links = await LinksAsync(connection, tx, id, scope, ct);
        await tx.CommitAsync(ct);
        return (links, null);
    }

    public async Task<IReadOnlyList<LinkDto>?> LinksAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        return await CaseStore.HeaderAsync(connection, null, id, scope, false, ct) is null ? null : await LinksAsync(connection, null, id, scope, ct);
    }

    private static async Task<List<LinkDto>> LinksAsync(NpgsqlConnection connection, NpgsqlTransaction? tx, long id, JurisdictionScope scope, CancellationToken ct)
    {
        var links = new List<LinkDto>();
        await using var command = new NpgsqlCommand(CasePracticeSql.Links, connection, tx);
        command.Parameters.AddWithValue("id", id);
        scope.Bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var from = reader.GetInt64(0);
            var to = reader.GetInt64(1);
            links.Add(new LinkDto(
                id, from == id ? to : from, reader.GetString(7), from == id ? "earlier" : "later", reader.GetString(2),
                reader.GetFieldValue<string[]>(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6)));
        }

        return links;
    }

    /// <summary>Keys the petitioners of every petition not yet keyed (a system task: it reads no more than it writes back as hashes).</summary>
    private static async Task KeyPetitionersAsync(NpgsqlConnection connection, NpgsqlTransaction tx, byte[] key, Auth.PersonalDataProtector personalData, CancellationToken ct)
    {
        var pending = new List<(long Id, IReadOnlyList<PetitionerDto> People)>();
        await using (var command = new NpgsqlCommand(CasePracticeSql.Unkeyed, connection, tx))
        {
            JurisdictionScope.All.Bind(command.Parameters);
            command.Parameters.AddWithValue("limit", BackfillBatch);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pending.Add((reader.GetInt64(0), personalData.Unprotect(reader.GetFieldValue<byte[]>(1), reader.GetString(2))));
            }
        }

        foreach (var (petitionId, petitioners) in pending)
        {
            var rows = petitioners.Count == 0 ? [null] : petitioners.Select(p => KeyedHash(key, p.IdNumber)).ToList();
            for (var ord = 0; ord < rows.Count; ord++)
            {
                await using var insert = new NpgsqlCommand(CasePracticeSql.InsertKey, connection, tx);
                insert.Parameters.AddWithValue("id", petitionId);
                insert.Parameters.AddWithValue("ord", ord);
                insert.Parameters.AddWithValue("hash", NpgsqlDbType.Text, (object?)rows[ord] ?? DBNull.Value);
                await insert.ExecuteNonQueryAsync(ct);
            }
        }
    }

    // ---- 类案 --------------------------------------------------------------------------------------

    public async Task<(GroupDto? Group, PracticeError? Error)> CreateGroupAsync(GroupRequest r, JurisdictionScope scope, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        var missing = new List<long>();
        foreach (var pid in r.PetitionIds!.Distinct())
        {
            if (await CaseStore.HeaderAsync(connection, tx, pid, scope, false, ct) is null)
            {
                missing.Add(pid);
            }
        }

        if (missing.Count > 0)
        {
            return (null, new PracticeError(StatusCodes.Status404NotFound, "Unknown petitions", $"no petitions {string.Join(", ", missing)} (or they are outside your jurisdiction)"));
        }

        long groupId;
        await using (var create = new NpgsqlCommand(CasePracticeSql.CreateGroup, connection, tx))
        {
            create.Parameters.AddWithValue("name", r.Name!.Trim());
            create.Parameters.AddWithValue("kind", r.CauseKind!);
            create.Parameters.AddWithValue("ref", NpgsqlDbType.Text, (object?)r.CauseRef?.Trim() ?? DBNull.Value);
            create.Parameters.AddWithValue("by", r.CreatedBy!.Trim());
            groupId = (long)(await create.ExecuteScalarAsync(ct))!;
        }

        foreach (var pid in r.PetitionIds!.Distinct())
        {
            await using var add = new NpgsqlCommand(CasePracticeSql.AddMember, connection, tx);
            add.Parameters.AddWithValue("group", groupId);
            add.Parameters.AddWithValue("id", pid);
            add.Parameters.AddWithValue("by", r.CreatedBy.Trim());
            await add.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return ((await GroupsAsync(scope, groupId, ct)).Single(), null);
    }

    public async Task<IReadOnlyList<GroupDto>> GroupsAsync(JurisdictionScope scope, long? groupId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(CasePracticeSql.Groups);
        scope.Bind(command.Parameters);
        command.Parameters.AddWithValue("group", NpgsqlDbType.Bigint, (object?)groupId ?? DBNull.Value);
        var list = new List<GroupDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new GroupDto(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5), reader.GetFieldValue<long[]>(6), reader.GetFieldValue<string[]>(7)));
        }

        return list;
    }

    /// <summary>Suggested 类案 groups among open cases in scope: the same approval batch, the same supply (project), or a spatial cluster of one subject.</summary>
    public async Task<IReadOnlyList<GroupSuggestion>> SuggestGroupsAsync(JurisdictionScope scope, CancellationToken ct)
    {
        var cases = new List<(long Id, string CaseNo, string Subject, double Lon, double Lat, string[] Batches, string[] Supplies)>();
        await using (var command = dataSource.CreateCommand(CasePracticeSql.OpenCases))
        {
            scope.Bind(command.Parameters);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                cases.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetDouble(3), reader.GetDouble(4),
                    reader.IsDBNull(5) ? [] : reader.GetFieldValue<string[]>(5), reader.IsDBNull(6) ? [] : reader.GetFieldValue<string[]>(6)));
            }
        }

        var caseNo = cases.ToDictionary(c => c.Id, c => c.CaseNo);
        GroupSuggestion Suggest(string kind, string? cause, IEnumerable<long> ids)
        {
            var sorted = ids.Order().ToList();
            return new GroupSuggestion(kind, cause, sorted, [.. sorted.Select(i => caseNo[i])]);
        }

        var suggestions = new List<GroupSuggestion>();
        suggestions.AddRange(cases.SelectMany(c => c.Batches.Select(b => (b, c.Id))).GroupBy(x => x.b).Where(g => g.Count() > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Suggest("approval_batch", g.Key, g.Select(x => x.Id))));
        suggestions.AddRange(cases.SelectMany(c => c.Supplies.Select(b => (b, c.Id))).GroupBy(x => x.b).Where(g => g.Count() > 1)
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => Suggest("project", g.Key, g.Select(x => x.Id))));
        var clusters = CaseGrouping.SpatialClusters(cases.Select(c => new CasePoint(c.Id, c.Subject, c.Lon, c.Lat)), options.GroupRadiusM);
        suggestions.AddRange(clusters.Select(ids => Suggest("spatial_cluster", cases.First(c => c.Id == ids[0]).Subject, ids)));
        return suggestions;
    }
}
