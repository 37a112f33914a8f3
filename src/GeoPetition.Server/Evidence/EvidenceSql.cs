namespace GeoPetition.Server.Evidence;

/// <summary>
/// SQL of evidence, kept in one place. The <c>…Rows</c> queries give every record a case's chain can
/// stand for as (kind, ref_id, created_at, fields), where fields is a text array of name/value
/// pairs covering every column of the row, rendered independently of session settings (UTC times
/// with microseconds, ISO dates, jsonb in its normalised text form, geometry as hex EWKB). The
/// content hash of a record is <see cref="Core.Evidence.Canonical.Hash"/> over those pairs.
/// </summary>
internal static class EvidenceSql
{
    private const string Ts = "to_char({0} AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";

    private static string T(string column) => string.Format(System.Globalization.CultureInfo.InvariantCulture, Ts, column);

    private static string D(string column) => $"to_char({column}, 'YYYY-MM-DD')";

    public static readonly string VerificationRows = $"""
        SELECT 'Verification', v.id::text, v.created_at, ARRAY[
            'id', v.id::text, 'petition_id', v.petition_id::text, 'subject_ref', v.subject_ref, 'job_id', v.job_id::text,
            'created_at', {T("v.created_at")}, 'check_date', {D("v.check_date")}, 'as_of', v.as_of::text,
            'result_sha256', v.result_sha256, 'finding', v.finding, 'layer_versions', v.layer_versions::text,
            'result', v.result::text, 'changes', v.changes::text]
        FROM verification v WHERE v.petition_id = @id
        """;

    public static readonly string TransitionRows = $"""
        SELECT 'Transition', e.seq::text, e.created_at, ARRAY[
            'petition_id', e.petition_id::text, 'seq', e.seq::text, 'action', e.action, 'from_state', e.from_state,
            'to_state', e.to_state, 'actor', e.actor, 'organ', e.organ, 'document_no', e.document_no,
            'event_date', {D("e.event_date")}, 'served_date', {D("e.served_date")}, 'legal_basis', e.legal_basis,
            'payload', e.payload::text, 'idempotency_key', e.idempotency_key, 'request_sha256', e.request_sha256,
            'created_at', {T("e.created_at")}]
        FROM case_event e WHERE e.petition_id = @id
        """;

    public static readonly string AttachmentRows = $"""
        SELECT 'Attachment', a.id::text, a.created_at, ARRAY[
            'id', a.id::text, 'petition_id', a.petition_id::text, 'kind', a.kind, 'file_sha256', a.file_sha256,
            'size_bytes', a.size_bytes::text, 'media_type', a.media_type, 'file_name', a.file_name,
            'metadata', a.metadata::text, 'geom', encode(ST_AsEWKB(a.geom), 'hex'), 'verification_id', a.verification_id::text,
            'supersedes', a.supersedes::text, 'note', a.note, 'idempotency_key', a.idempotency_key,
            'created_at', {T("a.created_at")}],
            a.file_sha256
        FROM evidence_attachment a WHERE a.petition_id = @id
        """;

    public static readonly string ReportRows = $"""
        SELECT 'Report', r.id::text, r.generated_at, ARRAY[
            'id', r.id::text, 'petition_id', r.petition_id::text, 'pdf_sha256', r.pdf_sha256, 'size_bytes', r.size_bytes::text,
            'content_sha256', r.content_sha256, 'generated_at', {T("r.generated_at")}],
            r.pdf_sha256
        FROM evidence_report r WHERE r.petition_id = @id
        """;

    /// <summary>Verification results and transitions not yet in the chain, in the order they happened.</summary>
    public static readonly string Unchained = $"""
        SELECT * FROM ({VerificationRows} UNION ALL {TransitionRows}) r (kind, ref_id, at, fields)
        WHERE NOT EXISTS (SELECT 1 FROM evidence_chain c WHERE c.petition_id = @id AND c.kind = r.kind AND c.ref_id = r.ref_id)
        ORDER BY r.at, r.kind, length(r.ref_id), r.ref_id
        """;

    /// <summary>Serialises appends to one case's chain (transaction-scoped advisory lock on ('EVID', petition id)).</summary>
    public const string Lock = "SELECT pg_advisory_xact_lock(1163282756, hashint8(@id))";

    public const string Head = "SELECT seq, entry_sha256 FROM evidence_chain WHERE petition_id = @id ORDER BY seq DESC LIMIT 1";

    public const string InsertEntry = """
        INSERT INTO evidence_chain (petition_id, seq, kind, ref_id, content_sha256, previous_sha256, entry_sha256, recorded_at)
        VALUES (@id, @seq, @kind, @ref, @content, @previous, @entry, @at)
        """;

    public const string Chain = """
        SELECT petition_id, seq, kind, ref_id, content_sha256, previous_sha256, recorded_at, entry_sha256
        FROM evidence_chain WHERE petition_id = @id ORDER BY seq
        """;

    public const string InsertAttachment = """
        INSERT INTO evidence_attachment (petition_id, kind, file_sha256, size_bytes, media_type, file_name, metadata, geom,
            verification_id, supersedes, note, idempotency_key)
        VALUES (@id, @kind, @sha, @size, @media, @name, @metadata::jsonb, @geom, @verification, @supersedes, @note, @key)
        RETURNING id
        """;

    public const string AttachmentColumns = """
        a.id, a.petition_id, a.kind, a.file_sha256, a.size_bytes, a.media_type, a.file_name, a.metadata::text,
        ST_X(a.geom), ST_Y(a.geom), a.verification_id, a.supersedes, a.note, a.created_at,
        (SELECT min(s.id) FROM evidence_attachment s WHERE s.supersedes = a.id)
        """;

    public const string Attachments = $"SELECT {AttachmentColumns} FROM evidence_attachment a WHERE a.petition_id = @id ORDER BY a.id";

    public const string AttachmentByKey = $"SELECT {AttachmentColumns} FROM evidence_attachment a WHERE a.petition_id = @id AND a.idempotency_key = @key";

    public const string VerificationOfPetition = "SELECT EXISTS (SELECT 1 FROM verification WHERE id = @v AND petition_id = @id)";

    public const string AttachmentOfPetition = "SELECT EXISTS (SELECT 1 FROM evidence_attachment WHERE id = @a AND petition_id = @id)";

    public const string InsertReport = """
        INSERT INTO evidence_report (petition_id, pdf_sha256, size_bytes, content_sha256, generated_at)
        VALUES (@id, @sha, @size, @content, @at) RETURNING id
        """;
}
