using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="Overlay.Area"/> (computed in the zone's grid, cached per geometry) agrees with
/// <see cref="Areas.EllipsoidalArea"/> over the geometry transformed to lon/lat, which agrees with PostGIS.
/// </summary>
public sealed class OverlayAreaTests
{
    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), Srids.Storage);

    private static double Reference(Overlay o, Geometry zone) =>
        zone.IsEmpty || zone.Dimension < Dimension.Surface ? 0 : Areas.EllipsoidalArea(Reprojection.Transform(zone, o.Zone, Srids.Storage));

    private static Polygon Star(GeometryFactory f, Random r, double cx, double cy, double radius, int vertices, LinearRing[]? holes = null)
    {
        var points = Enumerable.Range(0, vertices).Select(i =>
        {
            var a = 2 * Math.PI * i / vertices;
            var d = radius * (1 - (0.5 * r.NextDouble()));
            return new Coordinate(cx + (d * Math.Cos(a)), cy + (d * Math.Sin(a)));
        }).ToList();
        points.Add(points[0]);
        return f.CreatePolygon(f.CreateLinearRing(points.ToArray()), holes);
    }

    [Fact]
    public void Areas_agree_with_EllipsoidalArea_of_the_lon_lat_geometry()
    {
        var petition = LonLat.CreatePolygon(new[]
        {
            new Coordinate(113.30, 30.20), new Coordinate(113.31, 30.20), new Coordinate(113.31, 30.21), new Coordinate(113.30, 30.21), new Coordinate(113.30, 30.20),
        });
        var o = new Overlay(petition, 2, new VerificationOptions());
        AssertClose(Reference(o, o.Petition), o.PetitionAreaM2, o.Petition);
        var zone = o.Petition.Factory;
        var (cx, cy) = (o.Petition.Centroid.X, o.Petition.Centroid.Y);

        var r = new Random(4490);
        var geometries = new List<Geometry>();
        for (var i = 0; i < 300; i++)
        {
            var x = cx + ((r.NextDouble() - 0.5) * 3000);
            var y = cy + ((r.NextDouble() - 0.5) * 3000);
            var star = Star(zone, r, x, y, 5 + (r.NextDouble() * 500), 3 + r.Next(600));
            geometries.Add(star);
            // Holes, sharing vertices with the shell's neighbours (a piece and its feature).
            var hole = zone.CreateLinearRing(new[] { new Coordinate(x - 1, y - 1), new Coordinate(x - 1, y + 1), new Coordinate(x + 1, y + 1), new Coordinate(x + 1, y - 1), new Coordinate(x - 1, y - 1) });
            geometries.Add(zone.CreatePolygon(star.Shell, [hole]));
            geometries.Add(star.Intersection(o.Petition));
            geometries.Add(zone.CreateMultiPolygon([star, Star(zone, r, x + 2000, y, 100, 20)]));
        }

        geometries.Add(zone.CreatePolygon());
        geometries.Add(zone.CreateMultiPolygon());
        geometries.Add(zone.CreateLineString(new[] { new Coordinate(cx, cy), new Coordinate(cx + 10, cy + 10) }));
        geometries.Add(zone.CreateGeometryCollection([geometries[0], zone.CreatePoint(new Coordinate(cx, cy))]));

        // Twice: the second pass reads the caches.
        for (var pass = 0; pass < 2; pass++)
        {
            foreach (var g in geometries)
            {
                AssertClose(Reference(o, g), o.Area(g), g);
            }
        }

        Assert.Equal(0, o.Area(zone.CreatePolygon()));
    }

    /// <summary>
    /// Within 1e-6 of the area or 1e-3 m² (a strip 1 mm wide and 1 m long), 500 times closer than
    /// the 0.05 % required against PostGIS. The two take an edge along different paths (straight in
    /// the grid, a great circle of the authalic sphere), which part by an area growing with the cube
    /// of the edge's length: measured up to 2.1e-7 of the area (0.023 m² of 10.6 ha) for the stars
    /// cut by the petition's 1 km edges, 1.7e-8 for spiky 600-vertex stars.
    /// </summary>
    private static void AssertClose(double expected, double actual, Geometry g) =>
        Assert.True(Math.Abs(actual - expected) <= Math.Max(1e-6 * expected, 1e-3), $"{actual} != {expected} for {g.GeometryType} of {g.NumPoints} points");
}
