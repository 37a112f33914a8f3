using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="Overlay.Area"/> (vertices transformed and prepared once per verification, areas cached
/// per geometry) gives the very bits of <see cref="Areas.EllipsoidalArea"/> over the geometry
/// transformed to lon/lat, the computation it replaces.
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
    public void Areas_are_bit_identical_to_EllipsoidalArea_of_the_lon_lat_geometry()
    {
        var petition = LonLat.CreatePolygon(new[]
        {
            new Coordinate(113.30, 30.20), new Coordinate(113.31, 30.20), new Coordinate(113.31, 30.21), new Coordinate(113.30, 30.21), new Coordinate(113.30, 30.20),
        });
        var o = new Overlay(petition, 2, new VerificationOptions());
        Assert.Equal(Reference(o, o.Petition), o.PetitionAreaM2);
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
                var expected = Reference(o, g);
                var actual = o.Area(g);
                Assert.True(BitConverter.DoubleToInt64Bits(expected) == BitConverter.DoubleToInt64Bits(actual), $"{actual} != {expected} for {g.GeometryType} of {g.NumPoints} points");
            }
        }

        Assert.Equal(0, o.Area(zone.CreatePolygon()));
    }
}
