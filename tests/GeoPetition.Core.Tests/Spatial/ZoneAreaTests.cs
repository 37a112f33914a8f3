using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Tests.Spatial;

/// <summary>
/// <see cref="ZoneArea"/> (areas computed in a Gauss–Krüger grid) against <see cref="Areas.EllipsoidalArea"/>
/// of the same polygons transformed to lon/lat vertex by vertex, which itself agrees with PostGIS
/// (<see cref="AreasTests"/>).
/// </summary>
public sealed class ZoneAreaTests
{
    private static readonly GeometryFactory Factory = new();

    /// <summary>
    /// Random polygons (star-shaped rings with a hole, and multipolygons) of 20 m to 60 km, at
    /// latitudes 18°–53°, from on the central meridian to 2.5° from it (data spill over zone edges).
    /// </summary>
    [Theory]
    [InlineData(75, 20.0, 1_000.0, 1e-8)]
    [InlineData(99, 5_000.0, 10_000.0, 1e-8)]
    [InlineData(117, 10_000.0, 60_000.0, 1e-7)]
    public void Grid_area_agrees_with_the_ellipsoidal_area_of_the_polygon_in_lon_lat(int zoneMeridian, double minSize, double maxSize, double tolerance)
    {
        var zone = CrsRegistry.ThreeDegreeZoneEpsg(zoneMeridian, withZonePrefix: false);
        var random = new Random(zoneMeridian);
        var worst = 0.0;
        for (var trial = 0; trial < 300; trial++)
        {
            var lat = 18.0 + (35.0 * random.NextDouble());
            var lon = zoneMeridian + ((random.NextDouble() * 5.0) - 2.5);
            var size = minSize * Math.Pow(maxSize / minSize, random.NextDouble());
            var (cx, cy) = Reprojection.Transform(lon, lat, Srids.Storage, zone);
            Geometry polygon = Star(random, cx, cy, size, withHole: trial % 2 == 0);
            // Edges of at most 1/200 of the size: an edge straight in the grid and one straight on the
            // (authalic) sphere part by an area that grows with the cube of its length, 1e-8 of a
            // polygon's area for 300 m edges at the zone's edge; the two area formulas are compared.
            polygon = NetTopologySuite.Densify.Densifier.Densify(polygon, size / 200);
            if (trial % 5 == 0)
            {
                polygon = Factory.CreateMultiPolygon([(Polygon)polygon, Star(random, cx + (1.5 * size), cy - size, size / 3, withHole: false)]);
            }

            // The origin of the sums near, not at, the polygon, as in an overlay around a petition.
            var (ox, oy) = (cx + ((random.NextDouble() - 0.5) * size), cy + ((random.NextDouble() - 0.5) * size));
            var grid = new ZoneArea(zone, ox, oy).Of(polygon);

            var lonLat = Reprojection.Transform(polygon, zone, Srids.Storage);
            var ellipsoidal = Areas.EllipsoidalArea(lonLat);
            var relative = Math.Abs(grid - ellipsoidal) / ellipsoidal;
            worst = Math.Max(worst, relative);

            // The planar area alone is off by k² − 1, up to 1.5e-3 at 2.5° from the central meridian.
            // Measured worst: 2.8e-9 (20 m–1 km), 9.6e-9 (5–10 km), 4.8e-8 (10–60 km).
            Assert.True(relative < tolerance, $"trial {trial}: {size:F0} m at ({lon:F3}, {lat:F3}): grid {grid:F6} m², ellipsoidal {ellipsoidal:F6} m², relative {relative:E2}");
        }

        Assert.True(worst > 0, "the two methods are independent, so they cannot agree to the bit every time");
        Console.WriteLine($"zone {zoneMeridian}, {minSize}-{maxSize} m: worst relative difference {worst:E2}");
    }

    [Fact]
    public void Points_lines_and_empty_geometries_have_no_area()
    {
        var area = new ZoneArea(4539, 500_000, 3_000_000);
        Assert.Equal(0, area.Of(Factory.CreatePoint(new Coordinate(500_000, 3_000_000))));
        Assert.Equal(0, area.Of(Factory.CreateLineString([new(500_000, 3_000_000), new(500_100, 3_000_000)])));
        Assert.Equal(0, area.Of(Factory.CreatePolygon()));
    }

    [Fact]
    public void Orientation_does_not_change_the_area_and_holes_are_subtracted()
    {
        var area = new ZoneArea(4539, 600_000, 3_000_000);
        var ccw = Factory.CreatePolygon([new(600_000, 3_000_000), new(601_000, 3_000_000), new(601_000, 3_001_000), new(600_000, 3_001_000), new(600_000, 3_000_000)]);
        var cw = (Polygon)ccw.Reverse();
        Assert.Equal(area.Of(ccw), area.Of(cw), 9);

        var hole = Factory.CreateLinearRing([new(600_200, 3_000_200), new(600_200, 3_000_400), new(600_400, 3_000_400), new(600_400, 3_000_200), new(600_200, 3_000_200)]);
        var withHole = Factory.CreatePolygon(ccw.Shell, [hole]);
        var holeArea = area.Of(Factory.CreatePolygon(hole));
        Assert.Equal(area.Of(ccw) - holeArea, area.Of(withHole), 6);

        // 100 km east of the central meridian a grid square of 1 km² is k⁻² ≈ 1 − 2.5e-4 of it on the ellipsoid.
        Assert.InRange(area.Of(ccw), 1e6 * (1 - 2.6e-4), 1e6 * (1 - 2.4e-4));
    }

    /// <summary>A random star-shaped polygon of about <paramref name="size"/> across, optionally with a hole around its centre.</summary>
    private static Polygon Star(Random random, double cx, double cy, double size, bool withHole)
    {
        var n = random.Next(5, 40);
        var shell = new Coordinate[n + 1];
        for (var i = 0; i < n; i++)
        {
            var angle = 2 * Math.PI * i / n;
            var r = size / 2 * (0.6 + (0.4 * random.NextDouble()));
            shell[i] = new Coordinate(cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle)));
        }

        shell[n] = shell[0].Copy();
        if (!withHole)
        {
            return Factory.CreatePolygon(shell);
        }

        var h = size / 10;
        var hole = Factory.CreateLinearRing([new(cx - h, cy - h), new(cx - h, cy + h), new(cx + h, cy + h), new(cx + h, cy - h), new(cx - h, cy - h)]);
        return Factory.CreatePolygon(Factory.CreateLinearRing(shell), [hole]);
    }
}
