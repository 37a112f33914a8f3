-- The layer catalog: each layer is an instance of a layer kind (its table); each import is a
-- version. Versions are never deleted: a verification names the versions it consulted, and an
-- as-of verification selects the version that was current at a date (valid_from <= t < valid_to).
CREATE EXTENSION IF NOT EXISTS postgis;

CREATE TABLE layer (
    id text PRIMARY KEY CHECK (id ~ '^[a-z][a-z0-9_]{1,62}$'),
    kind text NOT NULL,
    title text NOT NULL,
    restricted boolean NOT NULL DEFAULT false,
    created_at timestamptz NOT NULL DEFAULT now(),
    current_version_id integer
);

CREATE TABLE layer_version (
    id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    layer_id text NOT NULL REFERENCES layer (id),
    -- loading: import under way; current: the version reads see; superseded: replaced by a later
    -- import (kept for as-of reads); failed: never visible, kept with its report.
    state text NOT NULL CHECK (state IN ('loading', 'current', 'superseded', 'failed')),
    source_name text NOT NULL,
    source_sha256 text NOT NULL CHECK (source_sha256 ~ '^[0-9a-f]{64}$'),
    source_crs integer,
    source_encoding text,
    started_at timestamptz NOT NULL DEFAULT now(),
    imported_at timestamptz,
    valid_from timestamptz,
    valid_to timestamptz,
    feature_count integer NOT NULL DEFAULT 0,
    repaired_count integer NOT NULL DEFAULT 0,
    rejected_count integer NOT NULL DEFAULT 0,
    extent geometry(Polygon, 4490),
    report jsonb
);

CREATE INDEX layer_version_layer ON layer_version (layer_id, id);

ALTER TABLE layer
    ADD CONSTRAINT layer_current_version FOREIGN KEY (current_version_id) REFERENCES layer_version (id);
