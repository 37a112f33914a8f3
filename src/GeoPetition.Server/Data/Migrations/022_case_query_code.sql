-- Query codes (查询码) for petitioners (issue #6; 《信访事项网上办理工作规程（试行）》: 可查询、可跟踪、可评价).
-- A code is issued with the acceptance notice and shown once; only its SHA-256 is stored. A reissue
-- is a new row; the newest row of a petition is the valid code. Append-only like the rest of the case.
CREATE TABLE case_query_code (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    petition_id bigint NOT NULL REFERENCES petition (id),
    code_sha256 text NOT NULL UNIQUE CHECK (code_sha256 ~ '^[0-9a-f]{64}$'),
    issued_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_query_code_petition ON case_query_code (petition_id, id);

CREATE TRIGGER case_query_code_append_only BEFORE UPDATE OR DELETE ON case_query_code
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
