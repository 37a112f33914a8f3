-- Petitions as a map layer (vector tiles).
--
-- 1. petition_map is what a map shows of a petition: no personal data, the case status and the
--    finding of its latest verification. It is a plain view over petition, so the GiST index on
--    petition.geom serves the tile's bounding-box filter.
-- 2. map_change.generation counts committed changes of what petition_map shows. Servers use it as
--    the cache token of the petitions tile layer: it is read only after PostgreSQL has notified
--    geopetition_layer_changed (payload 'petitions'), which happens at commit, so a token is never
--    paired with rows it does not yet see. The row update is transactional: a rolled-back change
--    leaves the token as it was.
CREATE VIEW petition_map AS
SELECT p.id, p.case_no, p.channel, p.category, p.subject, p.status, p.received_on, p.xzqdm,
       p.routing_review, p.location_accuracy,
       (SELECT v.finding FROM verification v WHERE v.petition_id = p.id ORDER BY v.id DESC LIMIT 1) AS finding,
       p.geom
FROM petition p;

CREATE TABLE map_change (
    name text PRIMARY KEY,
    generation bigint NOT NULL
);
INSERT INTO map_change (name, generation) VALUES ('petitions', 0);

CREATE FUNCTION petition_map_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE map_change SET generation = generation + 1 WHERE name = 'petitions';
    PERFORM pg_notify('geopetition_layer_changed', 'petitions');
    RETURN NULL;
END;
$$;

CREATE TRIGGER petition_map_changed AFTER INSERT OR UPDATE OR DELETE ON petition
    FOR EACH STATEMENT EXECUTE FUNCTION petition_map_changed();
CREATE TRIGGER petition_map_verified AFTER INSERT ON verification
    FOR EACH STATEMENT EXECUTE FUNCTION petition_map_changed();
