using System.Text.Json;
using GeoPetition.Core.Evidence;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Evidence;

/// <summary>A new attachment, validated, whose file (if any) is waiting in <see cref="File"/>.</summary>
public sealed record NewAttachment(
    long PetitionId, string Kind, PendingBlob? File, string? MediaType, string? FileName, JsonElement Metadata,
    Point? Position, long? VerificationId, long? Supersedes, string? Note, string? IdempotencyKey);

/// <summary>A stored attachment as the API returns it.</summary>
public sealed record AttachmentDto(
    long Id, long PetitionId, string Kind, string? Sha256, long? SizeBytes, string? MediaType, string? FileName,
    JsonElement Metadata, double? Lon, double? Lat, long? VerificationId, long? Supersedes, string? Note,
    DateTimeOffset CreatedAt, long? SupersededBy, string? Download);

/// <summary>A chain check with the entries it read.</summary>
public sealed record ChainReport(ChainCheck Check, IReadOnlyList<ChainEntry> Entries);

/// <summary>
/// Attachments, reports and the evidence chain in PostgreSQL. Appends to one case's chain are
/// serialised by a transaction-scoped advisory lock.
/// </summary>
/// <remarks>
/// Verification results and case transitions are written by VerificationService and CaseStore;
/// each of them takes the case's chain lock first (<see cref="LockChainAsync"/>, before any row
/// lock, so every writer of a case takes its locks in the same order) and chains its own record
/// in its own transaction (<see cref="ChainPendingAsync"/>). The catch-up that every chain
/// operation also runs (<see cref="EvidenceSql.Unchained"/>) then finds nothing, except records
/// written before this was so (databases of earlier versions), which it chains in creation order.
/// </remarks>
public sealed class EvidenceStore(NpgsqlDataSource dataSource, EvidenceBlobStore blobs)
{
    /// <summary>Stores an attachment and its chain entry in one transaction; the file is moved into the store before commit. Returns (id, created).</summary>
    public async Task<(AttachmentDto Attachment, bool Created)> AddAttachmentAsync(NewAttachment a, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, tx, a.PetitionId, ct);
        if (a.IdempotencyKey is not null && await ReadOneAsync(connection, tx, EvidenceSql.AttachmentByKey, a.PetitionId, a.IdempotencyKey, ct) is { } existing)
        {
            await tx.RollbackAsync(ct);
            return (existing, false);
        }

        await CatchUpAsync(connection, tx, a.PetitionId, ct);
        long id;
        await using (var insert = new NpgsqlCommand(EvidenceSql.InsertAttachment, connection, tx))
        {
            var ps = insert.Parameters;
            ps.AddWithValue("id", a.PetitionId);
            ps.AddWithValue("kind", a.Kind);
            ps.AddWithValue("sha", NpgsqlDbType.Text, (object?)a.File?.Sha256 ?? DBNull.Value);
            ps.AddWithValue("size", NpgsqlDbType.Bigint, (object?)a.File?.Size ?? DBNull.Value);
            ps.AddWithValue("media", NpgsqlDbType.Text, (object?)a.MediaType ?? DBNull.Value);
            ps.AddWithValue("name", NpgsqlDbType.Text, (object?)a.FileName ?? DBNull.Value);
            ps.AddWithValue("metadata", a.Metadata.GetRawText());
            ps.Add(new NpgsqlParameter("geom", (object?)a.Position ?? DBNull.Value) { DataTypeName = "geometry" });
            ps.AddWithValue("verification", NpgsqlDbType.Bigint, (object?)a.VerificationId ?? DBNull.Value);
            ps.AddWithValue("supersedes", NpgsqlDbType.Bigint, (object?)a.Supersedes ?? DBNull.Value);
            ps.AddWithValue("note", NpgsqlDbType.Text, (object?)a.Note ?? DBNull.Value);
            ps.AddWithValue("key", NpgsqlDbType.Text, (object?)a.IdempotencyKey ?? DBNull.Value);
            id = (long)(await insert.ExecuteScalarAsync(ct))!;
        }

        await AppendRecordAsync(connection, tx, a.PetitionId, EvidenceSql.AttachmentRows, "a.id", id, ct);
        var movedHere = a.File is not null && blobs.Commit(a.File);
        try
        {
            await tx.CommitAsync(ct);
        }
        catch when (movedHere)
        {
            // The row is gone with the transaction; a file only this upload brought goes too.
            File.SetAttributes(blobs.PathOf(a.File!.Sha256), FileAttributes.Normal);
            File.Delete(blobs.PathOf(a.File!.Sha256));
            throw;
        }

        return ((await ListAsync(a.PetitionId, ct)).Single(x => x.Id == id), true);
    }

    /// <summary>Stores a generated report (file and row) and its chain entry; returns the report id.</summary>
    public async Task<long> AddReportAsync(long petitionId, byte[] pdf, string contentSha256, DateTimeOffset generatedAt, CancellationToken ct)
    {
        var sha = await blobs.PutAsync(pdf, ct);
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await LockAsync(connection, tx, petitionId, ct);
        await CatchUpAsync(connection, tx, petitionId, ct);
        long id;
        await using (var insert = new NpgsqlCommand(EvidenceSql.InsertReport, connection, tx))
        {
            insert.Parameters.AddWithValue("id", petitionId);
            insert.Parameters.AddWithValue("sha", sha);
            insert.Parameters.AddWithValue("size", (long)pdf.Length);
            insert.Parameters.AddWithValue("content", contentSha256);
            insert.Parameters.AddWithValue("at", generatedAt.ToUniversalTime());
            id = (long)(await insert.ExecuteScalarAsync(ct))!;
        }

        await AppendRecordAsync(connection, tx, petitionId, EvidenceSql.ReportRows, "r.id", id, ct);
        await tx.CommitAsync(ct);
        return id;
    }

    public async Task<IReadOnlyList<AttachmentDto>> ListAsync(long petitionId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand(EvidenceSql.Attachments, connection);
        command.Parameters.AddWithValue("id", petitionId);
        var list = new List<AttachmentDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(Read(reader));
        }

        return list;
    }

    public async Task<bool> VerificationBelongsAsync(long petitionId, long verificationId, CancellationToken ct) =>
        await ExistsAsync(EvidenceSql.VerificationOfPetition, petitionId, "v", verificationId, ct);

    public async Task<bool> AttachmentBelongsAsync(long petitionId, long attachmentId, CancellationToken ct) =>
        await ExistsAsync(EvidenceSql.AttachmentOfPetition, petitionId, "a", attachmentId, ct);

    /// <summary>Brings the chain up to date (results and transitions), then returns its entries.</summary>
    public async Task<IReadOnlyList<ChainEntry>> ChainAsync(long petitionId, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using (var tx = await connection.BeginTransactionAsync(ct))
        {
            await LockAsync(connection, tx, petitionId, ct);
            await CatchUpAsync(connection, tx, petitionId, ct);
            await tx.CommitAsync(ct);
        }

        return await ReadChainAsync(connection, petitionId, ct);
    }

    /// <summary>
    /// Recomputes the chain: every entry's hash, every link, every record's content hash from its
    /// row as it is now, and every stored file's SHA-256 from its bytes on disk.
    /// </summary>
    public async Task<ChainReport> VerifyAsync(long petitionId, CancellationToken ct)
    {
        var entries = await ChainAsync(petitionId, ct);
        var current = new Dictionary<(EvidenceKind, string), string>();
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        foreach (var sql in new[] { EvidenceSql.VerificationRows, EvidenceSql.TransitionRows, EvidenceSql.AttachmentRows, EvidenceSql.ReportRows })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            command.Parameters.AddWithValue("id", petitionId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var kind = Enum.Parse<EvidenceKind>(reader.GetString(0));
                var refId = reader.GetString(1);
                var hash = ContentHash(reader.GetFieldValue<string?[]>(3));
                if (reader.FieldCount > 4 && !reader.IsDBNull(4))
                {
                    var fileSha = reader.GetString(4);
                    var onDisk = await blobs.HashAsync(fileSha, ct);
                    if (onDisk != fileSha)
                    {
                        hash = onDisk is null
                            ? $"!the stored file {fileSha} of {kind} {refId} is missing from the evidence store"
                            : $"!the stored file of {kind} {refId} was changed: its bytes now hash to {onDisk}, recorded {fileSha}";
                    }
                }

                current[(kind, refId)] = hash;
            }
        }

        var check = EvidenceChain.Verify(entries, e => current.GetValueOrDefault((e.Kind, e.RefId)));
        return new ChainReport(check, entries);
    }

    /// <summary>The content hash of a record: its name/value pairs in canonical form.</summary>
    public static string ContentHash(string?[] pairs)
    {
        var fields = new (string, string?)[pairs.Length / 2];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = (pairs[2 * i]!, pairs[(2 * i) + 1]);
        }

        return Canonical.Hash(fields);
    }

    /// <summary>Takes the case's chain lock for the caller's transaction (before any row lock of the case).</summary>
    public static Task LockChainAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, CancellationToken ct) =>
        LockAsync(connection, tx, petitionId, ct);

    /// <summary>
    /// Chains, in the caller's transaction and under the case's chain lock, the verification results
    /// and case transitions of the case not chained yet (the ones the caller just wrote), so a record
    /// and its chain entry commit together.
    /// </summary>
    public static async Task ChainPendingAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, CancellationToken ct)
    {
        await LockAsync(connection, tx, petitionId, ct);
        await CatchUpAsync(connection, tx, petitionId, ct);
    }

    private static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(EvidenceSql.Lock, connection, tx);
        command.Parameters.AddWithValue("id", petitionId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Appends the verification results and transitions of the case not yet chained (caller holds the lock).</summary>
    private static async Task CatchUpAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, CancellationToken ct)
    {
        var pending = new List<(EvidenceKind Kind, string Ref, string Hash)>();
        await using (var command = new NpgsqlCommand(EvidenceSql.Unchained, connection, tx))
        {
            command.Parameters.AddWithValue("id", petitionId);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                pending.Add((Enum.Parse<EvidenceKind>(reader.GetString(0)), reader.GetString(1), ContentHash(reader.GetFieldValue<string?[]>(3))));
            }
        }

        foreach (var (kind, refId, hash) in pending)
        {
            await AppendAsync(connection, tx, petitionId, kind, refId, hash, ct);
        }
    }

    private static async Task AppendRecordAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, string rowsSql, string idColumn, long id, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand($"{rowsSql} AND {idColumn} = @ref", connection, tx);
        command.Parameters.AddWithValue("id", petitionId);
        command.Parameters.AddWithValue("ref", id);
        EvidenceKind kind;
        string hash;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            kind = Enum.Parse<EvidenceKind>(reader.GetString(0));
            hash = ContentHash(reader.GetFieldValue<string?[]>(3));
        }

        await AppendAsync(connection, tx, petitionId, kind, id.ToString(System.Globalization.CultureInfo.InvariantCulture), hash, ct);
    }

    private static async Task AppendAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, EvidenceKind kind, string refId, string contentSha256, CancellationToken ct)
    {
        var (seq, previous) = (0, EvidenceChain.Genesis);
        await using (var head = new NpgsqlCommand(EvidenceSql.Head, connection, tx))
        {
            head.Parameters.AddWithValue("id", petitionId);
            await using var reader = await head.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                (seq, previous) = (reader.GetInt32(0), reader.GetString(1));
            }
        }

        var entry = EvidenceChain.Next(petitionId, seq + 1, kind, refId, contentSha256, previous, DateTimeOffset.UtcNow);
        await using var insert = new NpgsqlCommand(EvidenceSql.InsertEntry, connection, tx);
        insert.Parameters.AddWithValue("id", petitionId);
        insert.Parameters.AddWithValue("seq", entry.Seq);
        insert.Parameters.AddWithValue("kind", kind.ToString());
        insert.Parameters.AddWithValue("ref", refId);
        insert.Parameters.AddWithValue("content", contentSha256);
        insert.Parameters.AddWithValue("previous", previous);
        insert.Parameters.AddWithValue("entry", entry.EntrySha256);
        insert.Parameters.AddWithValue("at", entry.RecordedAt);
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static async Task<IReadOnlyList<ChainEntry>> ReadChainAsync(NpgsqlConnection connection, long petitionId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(EvidenceSql.Chain, connection);
        command.Parameters.AddWithValue("id", petitionId);
        var list = new List<ChainEntry>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new ChainEntry(reader.GetInt64(0), reader.GetInt32(1), Enum.Parse<EvidenceKind>(reader.GetString(2)), reader.GetString(3),
                reader.GetString(4), reader.GetString(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetString(7)));
        }

        return list;
    }

    private async Task<bool> ExistsAsync(string sql, long petitionId, string name, long value, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", petitionId);
        command.Parameters.AddWithValue(name, value);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    private static async Task<AttachmentDto?> ReadOneAsync(NpgsqlConnection connection, NpgsqlTransaction tx, string sql, long petitionId, string key, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection, tx);
        command.Parameters.AddWithValue("id", petitionId);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    private static AttachmentDto Read(NpgsqlDataReader r)
    {
        var id = r.GetInt64(0);
        var petition = r.GetInt64(1);
        var sha = r.IsDBNull(3) ? null : r.GetString(3);
        return new AttachmentDto(id, petition, r.GetString(2), sha, r.IsDBNull(4) ? null : r.GetInt64(4),
            r.IsDBNull(5) ? null : r.GetString(5), r.IsDBNull(6) ? null : r.GetString(6),
            JsonDocument.Parse(r.GetString(7)).RootElement.Clone(),
            r.IsDBNull(8) ? null : r.GetDouble(8), r.IsDBNull(9) ? null : r.GetDouble(9),
            r.IsDBNull(10) ? null : r.GetInt64(10), r.IsDBNull(11) ? null : r.GetInt64(11),
            r.IsDBNull(12) ? null : r.GetString(12), r.GetFieldValue<DateTimeOffset>(13),
            r.IsDBNull(14) ? null : r.GetInt64(14),
            sha is null ? null : $"/api/petitions/{petition}/evidence/{id}/content");
    }
}
