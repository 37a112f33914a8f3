using System.Security.Cryptography;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Petitions;

/// <summary>A validated petition ready to store.</summary>
public sealed record NewPetition(
    string Channel, string Category, string Subject, DateOnly ReceivedAt, IReadOnlyList<PetitionerDto> Petitioners,
    bool IsCollective, int? Headcount, string? Text, string LocationSource, string? LocationCrs, string? LocationInput,
    string LocationAccuracy, double ToleranceM, string? Xzqdm, bool RoutingReview, Geometry Geometry,
    IReadOnlyList<(string Type, string? Text, IReadOnlyDictionary<string, string> Refs)> Claims);

/// <summary>Filters of the petition list.</summary>
public sealed record PetitionQuery(string? Subject, string? Status, DateOnly? From, DateOnly? To, double[]? Bbox, long? Before, int Limit);

/// <summary>Stores and reads petitions; every read is restricted by a <see cref="JurisdictionScope"/>.</summary>
/// <remarks>
/// Petitioners are written encrypted (<see cref="Auth.PersonalDataProtector"/>); the <c>petitioners</c>
/// column and every DTO this store returns hold masked values. <see cref="PetitionersAsync"/> decrypts,
/// for the roles that need the clear data (the caller audits that read).
/// </remarks>
public sealed class PetitionStore(NpgsqlDataSource dataSource, Auth.PersonalDataProtector personalData)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Inserts a petition and its claims in one transaction. With an idempotency key already used, returns the first petition's id (and whether the request was the same).</summary>
    public async Task<(long Id, bool Created, bool SameRequest)> CreateAsync(NewPetition p, string? idempotencyKey, string requestSha256, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        long? id;
        await using (var insert = new NpgsqlCommand(PetitionSql.Insert, connection, tx))
        {
            var ps = insert.Parameters;
            ps.AddWithValue("received", p.ReceivedAt);
            ps.AddWithValue("key", NpgsqlDbType.Text, (object?)idempotencyKey ?? DBNull.Value);
            ps.AddWithValue("sha", requestSha256);
            ps.AddWithValue("channel", p.Channel);
            ps.AddWithValue("category", p.Category);
            ps.AddWithValue("subject", p.Subject);
            var (encrypted, keyId) = personalData.Protect(p.Petitioners);
            ps.AddWithValue("petitioners", JsonSerializer.Serialize(p.Petitioners.Select(Auth.PersonalDataProtector.Mask), Json));
            ps.AddWithValue("petitioners_enc", encrypted);
            ps.AddWithValue("petitioners_key", keyId);
            ps.AddWithValue("collective", p.IsCollective);
            ps.AddWithValue("headcount", NpgsqlDbType.Integer, (object?)p.Headcount ?? DBNull.Value);
            ps.AddWithValue("body", NpgsqlDbType.Text, (object?)p.Text ?? DBNull.Value);
            ps.AddWithValue("source", p.LocationSource);
            ps.AddWithValue("crs", NpgsqlDbType.Text, (object?)p.LocationCrs ?? DBNull.Value);
            ps.AddWithValue("input", NpgsqlDbType.Text, (object?)p.LocationInput ?? DBNull.Value);
            ps.AddWithValue("accuracy", p.LocationAccuracy);
            ps.AddWithValue("tolerance", p.ToleranceM);
            ps.AddWithValue("xzqdm", NpgsqlDbType.Text, (object?)p.Xzqdm ?? DBNull.Value);
            ps.AddWithValue("review", p.RoutingReview);
            ps.AddWithValue("geom", p.Geometry);
            id = (long?)await insert.ExecuteScalarAsync(ct);
        }

        if (id is null)
        {
            // The key was used before (possibly by a concurrent retry): return that petition.
            await tx.RollbackAsync(ct);
            await using var existing = dataSource.CreateCommand(PetitionSql.ByIdempotencyKey);
            existing.Parameters.AddWithValue("key", idempotencyKey!);
            await using var reader = await existing.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return (reader.GetInt64(0), false, reader.GetString(1) == requestSha256);
        }

        for (var i = 0; i < p.Claims.Count; i++)
        {
            await using var claim = new NpgsqlCommand(PetitionSql.InsertClaim, connection, tx);
            claim.Parameters.AddWithValue("id", id.Value);
            claim.Parameters.AddWithValue("ord", i);
            claim.Parameters.AddWithValue("type", p.Claims[i].Type);
            claim.Parameters.AddWithValue("body", NpgsqlDbType.Text, (object?)p.Claims[i].Text ?? DBNull.Value);
            claim.Parameters.AddWithValue("refs", JsonSerializer.Serialize(p.Claims[i].Refs, Json));
            await claim.ExecuteNonQueryAsync(ct);
        }

        await tx.CommitAsync(ct);
        return (id.Value, true, true);
    }

    /// <summary>The stored geometry (EPSG:4490) at full precision.</summary>
    public async Task<Geometry?> GeometryAsync(long id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT geom FROM petition WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(ct) as Geometry;
    }

    public async Task<(long Id, string Sha)?> FindByKeyAsync(string key, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PetitionSql.ByIdempotencyKey);
        command.Parameters.AddWithValue("key", key);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetString(1)) : null;
    }

    public async Task<PetitionDto?> GetAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PetitionSql.ById);
        command.Parameters.AddWithValue("id", id);
        scope.Bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? Read(reader) : null;
    }

    /// <summary>The petitioners in clear, or null when the petition is not in scope.</summary>
    public async Task<IReadOnlyList<PetitionerDto>?> PetitionersAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PetitionSql.Petitioners);
        command.Parameters.AddWithValue("id", id);
        scope.Bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return !await reader.ReadAsync(ct) ? null
            : reader.IsDBNull(0) ? throw new InvalidOperationException($"petition {id} is not encrypted yet (it is done at server start when a key is configured)")
            : personalData.Unprotect(reader.GetFieldValue<byte[]>(0), reader.GetString(1));
    }

    public async Task<IReadOnlyList<PetitionDto>> ListAsync(PetitionQuery q, JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PetitionSql.List(q.Bbox is not null));
        var ps = command.Parameters;
        scope.Bind(ps);
        ps.AddWithValue("subject", NpgsqlDbType.Text, (object?)q.Subject ?? DBNull.Value);
        ps.AddWithValue("status", NpgsqlDbType.Text, (object?)q.Status ?? DBNull.Value);
        ps.AddWithValue("from", NpgsqlDbType.Date, (object?)q.From ?? DBNull.Value);
        ps.AddWithValue("to", NpgsqlDbType.Date, (object?)q.To ?? DBNull.Value);
        ps.AddWithValue("before", q.Before ?? long.MaxValue);
        ps.AddWithValue("limit", q.Limit);
        if (q.Bbox is { } b)
        {
            ps.AddWithValue("minx", b[0]);
            ps.AddWithValue("miny", b[1]);
            ps.AddWithValue("maxx", b[2]);
            ps.AddWithValue("maxy", b[3]);
        }

        var result = new List<PetitionDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(Read(reader));
        }

        return result;
    }

    /// <summary>The county containing <paramref name="point"/> and its distance to the county boundary; null if outside every county.</summary>
    public async Task<(string Code, double BoundaryDistanceM)?> CountyAtAsync(Point point, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PetitionSql.CountyAt);
        command.Parameters.AddWithValue("pt", point);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetString(0), reader.GetDouble(1)) : null;
    }

    public async Task<bool> HasJurisdictionsAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(PetitionSql.HasJurisdictions);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>The geometry a reference identifies in the current layers (union if several features match), or null.</summary>
    public async Task<Geometry?> LookupReferenceAsync(string field, string value, CancellationToken ct)
    {
        var (kind, column) = field switch
        {
            "bdcdyh" => (LayerKind.RegisteredParcel, "bdcdyh"),
            "zddm" => (LayerKind.RegisteredParcel, "zddm"),
            "jcbh" => (LayerKind.ChangeSpot, "jcbh"),
            "pzwh" => (LayerKind.ApprovalBatch, "pzwh"),
            "dzjgh" => (LayerKind.LandSupply, "dzjgh"),
            _ => throw new ArgumentOutOfRangeException(nameof(field), field, "not a reference field"),
        };
        var table = LayerSql.Quote(LayerKinds.Get(kind).Table);
        await using var command = dataSource.CreateCommand(
            $"SELECT ST_Union(t.geom) FROM {table} t JOIN layer l ON l.current_version_id = t.version_id WHERE t.{LayerSql.Quote(column)} = @v");
        command.Parameters.AddWithValue("v", value);
        var result = await command.ExecuteScalarAsync(ct);
        return result as Geometry;
    }

    public static string Sha256(byte[] canonicalRequest) => Convert.ToHexStringLower(SHA256.HashData(canonicalRequest));

    private static PetitionDto Read(NpgsqlDataReader r)
    {
        var claims = r.IsDBNull(21) ? [] : JsonSerializer.Deserialize<List<ClaimDto>>(r.GetString(21), Json)!;
        return new PetitionDto(
            r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4),
            DateOnly.FromDateTime(r.GetDateTime(5)), r.GetFieldValue<DateTimeOffset>(6), r.GetString(7),
            r.IsDBNull(8) ? null : r.GetString(8), r.GetBoolean(9),
            JsonSerializer.Deserialize<List<PetitionerDto>>(r.GetString(10), Json)!, r.GetBoolean(11),
            r.IsDBNull(12) ? null : r.GetInt32(12), r.IsDBNull(13) ? null : r.GetString(13),
            r.GetString(14), r.IsDBNull(15) ? null : r.GetString(15), r.GetString(16), r.GetDouble(17),
            JsonDocument.Parse(r.GetString(18)).RootElement.Clone(), r.GetDouble(19), r.GetDouble(20),
            claims, r.IsDBNull(22) ? null : r.GetString(22));
    }
}
