using GeoPetition.Core.Layers;

namespace GeoPetition.Server.Data;

/// <summary>
/// SQL of the layer catalog and feature reads, kept as text in one place. Table and column names
/// come only from <see cref="LayerKinds"/> (never from a request) and are quoted; every value is a
/// parameter.
/// </summary>
internal static class LayerSql
{
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public const string ListLayers = """
        SELECT l.id, l.kind, l.title, l.restricted, l.current_version_id,
               v.source_name, v.source_sha256, v.source_crs, v.imported_at, v.feature_count,
               ST_XMin(v.extent), ST_YMin(v.extent), ST_XMax(v.extent), ST_YMax(v.extent)
        FROM layer l LEFT JOIN layer_version v ON v.id = l.current_version_id
        ORDER BY l.id
        """;

    public const string GetLayer = """
        SELECT l.id, l.kind, l.title, l.restricted, l.current_version_id,
               v.source_name, v.source_sha256, v.source_crs, v.imported_at, v.feature_count,
               ST_XMin(v.extent), ST_YMin(v.extent), ST_XMax(v.extent), ST_YMax(v.extent)
        FROM layer l LEFT JOIN layer_version v ON v.id = l.current_version_id
        WHERE l.id = @id
        """;

    public const string CreateLayer = """
        INSERT INTO layer (id, kind, title, restricted) VALUES (@id, @kind, @title, @restricted)
        ON CONFLICT (id) DO NOTHING
        """;

    public const string ListVersions = """
        SELECT id, state, source_name, source_sha256, source_crs, source_encoding, started_at, imported_at,
               valid_from, valid_to, feature_count, repaired_count, rejected_count, report::text
        FROM layer_version WHERE layer_id = @layer ORDER BY id DESC
        """;

    public const string BeginVersion = """
        INSERT INTO layer_version (layer_id, state, source_name, source_sha256, source_crs, source_encoding)
        VALUES (@layer, 'loading', @name, @sha, @crs, @encoding)
        RETURNING id
        """;

    public const string FailVersion = """
        UPDATE layer_version SET state = 'failed', imported_at = now(), report = @report::jsonb,
               feature_count = 0, repaired_count = @repaired, rejected_count = @rejected
        WHERE id = @id AND state = 'loading'
        """;

    /// <summary>
    /// Makes a loaded version current in the same transaction as its rows: the previous version is
    /// superseded at the same instant, so an as-of read at any time sees exactly one version.
    /// </summary>
    public const string PromoteVersion = """
        WITH previous AS (
            UPDATE layer_version SET state = 'superseded', valid_to = statement_timestamp()
            WHERE layer_id = @layer AND state = 'current'
            RETURNING id
        )
        UPDATE layer_version SET state = 'current', imported_at = statement_timestamp(), valid_from = statement_timestamp(),
               feature_count = @count, repaired_count = @repaired, rejected_count = @rejected,
               report = @report::jsonb,
               extent = ST_SetSRID(ST_MakeEnvelope(@minx, @miny, @maxx, @maxy), 4490)
        WHERE id = @id AND state = 'loading'
        """;

    public const string SetCurrent = "UPDATE layer SET current_version_id = @id WHERE id = @layer";

    /// <summary>Lock a layer's row so two imports into one layer serialize their promotion.</summary>
    public const string LockLayer = "SELECT id FROM layer WHERE id = @layer FOR UPDATE";

    public static string CopyColumns(LayerKindDefinition kind) =>
        $"COPY {Quote(kind.Table)} (version_id, {string.Join(", ", kind.Fields.Select(f => Quote(f.Column)))}, geom) FROM STDIN (FORMAT BINARY)";

    /// <summary>
    /// One feature page as GeoJSON text per row, keyset-paged by fid. The bbox (lon/lat, EPSG:4490)
    /// is an index-backed <c>&amp;&amp;</c> plus an exact <c>ST_Intersects</c>.
    /// </summary>
    public static string FeaturePage(LayerKindDefinition kind, bool withBbox, bool scoped = false) => $"""
        SELECT t.fid, json_build_object(
                 'type', 'Feature', 'id', t.fid,
                 'geometry', ST_AsGeoJSON(t.geom, 7)::json,
                 'properties', to_jsonb(t) - 'geom' - 'fid' - 'version_id')::text
        FROM {Quote(kind.Table)} t
        WHERE t.version_id = @version AND t.fid > @after
        {(scoped ? "AND " + JurisdictionScope.AreaCondition("t") : "")}
        {(withBbox ? "AND t.geom && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490) AND ST_Intersects(t.geom, ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490))" : "")}
        ORDER BY t.fid
        LIMIT @limit
        """;

    public static string Feature(LayerKindDefinition kind, bool scoped = false) => $"""
        SELECT json_build_object(
                 'type', 'Feature', 'id', t.fid,
                 'geometry', ST_AsGeoJSON(t.geom, 7)::json,
                 'properties', to_jsonb(t) - 'geom' - 'fid' - 'version_id')::text
        FROM {Quote(kind.Table)} t
        WHERE t.version_id = @version AND t.fid = @fid {(scoped ? "AND " + JurisdictionScope.AreaCondition("t") : "")}
        """;

    public const string TableColumns = """
        SELECT table_name, column_name, data_type FROM information_schema.columns
        WHERE table_schema = 'public' ORDER BY table_name, ordinal_position
        """;
}
