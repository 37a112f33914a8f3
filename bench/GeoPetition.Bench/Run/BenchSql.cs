using GeoPetition.Core.Layers;

namespace GeoPetition.Bench.Run;

/// <summary>
/// The SQL the engine is compared with, kept as text in one place. Table and column names come
/// from <see cref="LayerKinds"/>; the petition (EPSG:4490) and the current version ids of each kind
/// are parameters (<c>@p</c>, <c>@v0</c>…<c>@v7</c>), so the GiST index is used exactly as the
/// engine's <c>PostgisLayerSource</c> uses it.
/// </summary>
internal static class BenchSql
{
    public const string CurrentVersions = """
        SELECT l.kind, v.id FROM layer l JOIN layer_version v ON v.id = l.current_version_id ORDER BY l.id
        """;

    public const string Parameters = """
        SELECT v.report::text FROM layer l JOIN layer_version v ON v.id = l.current_version_id
        WHERE l.id = 'bench_land_use'
        """;

    public const string FeatureCounts = """
        SELECT l.id, v.feature_count FROM layer l JOIN layer_version v ON v.id = l.current_version_id ORDER BY l.id
        """;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Candidates(LayerKindDefinition kind, int i) =>
        $"FROM {Quote(kind.Table)} t WHERE t.version_id = ANY(@v{i}) AND t.geom && @p AND ST_Intersects(t.geom, @p)";

    /// <summary>
    /// The raw overlay of one kind: every candidate with its exact intersection area on the
    /// ellipsoid — what the engine's evidence reports per feature.
    /// </summary>
    public static string Overlay(LayerKindDefinition kind, int i) =>
        $"SELECT {i} AS kind, t.fid, t.{Quote(kind.KeyColumn)}::text AS key, ST_Area(ST_Intersection(t.geom, @p)::geography) AS area {Candidates(kind, i)}";

    /// <summary>The raw overlay of every kind in one statement (one round trip).</summary>
    public static string OverlayAll(IReadOnlyList<LayerKindDefinition> kinds) =>
        string.Join("\nUNION ALL\n", kinds.Select(Overlay));

    /// <summary>
    /// The naive union-and-intersect: per kind, the area of the petition inside the union of the
    /// candidates, ST_Area(ST_Intersection(P, ST_Union(geom))::geography); one row, one column per kind.
    /// </summary>
    public static string NaiveUnion(IReadOnlyList<LayerKindDefinition> kinds) =>
        "SELECT " + string.Join(",\n       ", kinds.Select((k, i) =>
            $"(SELECT ST_Area(ST_Intersection(@p, ST_Union(t.geom))::geography) {Candidates(k, i)}) AS {Quote(k.Table)}"));
}
