using System.Globalization;
using System.Text;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;

namespace GeoPetition.Server.Tiles;

/// <summary>
/// How much a tile is generalised: below the full-detail zoom, features smaller than
/// <see cref="MinSizeDegrees"/> are left out, at most <see cref="MaxFeatures"/> of the others are
/// kept per layer (the largest), and geometry is simplified by <see cref="ToleranceDegrees"/>.
/// Sizes are in degrees of the storage CRS (EPSG:4490); the default value means full detail.
/// </summary>
public readonly record struct TileGeneralisation(double MinSizeDegrees, double ToleranceDegrees, int MaxFeatures)
{
    /// <summary>No simplification, nothing dropped.</summary>
    public static TileGeneralisation FullDetail => default;

    /// <summary>True when nothing is simplified or dropped.</summary>
    public bool IsFullDetail => MaxFeatures <= 0;

    /// <summary>The generalisation for a tile after <paramref name="step"/> too-large attempts (0 = first).</summary>
    public static TileGeneralisation For(TileCoordinate tile, TileOptions options, int step)
    {
        if (tile.Z >= options.FullDetailZoom && step == 0)
        {
            return FullDetail;
        }

        var pixel = tile.PixelDegrees;
        return new TileGeneralisation(
            options.MinFeaturePixels * pixel * Math.Pow(4, step),
            options.SimplifyPixels * pixel * Math.Pow(2, step),
            Math.Max(1, options.MaxFeaturesPerLayer >> step));
    }
}

/// <summary>
/// The SQL of vector tiles, as text in one place. One statement per tile, whatever the number of
/// layers: the <c>ST_AsMVT</c> of each layer, concatenated (an MVT is a sequence of layers).
/// Per layer: the WebMercatorQuad envelope (with the 64-unit buffer) is transformed into the
/// table's SRID for the <c>&amp;&amp;</c> GiST filter; geometry goes through
/// <c>ST_AsMVTGeom(ST_Transform(geom, 3857), ST_TileEnvelope(z, x, y), 4096, 64, true)</c>.
/// Identifiers come from <see cref="TileSource"/> (code, not requests) and are quoted; z/x/y,
/// version ids, layer names and tolerances are parameters.
/// </summary>
public static class TileSql
{
    /// <summary>MVT extent: tile units per tile side.</summary>
    public const int Extent = 4096;

    /// <summary>Buffer around the tile, in tile units, so that strokes do not stop at tile edges.</summary>
    public const int Buffer = 64;

    /// <summary>A tile statement and its parameter values.</summary>
    public sealed record Statement(string Sql, IReadOnlyList<(string Name, object Value)> Parameters);

    /// <summary>Builds the statement returning one bytea: the tile with one MVT layer per source.</summary>
    public static Statement Build(IReadOnlyList<TileSource> sources, TileCoordinate tile, TileGeneralisation generalisation)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        var parameters = new List<(string, object)> { ("z", tile.Z), ("x", tile.X), ("y", tile.Y) };
        if (!generalisation.IsFullDetail)
        {
            parameters.Add(("minsize", generalisation.MinSizeDegrees));
            parameters.Add(("tolerance", generalisation.ToleranceDegrees));
            parameters.Add(("maxfeatures", generalisation.MaxFeatures));
        }

        var sql = new StringBuilder("SELECT ");
        for (var i = 0; i < sources.Count; i++)
        {
            var source = sources[i];
            parameters.Add(($"name{i}", source.Id));
            if (source.VersionId is int version)
            {
                parameters.Add(($"version{i}", version));
            }

            foreach (var parameter in source.Parameters ?? [])
            {
                if (!parameters.Any(p => p.Item1 == parameter.Name))
                {
                    parameters.Add(parameter);
                }
            }

            if (i > 0)
            {
                sql.Append("\n    || ");
            }

            sql.Append("COALESCE((").Append(Layer(source, i, generalisation)).Append("), ''::bytea)");
        }

        return new Statement(sql.ToString(), parameters);
    }

    private static string Layer(TileSource source, int index, TileGeneralisation generalisation)
    {
        var g = "t." + Quote(source.GeometryColumn);
        var attributes = new StringBuilder();
        foreach (var field in source.Attributes)
        {
            var column = Quote(field.Column);
            attributes.Append(field.Type == FieldType.Date ? $"t.{column}::text AS {column}, " : $"t.{column}, ");
        }

        // ST_Simplify (Douglas–Peucker, collapsed parts kept) rather than ST_SimplifyPreserveTopology:
        // ST_AsMVTGeom makes the result valid anyway, and the topology-preserving variant costs
        // about twice the whole tile on dense parcel layers.
        var simplify = generalisation.IsFullDetail || source.Geometry == GeometryFamily.Point
            ? g
            : $"ST_Simplify({g}, @tolerance, true)";
        var toWebMercator = source.Srid == Srids.WebMercator ? simplify : $"ST_Transform({simplify}, {Srids.WebMercator})";
        var envelope = source.Srid == Srids.WebMercator
            ? $"ST_TileEnvelope(@z, @x, @y, margin => {Margin})"
            : $"ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => {Margin}), {source.Srid.ToString(CultureInfo.InvariantCulture)})";
        var where = new StringBuilder($"{g} && {envelope}");
        if (source.VersionId is not null)
        {
            where.Append($" AND t.\"version_id\" = @version{index}");
        }

        if (source.Condition is { } condition)
        {
            where.Append(" AND ").Append(condition);
        }

        var limit = "";
        if (!generalisation.IsFullDetail)
        {
            if (source.Geometry == GeometryFamily.Point)
            {
                limit = "\n    LIMIT @maxfeatures";
            }
            else
            {
                // Bounding-box size (degrees), from the box stored with the geometry.
                var size = $"GREATEST(ST_XMax({g}) - ST_XMin({g}), ST_YMax({g}) - ST_YMin({g}))";
                where.Append($" AND {size} >= @minsize");
                limit = $"\n    ORDER BY {size} DESC\n    LIMIT @maxfeatures";
            }
        }

        return $"""
            SELECT ST_AsMVT(q, @name{index}, {Extent}, 'geom', {Literal(source.IdColumn)}) FROM (
                SELECT t.{Quote(source.IdColumn)}, {attributes}ST_AsMVTGeom({toWebMercator}, ST_TileEnvelope(@z, @x, @y), {Extent}, {Buffer}, true) AS geom
                FROM {Quote(source.Table)} t
                WHERE {where}{limit}
            ) q WHERE q.geom IS NOT NULL
            """;
    }

    /// <summary>The buffer as a fraction of the tile (ST_TileEnvelope's margin).</summary>
    private static string Margin => ((double)Buffer / Extent).ToString("R", CultureInfo.InvariantCulture);

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
