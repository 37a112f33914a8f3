using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using Npgsql;

namespace GeoPetition.Server.Tests.Import;

/// <summary>
/// The importer against an independent tool: a bureau shapefile (EPSG:4523, GBK .dbf without .cpg,
/// polygons with holes and multipolygons) imported through the API must give, key by key, the
/// geometry and attributes that <c>ogr2ogr</c> (GDAL/PROJ) loads from the same file into the same
/// database.
/// </summary>
public sealed class ShapefileRoundTripTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>, IDisposable
{
    private const int FeatureCount = 360;
    private const string Layer = "pici_roundtrip";
    private readonly TempDir _dir = new("roundtrip");

    [Fact]
    public async Task Gbk_shapefile_in_zone_35_matches_ogr2ogr_feature_by_feature_loose_and_zipped()
    {
        var client = app.CreateClient();
        var batches = Deliveries.Batches(FeatureCount, seed: 20240602);
        var shp = Deliveries.WriteShapefile(_dir.Path, "pici_2020", batches.AsFeatures());
        Assert.False(File.Exists(Path.ChangeExtension(shp.Shp, ".cpg")));

        // The reference: GDAL reads the same delivery (told it is CP936) and PROJ reprojects it.
        Tools.Run("ogr2ogr",
        [
            "-f", "PostgreSQL", OgrDsn(app.Database.ConnectionString), shp.Shp,
            "-nln", "ogr_ref", "-t_srs", "EPSG:4490", "-oo", "ENCODING=CP936", "-nlt", "PROMOTE_TO_MULTI",
            "-lco", "GEOMETRY_NAME=geom",
        ]);

        await LayerApi.CreateLayerAsync(client, Layer);
        var loose = await LayerApi.ImportCommittedAsync(client, Layer, shp.Files);
        AssertCleanReport(loose, "pici_2020.shp");
        var v1 = loose.GetProperty("versionId").GetInt32();
        await AssertMatchesReferenceAsync(v1, batches);

        var zip = Deliveries.Zip(Path.Combine(_dir.Path, "pici_2020.zip"), shp.Files);
        var zipped = await LayerApi.ImportCommittedAsync(client, Layer, [zip]);
        AssertCleanReport(zipped, "pici_2020.zip");
        var v2 = zipped.GetProperty("versionId").GetInt32();
        Assert.True(v2 > v1);
        await AssertMatchesReferenceAsync(v2, batches);

        // The previous version is intact: superseded, every row kept for as-of reads.
        var versions = await LayerApi.VersionsAsync(client, Layer);
        Assert.Equal(["current", "superseded"], versions.Select(v => v.GetProperty("state").GetString()));
        Assert.Equal(FeatureCount, versions[1].GetProperty("featureCount").GetInt32());
        Assert.Equal(FeatureCount, await LayerApi.CountRowsAsync(app.Database, v1));

        var snapshot = await LayerApi.SnapshotAsync(client, Layer);
        Assert.Equal(v2, snapshot.CurrentVersionId);
        Assert.Equal(FeatureCount, snapshot.FeatureCount);
        Assert.Equal(FeatureCount, snapshot.Features.Count);
        var keys = snapshot.Features.Select(f => LayerApi.Parse(f).GetProperty("properties").GetProperty("pcbm").GetString()!).ToHashSet();
        Assert.Equal(batches.Select(b => b.Pcbm).ToHashSet(), keys);
    }

    private static void AssertCleanReport(JsonElement import, string sourceName)
    {
        Assert.Equal(sourceName, import.GetProperty("sourceName").GetString());
        Assert.Equal("ESRI Shapefile", import.GetProperty("format").GetString());
        Assert.Equal("EPSG:4523", import.GetProperty("sourceCrs").GetString());
        Assert.Equal("GBK", import.GetProperty("encoding").GetString());
        Assert.Matches("^[0-9a-f]{64}$", import.GetProperty("sourceSha256").GetString());
        var report = import.GetProperty("report");
        Assert.Equal(FeatureCount, report.GetProperty("read").GetInt32());
        Assert.Equal(FeatureCount, report.GetProperty("accepted").GetInt32());
        Assert.Equal(FeatureCount, report.GetProperty("loaded").GetInt32());
        Assert.Equal(0, report.GetProperty("repaired").GetInt32());
        Assert.Equal(0, report.GetProperty("rejected").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        Assert.Empty(report.GetProperty("warnings").EnumerateArray());
        Assert.Empty(report.GetProperty("notes").EnumerateArray());
    }

    /// <summary>
    /// Joins the imported version with the ogr2ogr reference on the key. Geometry: discrete
    /// Hausdorff distance below 1 mm in EPSG:4523 (both sides transformed back by PostGIS), plus
    /// equal part and ring counts and areas within 1 m² (Hausdorff alone would not notice a
    /// lost hole). Attributes: equal text (GDAL reads an empty DBF string as ''), dates, numbers.
    /// </summary>
    private async Task AssertMatchesReferenceAsync(int versionId, List<DeliveredBatch> batches)
    {
        const string sql = """
            WITH a AS (SELECT * FROM approval_batch WHERE version_id = @v),
            compared AS (
              SELECT coalesce(a.pcbm, b.pcbm) AS key,
                CASE WHEN a.pcbm IS NULL THEN 'missing from the import'
                     WHEN b.pcbm IS NULL THEN 'missing from the ogr2ogr reference'
                     ELSE concat_ws('; ',
                       CASE WHEN NOT ST_HausdorffDistance(ST_Transform(a.geom, 4523), ST_Transform(b.geom, 4523)) < 0.001
                            THEN 'Hausdorff ' || ST_HausdorffDistance(ST_Transform(a.geom, 4523), ST_Transform(b.geom, 4523)) || ' m' END,
                       CASE WHEN ST_NumGeometries(a.geom) <> ST_NumGeometries(b.geom) OR ST_NRings(a.geom) <> ST_NRings(b.geom)
                            THEN format('parts/rings %s/%s vs %s/%s', ST_NumGeometries(a.geom), ST_NRings(a.geom), ST_NumGeometries(b.geom), ST_NRings(b.geom)) END,
                       CASE WHEN abs(ST_Area(ST_Transform(a.geom, 4523)) - ST_Area(ST_Transform(b.geom, 4523))) > 1
                            THEN format('area %s vs %s', ST_Area(ST_Transform(a.geom, 4523)), ST_Area(ST_Transform(b.geom, 4523))) END,
                       CASE WHEN ST_SRID(a.geom) <> 4490 THEN 'srid ' || ST_SRID(a.geom) END,
                       CASE WHEN a.bpxmmc IS DISTINCT FROM nullif(b.bpxmmc, '') THEN format('bpxmmc %L vs %L', a.bpxmmc, b.bpxmmc) END,
                       CASE WHEN a.pclx IS DISTINCT FROM nullif(b.pclx, '') THEN format('pclx %L vs %L', a.pclx, b.pclx) END,
                       CASE WHEN a.pzwh IS DISTINCT FROM nullif(b.pzwh, '') THEN format('pzwh %L vs %L', a.pzwh, b.pzwh) END,
                       CASE WHEN a.pzjg IS DISTINCT FROM nullif(b.pzjg, '') THEN format('pzjg %L vs %L', a.pzjg, b.pzjg) END,
                       CASE WHEN a.pzrq IS DISTINCT FROM b.pzrq THEN format('pzrq %s vs %s', a.pzrq, b.pzrq) END,
                       CASE WHEN a.tzhrq IS DISTINCT FROM b.tzhrq THEN format('tzhrq %s vs %s', a.tzhrq, b.tzhrq) END,
                       CASE WHEN a.pzxmzmj IS DISTINCT FROM b.pzxmzmj::double precision THEN format('pzxmzmj %s vs %s', a.pzxmzmj, b.pzxmzmj) END,
                       CASE WHEN a.zbnd IS DISTINCT FROM b.zbnd::integer THEN format('zbnd %s vs %s', a.zbnd, b.zbnd) END)
                END AS problem
              FROM a FULL JOIN ogr_ref b ON a.pcbm = b.pcbm)
            SELECT key, problem FROM compared WHERE problem <> '' ORDER BY key LIMIT 10
            """;
        await using var dataSource = app.Database.CreateDataSource();
        var problems = new List<string>();
        await using (var command = dataSource.CreateCommand(sql))
        {
            command.Parameters.AddWithValue("v", versionId);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                problems.Add($"{reader.GetString(0)}: {reader.GetString(1)}");
            }
        }

        Assert.True(problems.Count == 0, "imported features differ from ogr2ogr's:\n" + string.Join("\n", problems));

        // Both sides agreeing is not enough (both could mis-decode alike): the text is the generator's.
        var expected = batches.ToDictionary(b => b.Pcbm);
        var holes = 0;
        var multi = 0;
        await using (var command = dataSource.CreateCommand(
            "SELECT pcbm, bpxmmc, pzwh, pzjg, pclx, ST_NRings(geom) > ST_NumGeometries(geom), ST_NumGeometries(geom) > 1 FROM approval_batch WHERE version_id = @v"))
        {
            command.Parameters.AddWithValue("v", versionId);
            await using var reader = await command.ExecuteReaderAsync();
            var rows = 0;
            while (await reader.ReadAsync())
            {
                rows++;
                var batch = expected[reader.GetString(0)];
                Assert.Equal(batch.Name, reader.GetString(1));
                Assert.Equal(batch.ApprovalNumber, reader.GetString(2));
                Assert.Equal(batch.Authority, reader.GetString(3));
                Assert.Equal(batch.BatchType, reader.GetString(4));
                holes += reader.GetBoolean(5) ? 1 : 0;
                multi += reader.GetBoolean(6) ? 1 : 0;
            }

            Assert.Equal(FeatureCount, rows);
        }

        Assert.Equal(FeatureCount * 2 / 3, holes);
        Assert.Equal(FeatureCount / 3, multi);
    }

    /// <summary>The GDAL PostgreSQL data source name of a test database.</summary>
    internal static string OgrDsn(string connectionString)
    {
        var cs = new NpgsqlConnectionStringBuilder(connectionString);
        var dsn = $"PG:host={cs.Host} port={cs.Port} user={cs.Username} dbname={cs.Database}";
        return string.IsNullOrEmpty(cs.Password) ? dsn : dsn + $" password={cs.Password}";
    }

    public void Dispose() => _dir.Dispose();
}
