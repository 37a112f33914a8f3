using GeoPetition.Server.Data;

namespace GeoPetition.Server.Petitions;

/// <summary>SQL of petitions, kept in one place; every read goes through <see cref="JurisdictionScope"/>.</summary>
internal static class PetitionSql
{
    public const string Insert = """
        INSERT INTO petition (case_no, idempotency_key, request_sha256, channel, category, subject, received_on,
            petitioners, petitioners_enc, petitioners_key, is_collective, headcount, body, location_source, location_crs, location_input,
            location_accuracy, tolerance_m, xzqdm, routing_review, geom)
        VALUES ('XF' || to_char(@received, 'YYYY') || lpad(nextval('petition_case_seq')::text, 6, '0'),
            @key, @sha, @channel, @category, @subject, @received, @petitioners::jsonb, @petitioners_enc, @petitioners_key, @collective, @headcount, @body,
            @source, @crs, @input::jsonb, @accuracy, @tolerance, @xzqdm, @review, @geom)
        ON CONFLICT (idempotency_key) DO NOTHING
        RETURNING id
        """;

    public const string InsertClaim = "INSERT INTO petition_claim (petition_id, ord, claim_type, body, refs) VALUES (@id, @ord, @type, @body, @refs::jsonb)";

    public const string ByIdempotencyKey = "SELECT id, request_sha256 FROM petition WHERE idempotency_key = @key";

    private const string Columns = """
        p.id, p.case_no, p.channel, p.category, p.subject, p.received_on, p.registered_at, p.status, p.xzqdm, p.routing_review,
        p.petitioners::text, p.is_collective, p.headcount, p.body, p.location_source, p.location_crs, p.location_accuracy, p.tolerance_m,
        ST_AsGeoJSON(p.geom, 7), ST_X(ST_PointOnSurface(p.geom)), ST_Y(ST_PointOnSurface(p.geom)),
        (SELECT json_agg(json_build_object('type', c.claim_type, 'text', c.body, 'refs', c.refs) ORDER BY c.ord)::text FROM petition_claim c WHERE c.petition_id = p.id),
        (SELECT v.finding FROM verification v WHERE v.petition_id = p.id ORDER BY v.id DESC LIMIT 1)
        """;

    /// <summary>The encrypted petitioners of one petition in scope (decrypted only for roles that need them).</summary>
    public static readonly string Petitioners = $"SELECT p.petitioners_enc, p.petitioners_key FROM petition p WHERE p.id = @id AND {JurisdictionScope.Condition("p")}";

    public static readonly string ById = $"SELECT {Columns} FROM petition p WHERE p.id = @id AND {JurisdictionScope.Condition("p")}";

    public static string List(bool bbox) => $"""
        SELECT {Columns} FROM petition p
        WHERE {JurisdictionScope.Condition("p")}
          AND (@subject::text IS NULL OR p.subject = @subject)
          AND (@status::text IS NULL OR p.status = @status)
          AND (@from::date IS NULL OR p.received_on >= @from)
          AND (@to::date IS NULL OR p.received_on <= @to)
          AND p.id < @before
          {(bbox ? "AND p.geom && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490) AND ST_Intersects(p.geom, ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490))" : "")}
        ORDER BY p.id DESC
        LIMIT @limit
        """;

    /// <summary>The county whose area contains a point, from the current jurisdiction layers, and the distance to its boundary (m).</summary>
    public const string CountyAt = """
        SELECT j.xzqdm, ST_Distance(ST_Boundary(j.geom)::geography, @pt::geography)
        FROM jurisdiction j JOIN layer l ON l.current_version_id = j.version_id
        WHERE length(j.xzqdm) = 6 AND right(j.xzqdm, 2) <> '00' AND j.geom && @pt AND ST_Intersects(j.geom, @pt)
        ORDER BY j.xzqdm LIMIT 1
        """;

    public const string HasJurisdictions = """
        SELECT EXISTS (SELECT 1 FROM jurisdiction j JOIN layer l ON l.current_version_id = j.version_id WHERE length(j.xzqdm) = 6)
        """;
}
