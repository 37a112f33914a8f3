using System.Collections.Concurrent;
using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Spatial;

/// <summary>
/// Reprojects geometries and coordinates between the systems of <see cref="CrsRegistry"/>.
/// Thread-safe; the transform for each (from, to) pair is built once and cached. Axis order is
/// always x = longitude/easting, y = latitude/northing.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Gauss–Krüger (EPSG:4491–4554): <see cref="GaussKruger"/>, the 6th-order Krüger n-series
/// (PROJ's default <c>tmerc</c>); agrees with PROJ <c>cs2cs</c> to well under 1 mm across every
/// zone, including zone edges and beyond. ProjNet's <c>TransverseMercator</c> is not used: it
/// meets 1 mm inside the zones but degrades to centimetres and decimetres outside them (see
/// <see cref="GaussKruger"/>).</item>
/// <item>Web Mercator (EPSG:3857): the closed spherical formulas on R = 6378137 m (exact; the
/// same as PROJ's <c>+proj=merc +a=6378137 +b=6378137</c>, i.e. EPSG:3857).</item>
/// <item>CGCS2000 (4490) and WGS 84 (4326) are treated as the same datum: they agree to the
/// centimetre–decimetre level (reference frame and epoch; domain-rules.md §3.1), below what
/// petition checks resolve, and no public transformation between them is better than that.
/// Keep boundary tolerances ≥ 0.5 m when mixing GNSS phone data with cadastral data.</item>
/// </list>
/// </remarks>
public static class Reprojection
{
    private static readonly ConcurrentDictionary<(int From, int To), Pipeline> Pipelines = new();

    /// <summary>
    /// Returns a new geometry (the input is not changed) with every coordinate transformed and
    /// SRID = <paramref name="toEpsg"/>. Z and M values are kept. When the systems are equal, or
    /// 4326 ↔ 4490, the coordinates are copied unchanged.
    /// </summary>
    /// <exception cref="UnsupportedCrsException">Either code is not supported.</exception>
    public static Geometry Transform(Geometry geometry, int fromEpsg, int toEpsg)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var pipeline = GetPipeline(fromEpsg, toEpsg);
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(
            new PrecisionModel(), toEpsg, geometry.Factory.CoordinateSequenceFactory);

        // CreateGeometry deep-copies the coordinate sequences into the new factory.
        var copy = factory.CreateGeometry(geometry);
        if (!pipeline.IsIdentity)
        {
            copy.Apply(new TransformFilter(pipeline));
        }

        copy.SRID = toEpsg;
        return copy;
    }

    /// <summary>Transforms a geometry from its own SRID (<see cref="Geometry.SRID"/>) to <paramref name="toEpsg"/>.</summary>
    /// <exception cref="ArgumentException">The geometry has no SRID (0).</exception>
    public static Geometry Transform(Geometry geometry, int toEpsg)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        if (geometry.SRID <= 0)
        {
            throw new ArgumentException("the geometry carries no SRID; pass the source EPSG code explicitly", nameof(geometry));
        }

        return Transform(geometry, geometry.SRID, toEpsg);
    }

    /// <summary>Returns a transformed copy of a coordinate (Z and M kept).</summary>
    public static Coordinate Transform(Coordinate coordinate, int fromEpsg, int toEpsg)
    {
        ArgumentNullException.ThrowIfNull(coordinate);
        var (x, y) = GetPipeline(fromEpsg, toEpsg).Apply(coordinate.X, coordinate.Y);
        var result = coordinate.Copy();
        result.X = x;
        result.Y = y;
        return result;
    }

    /// <summary>Transforms one x/y pair (x = longitude or easting).</summary>
    public static (double X, double Y) Transform(double x, double y, int fromEpsg, int toEpsg) =>
        GetPipeline(fromEpsg, toEpsg).Apply(x, y);

    /// <summary>
    /// Transforms an envelope by sampling <paramref name="pointsPerEdge"/> points along each edge
    /// and returning the envelope of the results (a projected box is curved in lon/lat).
    /// </summary>
    public static Envelope TransformEnvelope(Envelope envelope, int fromEpsg, int toEpsg, int pointsPerEdge = 8)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.IsNull)
        {
            return new Envelope();
        }

        var pipeline = GetPipeline(fromEpsg, toEpsg);
        var result = new Envelope();
        var steps = Math.Max(1, pointsPerEdge);
        for (var i = 0; i <= steps; i++)
        {
            var t = (double)i / steps;
            var x = envelope.MinX + t * envelope.Width;
            var y = envelope.MinY + t * envelope.Height;
            Include(result, pipeline.Apply(x, envelope.MinY));
            Include(result, pipeline.Apply(x, envelope.MaxY));
            Include(result, pipeline.Apply(envelope.MinX, y));
            Include(result, pipeline.Apply(envelope.MaxX, y));
        }

        return result;

        static void Include(Envelope e, (double X, double Y) p) => e.ExpandToInclude(p.X, p.Y);
    }

    private static Pipeline GetPipeline(int fromEpsg, int toEpsg) =>
        Pipelines.GetOrAdd((fromEpsg, toEpsg), static key => new Pipeline(Step.For(key.From), Step.For(key.To)));

    /// <summary>From-system → CGCS2000 lon/lat → to-system.</summary>
    private sealed class Pipeline(Step from, Step to)
    {
        public bool IsIdentity { get; } = from.Epsg == to.Epsg || (from.IsGeographic && to.IsGeographic);

        public (double X, double Y) Apply(double x, double y)
        {
            if (IsIdentity)
            {
                return (x, y);
            }

            var (lon, lat) = from.ToLonLat(x, y);
            return to.FromLonLat(lon, lat);
        }
    }

    /// <summary>One system's relation to CGCS2000 lon/lat.</summary>
    private abstract class Step(int epsg)
    {
        public int Epsg { get; } = epsg;

        public virtual bool IsGeographic => false;

        public static Step For(int epsg)
        {
            var info = CrsRegistry.Get(epsg);
            return info.Family switch
            {
                CrsFamily.Geographic => new GeographicStep(epsg),
                CrsFamily.WebMercator => new WebMercatorStep(epsg),
                _ => new GaussKrugerStep(epsg, new GaussKruger(info.CentralMeridian!.Value, info.FalseEasting)),
            };
        }

        public abstract (double Lon, double Lat) ToLonLat(double x, double y);

        public abstract (double X, double Y) FromLonLat(double lon, double lat);
    }

    private sealed class GeographicStep(int epsg) : Step(epsg)
    {
        public override bool IsGeographic => true;

        public override (double Lon, double Lat) ToLonLat(double x, double y) => (x, y);

        public override (double X, double Y) FromLonLat(double lon, double lat) => (lon, lat);
    }

    private sealed class GaussKrugerStep(int epsg, GaussKruger projection) : Step(epsg)
    {
        public override (double Lon, double Lat) ToLonLat(double x, double y) => projection.Inverse(x, y);

        public override (double X, double Y) FromLonLat(double lon, double lat) => projection.Forward(lon, lat);
    }

    /// <summary>EPSG:3857, spherical Mercator on R = 6378137 m.</summary>
    private sealed class WebMercatorStep(int epsg) : Step(epsg)
    {
        private const double Radius = 6378137.0;
        private const double Deg = Math.PI / 180.0;

        public override (double Lon, double Lat) ToLonLat(double x, double y) =>
            (x / Radius / Deg, (Math.PI / 2.0 - 2.0 * Math.Atan(Math.Exp(-y / Radius))) / Deg);

        public override (double X, double Y) FromLonLat(double lon, double lat) =>
            (Radius * lon * Deg, Radius * Math.Log(Math.Tan(Math.PI / 4.0 + lat * Deg / 2.0)));
    }

    private sealed class TransformFilter(Pipeline pipeline) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (x, y) = pipeline.Apply(seq.GetX(i), seq.GetY(i));
            seq.SetX(i, x);
            seq.SetY(i, y);
        }
    }
}
