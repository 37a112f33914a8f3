using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Buffer;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Geometry helpers of the generator. Every overlay runs through OverlayNG with the world's
/// fixed 1 mm precision model (snap-rounding), so results are robust and reproducible, and shared
/// edges between neighbouring polygons stay identical.
/// </summary>
internal static class Geo
{
    private static readonly PrecisionModel Pm = DemoFrame.Factory.PrecisionModel;

    public static Geometry Intersection(Geometry a, Geometry b) => OverlayNGRobust.Overlay(a, b, SpatialFunction.Intersection);

    public static Geometry Difference(Geometry a, Geometry b) => OverlayNGRobust.Overlay(a, b, SpatialFunction.Difference);

    public static Geometry Union(Geometry a, Geometry b) => OverlayNGRobust.Overlay(a, b, SpatialFunction.Union);

    /// <summary>Union of many polygons (empty polygon for none).</summary>
    public static Geometry Union(IEnumerable<Geometry> geometries)
    {
        var list = geometries.Where(g => !g.IsEmpty).ToList();
        if (list.Count == 0)
        {
            return DemoFrame.Factory.CreatePolygon();
        }

        if (list.Count == 1)
        {
            return list[0];
        }

        var collection = DemoFrame.Factory.BuildGeometry(list);
        return OverlayNGRobust.Union(collection);
    }

    /// <summary>Buffer with flat ends and mitred joins (for roads and rivers); rounded to 1 mm.</summary>
    public static Geometry FlatBuffer(Geometry g, double distance) =>
        g.Buffer(distance, new BufferParameters { EndCapStyle = EndCapStyle.Flat, JoinStyle = JoinStyle.Mitre, MitreLimit = 3, QuadrantSegments = 4 });

    /// <summary>Buffer with mitred joins (keeps rectangles rectangular); rounded to 1 mm.</summary>
    public static Geometry MitreBuffer(Geometry g, double distance) =>
        g.Buffer(distance, new BufferParameters { JoinStyle = JoinStyle.Mitre, MitreLimit = 5, QuadrantSegments = 4 });

    /// <summary>The polygons of a geometry (a Polygon, the parts of a MultiPolygon or collection), at least <paramref name="minArea"/> m² each.</summary>
    public static List<Polygon> Polygons(Geometry g, double minArea = 0)
    {
        var result = new List<Polygon>();
        for (var i = 0; i < g.NumGeometries; i++)
        {
            var part = g.GetGeometryN(i);
            if (part is Polygon p && !p.IsEmpty && p.Area >= minArea)
            {
                result.Add(p);
            }
            else if (part is GeometryCollection gc && part != g)
            {
                result.AddRange(Polygons(gc, minArea));
            }
        }

        return result;
    }

    /// <summary>Only the polygonal part of an overlay result, as a Polygon or MultiPolygon.</summary>
    public static Geometry Polygonal(Geometry g)
    {
        if (g is Polygon or MultiPolygon)
        {
            return g;
        }

        var polygons = Polygons(g);
        return polygons.Count switch
        {
            0 => DemoFrame.Factory.CreatePolygon(),
            1 => polygons[0],
            _ => DemoFrame.Factory.CreateMultiPolygon([.. polygons]),
        };
    }

    /// <summary>A polygon from local-frame (u, v) points (closed automatically).</summary>
    public static Polygon PolygonLocal(IReadOnlyList<(double U, double V)> ring)
    {
        var coords = ring.Select(p => DemoFrame.ToGk(p.U, p.V)).ToList();
        coords.Add(coords[0].Copy());
        return DemoFrame.Factory.CreatePolygon([.. coords]);
    }

    /// <summary>A polygon from GK coordinates (closed automatically).</summary>
    public static Polygon PolygonGk(IReadOnlyList<Coordinate> ring)
    {
        var coords = ring.Select(c => new Coordinate(Math.Round(c.X, 3), Math.Round(c.Y, 3))).ToList();
        coords.Add(coords[0].Copy());
        return DemoFrame.Factory.CreatePolygon([.. coords]);
    }

    /// <summary>A line from local-frame points.</summary>
    public static LineString LineLocal(IEnumerable<(double U, double V)> points) =>
        DemoFrame.Factory.CreateLineString(points.Select(p => DemoFrame.ToGk(p.U, p.V)).ToArray());

    /// <summary>
    /// An oriented rectangle (width along <paramref name="angle"/>, height across it), centred at a GK point.
    /// </summary>
    public static Polygon Rectangle(Coordinate centre, double width, double height, double angle)
    {
        var (c, s) = (Math.Cos(angle), Math.Sin(angle));
        var corners = new List<Coordinate>();
        foreach (var (a, b) in new[] { (-1.0, -1.0), (1.0, -1.0), (1.0, 1.0), (-1.0, 1.0) })
        {
            var x = a * width / 2;
            var y = b * height / 2;
            corners.Add(new Coordinate(centre.X + x * c - y * s, centre.Y + x * s + y * c));
        }

        return PolygonGk(corners);
    }

    /// <summary>Catmull–Rom spline through control points, sampled about every <paramref name="step"/> metres.</summary>
    public static List<(double U, double V)> Spline(IReadOnlyList<(double U, double V)> pts, double step)
    {
        var result = new List<(double U, double V)>();
        for (var i = 0; i < pts.Count - 1; i++)
        {
            var p0 = pts[Math.Max(i - 1, 0)];
            var p1 = pts[i];
            var p2 = pts[i + 1];
            var p3 = pts[Math.Min(i + 2, pts.Count - 1)];
            var length = Math.Sqrt((p2.U - p1.U) * (p2.U - p1.U) + (p2.V - p1.V) * (p2.V - p1.V));
            var n = Math.Max(2, (int)(length / step));
            for (var k = 0; k < n; k++)
            {
                var t = (double)k / n;
                var t2 = t * t;
                var t3 = t2 * t;
                double F(double a, double b, double c, double d) =>
                    0.5 * (2 * b + (-a + c) * t + (2 * a - 5 * b + 4 * c - d) * t2 + (-a + 3 * b - 3 * c + d) * t3);
                result.Add((F(p0.U, p1.U, p2.U, p3.U), F(p0.V, p1.V, p2.V, p3.V)));
            }
        }

        result.Add(pts[^1]);
        return result;
    }

    /// <summary>Planar area of a geometry in the GK plane (m²), as cadastral surveys compute 宗地面积.</summary>
    public static double PlanarArea(Geometry g) => g.Area;
}
