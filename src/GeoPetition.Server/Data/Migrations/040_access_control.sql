-- Access control (issue #8): staff accounts, API keys, login sessions, the audit trail, encrypted
-- petitioner data and the unit that owns each job. See docs/security.md.

-- Staff accounts. unit is the administrative code the account belongs to (6, 9 or 12 digits;
-- 000000 = national, sees every unit and unrouted petitions). password_hash is ASP.NET Core
-- Identity's PasswordHasher format (PBKDF2-HMAC-SHA512, salted, iteration count inside).
CREATE TABLE account (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{1,62}$'),
    display_name text NOT NULL,
    role text NOT NULL CHECK (role IN ('registrar', 'case_officer', 'lead_official', 'supervisor', 'auditor', 'administrator')),
    unit text NOT NULL CHECK (unit ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12})$'),
    password_hash text NOT NULL,
    disabled_at timestamptz,
    created_at timestamptz NOT NULL DEFAULT now(),
    last_login_at timestamptz
);

-- A login: the bearer token names its session (jti); logout or disabling the account revokes it.
CREATE TABLE account_session (
    id uuid PRIMARY KEY,
    account_id bigint NOT NULL REFERENCES account (id),
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    client_address text
);
CREATE INDEX account_session_account ON account_session (account_id);

-- API keys of other systems. Only the SHA-256 of the secret is stored; prefix is the first
-- characters of the key, shown in lists so a key can be recognised. scopes: read_layers,
-- submit_petitions, read_cases, write_cases.
CREATE TABLE api_key (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name text NOT NULL,
    prefix text NOT NULL,
    key_sha256 text NOT NULL UNIQUE CHECK (key_sha256 ~ '^[0-9a-f]{64}$'),
    unit text NOT NULL CHECK (unit ~ '^([0-9]{6}|[0-9]{9}|[0-9]{12})$'),
    scopes text[] NOT NULL CHECK (scopes <@ ARRAY['read_layers', 'submit_petitions', 'read_cases', 'write_cases']::text[] AND cardinality(scopes) > 0),
    created_by text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    revoked_at timestamptz,
    last_used_at timestamptz
);

-- The audit trail: every change and every read of personal data. Append-only: the trigger refuses
-- UPDATE and DELETE (and TRUNCATE), whoever asks.
CREATE TABLE audit_log (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at timestamptz NOT NULL DEFAULT now(),
    actor text NOT NULL,
    role text,
    unit text,
    action text NOT NULL,
    method text,
    path text,
    status integer,
    petition_id bigint,
    detail text,
    client_address text
);
CREATE INDEX audit_log_at ON audit_log (at, id);
CREATE INDEX audit_log_petition ON audit_log (petition_id) WHERE petition_id IS NOT NULL;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION refuse_change();

-- Petitioner data at rest: petitioners_enc is AES-256-GCM (nonce | ciphertext | tag) of the JSON
-- array under the key named by petitioners_key; the petitioners column keeps only masked values
-- (张*, 5101**********1234). Rows written before this migration are encrypted at the next server
-- start (PersonalDataProtector.EncryptPendingAsync).
ALTER TABLE petition ADD COLUMN petitioners_enc bytea, ADD COLUMN petitioners_key text;

-- The unit that started a job; a job is visible to that unit and the units above it.
ALTER TABLE job ADD COLUMN owner_unit text;
