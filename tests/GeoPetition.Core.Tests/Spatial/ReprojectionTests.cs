using System.Globalization;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using Xunit.Abstractions;

namespace GeoPetition.Core.Tests.Spatial;

/// <summary>
/// Reprojection against PROJ cs2cs, the reference implementation: every CGCS2000 GK system
/// (EPSG:4491–4554), forward and inverse, at the central meridian, near and at the zone edges
/// (±1.4°/±1.5° for 3° zones, ±2.9°/±3.0° for 6° zones) and at latitudes 18°, 30°, 45°, 53°.
/// Tolerance 1 mm.
/// </summary>
public sealed class ReprojectionTests(ITestOutputHelper output)
{
    private const double ToleranceMetres = 0.001;
    private const double MetresPerDegree = 111_320.0;

    private static readonly double[] Latitudes = [18.0, 30.0, 45.0, 53.0];

    public static TheoryData<int> GaussKrugerCodes()
    {
        var data = new TheoryData<int>();
        foreach (var info in CrsRegistry.All.Where(c => c.IsGaussKruger))
        {
            data.Add(info.Epsg);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GaussKrugerCodes))]
    public void Gauss_Kruger_matches_cs2cs_with_proj_strings_forward_and_inverse(int epsg)
    {
        var info = CrsRegistry.Get(epsg);
        var lonLat = SamplePoints(info);
        var projString = ProjString(info);

        var expectedProjected = Cs2cs.Run(
            ["+proj=longlat", "+ellps=GRS80", "+no_defs", "+to", .. projString], lonLat);
        var maxForward = 0.0;
        for (var i = 0; i < lonLat.Count; i++)
        {
            var (e, n) = Reprojection.Transform(lonLat[i].A, lonLat[i].B, Srids.Cgcs2000, epsg);
            var error = Math.Sqrt(Square(e - expectedProjected[i].A) + Square(n - expectedProjected[i].B));
            maxForward = Math.Max(maxForward, error);
            Assert.True(error < ToleranceMetres,
                $"EPSG:{epsg} forward ({lonLat[i].A}, {lonLat[i].B}): ours ({e:F6}, {n:F6}), cs2cs ({expectedProjected[i].A:F6}, {expectedProjected[i].B:F6}), {error * 1000:F4} mm");
        }

        var expectedLonLat = Cs2cs.Run(
            [.. projString, "+to", "+proj=longlat", "+ellps=GRS80", "+no_defs"], expectedProjected);
        var maxInverse = 0.0;
        for (var i = 0; i < expectedProjected.Count; i++)
        {
            var (lon, lat) = Reprojection.Transform(expectedProjected[i].A, expectedProjected[i].B, epsg, Srids.Cgcs2000);
            var error = GroundDistance(lon, lat, expectedLonLat[i].A, expectedLonLat[i].B);
            maxInverse = Math.Max(maxInverse, error);
            Assert.True(error < ToleranceMetres,
                $"EPSG:{epsg} inverse ({expectedProjected[i].A:F4}, {expectedProjected[i].B:F4}): ours ({lon:F10}, {lat:F10}), cs2cs ({expectedLonLat[i].A:F10}, {expectedLonLat[i].B:F10}), {error * 1000:F4} mm");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"EPSG:{epsg} {info.Family}: max forward {maxForward * 1000:F6} mm, max inverse {maxInverse * 1000:F6} mm over {lonLat.Count} points"));
    }

    /// <summary>
    /// The same check with the EPSG codes themselves, proving that our parameters are those of
    /// the EPSG database. PROJ uses the EPSG axis order here: latitude, longitude for 4490 and
    /// northing, easting for the GK systems.
    /// </summary>
    [Theory]
    [InlineData(4491)]
    [InlineData(4496)]
    [InlineData(4501)]
    [InlineData(4502)]
    [InlineData(4507)]
    [InlineData(4512)]
    [InlineData(4513)]
    [InlineData(4523)]
    [InlineData(4526)]
    [InlineData(4533)]
    [InlineData(4534)]
    [InlineData(4544)]
    [InlineData(4547)]
    [InlineData(4554)]
    public void Gauss_Kruger_matches_cs2cs_with_epsg_codes(int epsg)
    {
        var info = CrsRegistry.Get(epsg);
        var lonLat = SamplePoints(info);
        var latLon = lonLat.Select(p => (p.B, p.A)).ToList();
        var northingEasting = Cs2cs.Run([$"EPSG:{Srids.Cgcs2000}", $"EPSG:{epsg}"], latLon);
        for (var i = 0; i < lonLat.Count; i++)
        {
            var (e, n) = Reprojection.Transform(lonLat[i].A, lonLat[i].B, Srids.Cgcs2000, epsg);
            var error = Math.Sqrt(Square(e - northingEasting[i].B) + Square(n - northingEasting[i].A));
            Assert.True(error < ToleranceMetres,
                $"EPSG:{epsg} vs cs2cs EPSG codes at ({lonLat[i].A}, {lonLat[i].B}): {error * 1000:F4} mm");
        }

        var backLatLon = Cs2cs.Run([$"EPSG:{epsg}", $"EPSG:{Srids.Cgcs2000}"], northingEasting);
        for (var i = 0; i < lonLat.Count; i++)
        {
            var (lon, lat) = Reprojection.Transform(northingEasting[i].B, northingEasting[i].A, epsg, Srids.Cgcs2000);
            Assert.True(GroundDistance(lon, lat, backLatLon[i].B, backLatLon[i].A) < ToleranceMetres,
                $"EPSG:{epsg} inverse vs cs2cs EPSG codes at ({lonLat[i].A}, {lonLat[i].B})");
        }
    }

    [Fact]
    public void Web_mercator_matches_cs2cs()
    {
        List<(double A, double B)> lonLat = [(73.5, 18.0), (105.0, 30.0), (114.5, 36.6), (135.0, 53.5), (-70.0, -45.0), (0.0, 0.0)];
        var expected = Cs2cs.Run(
            ["+proj=longlat", "+ellps=WGS84", "+no_defs", "+to", "+proj=merc", "+a=6378137", "+b=6378137", "+lat_ts=0", "+lon_0=0", "+x_0=0", "+y_0=0", "+k=1", "+units=m", "+nadgrids=@null", "+no_defs"],
            lonLat);
        for (var i = 0; i < lonLat.Count; i++)
        {
            var (x, y) = Reprojection.Transform(lonLat[i].A, lonLat[i].B, Srids.Wgs84, Srids.WebMercator);
            Assert.True(Math.Abs(x - expected[i].A) < ToleranceMetres && Math.Abs(y - expected[i].B) < ToleranceMetres,
                $"3857 at ({lonLat[i].A}, {lonLat[i].B}): ours ({x:F4}, {y:F4}), cs2cs ({expected[i].A:F4}, {expected[i].B:F4})");
            var (lon, lat) = Reprojection.Transform(x, y, Srids.WebMercator, Srids.Cgcs2000);
            Assert.True(GroundDistance(lon, lat, lonLat[i].A, lonLat[i].B) < 1e-6);
        }
    }

    [Fact]
    public void Gauss_Kruger_to_web_mercator_goes_through_lon_lat()
    {
        var (e, n) = Reprojection.Transform(114.5, 36.6, Srids.Cgcs2000, 4526);
        var (x, y) = Reprojection.Transform(e, n, 4526, Srids.WebMercator);
        var (xDirect, yDirect) = Reprojection.Transform(114.5, 36.6, Srids.Cgcs2000, Srids.WebMercator);
        Assert.Equal(xDirect, x, 6);
        Assert.Equal(yDirect, y, 6);
    }

    [Fact]
    public void Wgs84_and_cgcs2000_are_identity_and_equal_codes_copy()
    {
        var (x, y) = Reprojection.Transform(114.123456789, 36.987654321, Srids.Wgs84, Srids.Cgcs2000);
        Assert.Equal((114.123456789, 36.987654321), (x, y));
        var point = new Point(35_512_345.678, 3_300_000.5) { SRID = 4523 };
        var same = Reprojection.Transform(point, 4523, 4523);
        Assert.NotSame(point, same);
        Assert.Equal(point.Coordinate, same.Coordinate);
        Assert.Equal(4523, same.SRID);
    }

    [Fact]
    public void Transform_returns_a_new_geometry_with_srid_and_keeps_z_and_leaves_the_input_alone()
    {
        var reader = new WKTReader();
        var polygon = reader.Read("POLYGON Z ((35500000 3320000 10, 35501000 3320000 11, 35501000 3321000 12, 35500000 3321000 13, 35500000 3320000 10))");
        polygon.SRID = 4523;
        var before = polygon.Copy();

        var lonLat = Reprojection.Transform(polygon, 4523, Srids.Storage);

        Assert.True(before.EqualsExact(polygon), "input was mutated");
        Assert.Equal(Srids.Storage, lonLat.SRID);
        Assert.Equal(Srids.Storage, lonLat.Factory.SRID);
        Assert.Equal(11.0, lonLat.Coordinates[1].Z);
        Assert.InRange(lonLat.Coordinates[0].X, 104.99, 105.01);

        var back = Reprojection.Transform(lonLat, 4523);
        Assert.Equal(4523, back.SRID);
        for (var i = 0; i < polygon.NumPoints; i++)
        {
            Assert.True(polygon.Coordinates[i].Distance(back.Coordinates[i]) < 1e-6);
        }
    }

    [Fact]
    public void Coordinate_overload_copies_z_and_m()
    {
        var c = new CoordinateZM(114.5, 36.6, 55.0, 7.0);
        var result = Reprojection.Transform(c, Srids.Cgcs2000, 4526);
        Assert.IsType<CoordinateZM>(result);
        Assert.Equal(55.0, result.Z);
        Assert.Equal(7.0, result.M);
        Assert.Equal(114.5, c.X);
        Assert.InRange(result.X, 38_500_000.0, 38_600_000.0);
    }

    [Fact]
    public void Unsupported_codes_throw_with_the_list_of_supported_systems()
    {
        var e = Assert.Throws<UnsupportedCrsException>(() => Reprojection.Transform(1.0, 2.0, 2383, Srids.Cgcs2000));
        Assert.Contains("EPSG:2383", e.Message, StringComparison.Ordinal);
        Assert.Contains("EPSG:4513–4554", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Is_thread_safe()
    {
        var results = new double[2000];
        Parallel.For(0, results.Length, i =>
        {
            var epsg = 4491 + i % 64;
            var info = CrsRegistry.Get(epsg);
            var (e, n) = Reprojection.Transform(info.CentralMeridian!.Value + 0.5, 30.0, Srids.Cgcs2000, epsg);
            var (lon, _) = Reprojection.Transform(e, n, epsg, Srids.Cgcs2000);
            results[i] = lon - info.CentralMeridian.Value - 0.5;
        });
        Assert.All(results, r => Assert.True(Math.Abs(r) < 1e-11));
    }

    [Fact]
    public void Envelope_transform_covers_the_curved_box()
    {
        var box = new Envelope(35_480_000, 35_520_000, 3_300_000, 3_340_000);
        var lonLat = Reprojection.TransformEnvelope(box, 4523, Srids.Cgcs2000);
        foreach (var (x, y) in new[] { (box.MinX, box.MinY), (box.MaxX, box.MaxY), (box.MinX, box.MaxY), (box.MaxX, box.MinY) })
        {
            var (lon, lat) = Reprojection.Transform(x, y, 4523, Srids.Cgcs2000);
            Assert.True(lonLat.Contains(lon, lat));
        }
    }

    /// <summary>CM, ±(edge − 0.1°) and ±edge for each latitude.</summary>
    private static List<(double A, double B)> SamplePoints(CrsInfo info)
    {
        var half = info.ZoneWidthDegrees!.Value / 2.0;
        double[] offsets = [0.0, -(half - 0.1), half - 0.1, -half, half];
        var points = new List<(double A, double B)>();
        foreach (var lat in Latitudes)
        {
            foreach (var offset in offsets)
            {
                points.Add((info.CentralMeridian!.Value + offset, lat));
            }
        }

        return points;
    }

    private static string[] ProjString(CrsInfo info) =>
    [
        "+proj=tmerc", "+lat_0=0", string.Create(CultureInfo.InvariantCulture, $"+lon_0={info.CentralMeridian}"), "+k=1",
        string.Create(CultureInfo.InvariantCulture, $"+x_0={info.FalseEasting:0}"), "+y_0=0", "+ellps=GRS80", "+units=m", "+no_defs",
    ];

    private static double GroundDistance(double lon1, double lat1, double lon2, double lat2)
    {
        var dy = (lat1 - lat2) * MetresPerDegree;
        var dx = (lon1 - lon2) * MetresPerDegree * Math.Cos(lat2 * Math.PI / 180.0);
        return Math.Sqrt(dx * dx + dy * dy);
    }

    private static double Square(double v) => v * v;
}
