-- Bureau practice around the statutory track (issue #6): 包案, 一案一策, progress notes, 挂牌督办/销号,
-- 回头看, satisfaction, repeat detection, 类案 groups. Every table is append-only (refuse_change()
-- from 003): a reassignment, a new plan version, a re-check or an unlink is a new row.

-- 包案 (CaseLead): the lead official and responsible units; the latest row is current.
CREATE TABLE case_lead (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    lead_official text NOT NULL,
    lead_title text,
    units text[] NOT NULL DEFAULT '{}',
    assigned_by text NOT NULL,
    assigned_on date NOT NULL,
    note text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_lead_petition ON case_lead (petition_id, id);

-- 一案一策: the plan of a case, versioned; measures are [{measure, responsiblePerson, deadline}].
CREATE TABLE case_plan (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    version integer NOT NULL,
    measures jsonb NOT NULL,
    responsible_person text NOT NULL,
    deadline date,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (petition_id, version)
);

-- Dated progress notes (weekly dispatch, 周调度).
CREATE TABLE case_note (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    note_date date NOT NULL,
    author text NOT NULL,
    body text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_note_petition ON case_note (petition_id, note_date, id);

-- 挂牌督办 (SupervisionListing) with its closing criteria (a JSON array of texts).
CREATE TABLE supervision_listing (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    listed_on date NOT NULL,
    listed_by text NOT NULL,
    organ text NOT NULL,
    deadline date,
    reason text,
    criteria jsonb NOT NULL CHECK (jsonb_typeof(criteria) = 'array' AND jsonb_array_length(criteria) > 0),
    require_conclusion boolean NOT NULL DEFAULT true,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX supervision_listing_petition ON supervision_listing (petition_id, id);

CREATE TABLE supervision_check (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    listing_id bigint NOT NULL REFERENCES supervision_listing (id),
    criterion integer NOT NULL CHECK (criterion >= 0),
    met boolean NOT NULL,
    evidence text,
    checked_by text NOT NULL,
    checked_on date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX supervision_check_listing ON supervision_check (listing_id, criterion, id);

-- 销号 (StrikeOff): at most one per listing; records who and why.
CREATE TABLE supervision_strike_off (
    listing_id bigint PRIMARY KEY REFERENCES supervision_listing (id),
    struck_on date NOT NULL,
    struck_by text NOT NULL,
    reason text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- 回头看 (LookBack): scheduled when a case is closed (close_seq = the closing event), done once.
CREATE TABLE look_back (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    close_seq integer NOT NULL,
    closed_on date NOT NULL,
    due_on date NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (petition_id, close_seq)
);
CREATE INDEX look_back_due ON look_back (due_on);

CREATE TABLE look_back_result (
    look_back_id bigint PRIMARY KEY REFERENCES look_back (id),
    done_on date NOT NULL,
    done_by text NOT NULL,
    result text NOT NULL CHECK (result IN ('confirmed', 'reopened')),
    note text,
    -- The reopen transition recorded with it (a rebound, 反弹).
    reopen_seq integer,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Satisfaction evaluations (满意度评价); the choices are configured (GeoPetition:Cases:SatisfactionChoices).
CREATE TABLE satisfaction_evaluation (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    stage text NOT NULL CHECK (stage IN ('acceptance', 'handling')),
    choice text NOT NULL,
    evaluated_on date NOT NULL,
    channel text NOT NULL,
    comment text,
    recorded_by text,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX satisfaction_evaluation_petition ON satisfaction_evaluation (petition_id, id);

-- Repeat detection: HMAC-SHA256 of each petitioner's ID number under GeoPetition:Security:RepeatKey.
-- The ID number itself is never stored here; key_hash is NULL for a petitioner without one, so a
-- petition with rows has been keyed.
CREATE TABLE petitioner_key (
    petition_id bigint NOT NULL REFERENCES petition (id),
    ord integer NOT NULL,
    key_hash text CHECK (key_hash ~ '^[0-9a-f]{64}$'),
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (petition_id, ord)
);
CREATE INDEX petitioner_key_hash ON petitioner_key (key_hash) WHERE key_hash IS NOT NULL;

-- Links between petitions, from the later to the earlier; the latest row per pair is in force.
CREATE TABLE petition_link (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    related_id bigint NOT NULL REFERENCES petition (id),
    kind text NOT NULL CHECK (kind IN ('related', 'duplicate_of', 'unlinked')),
    reasons text[] NOT NULL DEFAULT '{}',
    source text NOT NULL CHECK (source IN ('auto', 'officer')),
    created_by text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK (petition_id <> related_id)
);
CREATE INDEX petition_link_petition ON petition_link (petition_id, related_id, id);
CREATE INDEX petition_link_related ON petition_link (related_id, petition_id, id);

-- 类案 (CaseGroup): cases sharing a cause, handled together.
CREATE TABLE case_group (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    cause_kind text NOT NULL CHECK (cause_kind IN ('approval_batch', 'project', 'spatial_cluster', 'other')),
    cause_ref text,
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE case_group_member (
    group_id bigint NOT NULL REFERENCES case_group (id),
    petition_id bigint NOT NULL REFERENCES petition (id),
    added_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (group_id, petition_id)
);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['case_lead', 'case_plan', 'case_note', 'supervision_listing', 'supervision_check',
        'supervision_strike_off', 'look_back', 'look_back_result', 'satisfaction_evaluation', 'petitioner_key',
        'petition_link', 'case_group', 'case_group_member']
    LOOP
        EXECUTE format('CREATE TRIGGER %I BEFORE UPDATE OR DELETE ON %I FOR EACH ROW EXECUTE FUNCTION refuse_change()', t || '_append_only', t);
    END LOOP;
END
$$;
