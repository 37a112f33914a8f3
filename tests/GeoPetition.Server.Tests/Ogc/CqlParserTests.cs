using GeoPetition.Core.Layers;
using GeoPetition.Server.Ogc;
using GeoPetition.Server.Ogc.Cql2;

namespace GeoPetition.Server.Tests.Ogc;

/// <summary>CQL2 text is parsed into a tree and translated with every literal as a parameter.</summary>
public sealed class CqlParserTests
{
    private static (string Sql, List<(string Name, object Value)> Parameters) Translate(string filter, OgcCrs? crs = null)
    {
        var parameters = new List<(string, object)>();
        var sql = CqlSql.Translate(CqlParser.Parse(filter), LayerKinds.ApprovalBatch, crs ?? OgcCrs.Crs84, parameters);
        return (sql, parameters);
    }

    [Fact]
    public void Precedence_is_not_then_and_then_or()
    {
        var e = CqlParser.Parse("pzjg = '国务院' OR NOT zbnd = 2020 AND pzrq > DATE('2020-01-01')");
        var or = Assert.IsType<CqlOr>(e);
        Assert.IsType<CqlComparison>(or.Left);
        var and = Assert.IsType<CqlAnd>(or.Right);
        Assert.IsType<CqlNot>(and.Left);
    }

    [Fact]
    public void Literals_become_typed_parameters_and_identifiers_come_from_the_schema()
    {
        var (sql, parameters) = Translate("PZJG = 'x'' OR 1=1 --' AND zbnd >= 2021 AND pzrq < TIMESTAMP('2020-03-01T12:00:00Z') AND \"pcbm\" LIKE 'PC%'");
        Assert.Equal("(((t.\"pzjg\" = @c0 AND t.\"zbnd\" >= @c1) AND t.\"pzrq\" < @c2) AND t.\"pcbm\" LIKE @c3)", sql);
        Assert.Equal("x' OR 1=1 --", parameters[0].Value);
        Assert.Equal(2021.0, parameters[1].Value);
        Assert.Equal(new DateOnly(2020, 3, 1), parameters[2].Value);
        Assert.Equal("PC%", parameters[3].Value);
    }

    [Fact]
    public void Between_in_and_is_null()
    {
        Assert.Equal("t.\"zbnd\" BETWEEN @c0 AND @c1", Translate("zbnd BETWEEN 2020 AND 2022").Sql);
        Assert.Equal("t.\"pzjg\" NOT IN (@c0, @c1)", Translate("pzjg NOT IN ('国务院', '省人民政府')").Sql);
        Assert.Equal("t.\"tdyt\" IS NOT NULL", Translate("tdyt IS NOT NULL").Sql);
    }

    [Fact]
    public void Spatial_literal_is_a_geometry_parameter_in_the_storage_crs()
    {
        var (sql, parameters) = Translate("S_INTERSECTS(geometry, POLYGON((104 30, 104.1 30, 104.1 30.1, 104 30.1, 104 30)))");
        Assert.Equal("(t.\"geom\" && @c0 AND ST_Intersects(t.\"geom\", @c0))", sql);
        var g = Assert.IsAssignableFrom<NetTopologySuite.Geometries.Geometry>(parameters[0].Value);
        Assert.Equal(4490, g.SRID);
        Assert.Equal(104, g.EnvelopeInternal.MinX);

        // EPSG:4490 as filter-crs: lat/lon axis order.
        Assert.True(OgcCrs.TryParse("http://www.opengis.net/def/crs/EPSG/0/4490", out var latLon));
        var (_, p2) = Translate("S_INTERSECTS(BBOX(30, 104, 30.1, 104.1), geometry)", latLon);
        var box = ((NetTopologySuite.Geometries.Geometry)p2[0].Value).EnvelopeInternal;
        Assert.Equal((104.0, 30.0, 104.1, 30.1), (box.MinX, box.MinY, box.MaxX, box.MaxY));
    }

    [Fact]
    public void Temporal_intersects_with_an_open_interval()
    {
        var (sql, parameters) = Translate("T_INTERSECTS(pzrq, INTERVAL('2020-01-01', '..'))");
        Assert.Equal("(t.\"pzrq\" >= @c0)", sql);
        Assert.Equal(new DateOnly(2020, 1, 1), parameters[0].Value);
        Assert.Equal("(t.\"pzrq\" >= @c0 AND t.\"pzrq\" <= @c1)", Translate("T_INTERSECTS(pzrq, DATE('2020-01-05'))").Sql);
    }

    [Theory]
    [InlineData("pzjg = ", "a value")]
    [InlineData("pzjg == 'x'", "a value")]
    [InlineData("(pzjg = 'x'", "')' expected")]
    [InlineData("pzjg = 'x' AND", "a property name")]
    [InlineData("pzjg = 'unterminated", "unterminated string")]
    [InlineData("nope = 1", "unknown property 'nope'")]
    [InlineData("zbnd = 'text'", "does not compare")]
    [InlineData("pzrq = 5", "does not compare")]
    [InlineData("zbnd LIKE 'x%'", "LIKE applies to text")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((0 0, 1 1, 1 0, 0 1, 0 0)))", "not valid")]
    [InlineData("S_INTERSECTS(geometry, POLYGON((0 0, 1 1)))", "not valid WKT")]
    [InlineData("S_INTERSECTS(geom2, POINT(1 2))", "called geometry")]
    [InlineData("T_INTERSECTS(zbnd, DATE('2020-01-01'))", "applies to dates")]
    [InlineData("T_INTERSECTS(pzrq, INTERVAL('2021-01-01', '2020-01-01'))", "starts after it ends")]
    [InlineData("pzrq = DATE('2020-02-30')", "not an RFC 3339 date")]
    [InlineData("pzjg = 'x'; DROP TABLE layer", "unexpected text")]
    public void Malformed_or_mistyped_filters_are_rejected_with_a_reason(string filter, string reason)
    {
        var e = Assert.Throws<CqlException>(() => Translate(filter));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Deep_nesting_is_refused()
    {
        var filter = new string('(', 200) + "zbnd = 1" + new string(')', 200);
        Assert.Throws<CqlException>(() => CqlParser.Parse(filter));
    }
}
