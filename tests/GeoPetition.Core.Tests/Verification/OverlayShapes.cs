using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// Shapes in zone 35 metres (EPSG:4544, where the benchmark data lie) for the overlay fast-path
/// tests, and their oracle: the result must equal OverlayNG's.
/// </summary>
internal static class OverlayShapes
{
    public static readonly GeometryFactory Factory = new(new PrecisionModel(), 4544);

    private const double X0 = 490_000;
    private const double Y0 = 3_340_000;

    public static Coordinate C(double x, double y) => new(X0 + x, Y0 + y);

    public static LinearRing RingOf(params (double X, double Y)[] points) =>
        Factory.CreateLinearRing(points.Append(points[0]).Select(p => C(p.X, p.Y)).ToArray());

    public static Polygon Ring(params (double X, double Y)[] points) => Factory.CreatePolygon(RingOf(points));

    public static LinearRing Box(double x, double y, double w, double h) => RingOf((x, y), (x + w, y), (x + w, y + h), (x, y + h));

    public static Polygon Square(double x, double y, double side) => Factory.CreatePolygon(Box(x, y, side, side));

    /// <summary>A star-shaped (usually non-convex) ring around (cx, cy).</summary>
    public static LinearRing StarRing(Random r, double cx, double cy, double radius, int vertices, double jitter)
    {
        var points = new (double, double)[vertices];
        for (var i = 0; i < vertices; i++)
        {
            var a = 2 * Math.PI * i / vertices;
            var d = radius * (1 - (jitter * r.NextDouble()));
            points[i] = (cx + (d * Math.Cos(a)), cy + (d * Math.Sin(a)));
        }

        return RingOf(points);
    }

    public static Polygon Star(Random r, double cx, double cy, double radius, int vertices, double jitter) =>
        Factory.CreatePolygon(StarRing(r, cx, cy, radius, vertices, jitter));

    /// <summary>
    /// <paramref name="result"/> is a ∩ b as the engine before the fast paths computed it (OverlayNG,
    /// its areal part): valid, polygonal, no area in the symmetric difference, same polygon count
    /// (pieces not merged or split differently).
    /// </summary>
    public static void AssertSameAsOverlayNG(Geometry a, Geometry b, Geometry result)
    {
        var ng = Overlay.IntersectionNG(a, b);
        AssertSameSet(ng, result, Scale(a, b), $"{a} ∩ {b}");
        Assert.Equal(ng.IsEmpty ? 0 : ng.NumGeometries, result.IsEmpty ? 0 : result.NumGeometries);
    }

    /// <summary>
    /// As <see cref="AssertSameAsOverlayNG"/>, for inputs whose vertices were computed by an earlier
    /// overlay and lie a rounding error off the other side's edges: there OverlayNG may keep slivers
    /// of no measurable area (below 1e-9 of the inputs' area) that the noded walk, which puts such a
    /// vertex on the edge, does not make; only polygons of measurable area are counted.
    /// </summary>
    public static void AssertSameAsOverlayNGUpToSlivers(Geometry a, Geometry b, Geometry result)
    {
        var ng = Overlay.IntersectionNG(a, b);
        var scale = Scale(a, b);
        AssertSameSet(ng, result, scale, $"{a} ∩ {b}");
        int Measurable(Geometry g) => Enumerable.Range(0, g.IsEmpty ? 0 : g.NumGeometries).Count(k => g.GetGeometryN(k).Area > 1e-9 * scale);
        Assert.Equal(Measurable(ng), Measurable(result));
    }

    /// <summary>
    /// <paramref name="result"/> is a − b as OverlayNG computes it. The polygons are not counted:
    /// where a vertex of b was computed by an earlier overlay a rounding error off a's edge,
    /// OverlayNG may join two parts by a spike of no width (one polygon) that the noded walk, which
    /// puts the vertex on the edge, does not make.
    /// </summary>
    public static void AssertSameDifferenceAsOverlayNG(Geometry a, Geometry b, Geometry result) =>
        AssertSameSet(Overlay.DifferenceNG(a, b), result, Scale(a, b), $"{a} − {b} = {result}");

    /// <summary><paramref name="result"/> is the union of <paramref name="polygons"/> as OverlayNG computes it.</summary>
    public static void AssertSameUnionAsOverlayNG(IReadOnlyList<Polygon> polygons, Geometry result) =>
        AssertSameSet(OverlayNGRobust.Union(Factory.BuildGeometry(polygons)), result, Math.Max(1.0, polygons.Max(p => p.Area)), string.Join(" ∪ ", polygons));

    private static double Scale(Geometry a, Geometry b) => Math.Max(1.0, Math.Max(a.Area, b.Area));

    /// <summary>Valid, polygonal, and the same point set as <paramref name="expected"/>: no area (above 1e-9 of the scale) in the symmetric difference.</summary>
    private static void AssertSameSet(Geometry expected, Geometry result, double scale, string what)
    {
        Assert.True(result.IsValid, $"invalid result {result}");
        Assert.True(result is Polygon or MultiPolygon, result.GeometryType);
        var difference = OverlayNGRobust.Overlay(result, expected, SpatialFunction.SymDifference);
        Assert.True(difference.Area <= 1e-9 * scale, $"result and OverlayNG differ by {difference.Area} m²: {what}");
        Assert.Equal(expected.Area, result.Area, 1e-9 * scale);
    }
}
