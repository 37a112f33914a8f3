using GeoPetition.Core.Layers;
using GeoPetition.Server.Ogc;

namespace GeoPetition.Server.Tests.Ogc;

/// <summary>Parsing of datetime, bbox (with bbox-crs axis order), crs, limit and property values.</summary>
public sealed class OgcParameterTests
{
    [Theory]
    [InlineData("2020-01-01", "2020-01-01", "2020-01-01")]
    [InlineData("2020-01-01T08:30:00Z", "2020-01-01", "2020-01-01")]
    [InlineData("2020-01-01T23:30:00+08:00", "2020-01-01", "2020-01-01")]
    [InlineData("2019-01-01/2020-12-31", "2019-01-01", "2020-12-31")]
    [InlineData("../2020-01-01", null, "2020-01-01")]
    [InlineData("/2020-01-01", null, "2020-01-01")]
    [InlineData("2020-01-01/..", "2020-01-01", null)]
    [InlineData("2020-01-01/", "2020-01-01", null)]
    [InlineData("../..", null, null)]
    [InlineData("2019-01-01T00:00:00Z/2020-06-30T12:00:00Z", "2019-01-01", "2020-06-30")]
    public void Datetime_parses(string text, string? start, string? end)
    {
        Assert.True(OgcParameters.TryParseDatetime(text, out var range, out var error), error?.Message);
        Assert.Equal(start is null ? null : DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), range.Start);
        Assert.Equal(end is null ? null : DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), range.End);
    }

    [Theory]
    [InlineData("2020-13-01")]
    [InlineData("2020-02-30")]
    [InlineData("20200101")]
    [InlineData("2020-01-01T08:00:00")]
    [InlineData("yesterday")]
    [InlineData("2020-01-01/2019-01-01")]
    [InlineData("2019-01-01/2020-01-01/2021-01-01")]
    [InlineData("")]
    public void Bad_datetime_is_rejected_naming_the_parameter(string text)
    {
        Assert.False(OgcParameters.TryParseDatetime(text, out _, out var error));
        Assert.Equal("datetime", error!.Parameter);
    }

    [Fact]
    public void Crs84_bbox_is_lon_lat()
    {
        Assert.True(OgcParameters.TryParseBbox("104.0,30.5,104.2,30.7", OgcCrs.Crs84, out var e, out _));
        Assert.Equal((104.0, 30.5, 104.2, 30.7), (e.MinX, e.MinY, e.MaxX, e.MaxY));
    }

    [Fact]
    public void Epsg4490_bbox_is_lat_lon_as_the_crs_defines()
    {
        Assert.True(OgcCrs.TryParse("http://www.opengis.net/def/crs/EPSG/0/4490", out var crs));
        Assert.True(OgcParameters.TryParseBbox("30.5,104.0,30.7,104.2", crs, out var e, out _));
        Assert.Equal((104.0, 30.5, 104.2, 30.7), (e.MinX, e.MinY, e.MaxX, e.MaxY));
    }

    [Fact]
    public void Six_number_bbox_ignores_heights()
    {
        Assert.True(OgcParameters.TryParseBbox("104.0,30.5,0,104.2,30.7,100", OgcCrs.Crs84, out var e, out _));
        Assert.Equal((104.0, 30.5, 104.2, 30.7), (e.MinX, e.MinY, e.MaxX, e.MaxY));
    }

    [Fact]
    public void Gauss_Kruger_bbox_is_northing_easting_and_transformed_to_lon_lat()
    {
        // EPSG:4544 (CGCS2000 3° CM 105E, no zone prefix): x = easting 500 000 is the central meridian.
        Assert.True(OgcCrs.TryParse("http://www.opengis.net/def/crs/EPSG/0/4544", out var crs));
        Assert.True(OgcParameters.TryParseBbox("3380000,490000,3390000,510000", crs, out var e, out var error), error?.Message);
        Assert.InRange(e.MinX, 104.89, 104.90);
        Assert.InRange(e.MaxX, 105.10, 105.11);
        Assert.InRange(e.MinY, 30.5, 30.6);
    }

    [Fact]
    public void Web_mercator_bbox_is_transformed()
    {
        Assert.True(OgcCrs.TryParse("EPSG:3857", out var crs));
        Assert.True(OgcParameters.TryParseBbox("11577000,3574000,11600000,3600000", crs, out var e, out _));
        Assert.InRange(e.MinX, 103.99, 104.0);
    }

    [Theory]
    [InlineData("104.2,30.5,104.0,30.7", "minimum above its maximum")]
    [InlineData("104.0,30.7,104.2,30.5", "minimum above its maximum")]
    [InlineData("104.0,30.5,104.2", "4 (or 6")]
    [InlineData("104.0,30.5,104.2,x", "not a number")]
    [InlineData("104.0,30.5,190,30.7", "outside")]
    [InlineData("104.0,-95,104.2,30.7", "outside")]
    [InlineData("104.0,30.5,104.2,NaN", "not a number")]
    public void Bad_crs84_bbox_is_rejected(string text, string reason)
    {
        Assert.False(OgcParameters.TryParseBbox(text, OgcCrs.Crs84, out _, out var error));
        Assert.Equal("bbox", error!.Parameter);
        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Gauss_Kruger_bbox_outside_its_zone_is_rejected()
    {
        Assert.True(OgcCrs.TryParse("EPSG:4523", out var crs)); // zone 35: eastings 35 xxx xxx
        Assert.False(OgcParameters.TryParseBbox("3380000,490000,3390000,510000", crs, out _, out var error));
        Assert.Contains("outside the area", error!.Message);
    }

    [Theory]
    [InlineData("http://www.opengis.net/def/crs/OGC/1.3/CRS84", 4326, false, 7)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4490", 4490, true, 7)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/3857", 3857, false, 3)]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4523", 4523, true, 3)]
    [InlineData("EPSG:4544", 4544, true, 3)]
    [InlineData("urn:ogc:def:crs:EPSG::4491", 4491, true, 3)]
    [InlineData("<http://www.opengis.net/def/crs/EPSG/0/4326>", 4326, true, 7)]
    public void Crs_parses_with_axis_order_and_precision(string text, int epsg, bool northingFirst, int decimals)
    {
        Assert.True(OgcCrs.TryParse(text, out var crs));
        Assert.Equal((epsg, northingFirst, decimals), (crs.Epsg, crs.NorthingFirst, crs.Decimals));
    }

    [Theory]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/4214")]
    [InlineData("http://www.opengis.net/def/crs/EPSG/0/2383")]
    [InlineData("EPSG:99999")]
    [InlineData("WGS84")]
    public void Unsupported_crs_is_rejected(string text) => Assert.False(OgcCrs.TryParse(text, out _));

    [Fact]
    public void Crs_list_has_crs84_cgcs2000_web_mercator_and_every_gauss_kruger_system()
    {
        var uris = OgcCrs.Supported.Select(c => c.Uri).ToList();
        Assert.Equal(OgcCrs.Crs84Uri, uris[0]);
        Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/4490", uris);
        Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/3857", uris);
        for (var epsg = 4491; epsg <= 4554; epsg++)
        {
            Assert.Contains($"http://www.opengis.net/def/crs/EPSG/0/{epsg}", uris);
        }
    }

    [Theory]
    [InlineData(null, 10)]
    [InlineData("1", 1)]
    [InlineData("10000", 10000)]
    public void Limit_parses(string? text, int expected)
    {
        Assert.True(OgcParameters.TryParseLimit(text, out var limit, out _));
        Assert.Equal(expected, limit);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("10001")]
    [InlineData("-5")]
    [InlineData("ten")]
    public void Bad_limit_is_rejected(string text)
    {
        Assert.False(OgcParameters.TryParseLimit(text, out _, out var error));
        Assert.Equal("limit", error!.Parameter);
    }

    [Fact]
    public void Property_values_are_typed_by_the_field()
    {
        var kind = LayerKinds.ApprovalBatch;
        Assert.True(OgcParameters.TryParsePropertyValue(kind.Field("pzjg")!, "国务院", out var text, out _));
        Assert.Equal("国务院", text!.Value);
        Assert.True(OgcParameters.TryParsePropertyValue(kind.Field("zbnd")!, "2021", out var year, out _));
        Assert.Equal(2021, year!.Value);
        Assert.True(OgcParameters.TryParsePropertyValue(kind.Field("pzrq")!, "2020-01-02", out var date, out _));
        Assert.Equal(new DateOnly(2020, 1, 2), date!.Value);
        Assert.False(OgcParameters.TryParsePropertyValue(kind.Field("zbnd")!, "二〇二一", out _, out var error));
        Assert.Equal("zbnd", error!.Parameter);
        Assert.False(OgcParameters.TryParsePropertyValue(kind.Field("pzrq")!, "2020/01/02", out _, out _));
        Assert.True(OgcParameters.TryParsePropertyValue(LayerKinds.ChangeSpot.Field("sfyn")!, "true", out var flag, out _));
        Assert.Equal(true, flag!.Value);
    }
}
