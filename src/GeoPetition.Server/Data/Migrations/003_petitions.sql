-- Petitions (信访件), their claims (诉求) and verification results (核查结果).
-- Verifications are append-only (a trigger refuses UPDATE and DELETE): a new run is a new row.
CREATE SEQUENCE petition_case_seq;

CREATE TABLE petition (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_no text NOT NULL UNIQUE,
    -- A retried submission with the same Idempotency-Key returns this row instead of a new one.
    idempotency_key text UNIQUE,
    request_sha256 text NOT NULL,
    channel text NOT NULL,
    category text NOT NULL,
    subject text NOT NULL,
    received_on date NOT NULL,
    registered_at timestamptz NOT NULL DEFAULT now(),
    petitioners jsonb NOT NULL,
    is_collective boolean NOT NULL DEFAULT false,
    headcount integer,
    body text,
    -- 'given' when the petitioner gave a geometry; 'ref:<field>' when looked up from a reference.
    location_source text NOT NULL,
    location_crs text,
    location_input jsonb,
    location_accuracy text NOT NULL,
    tolerance_m double precision NOT NULL,
    -- County (6-digit) whose area contains the location; routing_review when within tolerance of its boundary.
    xzqdm text,
    routing_review boolean NOT NULL DEFAULT false,
    status text NOT NULL DEFAULT 'registered',
    geom geometry(Geometry, 4490) NOT NULL
);
CREATE INDEX petition_geom ON petition USING gist (geom);
CREATE INDEX petition_xzqdm ON petition (xzqdm text_pattern_ops);
CREATE INDEX petition_received ON petition (received_on, id);

CREATE TABLE petition_claim (
    petition_id bigint NOT NULL REFERENCES petition (id),
    ord integer NOT NULL,
    claim_type text NOT NULL,
    body text,
    refs jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (petition_id, ord)
);

CREATE TABLE verification (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- NULL for batch checks of change spots (subject_ref names the spot).
    petition_id bigint REFERENCES petition (id),
    subject_ref text,
    job_id bigint,
    created_at timestamptz NOT NULL DEFAULT now(),
    check_date date NOT NULL,
    as_of boolean NOT NULL,
    result_sha256 text NOT NULL CHECK (result_sha256 ~ '^[0-9a-f]{64}$'),
    finding text,
    layer_versions jsonb NOT NULL,
    result jsonb NOT NULL,
    changes jsonb
);
CREATE INDEX verification_petition ON verification (petition_id, id);
CREATE INDEX verification_job ON verification (job_id);

CREATE FUNCTION refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '% is append-only: rows are never updated or deleted', TG_TABLE_NAME;
END
$$;
CREATE TRIGGER verification_append_only BEFORE UPDATE OR DELETE ON verification
    FOR EACH ROW EXECUTE FUNCTION refuse_change();

-- Background jobs (batch verification).
CREATE TABLE job (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind text NOT NULL,
    parameters jsonb NOT NULL,
    state text NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'running', 'succeeded', 'failed')),
    total integer,
    done integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0,
    summary jsonb,
    error text,
    created_at timestamptz NOT NULL DEFAULT now(),
    started_at timestamptz,
    finished_at timestamptz
);
