using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using GeoPetition.Core.Cases;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;
using Npgsql;

namespace GeoPetition.Server.Cases;

/// <summary>
/// 查询码: the code a petitioner gets with the acceptance notice to follow the case and evaluate it
/// without an account. 12 characters from a 31-letter alphabet without look-alikes (≈ 59 bits),
/// shown as XXXX-XXXX-XXXX; only the SHA-256 of the normalised code is stored.
/// </summary>
public static class QueryCodes
{
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    public static string New()
    {
        var chars = new char[12];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = Alphabet[RandomNumberGenerator.GetInt32(Alphabet.Length)];
        }

        var s = new string(chars);
        return $"{s[..4]}-{s[4..8]}-{s[8..]}";
    }

    /// <summary>Upper-case, without dashes and spaces; null if it cannot be a code.</summary>
    public static string? Normalize(string? code)
    {
        var s = string.Concat((code ?? "").Where(c => c is not ('-' or ' '))).ToUpperInvariant();
        return s.Length == 12 && s.All(c => Alphabet.Contains(c, StringComparison.Ordinal)) ? s : null;
    }

    public static string Hash(string normalized) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(normalized)));

    internal const string Insert = "INSERT INTO case_query_code (petition_id, code_sha256, issued_by) VALUES (@id, @sha, @by)";

    internal const string Exists = "SELECT EXISTS (SELECT 1 FROM case_query_code WHERE petition_id = @id)";

    /// <summary>The petition whose newest code has this hash (a superseded code finds nothing).</summary>
    internal const string Find = """
        SELECT q.petition_id FROM case_query_code q
        WHERE q.code_sha256 = @sha
          AND q.id = (SELECT max(q2.id) FROM case_query_code q2 WHERE q2.petition_id = q.petition_id)
        """;

    /// <summary>Issues a new code for a petition inside <paramref name="tx"/>; returns it in clear (shown once).</summary>
    internal static async Task<string> IssueAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, string issuedBy, CancellationToken ct)
    {
        var code = New();
        await using var insert = new NpgsqlCommand(Insert, connection, tx);
        insert.Parameters.AddWithValue("id", petitionId);
        insert.Parameters.AddWithValue("sha", Hash(Normalize(code)!));
        insert.Parameters.AddWithValue("by", issuedBy);
        await insert.ExecuteNonQueryAsync(ct);
        return code;
    }

    internal static async Task<bool> ExistsAsync(NpgsqlConnection connection, NpgsqlTransaction tx, long petitionId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(Exists, connection, tx);
        command.Parameters.AddWithValue("id", petitionId);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }
}

/// <summary>
/// Throttles guessing of query codes: per client address, at most <see cref="CaseOptions.TrackMaxFailures"/>
/// unknown codes in <see cref="CaseOptions.TrackWindowMinutes"/>; beyond that every lookup from that
/// address is refused (429) until the oldest failure leaves the window, even with a right code.
/// </summary>
public sealed class QueryCodeThrottle(CaseOptions options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _failures = new();

    /// <summary>Seconds to wait, or null when the client may try.</summary>
    public int? RetryAfter(string client)
    {
        if (!_failures.TryGetValue(client, out var q))
        {
            return null;
        }

        lock (q)
        {
            Expire(q);
            return q.Count < options.TrackMaxFailures ? null
                : (int)Math.Ceiling((q.Peek() + Window - time.GetUtcNow()).TotalSeconds);
        }
    }

    public void Failed(string client)
    {
        var q = _failures.GetOrAdd(client, _ => new Queue<DateTimeOffset>());
        lock (q)
        {
            Expire(q);
            q.Enqueue(time.GetUtcNow());
        }
    }

    private TimeSpan Window => TimeSpan.FromMinutes(options.TrackWindowMinutes);

    private void Expire(Queue<DateTimeOffset> q)
    {
        var now = time.GetUtcNow();
        while (q.Count > 0 && q.Peek() + Window <= now)
        {
            q.Dequeue();
        }
    }
}

/// <summary>What a petitioner sees with a query code: milestones and outcomes, no personal data and no officer names.</summary>
public sealed record TrackingView(string CaseNo, DateOnly ReceivedOn, string State, string StateLabel, DateOnly? HandlingDue, IReadOnlyList<object> Milestones, IReadOnlyList<object> Outcomes, IReadOnlyList<string> EvaluationChoices, bool CanEvaluate);

/// <summary>Finds a case by query code and shows its published milestones (规程: 可查询、可跟踪、可评价).</summary>
public sealed class CaseTracking(NpgsqlDataSource dataSource, CaseStore cases, CaseRules rules, CaseOptions options)
{
    /// <summary>The petition id of a valid code, or null.</summary>
    public async Task<long?> FindAsync(string normalized, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(QueryCodes.Find);
        command.Parameters.AddWithValue("sha", QueryCodes.Hash(normalized));
        return await command.ExecuteScalarAsync(ct) as long?;
    }

    /// <summary>Issues a new code for a petition in scope (the old one stops working).</summary>
    public async Task<string?> ReissueAsync(long id, JurisdictionScope scope, string issuedBy, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        if (await CaseStore.HeaderAsync(connection, tx, id, scope, forUpdate: true, ct) is null)
        {
            return null;
        }

        var code = await QueryCodes.IssueAsync(connection, tx, id, issuedBy, ct);
        await tx.CommitAsync(ct);
        return code;
    }

    public async Task<TrackingView?> ViewAsync(long petitionId, DateOnly today, CancellationToken ct)
    {
        // The code is the authorisation: the read goes through the scope path with no restriction.
        if (await cases.GetAsync(petitionId, JurisdictionScope.All, ct) is not { } found)
        {
            return null;
        }

        var status = CaseClock.Evaluate(found.History, today, rules);
        var milestones = new List<object> { new { date = found.Header.ReceivedOn, step = "登记", document = (string?)null, organ = (string?)null } };
        foreach (var e in found.History.Events)
        {
            var t = e.Transition;
            milestones.Add(new { date = t.Date, step = t.Action.Zh(), document = t.DocumentNo, organ = t.Action is CaseAction.Transfer or CaseAction.Redirect or CaseAction.Divert ? t.Organ : null });
        }

        return new TrackingView(
            found.Header.CaseNo, found.Header.ReceivedOn, status.State.ApiName(), status.State.Zh(),
            status.Clocks.LastOrDefault(c => c.Timer == CaseTimer.Handle && c.Running)?.Due,
            milestones,
            [.. status.Outcomes.Select(o => new { claim = o.Claim + 1, outcome = o.Outcome.Zh() })],
            options.Choices,
            status.AcceptedOn is not null);
    }
}
