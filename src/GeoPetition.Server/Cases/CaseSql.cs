using GeoPetition.Server.Data;

namespace GeoPetition.Server.Cases;

/// <summary>SQL of the case workflow, kept in one place; every read of petitions goes through <see cref="JurisdictionScope"/>.</summary>
internal static class CaseSql
{
    private static readonly string Scope = JurisdictionScope.Condition("p");

    /// <summary>The petition's case header; <c>FOR UPDATE</c> serialises writers of one case.</summary>
    public static string Header(bool forUpdate) => $"""
        SELECT p.id, p.case_no, p.received_on, p.status,
               (SELECT count(*)::int FROM petition_claim c WHERE c.petition_id = p.id),
               COALESCE((SELECT max(e.seq) FROM case_event e WHERE e.petition_id = p.id), 0)
        FROM petition p
        WHERE p.id = @id AND {Scope}
        {(forUpdate ? "FOR UPDATE OF p" : "")}
        """;

    /// <summary>The version counter alone (ETag of GET /api/petitions/{id}).</summary>
    public static readonly string Version = $"""
        SELECT COALESCE((SELECT max(e.seq) FROM case_event e WHERE e.petition_id = p.id), 0)
        FROM petition p WHERE p.id = @id AND {Scope}
        """;

    private const string EventColumns = """
        e.petition_id, e.seq, e.action, e.from_state, e.to_state, e.actor, e.organ, e.document_no, e.event_date,
        e.served_date, e.legal_basis, e.payload::text, e.created_at
        """;

    public const string Events = $"SELECT {EventColumns} FROM case_event e WHERE e.petition_id = @id ORDER BY e.seq";

    public const string EventByKey = $"SELECT {EventColumns}, e.request_sha256 FROM case_event e WHERE e.petition_id = @id AND e.idempotency_key = @key";

    /// <summary>The events of every petition in scope, optionally restricted (ledger and statistics).</summary>
    public static readonly string EventsInScope = $"""
        SELECT {EventColumns} FROM case_event e JOIN petition p ON p.id = e.petition_id
        WHERE {Scope} AND p.id = ANY(@ids)
        ORDER BY e.petition_id, e.seq
        """;

    public const string Insert = """
        INSERT INTO case_event (petition_id, seq, action, from_state, to_state, actor, organ, document_no, event_date,
            served_date, legal_basis, payload, idempotency_key, request_sha256)
        VALUES (@id, @seq, @action, @from, @to, @actor, @organ, @doc, @date, @served, @basis, @payload::jsonb, @key, @sha)
        RETURNING created_at
        """;

    public const string SetStatus = "UPDATE petition SET status = @status WHERE id = @id";

    public const string ScheduleLookBack = "INSERT INTO look_back (petition_id, close_seq, closed_on, due_on) VALUES (@id, @seq, @closed, @due)";
}
