namespace GeoPetition.Server.Imagery;

/// <summary>
/// SQL of the imagery scene catalog, as text in one place. Scenes are the features of the current
/// version of every layer of kind ImageryScene (table <c>imagery_scene</c>); every value is a parameter.
/// </summary>
internal static class ImagerySql
{
    private const string Columns = """
        s.scene_id, l.id, s.sensor, s.acq_date, s.resolution_m, s.cloud_pct, s.tile_source, ST_AsGeoJSON(s.geom, 7, 0)
        """;

    private const string CurrentScenes = """
        FROM "imagery_scene" s JOIN "layer" l ON l."current_version_id" = s."version_id"
        WHERE l."kind" = 'ImageryScene'
        """;

    /// <summary>Scenes filtered by an optional lon/lat box (EPSG:4490) and acquisition dates (inclusive).</summary>
    public static string Scenes(bool bbox, bool from, bool to) => $"""
        SELECT {Columns}
        {CurrentScenes}
        {(bbox ? "AND s.geom && ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490) AND ST_Intersects(s.geom, ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, 4490))" : "")}
        {(from ? "AND s.acq_date >= @from" : "")}
        {(to ? "AND s.acq_date <= @to" : "")}
        ORDER BY s.acq_date, s.scene_id, l.id
        """;

    /// <summary>scene id → tile source, for serving tiles; when two layers hold one scene id, the first layer by id wins.</summary>
    public const string TileSources = $"""
        SELECT s.scene_id, s.tile_source
        {CurrentScenes}
        ORDER BY l.id DESC
        """;

    /// <summary>
    /// The latest clear scene on or before @before and the earliest clear scene on or after @after, among scenes
    /// whose footprint covers @geometry (EPSG:4490). Ties: less cloud, then finer resolution.
    /// </summary>
    public const string Pair = $"""
        (SELECT 'before', {Columns}
         {CurrentScenes}
           AND s.geom && @geometry AND ST_Covers(s.geom, @geometry)
           AND s.cloud_pct < @maxcloud AND s.acq_date <= @before
         ORDER BY s.acq_date DESC, s.cloud_pct, s.resolution_m NULLS LAST, s.scene_id
         LIMIT 1)
        UNION ALL
        (SELECT 'after', {Columns}
         {CurrentScenes}
           AND s.geom && @geometry AND ST_Covers(s.geom, @geometry)
           AND s.cloud_pct < @maxcloud AND s.acq_date >= @after
         ORDER BY s.acq_date, s.cloud_pct, s.resolution_m NULLS LAST, s.scene_id
         LIMIT 1)
        """;
}
