using GeoPetition.Core.Spatial;

namespace GeoPetition.Core.Tests.Spatial;

/// <summary>
/// .prj identification on real texts (Data/prj, written by GDAL 3 <c>gdalsrsinfo -o wkt_esri</c>
/// as ArcGIS writes them, plus OGC WKT1 and WKT2 variants from <c>gdalsrsinfo -o wkt1/wkt2</c>).
/// </summary>
public sealed class PrjIdentificationTests
{
    [Theory]
    [InlineData("CGCS2000_3_Degree_GK_Zone_35.prj", 4523)]
    [InlineData("CGCS2000_3_Degree_GK_Zone_38.prj", 4526)]
    [InlineData("CGCS2000_3_Degree_GK_CM_105E.prj", 4544)]
    [InlineData("CGCS2000_3_Degree_GK_CM_114E.prj", 4547)]
    [InlineData("CGCS2000_GK_Zone_18.prj", 4496)]
    [InlineData("CGCS2000_GK_CM_105E.prj", 4507)]
    [InlineData("GCS_China_Geodetic_Coordinate_System_2000.prj", 4490)]
    [InlineData("GCS_WGS_1984.prj", 4326)]
    [InlineData("WGS_1984_Web_Mercator_Auxiliary_Sphere.prj", 3857)]
    [InlineData("ogc_wkt1_EPSG_4523.prj", 4523)]
    [InlineData("ogc_wkt1_EPSG_3857.prj", 3857)]
    [InlineData("wkt2_EPSG_4547.prj", 4547)]
    public void Supported_prj_files_are_identified(string file, int expected)
    {
        var result = CrsRegistry.IdentifyPrj(SpatialTestFiles.ReadAllText("prj", file));
        Assert.True(result.Success, result.Error);
        Assert.Equal(expected, result.Epsg);
        Assert.Null(result.Error);
    }

    [Theory]
    [InlineData("Xian_1980_3_Degree_GK_Zone_35.prj", "Xian 1980")]
    [InlineData("Beijing_1954_3_Degree_GK_CM_105E.prj", "Beijing 1954")]
    [InlineData("garbage.prj", "not a WKT coordinate system")]
    public void Unsupported_prj_files_fail_with_what_was_found_and_what_is_supported(string file, string found)
    {
        var result = CrsRegistry.IdentifyPrj(SpatialTestFiles.ReadAllText("prj", file));
        Assert.False(result.Success);
        Assert.Null(result.Epsg);
        Assert.NotNull(result.Error);
        Assert.Contains(found, result.Error, StringComparison.Ordinal);
        Assert.Contains(CrsRegistry.SupportedSummary, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Identification_uses_parameters_not_names()
    {
        // Misleading name, zone-38 parameters: the parameters win.
        var text = SpatialTestFiles.ReadAllText("prj", "CGCS2000_3_Degree_GK_Zone_35.prj")
            .Replace("35500000.0", "38500000.0", StringComparison.Ordinal)
            .Replace("PARAMETER[\"Central_Meridian\",105.0]", "PARAMETER[\"Central_Meridian\",114.0]", StringComparison.Ordinal);
        Assert.Equal(4526, CrsRegistry.IdentifyPrj(text).Epsg);

        // A generic Transverse_Mercator name with CGCS2000 zone-35 parameters.
        var generic = text.Replace("CGCS2000_3_Degree_GK_Zone_35", "Custom_TM", StringComparison.Ordinal)
            .Replace("Gauss_Kruger", "Transverse_Mercator", StringComparison.Ordinal);
        Assert.Equal(4526, CrsRegistry.IdentifyPrj(generic).Epsg);
    }

    [Fact]
    public void Prefix_that_does_not_match_the_central_meridian_fails()
    {
        var text = SpatialTestFiles.ReadAllText("prj", "CGCS2000_3_Degree_GK_Zone_35.prj")
            .Replace("35500000.0", "38500000.0", StringComparison.Ordinal);
        var result = CrsRegistry.IdentifyPrj(text);
        Assert.False(result.Success);
        Assert.Contains("zone prefix 38", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Scale_Factor\",1.0", "Scale_Factor\",0.9996")]
    [InlineData("False_Northing\",0.0", "False_Northing\",10000000.0")]
    [InlineData("Central_Meridian\",105.0", "Central_Meridian\",105.5")]
    [InlineData("UNIT[\"Meter\",1.0]", "UNIT[\"Foot_US\",0.3048006096012192]")]
    public void Non_standard_gauss_kruger_parameters_fail(string from, string to)
    {
        var text = SpatialTestFiles.ReadAllText("prj", "CGCS2000_3_Degree_GK_CM_105E.prj").Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(SpatialTestFiles.ReadAllText("prj", "CGCS2000_3_Degree_GK_CM_105E.prj"), text);
        var result = CrsRegistry.IdentifyPrj(text);
        Assert.False(result.Success, $"expected failure for {to}");
    }

    [Fact]
    public void Ambiguous_3_and_6_degree_meridian_prefers_3_degree_unless_the_name_says_6()
    {
        var sixDegree = SpatialTestFiles.ReadAllText("prj", "CGCS2000_GK_CM_105E.prj");
        Assert.Equal(4507, CrsRegistry.IdentifyPrj(sixDegree).Epsg);
        Assert.Equal(4544, CrsRegistry.IdentifyPrj(sixDegree.Replace("CGCS2000_GK_CM_105E", "My_Projection", StringComparison.Ordinal)).Epsg);
        Assert.Equal(4507, CrsRegistry.IdentifyPrj(sixDegree.Replace("CGCS2000_GK_CM_105E", "CGCS2000 6 degree CM 105", StringComparison.Ordinal)).Epsg);
        Assert.Equal(4544, CrsRegistry.IdentifyPrj(SpatialTestFiles.ReadAllText("prj", "CGCS2000_3_Degree_GK_CM_105E.prj")).Epsg);

        // CM 102°E exists only as a 3° meridian, whatever the name says.
        var cm102 = sixDegree.Replace("Central_Meridian\",105.0", "Central_Meridian\",102.0", StringComparison.Ordinal);
        Assert.Equal(4543, CrsRegistry.IdentifyPrj(cm102).Epsg);
    }

    [Fact]
    public void Unknown_datum_on_grs80_is_rejected()
    {
        var text = SpatialTestFiles.ReadAllText("prj", "GCS_China_Geodetic_Coordinate_System_2000.prj")
            .Replace("GCS_China_Geodetic_Coordinate_System_2000", "GCS_ETRS_1989", StringComparison.Ordinal)
            .Replace("D_China_2000", "D_ETRS_1989", StringComparison.Ordinal)
            .Replace("\"CGCS2000\"", "\"GRS_1980\"", StringComparison.Ordinal);
        var result = CrsRegistry.IdentifyPrj(text);
        Assert.False(result.Success);
        Assert.Contains("D_ETRS_1989", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("PROJCS[\"unterminated\"")]
    [InlineData("VERT_CS[\"height\",VERT_DATUM[\"x\",2005]]")]
    public void Empty_broken_or_non_horizontal_texts_fail_with_a_message(string text)
    {
        var result = CrsRegistry.IdentifyPrj(text);
        Assert.False(result.Success);
        Assert.False(string.IsNullOrWhiteSpace(result.Error));
    }
}
