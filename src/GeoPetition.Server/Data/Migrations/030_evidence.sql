-- Evidence (issue #7): attachments, generated reports, and each case's tamper-evident chain.
-- All three tables are append-only (refuse_change() from 003): a correction is a new attachment
-- that names the one it supersedes. File bytes live on disk, content-addressed by SHA-256
-- (GeoPetition:Evidence:StorageDir); these rows hold metadata and hashes.
CREATE TABLE evidence_attachment (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    -- photo | document | field_check | verification_link
    kind text NOT NULL CHECK (kind IN ('photo', 'document', 'field_check', 'verification_link')),
    -- The file, when there is one: SHA-256 computed by the server while streaming the upload.
    file_sha256 text CHECK (file_sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint CHECK (size_bytes > 0),
    media_type text,
    file_name text,
    -- Photo EXIF (taken_at, gps as given), field check (inspector, date, notes), position source.
    metadata jsonb NOT NULL DEFAULT '{}',
    -- Where the photo was taken or the field check made (EPSG:4490, converted from the input CRS).
    geom geometry(Point, 4490),
    verification_id bigint REFERENCES verification (id),
    supersedes bigint REFERENCES evidence_attachment (id),
    note text,
    idempotency_key text,
    created_at timestamptz NOT NULL DEFAULT now(),
    CHECK ((file_sha256 IS NULL) = (size_bytes IS NULL))
);
CREATE INDEX evidence_attachment_petition ON evidence_attachment (petition_id, id);
CREATE UNIQUE INDEX evidence_attachment_idempotency ON evidence_attachment (petition_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Every generated report.pdf, stored like an attachment (content-addressed) so it can be re-checked.
CREATE TABLE evidence_report (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    pdf_sha256 text NOT NULL CHECK (pdf_sha256 ~ '^[0-9a-f]{64}$'),
    size_bytes bigint NOT NULL,
    -- SHA-256 of the report's canonical content (printed in the PDF itself).
    content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    generated_at timestamptz NOT NULL
);
CREATE INDEX evidence_report_petition ON evidence_report (petition_id, id);

-- The chain: entry seq of a petition stands for one record (kind + ref_id) with its content hash,
-- and is bound to entry seq-1 by previous_sha256 (64 zeros for the first). See docs/evidence.md.
CREATE TABLE evidence_chain (
    petition_id bigint NOT NULL REFERENCES petition (id),
    seq integer NOT NULL CHECK (seq >= 1),
    kind text NOT NULL CHECK (kind IN ('Attachment', 'Verification', 'Transition', 'Report')),
    ref_id text NOT NULL,
    content_sha256 text NOT NULL CHECK (content_sha256 ~ '^[0-9a-f]{64}$'),
    previous_sha256 text NOT NULL CHECK (previous_sha256 ~ '^[0-9a-f]{64}$'),
    entry_sha256 text NOT NULL CHECK (entry_sha256 ~ '^[0-9a-f]{64}$'),
    recorded_at timestamptz NOT NULL,
    PRIMARY KEY (petition_id, seq),
    UNIQUE (petition_id, kind, ref_id)
);

CREATE TRIGGER evidence_attachment_append_only BEFORE UPDATE OR DELETE ON evidence_attachment
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER evidence_report_append_only BEFORE UPDATE OR DELETE ON evidence_report
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER evidence_chain_append_only BEFORE UPDATE OR DELETE ON evidence_chain
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
