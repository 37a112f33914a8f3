using System.Globalization;
using System.Text;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;

namespace GeoPetition.Server.Ogc;

/// <summary>
/// SQL of OGC API – Features, as text in one place. Table and column names come from the layer
/// kind and are quoted; every value (version, cursor, bbox, dates, property values, CQL2
/// literals) is a parameter; a CQL2 filter arrives parsed (<see cref="Cql2.CqlSql"/>). Each feature is built as GeoJSON text by PostGIS
/// (<c>json_build_object</c> + <c>ST_AsGeoJSON</c>), so the server only streams text.
/// </summary>
public static class OgcSql
{
    /// <summary>A statement and its parameter values.</summary>
    public sealed record Statement(string Sql, IReadOnlyList<(string Name, object Value)> Parameters);

    /// <summary>
    /// The geometry in the output CRS as GeoJSON text: CRS84 and EPSG:4490/4326 without
    /// transformation (CGCS2000 ≈ WGS 84), others by <c>ST_Transform</c>; swapped to northing/latitude
    /// first where the CRS says so; rounded to the fixed precision. Options 0: no crs/bbox member.
    /// </summary>
    public static string GeometryJson(OgcCrs crs, string geometry = "t.\"geom\"")
    {
        var g = crs.IsGeographic ? geometry : $"ST_Transform({geometry}, {crs.Epsg.ToString(CultureInfo.InvariantCulture)})";
        if (crs.NorthingFirst)
        {
            g = $"ST_FlipCoordinates({g})";
        }

        return $"ST_AsGeoJSON({g}, {crs.Decimals.ToString(CultureInfo.InvariantCulture)}, 0)";
    }

    /// <summary>
    /// One GeoJSON Feature as text. Concatenated rather than <c>json_build_object</c> around
    /// <c>ST_AsGeoJSON(…)::json</c>, which would parse every geometry again only to print it.
    /// </summary>
    private static string FeatureJson(LayerKindDefinition kind, OgcCrs crs)
    {
        var properties = string.Join(", ", kind.Fields.Select(f => $"'{f.Column}', t.{Quote(f.Column)}"));
        return $$"""'{"type":"Feature","id":' || t."fid" || ',"geometry":' || {{GeometryJson(crs)}} || ',"properties":' || json_build_object({{properties}})::text || '}'""";
    }

    /// <summary>
    /// One page: the features of <paramref name="versionId"/> after the cursor, in id order,
    /// <c>limit + 1</c> rows (the extra row only tells whether there is a next page).
    /// </summary>
    public static Statement Items(LayerKindDefinition kind, int versionId, ItemsQuery query, string? areaPrefix = null)
    {
        var parameters = new List<(string, object)> { ("version", versionId), ("after", query.After), ("limit", query.Limit + 1) };
        var where = new StringBuilder("t.\"version_id\" = @version AND t.\"fid\" > @after");
        if (areaPrefix is not null)
        {
            parameters.Add(("scope_prefix", areaPrefix));
            where.Append(" AND ").Append(Data.JurisdictionScope.AreaCondition("t"));
        }
        if (query.Bbox is { } box)
        {
            parameters.Add(("minx", box.MinX));
            parameters.Add(("miny", box.MinY));
            parameters.Add(("maxx", box.MaxX));
            parameters.Add(("maxy", box.MaxY));
            var envelope = $"ST_MakeEnvelope(@minx, @miny, @maxx, @maxy, {Srids.Storage})";
            where.Append($" AND t.\"geom\" && {envelope} AND ST_Intersects(t.\"geom\", {envelope})");
        }

        if (query.Dates is { IsUnbounded: false } dates && query.DateColumn is { } dateColumn)
        {
            var column = Quote(kind.Field(dateColumn)!.Column);
            if (dates.Start is { } start)
            {
                parameters.Add(("dtstart", start));
                where.Append($" AND t.{column} >= @dtstart");
            }

            if (dates.End is { } end)
            {
                parameters.Add(("dtend", end));
                where.Append($" AND t.{column} <= @dtend");
            }
        }

        for (var i = 0; i < query.Properties.Count; i++)
        {
            var filter = query.Properties[i];
            parameters.Add(($"p{i}", filter.Value));
            where.Append($" AND t.{Quote(filter.Field.Column)} = @p{i}");
        }

        if (query.Filter is { } cql)
        {
            where.Append(" AND ").Append(Cql2.CqlSql.Translate(cql, kind, query.FilterCrs, parameters));
        }

        return new Statement(
            $"""
            SELECT t."fid", {FeatureJson(kind, query.Crs)}
            FROM {Quote(kind.Table)} t
            WHERE {where}
            ORDER BY t."fid"
            LIMIT @limit
            """,
            parameters);
    }

    /// <summary>One feature of the current version by id.</summary>
    public static Statement Item(LayerKindDefinition kind, int versionId, long fid, OgcCrs crs, string? areaPrefix = null) => new(
        $"""
        SELECT {FeatureJson(kind, crs)}
        FROM {Quote(kind.Table)} t
        WHERE t."version_id" = @version AND t."fid" = @fid{(areaPrefix is null ? "" : " AND " + Data.JurisdictionScope.AreaCondition("t"))}
        """,
        areaPrefix is null ? [("version", versionId), ("fid", fid)] : [("version", versionId), ("fid", fid), ("scope_prefix", areaPrefix)]);

    /// <summary>First and last value of a date field in one version (the temporal extent).</summary>
    public static Statement DateExtent(LayerKindDefinition kind, int versionId, string dateColumn) => new(
        $"SELECT min(t.{Quote(dateColumn)})::text, max(t.{Quote(dateColumn)})::text FROM {Quote(kind.Table)} t WHERE t.\"version_id\" = @version",
        [("version", versionId)]);

    /// <summary>Quotes an identifier from the catalog.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
