using System.Text.Json;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoPetition.Server.Petitions;

/// <summary>A stored verification run.</summary>
public sealed record StoredVerification(long Id, long? PetitionId, DateTimeOffset CreatedAt, VerificationResult Result, JsonElement? Changes);

/// <summary>
/// Runs the Core engine over PostGIS for a petition or an ad-hoc geometry, and stores petition
/// results append-only with the layer versions consulted and what changed since the previous run.
/// </summary>
public sealed class VerificationService(NpgsqlDataSource dataSource, PetitionStore petitions, Verifier verifier)
{
    /// <summary>The engine's options (tolerances, thread budget) this service verifies with.</summary>
    public VerificationOptions Options => verifier.Options;

    /// <summary>The same service on <see cref="VerificationOptions.JobMaxParallelism"/> threads per verification, for batch jobs.</summary>
    public VerificationService ForJobs() =>
        new(dataSource, petitions, new Verifier(verifier.Options.WithMaxParallelism(verifier.Options.JobMaxParallelism)));

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8));

    /// <summary>
    /// Verifies geometry and claims. <paramref name="asOf"/> uses the layer versions valid at the end
    /// of that day and the features dated by then; otherwise current versions with features dated
    /// by <paramref name="checkDate"/> (default today, Beijing time). With <paramref name="restrictedAreaPrefix"/>
    /// (an ad-hoc check by a reader of that unit) restricted layers count only where they meet the unit's area.
    /// </summary>
    public async Task<VerificationResult> VerifyAsync(
        Geometry location, double toleranceM, IReadOnlyList<ClaimInput> claims, DateOnly? asOf, DateOnly? checkDate, CancellationToken ct,
        string? restrictedAreaPrefix = null)
    {
        // The end of the as-of day in Beijing time, as UTC (Npgsql writes timestamptz from UTC only).
        DateTimeOffset? instant = asOf is { } d ? new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(8)).ToUniversalTime() : null;
        var source = await PostgisLayerSource.OpenAsync(dataSource, instant, ct, restrictedAreaPrefix);
        var request = new VerificationRequest(location, toleranceM, claims, asOf ?? checkDate ?? Today, asOf is not null);
        return await verifier.VerifyAsync(request, source, ct);
    }

    /// <summary>Verifies every claim of a stored petition and stores the result; null if the petition is not in scope.</summary>
    public async Task<StoredVerification?> VerifyPetitionAsync(long petitionId, JurisdictionScope scope, DateOnly? asOf, DateOnly? checkDate, long? jobId, CancellationToken ct)
    {
        var petition = await petitions.GetAsync(petitionId, scope, ct);
        if (petition is null)
        {
            return null;
        }

        // The stored geometry at full precision (not the 7-decimal GeoJSON of the API).
        var geometry = await petitions.GeometryAsync(petitionId, ct) ?? throw new InvalidOperationException($"petition {petitionId} has no geometry");
        var claims = petition.Claims.Select((c, i) => new ClaimInput(i,
            FindingLabels.TryParseClaimType(c.Type, out var t) ? t : ClaimType.Other, c.Text,
            (IReadOnlyDictionary<string, string>?)c.Refs ?? new Dictionary<string, string>())).ToList();
        // A petition's claims are checked as of the day it was received (the situation the
        // petitioner reported), against the newest layer data, unless a date is given.
        var result = await VerifyAsync(geometry, petition.ToleranceM, claims, asOf, checkDate ?? (asOf is null ? petition.ReceivedAt : null), ct);

        var previous = await LatestAsync(petitionId, ct);
        var changes = previous is null ? null : Diff(previous.Result, result);
        const string insert = """
            INSERT INTO verification (petition_id, job_id, check_date, as_of, result_sha256, finding, layer_versions, result, changes)
            VALUES (@p, @job, @date, @asof, @sha, @finding, @versions::jsonb, @result::jsonb, @changes::jsonb)
            RETURNING id, created_at
            """;
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        await Evidence.EvidenceStore.LockChainAsync(connection, tx, petitionId, ct);
        await using var command = new NpgsqlCommand(insert, connection, tx);
        command.Parameters.AddWithValue("p", petitionId);
        command.Parameters.AddWithValue("job", NpgsqlTypes.NpgsqlDbType.Bigint, (object?)jobId ?? DBNull.Value);
        command.Parameters.AddWithValue("date", result.CheckDate);
        command.Parameters.AddWithValue("asof", result.AsOf);
        command.Parameters.AddWithValue("sha", result.Sha256);
        command.Parameters.AddWithValue("finding", OverallFinding(result).ToString());
        command.Parameters.AddWithValue("versions", JsonSerializer.Serialize(result.Versions, Verifier.JsonOptions));
        command.Parameters.AddWithValue("result", JsonSerializer.Serialize(result, Verifier.JsonOptions));
        command.Parameters.AddWithValue("changes", NpgsqlTypes.NpgsqlDbType.Text, changes is null ? DBNull.Value : JsonSerializer.Serialize(changes, Verifier.JsonOptions));
        long id;
        DateTimeOffset createdAt;
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            (id, createdAt) = (reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1));
        }

        // The result's entry in the evidence chain commits with it.
        await Evidence.EvidenceStore.ChainPendingAsync(connection, tx, petitionId, ct);
        await tx.CommitAsync(ct);
        return new StoredVerification(id, petitionId, createdAt, result,
            changes is null ? null : JsonSerializer.SerializeToElement(changes, Verifier.JsonOptions));
    }

    /// <summary>The most decisive finding over a petition's claims (used for markers and lists).</summary>
    public static Finding OverallFinding(VerificationResult r) => Verifier.Combine(
        r.Claims.Select(c => new RuleHit("", c.Finding, "", "", "", [])).ToList());

    public async Task<IReadOnlyList<StoredVerification>> ListAsync(long petitionId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT id, petition_id, created_at, result::text, changes::text FROM verification WHERE petition_id = @p ORDER BY id DESC");
        command.Parameters.AddWithValue("p", petitionId);
        return await ReadAllAsync(command, ct);
    }

    private async Task<StoredVerification?> LatestAsync(long petitionId, CancellationToken ct) => (await ListAsync(petitionId, ct)).FirstOrDefault();

    private static async Task<IReadOnlyList<StoredVerification>> ReadAllAsync(NpgsqlCommand command, CancellationToken ct)
    {
        var list = new List<StoredVerification>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            list.Add(new StoredVerification(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.GetFieldValue<DateTimeOffset>(2),
                JsonSerializer.Deserialize<VerificationResult>(reader.GetString(3), Verifier.JsonOptions)!,
                reader.IsDBNull(4) ? null : JsonDocument.Parse(reader.GetString(4)).RootElement.Clone()));
        }

        return list;
    }

    /// <summary>What changed since the previous run: layer versions, and per claim the finding and the rules.</summary>
    public static object Diff(VerificationResult before, VerificationResult after)
    {
        var versions = before.Versions.Select(v => v.LayerId).Union(after.Versions.Select(v => v.LayerId)).Order(StringComparer.Ordinal)
            .Select(id => (id, b: before.Versions.FirstOrDefault(v => v.LayerId == id)?.VersionId, a: after.Versions.FirstOrDefault(v => v.LayerId == id)?.VersionId))
            .Where(x => x.b != x.a)
            .Select(x => new { layerId = x.id, from = x.b, to = x.a })
            .ToList();
        var claims = after.Claims.Select(c => (c, p: before.Claims.FirstOrDefault(x => x.Index == c.Index)))
            .Where(x => x.p is null || x.p.Finding != x.c.Finding || !x.p.Rules.Select(r => r.RuleId).SequenceEqual(x.c.Rules.Select(r => r.RuleId)))
            .Select(x => new { claim = x.c.Index, from = x.p?.Finding, to = x.c.Finding, rulesFrom = x.p?.Rules.Select(r => r.RuleId).Distinct(), rulesTo = x.c.Rules.Select(r => r.RuleId).Distinct() })
            .ToList();
        return new { unchanged = before.Sha256 == after.Sha256, previousSha256 = before.Sha256, layerVersions = versions, findings = claims };
    }
}
