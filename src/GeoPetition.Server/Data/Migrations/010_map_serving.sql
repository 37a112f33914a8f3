-- Map serving (tiles, OGC API – Features, imagery).
--
-- 1. Keyset paging reads one layer version in fid order: WHERE version_id = v AND fid > after
--    ORDER BY fid LIMIT n. The primary key alone would walk the rows of every older version first;
--    (version_id, fid) makes the first and the 1000th page equally cheap.
-- 2. Servers cache the layer catalog (current version of every layer) and invalidate it when
--    PostgreSQL notifies them on channel geopetition_layer_changed, which fires when a layer row
--    changes (a new current version, a new layer, a new title). The payload is the layer id.
CREATE INDEX IF NOT EXISTS jurisdiction_version_fid ON jurisdiction (version_id, fid);
CREATE INDEX IF NOT EXISTS approval_batch_version_fid ON approval_batch (version_id, fid);
CREATE INDEX IF NOT EXISTS land_supply_version_fid ON land_supply (version_id, fid);
CREATE INDEX IF NOT EXISTS temporary_land_use_version_fid ON temporary_land_use (version_id, fid);
CREATE INDEX IF NOT EXISTS facility_agriculture_version_fid ON facility_agriculture (version_id, fid);
CREATE INDEX IF NOT EXISTS permanent_basic_farmland_version_fid ON permanent_basic_farmland (version_id, fid);
CREATE INDEX IF NOT EXISTS ecological_red_line_version_fid ON ecological_red_line (version_id, fid);
CREATE INDEX IF NOT EXISTS land_use_version_fid ON land_use (version_id, fid);
CREATE INDEX IF NOT EXISTS registered_parcel_version_fid ON registered_parcel (version_id, fid);
CREATE INDEX IF NOT EXISTS change_spot_version_fid ON change_spot (version_id, fid);
CREATE INDEX IF NOT EXISTS imagery_scene_version_fid ON imagery_scene (version_id, fid);

CREATE OR REPLACE FUNCTION notify_layer_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('geopetition_layer_changed', COALESCE(NEW.id, OLD.id));
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS layer_changed ON layer;
CREATE TRIGGER layer_changed AFTER INSERT OR UPDATE OR DELETE ON layer
    FOR EACH ROW EXECUTE FUNCTION notify_layer_changed();
