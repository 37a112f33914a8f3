using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Ellipsoidal area (椭球面积, 国土调查办发〔2008〕32号) of a polygon given in EPSG:4523: every
/// vertex is unprojected to CGCS2000 lon/lat (edges densified to ≤ 50 m first) and the ring is
/// measured in the ellipsoidal Lambert cylindrical equal-area projection (authalic, x = a·λ,
/// y = a·q(φ)/2), where plane area equals area on the ellipsoid. This is the figure 三调 writes
/// into TBMJ; it differs from the planar GK area by about 2·10⁻⁵ here (28 km from the central meridian).
/// </summary>
internal static class DemoAreas
{
    private const double A = 6378137.0;
    private static readonly double F = 1 / 298.257222101;
    private static readonly double E2 = F * (2 - F);
    private static readonly double E = Math.Sqrt(E2);

    /// <summary>Ellipsoidal area in m² of a (multi)polygon in EPSG:4523.</summary>
    public static double Ellipsoidal(Geometry gk)
    {
        double total = 0;
        for (var i = 0; i < gk.NumGeometries; i++)
        {
            if (gk.GetGeometryN(i) is Polygon p && !p.IsEmpty)
            {
                total += Math.Abs(Ring(p.ExteriorRing.Coordinates));
                foreach (var hole in p.InteriorRings)
                {
                    total -= Math.Abs(Ring(hole.Coordinates));
                }
            }
        }

        return total;
    }

    private static double Ring(Coordinate[] ring)
    {
        var points = new List<(double X, double Y)>();
        for (var i = 0; i < ring.Length - 1; i++)
        {
            var a = ring[i];
            var b = ring[i + 1];
            var length = a.Distance(b);
            var n = Math.Max(1, (int)Math.Ceiling(length / 50.0));
            for (var k = 0; k < n; k++)
            {
                var t = (double)k / n;
                points.Add(Project(a.X + (b.X - a.X) * t, a.Y + (b.Y - a.Y) * t));
            }
        }

        if (points.Count < 3)
        {
            return 0;
        }

        var (x0, y0) = points[0];
        double sum = 0;
        for (var i = 0; i < points.Count; i++)
        {
            var (x1, y1) = points[i];
            var (x2, y2) = points[(i + 1) % points.Count];
            sum += (x1 - x0) * (y2 - y0) - (x2 - x0) * (y1 - y0);
        }

        return sum / 2;
    }

    private static (double X, double Y) Project(double easting, double northing)
    {
        var (lon, lat) = DemoFrame.Projection.Inverse(easting, northing);
        var phi = lat * Math.PI / 180;
        var sin = Math.Sin(phi);
        var q = (1 - E2) * (sin / (1 - E2 * sin * sin) - 1 / (2 * E) * Math.Log((1 - E * sin) / (1 + E * sin)));
        return (A * (lon - 105.0) * Math.PI / 180, A * q / 2);
    }
}
