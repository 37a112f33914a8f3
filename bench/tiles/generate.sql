-- Generates a large land-use layer for the tile benchmark, straight in SQL (the import path is
-- measured elsewhere): :n polygons of 12 vertices (parcels of 40–90 m across) on a jittered grid
-- in rows of 1000 (0.001° apart; rows 0.0008° apart) from 103.5°E 30.2°N: 1 M parcels cover
-- 103.5–104.5°E, 30.2–31.0°N, west of Chengdu. EPSG:4490.
-- It creates layer bench_landuse with one current version, as an import would. Idempotent: does
-- nothing when the layer already has :n features. Run: psql -v n=1000000 -f generate.sql
\set ON_ERROR_STOP on
SELECT EXISTS (
    SELECT 1 FROM layer l JOIN layer_version v ON v.id = l.current_version_id
    WHERE l.id = 'bench_landuse' AND v.feature_count = :n
) AS present \gset
\if :present
\echo bench_landuse already holds :n features
\else
INSERT INTO layer (id, kind, title) VALUES ('bench_landuse', 'LandUse', '基准测试 地类图斑') ON CONFLICT (id) DO NOTHING;
INSERT INTO layer_version (layer_id, state, source_name, source_sha256, source_crs)
VALUES ('bench_landuse', 'loading', 'bench/tiles/generate.sql', repeat('0', 64), 4490)
RETURNING id AS vid \gset
SELECT setseed(0.42);
INSERT INTO land_use (version_id, bsm, tbbh, dlbm, dlmc, qsxz, zldwmc, tbmj, sjnf, geom)
SELECT :vid,
       'B' || lpad(i::text, 8, '0'),
       (i % 10000)::text,
       (ARRAY['0101', '0102', '0201', '0301', '0702', '1003', '1101'])[1 + i % 7],
       (ARRAY['水田', '水浇地', '果园', '乔木林地', '农村宅基地', '公路用地', '河流水面'])[1 + i % 7],
       '20',
       '某某村',
       round((random() * 8000 + 500)::numeric, 2),
       2023,
       ST_Multi(ST_Buffer(
           ST_SetSRID(ST_MakePoint(103.5 + (i % 1000) * 0.001 + random() * 0.0002,
                                   30.2 + (i / 1000) * 0.0008 + random() * 0.0002), 4490),
           0.0002 + random() * 0.00025, 'quad_segs=3'))
FROM generate_series(0, :n - 1) AS i;
WITH e AS (SELECT ST_SetSRID(ST_Extent(geom)::geometry, 4490) AS extent FROM land_use WHERE version_id = :vid)
UPDATE layer_version SET state = 'current', imported_at = now(), valid_from = now(), feature_count = :n,
       extent = (SELECT extent FROM e), report = '{}'::jsonb
WHERE id = :vid;
UPDATE layer_version SET state = 'superseded', valid_to = now()
WHERE layer_id = 'bench_landuse' AND state = 'current' AND id <> :vid;
UPDATE layer SET current_version_id = :vid WHERE id = 'bench_landuse';
ANALYZE land_use;
\echo generated :n features as version :vid
\endif
