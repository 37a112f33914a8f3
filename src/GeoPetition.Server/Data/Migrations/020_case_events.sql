-- Case workflow (issue #6): every transition of a petition's case is one row of case_event,
-- numbered 1, 2, … per petition. Rows are never updated or deleted (refuse_change() from 003);
-- petition.status is set to the last event's to_state in the same transaction.
CREATE TABLE case_event (
    petition_id bigint NOT NULL REFERENCES petition (id),
    -- The version counter the ETag carries: the first transition is 1.
    seq integer NOT NULL CHECK (seq >= 1),
    action text NOT NULL,
    from_state text NOT NULL,
    to_state text NOT NULL,
    actor text NOT NULL,
    organ text,
    -- 告知书/意见书/协议书 number.
    document_no text,
    event_date date NOT NULL,
    -- When the petitioner (or, for a transfer, the receiving body) received the document.
    served_date date,
    legal_basis text NOT NULL,
    -- Extension days and approval, per-claim outcomes, waiver, reason: see CaseStore.
    payload jsonb NOT NULL DEFAULT '{}',
    -- A retried POST with the same Idempotency-Key returns this row instead of recording another.
    idempotency_key text,
    request_sha256 text,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (petition_id, seq)
);
CREATE UNIQUE INDEX case_event_idempotency ON case_event (petition_id, idempotency_key) WHERE idempotency_key IS NOT NULL;
CREATE INDEX case_event_to_state ON case_event (to_state, event_date);

CREATE TRIGGER case_event_append_only BEFORE UPDATE OR DELETE ON case_event
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
