using System.Text.Json;
using System.Threading.Channels;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoPetition.Server.Petitions;

/// <summary>What a batch verification covers: the petitions of a unit, or the change spots of one 卫片 issue batch (月清).</summary>
public sealed record BatchVerification(string? Jurisdiction, string? ChangeSpotBatch, DateOnly? AsOf, DateOnly? CheckDate);

/// <summary>A job's state as the API shows it.</summary>
public sealed record JobDto(long Id, string Kind, string State, int? Total, int Done, int Failed, JsonElement Parameters, JsonElement? Summary, string? Error,
    DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt);

/// <summary>
/// Batch verification as background jobs: queued in the <c>job</c> table, run one at a time by a
/// hosted worker, progress written as it goes. A job left running by a stopped server is run
/// again at start (each run appends its results; nothing is overwritten). Each verification of a
/// job uses <see cref="VerificationOptions.JobMaxParallelism"/> threads, so a batch leaves the
/// other processors to interactive checks.
/// </summary>
public sealed class VerificationJobs(NpgsqlDataSource dataSource, VerificationService interactive, ILogger<VerificationJobs> logger) : BackgroundService
{
    public const string Kind = "batch-verification";
    private readonly VerificationService _verifications = interactive.ForJobs();

    /// <summary>The service the jobs verify with.</summary>
    internal VerificationService Verifications => _verifications;
    private readonly Channel<long> _queue = Channel.CreateUnbounded<long>();

    /// <summary>Queues a job for <paramref name="ownerUnit"/> (null: a system job, e.g. the command line); it reads only that unit's area.</summary>
    public async Task<long> EnqueueAsync(BatchVerification request, CancellationToken ct, string? ownerUnit = null)
    {
        await using var command = dataSource.CreateCommand("INSERT INTO job (kind, parameters, owner_unit) VALUES (@kind, @p::jsonb, @owner) RETURNING id");
        command.Parameters.AddWithValue("kind", Kind);
        command.Parameters.AddWithValue("owner", NpgsqlTypes.NpgsqlDbType.Text, (object?)ownerUnit ?? DBNull.Value);
        command.Parameters.AddWithValue("p", JsonSerializer.Serialize(request, Verifier.JsonOptions));
        var id = (long)(await command.ExecuteScalarAsync(ct))!;
        await _queue.Writer.WriteAsync(id, ct);
        return id;
    }

    /// <summary>A job started by a unit in <paramref name="scope"/> (all jobs when null or unrestricted), or null.</summary>
    public async Task<JobDto?> GetAsync(long id, CancellationToken ct, JurisdictionScope? scope = null)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id, kind, state, total, done, failed, parameters::text, summary::text, error, created_at, started_at, finished_at FROM job j WHERE id = @id AND {JurisdictionScope.Condition("j", "owner_unit")}");
        command.Parameters.AddWithValue("id", id);
        (scope ?? JurisdictionScope.All).Bind(command.Parameters);
        await using var r = await command.ExecuteReaderAsync(ct);
        if (!await r.ReadAsync(ct))
        {
            return null;
        }

        return new JobDto(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
            JsonDocument.Parse(r.GetString(6)).RootElement.Clone(), r.IsDBNull(7) ? null : JsonDocument.Parse(r.GetString(7)).RootElement.Clone(),
            r.IsDBNull(8) ? null : r.GetString(8), r.GetFieldValue<DateTimeOffset>(9),
            r.IsDBNull(10) ? null : r.GetFieldValue<DateTimeOffset>(10), r.IsDBNull(11) ? null : r.GetFieldValue<DateTimeOffset>(11));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await using (var pending = dataSource.CreateCommand("SELECT id FROM job WHERE kind = @kind AND state IN ('queued', 'running') ORDER BY id"))
            {
                pending.Parameters.AddWithValue("kind", Kind);
                await using var reader = await pending.ExecuteReaderAsync(stoppingToken);
                while (await reader.ReadAsync(stoppingToken))
                {
                    await _queue.Writer.WriteAsync(reader.GetInt64(0), stoppingToken);
                }
            }
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            // Not migrated yet (a command-line run); jobs are picked up by the next server start.
        }

        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await RunAsync(id, null, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Job {Id} failed", id);
                await UpdateAsync("UPDATE job SET state = 'failed', error = @e, finished_at = now() WHERE id = @id", id, ("e", e.Message));
            }
        }
    }

    /// <summary>Runs one job to completion (the worker, or the command line with a progress display).</summary>
    public async Task RunAsync(long id, IProgress<(int Done, int Total)>? progress, CancellationToken ct)
    {
        var job = await GetAsync(id, ct) ?? throw new InvalidOperationException($"no job {id}");
        var request = job.Parameters.Deserialize<BatchVerification>(Verifier.JsonOptions)!;
        var owner = new JurisdictionScope(await OwnerAsync(id, ct));
        var targets = await TargetsAsync(request, owner, ct);
        await UpdateAsync("UPDATE job SET state = 'running', started_at = now(), total = @t, done = 0, failed = 0 WHERE id = @id", id, ("t", targets.Count));
        var findings = new Dictionary<string, int>();
        int done = 0, failed = 0;
        foreach (var target in targets)
        {
            ct.ThrowIfCancellationRequested();
            try
            {
                Finding finding;
                if (target.PetitionId is long pid)
                {
                    var stored = await _verifications.VerifyPetitionAsync(pid, owner, request.AsOf, request.CheckDate, id, ct);
                    finding = VerificationService.OverallFinding(stored!.Result);
                }
                else
                {
                    var claims = new[] { new ClaimInput(0, ClaimType.IllegalOccupation, null, new Dictionary<string, string> { ["jcbh"] = target.Ref! }) };
                    var result = await _verifications.VerifyAsync(target.Geometry!, 0, claims, request.AsOf, request.CheckDate, ct);
                    finding = result.Claims[0].Finding;
                    await StoreSpotResultAsync(id, target.Ref!, result, ct);
                }

                findings[finding.ToString()] = findings.GetValueOrDefault(finding.ToString()) + 1;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failed++;
                logger.LogWarning(e, "Job {Id}: {Target} failed", id, target.Ref ?? target.PetitionId.ToString());
            }

            done++;
            if (done % 10 == 0 || done == targets.Count)
            {
                await UpdateAsync("UPDATE job SET done = @d, failed = @f, summary = @s::jsonb WHERE id = @id", id, ("d", done), ("f", failed), ("s", JsonSerializer.Serialize(findings)));
                progress?.Report((done, targets.Count));
            }
        }

        await UpdateAsync("UPDATE job SET state = 'succeeded', done = @d, failed = @f, summary = @s::jsonb, finished_at = now() WHERE id = @id",
            id, ("d", done), ("f", failed), ("s", JsonSerializer.Serialize(findings)));
    }

    private sealed record Target(long? PetitionId, string? Ref, Geometry? Geometry);

    private async Task<string?> OwnerAsync(long id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT owner_unit FROM job WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>What the job verifies, always inside its owner's scope: the owner's petitions of the unit, or the batch's change spots in the owner's area.</summary>
    private async Task<List<Target>> TargetsAsync(BatchVerification request, JurisdictionScope owner, CancellationToken ct)
    {
        var targets = new List<Target>();
        if (request.ChangeSpotBatch is not null)
        {
            await using var spots = dataSource.CreateCommand($"""
                SELECT s.jcbh, s.geom FROM change_spot s JOIN layer l ON l.current_version_id = s.version_id
                WHERE s.xfpc = @batch AND {JurisdictionScope.AreaCondition("s")} ORDER BY s.jcbh
                """);
            spots.Parameters.AddWithValue("batch", request.ChangeSpotBatch);
            owner.Bind(spots.Parameters);
            await using var reader = await spots.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                targets.Add(new Target(null, reader.GetString(0), reader.GetFieldValue<Geometry>(1)));
            }

            return targets;
        }

        var scope = new JurisdictionScope(request.Jurisdiction);
        await using var command = dataSource.CreateCommand($"SELECT p.id FROM petition p WHERE {JurisdictionScope.Condition("p")} AND (@owner_prefix::text IS NULL OR p.xzqdm LIKE @owner_prefix::text || '%') ORDER BY p.id");
        scope.Bind(command.Parameters);
        command.Parameters.AddWithValue("owner_prefix", NpgsqlTypes.NpgsqlDbType.Text, (object?)owner.Prefix ?? DBNull.Value);
        await using var petitions = await command.ExecuteReaderAsync(ct);
        while (await petitions.ReadAsync(ct))
        {
            targets.Add(new Target(petitions.GetInt64(0), null, null));
        }

        return targets;
    }

    private async Task StoreSpotResultAsync(long jobId, string jcbh, VerificationResult result, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO verification (subject_ref, job_id, check_date, as_of, result_sha256, finding, layer_versions, result)
            VALUES (@ref, @job, @date, @asof, @sha, @finding, @versions::jsonb, @result::jsonb)
            """);
        command.Parameters.AddWithValue("ref", "jcbh:" + jcbh);
        command.Parameters.AddWithValue("job", jobId);
        command.Parameters.AddWithValue("date", result.CheckDate);
        command.Parameters.AddWithValue("asof", result.AsOf);
        command.Parameters.AddWithValue("sha", result.Sha256);
        command.Parameters.AddWithValue("finding", result.Claims[0].Finding.ToString());
        command.Parameters.AddWithValue("versions", JsonSerializer.Serialize(result.Versions, Verifier.JsonOptions));
        command.Parameters.AddWithValue("result", JsonSerializer.Serialize(result, Verifier.JsonOptions));
        await command.ExecuteNonQueryAsync(ct);
    }

    private async Task UpdateAsync(string sql, long id, params (string Name, object Value)[] values)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("id", id);
        foreach (var (name, value) in values)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
