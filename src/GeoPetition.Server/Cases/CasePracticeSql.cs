using GeoPetition.Server.Data;

namespace GeoPetition.Server.Cases;

/// <summary>SQL of bureau practice (包案, 一案一策, notes, 督办/销号, 回头看, 评价, repeats, 类案), kept in one place.</summary>
internal static class CasePracticeSql
{
    private static readonly string Scope = JurisdictionScope.Condition("p");

    public const string InsertLead = """
        INSERT INTO case_lead (petition_id, lead_official, lead_title, units, assigned_by, assigned_on, note)
        VALUES (@id, @lead, @title, @units, @by, @on, @note)
        RETURNING id, created_at
        """;

    public const string Leads = "SELECT id, lead_official, lead_title, units, assigned_by, assigned_on, note, created_at FROM case_lead WHERE petition_id = @id ORDER BY id DESC";

    public const string InsertPlan = """
        INSERT INTO case_plan (petition_id, version, measures, responsible_person, deadline, created_by)
        VALUES (@id, (SELECT COALESCE(max(version), 0) + 1 FROM case_plan WHERE petition_id = @id), @measures::jsonb, @person, @deadline, @by)
        RETURNING version, created_at
        """;

    public const string Plans = "SELECT version, measures::text, responsible_person, deadline, created_by, created_at FROM case_plan WHERE petition_id = @id ORDER BY version DESC";

    public const string InsertNote = "INSERT INTO case_note (petition_id, note_date, author, body) VALUES (@id, @date, @author, @body) RETURNING id, created_at";

    public const string Notes = "SELECT id, note_date, author, body, created_at FROM case_note WHERE petition_id = @id ORDER BY note_date, id";

    public const string InsertListing = """
        INSERT INTO supervision_listing (petition_id, listed_on, listed_by, organ, deadline, reason, criteria, require_conclusion)
        VALUES (@id, @on, @by, @organ, @deadline, @reason, @criteria::jsonb, @require)
        RETURNING id
        """;

    public const string Listings = """
        SELECT l.id, l.listed_on, l.listed_by, l.organ, l.deadline, l.reason, l.criteria::text, l.require_conclusion,
               s.struck_on, s.struck_by, s.reason
        FROM supervision_listing l LEFT JOIN supervision_strike_off s ON s.listing_id = l.id
        WHERE l.petition_id = @id ORDER BY l.id
        """;

    public const string Checks = """
        SELECT c.listing_id, c.criterion, c.met, c.evidence, c.checked_by, c.checked_on
        FROM supervision_check c JOIN supervision_listing l ON l.id = c.listing_id
        WHERE l.petition_id = @id ORDER BY c.id
        """;

    public const string InsertCheck = """
        INSERT INTO supervision_check (listing_id, criterion, met, evidence, checked_by, checked_on)
        VALUES (@listing, @criterion, @met, @evidence, @by, @on)
        """;

    public const string InsertStrikeOff = """
        INSERT INTO supervision_strike_off (listing_id, struck_on, struck_by, reason) VALUES (@listing, @on, @by, @reason)
        ON CONFLICT (listing_id) DO NOTHING
        """;

    /// <summary>Listed cases in scope (督办台账), active ones first.</summary>
    public static readonly string SupervisedInScope = $"""
        SELECT p.id, p.case_no, p.xzqdm, p.subject, l.id, l.listed_on, l.organ, l.deadline, l.criteria::text, s.struck_on, s.struck_by, s.reason
        FROM supervision_listing l
        JOIN petition p ON p.id = l.petition_id
        LEFT JOIN supervision_strike_off s ON s.listing_id = l.id
        WHERE {Scope} AND (@active::boolean IS NULL OR (s.listing_id IS NULL) = @active)
        ORDER BY (s.listing_id IS NULL) DESC, l.deadline NULLS LAST, l.id
        """;

    public const string LookBacks = """
        SELECT b.id, b.close_seq, b.closed_on, b.due_on, r.result, r.done_on, r.done_by, r.note, r.reopen_seq
        FROM look_back b LEFT JOIN look_back_result r ON r.look_back_id = b.id
        WHERE b.petition_id = @id ORDER BY b.id
        """;

    /// <summary>Look-backs not yet done and due by @on, in scope.</summary>
    public static readonly string DueLookBacks = $"""
        SELECT b.id, p.id, p.case_no, p.xzqdm, p.subject, b.closed_on, b.due_on
        FROM look_back b JOIN petition p ON p.id = b.petition_id
        WHERE {Scope} AND b.due_on <= @on AND NOT EXISTS (SELECT 1 FROM look_back_result r WHERE r.look_back_id = b.id)
        ORDER BY b.due_on, b.id
        """;

    public const string LookBackById = """
        SELECT b.id, b.close_seq, b.closed_on, b.due_on, r.result
        FROM look_back b LEFT JOIN look_back_result r ON r.look_back_id = b.id
        WHERE b.id = @lb AND b.petition_id = @id
        """;

    public const string InsertLookBackResult = """
        INSERT INTO look_back_result (look_back_id, done_on, done_by, result, note, reopen_seq)
        VALUES (@lb, @on, @by, @result, @note, @seq)
        ON CONFLICT (look_back_id) DO NOTHING
        """;

    public const string InsertEvaluation = """
        INSERT INTO satisfaction_evaluation (petition_id, stage, choice, evaluated_on, channel, comment, recorded_by)
        VALUES (@id, @stage, @choice, @on, @channel, @comment, @by)
        RETURNING id
        """;

    public const string Evaluations = "SELECT id, stage, choice, evaluated_on, channel, comment, recorded_by FROM satisfaction_evaluation WHERE petition_id = @id ORDER BY id";

    /// <summary>The petitioners of one petition in scope (to key them).</summary>
    public static readonly string Petitioners = $"SELECT p.petitioners::text FROM petition p WHERE p.id = @id AND {Scope}";

    /// <summary>Petitions in scope not yet keyed, oldest first.</summary>
    public static readonly string Unkeyed = $"""
        SELECT p.id, p.petitioners_enc, p.petitioners_key FROM petition p
        WHERE {Scope} AND p.petitioners_enc IS NOT NULL AND NOT EXISTS (SELECT 1 FROM petitioner_key k WHERE k.petition_id = p.id)
        ORDER BY p.id LIMIT @limit
        """;

    public const string InsertKey = "INSERT INTO petitioner_key (petition_id, ord, key_hash) VALUES (@id, @ord, @hash) ON CONFLICT DO NOTHING";

    /// <summary>
    /// Candidates related to petition @id (in scope): the same petitioner key, the same subject within
    /// both tolerances plus @radius metres, or a shared claim reference. One row per candidate with flags.
    /// </summary>
    public static readonly string RepeatCandidates = $"""
        WITH me AS (SELECT id, subject, geom, tolerance_m, received_on FROM petition WHERE id = @id)
        SELECT p.id, p.received_on, p.status,
               EXISTS (SELECT 1 FROM petitioner_key a JOIN petitioner_key b ON a.key_hash = b.key_hash
                       WHERE a.petition_id = me.id AND b.petition_id = p.id) AS same_petitioner,
               ST_DWithin(p.geom::geography, me.geom::geography, p.tolerance_m + me.tolerance_m + @radius) AS nearby,
               p.subject = me.subject AS same_subject,
               EXISTS (SELECT 1 FROM petition_claim a, jsonb_each_text(a.refs) ar, petition_claim b, jsonb_each_text(b.refs) br
                       WHERE a.petition_id = me.id AND b.petition_id = p.id AND ar.key = br.key AND ar.value = br.value
                         AND ar.key <> 'dispute') AS same_reference
        FROM petition p, me
        WHERE p.id <> me.id AND {Scope}
          AND (EXISTS (SELECT 1 FROM petitioner_key a JOIN petitioner_key b ON a.key_hash = b.key_hash
                       WHERE a.petition_id = me.id AND b.petition_id = p.id)
               OR (p.subject = me.subject AND ST_DWithin(p.geom::geography, me.geom::geography, p.tolerance_m + me.tolerance_m + @radius))
               OR EXISTS (SELECT 1 FROM petition_claim a, jsonb_each_text(a.refs) ar, petition_claim b, jsonb_each_text(b.refs) br
                       WHERE a.petition_id = me.id AND b.petition_id = p.id AND ar.key = br.key AND ar.value = br.value AND ar.key <> 'dispute'))
        ORDER BY p.received_on, p.id
        """;

    /// <summary>The link in force per pair touching @id (latest row per unordered pair), with the other petition's case number.</summary>
    public static readonly string Links = $"""
        SELECT DISTINCT ON (least(l.petition_id, l.related_id), greatest(l.petition_id, l.related_id))
               l.petition_id, l.related_id, l.kind, l.reasons, l.source, l.created_by, l.created_at,
               o.case_no
        FROM petition_link l
        JOIN petition o ON o.id = CASE WHEN l.petition_id = @id THEN l.related_id ELSE l.petition_id END
        JOIN petition p ON p.id = o.id
        WHERE (l.petition_id = @id OR l.related_id = @id) AND {Scope}
        ORDER BY least(l.petition_id, l.related_id), greatest(l.petition_id, l.related_id), l.id DESC
        """;

    public const string InsertLink = """
        INSERT INTO petition_link (petition_id, related_id, kind, reasons, source, created_by)
        VALUES (@from, @to, @kind, @reasons, @source, @by)
        """;

    public const string CreateGroup = "INSERT INTO case_group (name, cause_kind, cause_ref, created_by) VALUES (@name, @kind, @ref, @by) RETURNING id";

    public const string AddMember = "INSERT INTO case_group_member (group_id, petition_id, added_by) VALUES (@group, @id, @by) ON CONFLICT DO NOTHING";

    /// <summary>Groups with their members in scope (a group shows only the members the caller may see).</summary>
    public static readonly string Groups = $"""
        SELECT g.id, g.name, g.cause_kind, g.cause_ref, g.created_by, g.created_at,
               array_agg(p.id ORDER BY p.id), array_agg(p.case_no ORDER BY p.id)
        FROM case_group g JOIN case_group_member m ON m.group_id = g.id JOIN petition p ON p.id = m.petition_id
        WHERE {Scope} AND (@group::bigint IS NULL OR g.id = @group)
        GROUP BY g.id ORDER BY g.id
        """;

    /// <summary>Open cases in scope with their subject, a point, and their approval-batch and supply references.</summary>
    public static readonly string OpenCases = $"""
        SELECT p.id, p.case_no, p.subject, ST_X(ST_PointOnSurface(p.geom)), ST_Y(ST_PointOnSurface(p.geom)),
               (SELECT array_agg(DISTINCT c.refs->>'pzwh') FROM petition_claim c WHERE c.petition_id = p.id AND c.refs->>'pzwh' IS NOT NULL),
               (SELECT array_agg(DISTINCT c.refs->>'dzjgh') FROM petition_claim c WHERE c.petition_id = p.id AND c.refs->>'dzjgh' IS NOT NULL)
        FROM petition p
        WHERE {Scope} AND p.status NOT IN ('closed', 'final', 'not_accepted', 'redirected')
        ORDER BY p.id
        """;
}
