using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using ProjNet.CoordinateSystems;
using ProjNet.IO.CoordinateSystems;

namespace GeoPetition.Core.Tests.Spatial;

public sealed class CrsRegistryTests
{
    [Fact]
    public void Registry_holds_4490_4326_3857_and_every_gauss_kruger_system()
    {
        var codes = CrsRegistry.All.Select(c => c.Epsg).ToList();
        Assert.Equal(3 + 64, codes.Count);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Contains(Srids.Cgcs2000, codes);
        Assert.Contains(Srids.Wgs84, codes);
        Assert.Contains(Srids.WebMercator, codes);
        Assert.All(Enumerable.Range(4491, 64), code => Assert.True(CrsRegistry.IsSupported(code), $"EPSG:{code}"));
        Assert.False(CrsRegistry.IsSupported(4490 + 65));
        Assert.False(CrsRegistry.IsSupported(2383));
    }

    [Theory]
    [InlineData(4491, CrsFamily.GaussKruger6WithZone, 75.0, 13, 13_500_000.0, "CGCS2000 / Gauss-Kruger zone 13")]
    [InlineData(4500, CrsFamily.GaussKruger6WithZone, 129.0, 22, 22_500_000.0, "CGCS2000 / Gauss-Kruger zone 22")]
    [InlineData(4502, CrsFamily.GaussKruger6, 75.0, null, 500_000.0, "CGCS2000 / Gauss-Kruger CM 75E")]
    [InlineData(4507, CrsFamily.GaussKruger6, 105.0, null, 500_000.0, "CGCS2000 / Gauss-Kruger CM 105E")]
    [InlineData(4510, CrsFamily.GaussKruger6, 123.0, null, 500_000.0, "CGCS2000 / Gauss-Kruger CM 123E")]
    [InlineData(4513, CrsFamily.GaussKruger3WithZone, 75.0, 25, 25_500_000.0, "CGCS2000 / 3-degree Gauss-Kruger zone 25")]
    [InlineData(4522, CrsFamily.GaussKruger3WithZone, 102.0, 34, 34_500_000.0, "CGCS2000 / 3-degree Gauss-Kruger zone 34")]
    [InlineData(4523, CrsFamily.GaussKruger3WithZone, 105.0, 35, 35_500_000.0, "CGCS2000 / 3-degree Gauss-Kruger zone 35")]
    [InlineData(4530, CrsFamily.GaussKruger3WithZone, 126.0, 42, 42_500_000.0, "CGCS2000 / 3-degree Gauss-Kruger zone 42")]
    [InlineData(4543, CrsFamily.GaussKruger3, 102.0, null, 500_000.0, "CGCS2000 / 3-degree Gauss-Kruger CM 102E")]
    [InlineData(4545, CrsFamily.GaussKruger3, 108.0, null, 500_000.0, "CGCS2000 / 3-degree Gauss-Kruger CM 108E")]
    [InlineData(4547, CrsFamily.GaussKruger3, 114.0, null, 500_000.0, "CGCS2000 / 3-degree Gauss-Kruger CM 114E")]
    [InlineData(4551, CrsFamily.GaussKruger3, 126.0, null, 500_000.0, "CGCS2000 / 3-degree Gauss-Kruger CM 126E")]
    [InlineData(4554, CrsFamily.GaussKruger3, 135.0, null, 500_000.0, "CGCS2000 / 3-degree Gauss-Kruger CM 135E")]
    public void Gauss_kruger_parameters_follow_domain_rules_3_1(int epsg, CrsFamily family, double cm, int? zone, double falseEasting, string name)
    {
        var info = CrsRegistry.Get(epsg);
        Assert.Equal(family, info.Family);
        Assert.Equal(cm, info.CentralMeridian);
        Assert.Equal(zone, info.Zone);
        Assert.Equal(falseEasting, info.FalseEasting);
        Assert.Equal(name, info.Name);
    }

    public static TheoryData<int> AllCodes()
    {
        var data = new TheoryData<int>();
        foreach (var info in CrsRegistry.All)
        {
            data.Add(info.Epsg);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllCodes))]
    public void Every_wkt_parses_with_projnet_and_carries_its_parameters(int epsg)
    {
        var info = CrsRegistry.Get(epsg);
        var parsed = CoordinateSystemWktReader.Parse(info.Wkt);
        var cs = Assert.IsAssignableFrom<CoordinateSystem>(parsed);
        Assert.Equal("EPSG", cs.Authority);
        Assert.Equal(epsg, cs.AuthorityCode);
        if (info.IsGaussKruger)
        {
            var projected = Assert.IsType<ProjectedCoordinateSystem>(cs);
            Assert.Equal("Transverse_Mercator", projected.Projection.ClassName, ignoreCase: true);
            Assert.Equal(info.CentralMeridian, projected.Projection.GetParameter("central_meridian").Value);
            Assert.Equal(info.FalseEasting, projected.Projection.GetParameter("false_easting").Value);
            Assert.Equal(0.0, projected.Projection.GetParameter("false_northing").Value);
            Assert.Equal(1.0, projected.Projection.GetParameter("scale_factor").Value);
            Assert.Equal(6378137.0, projected.GeographicCoordinateSystem.HorizontalDatum.Ellipsoid.SemiMajorAxis);
            Assert.Equal(298.257222101, projected.GeographicCoordinateSystem.HorizontalDatum.Ellipsoid.InverseFlattening);
        }

        // Our own .prj reader identifies our own WKT.
        Assert.Equal(epsg, CrsRegistry.IdentifyPrj(info.Wkt).Epsg);
    }

    [Fact]
    public void Get_of_an_unsupported_code_lists_the_supported_ones()
    {
        var e = Assert.Throws<UnsupportedCrsException>(() => CrsRegistry.Get(2385));
        Assert.Equal(2385, e.Epsg);
        Assert.Contains("EPSG:2385", e.Message, StringComparison.Ordinal);
        Assert.Contains(CrsRegistry.SupportedSummary, e.Message, StringComparison.Ordinal);
        Assert.Contains("EPSG:4490 (CGCS2000)", CrsRegistry.SupportedSummary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("EPSG:4523", 4523)]
    [InlineData("epsg:4523", 4523)]
    [InlineData(" EPSG::4490 ", 4490)]
    [InlineData("4523", 4523)]
    [InlineData("4523 ", 4523)]
    [InlineData("urn:ogc:def:crs:EPSG::4523", 4523)]
    [InlineData("urn:ogc:def:crs:EPSG:9.8.15:4547", 4547)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4523", 4523)]
    [InlineData("https://www.opengis.net/def/crs/EPSG/0/3857", 3857)]
    [InlineData("CRS84", 4326)]
    [InlineData("OGC:CRS84", 4326)]
    [InlineData("urn:ogc:def:crs:OGC:1.3:CRS84", 4326)]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326)]
    public void TryParseCrs_accepts_the_usual_forms(string text, int expected)
    {
        Assert.True(CrsRegistry.TryParseCrs(text, out var epsg));
        Assert.Equal(expected, epsg);
    }

    [Theory]
    [InlineData("")]
    [InlineData("EPSG:")]
    [InlineData("EPSG:abc")]
    [InlineData("urn:ogc:def:crs:EPSG::2383")]
    [InlineData("EPSG:2383")]
    [InlineData("http://example.com/4523")]
    [InlineData("EPSG:4523:extra")]
    public void TryParseCrs_rejects_malformed_or_unsupported(string text) =>
        Assert.False(CrsRegistry.TryParseCrs(text, out _));

    [Fact]
    public void TryParseCrs_reports_the_code_of_an_unsupported_system()
    {
        Assert.False(CrsRegistry.TryParseCrs("EPSG:2383", out var epsg));
        Assert.Equal(2383, epsg);
    }

    [Theory]
    [InlineData(105.0, true, 4523)]
    [InlineData(105.0, false, 4544)]
    [InlineData(114.49, true, 4526)]
    [InlineData(114.6, true, 4526)]
    [InlineData(115.6, true, 4527)]
    [InlineData(73.5, true, 4513)]
    [InlineData(136.4, false, 4554)]
    public void ThreeDegreeZoneEpsg_rounds_lon_over_3(double lon, bool prefix, int expected) =>
        Assert.Equal(expected, CrsRegistry.ThreeDegreeZoneEpsg(lon, prefix));

    [Fact]
    public void ThreeDegreeZoneEpsg_outside_zones_25_to_45_throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CrsRegistry.ThreeDegreeZoneEpsg(10.0));

    [Theory]
    [InlineData(35_512_345.6, 4523)]
    [InlineData(38_400_000.0, 4526)]
    [InlineData(25_100_000.0, 4513)]
    [InlineData(45_900_000.0, 4533)]
    [InlineData(18_500_000.0, 4496)]
    [InlineData(13_500_000.0, 4491)]
    [InlineData(23_200_000.0, 4501)]
    [InlineData(512_345.6, null)]
    [InlineData(1_000_000.0, null)]
    [InlineData(24_500_000.0, null)]
    [InlineData(50_500_000.0, null)]
    [InlineData(double.NaN, null)]
    public void GuessZoneFromEasting_maps_the_prefix_to_an_epsg_code(double easting, int? expected) =>
        Assert.Equal(expected, CrsRegistry.GuessZoneFromEasting(easting));

    [Fact]
    public void IsPlausibleForChina_accepts_a_zone_35_file_and_rejects_prefix_38()
    {
        // A county near Chengdu/Chongqing in zone 35 (CM 105°E).
        var zone35 = new Envelope(35_480_000, 35_530_000, 3_300_000, 3_350_000);
        Assert.True(CrsRegistry.IsPlausibleForChina(4523, zone35));

        // The same file declared as zone 35 but carrying zone-38 eastings (Handan data).
        var prefix38 = new Envelope(38_480_000, 38_530_000, 4_050_000, 4_100_000);
        Assert.False(CrsRegistry.IsPlausibleForChina(4523, prefix38));
        Assert.True(CrsRegistry.IsPlausibleForChina(4526, prefix38));

        // Unprefixed data declared with a prefixed system, and the reverse.
        Assert.False(CrsRegistry.IsPlausibleForChina(4523, new Envelope(480_000, 530_000, 3_300_000, 3_350_000)));
        Assert.True(CrsRegistry.IsPlausibleForChina(4544, new Envelope(480_000, 530_000, 3_300_000, 3_350_000)));
        Assert.False(CrsRegistry.IsPlausibleForChina(4544, zone35));
    }

    [Fact]
    public void IsPlausibleForChina_checks_lon_lat_bounds()
    {
        Assert.True(CrsRegistry.IsPlausibleForChina(Srids.Cgcs2000, new Envelope(114.0, 115.0, 36.0, 37.0)));
        Assert.False(CrsRegistry.IsPlausibleForChina(Srids.Cgcs2000, new Envelope(2.0, 3.0, 48.0, 49.0)));
        Assert.False(CrsRegistry.IsPlausibleForChina(Srids.Cgcs2000, new Envelope(36.0, 37.0, 114.0, 115.0)));
        Assert.False(CrsRegistry.IsPlausibleForChina(Srids.Cgcs2000, new Envelope(35_480_000, 35_530_000, 3_300_000, 3_350_000)));
        Assert.False(CrsRegistry.IsPlausibleForChina(Srids.Cgcs2000, new Envelope()));
        Assert.False(CrsRegistry.IsPlausibleForChina(2383, new Envelope(114.0, 115.0, 36.0, 37.0)));

        var (x1, y1) = Reprojection.Transform(114.0, 36.0, Srids.Cgcs2000, Srids.WebMercator);
        var (x2, y2) = Reprojection.Transform(115.0, 37.0, Srids.Cgcs2000, Srids.WebMercator);
        Assert.True(CrsRegistry.IsPlausibleForChina(Srids.WebMercator, new Envelope(x1, x2, y1, y2)));

        // Northings of the southern hemisphere are not China.
        Assert.False(CrsRegistry.IsPlausibleForChina(4523, new Envelope(35_480_000, 35_530_000, -3_350_000, -3_300_000)));
    }
}
