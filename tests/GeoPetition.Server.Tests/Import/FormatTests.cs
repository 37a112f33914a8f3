using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;

namespace GeoPetition.Server.Tests.Import;

/// <summary>
/// The other delivery formats: a GeoJSON FeatureCollection (with a legacy crs member and a feature
/// larger than the 64 KiB streaming buffer), GeoJSONSeq with record separators, and CSV with a WKT
/// column and RFC 4180 quoting. Each loads every feature with its attributes and geometry, as a
/// new version that supersedes (and keeps) the previous one.
/// </summary>
public sealed class FormatTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>, IDisposable
{
    private readonly TempDir _dir = new("formats");

    [Fact]
    public async Task GeoJson_collection_with_legacy_crs_and_a_feature_larger_than_the_buffer()
    {
        const string layer = "fmt_geojson";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);

        var batches = Deliveries.Batches(5, seed: 7, first: 40);
        // 6000 vertices: about 240 KB of JSON, so the 64 KiB reader buffer must grow twice.
        var big = Deliveries.Circle(Deliveries.OriginEasting + (2 * Deliveries.Cell) + 150, Deliveries.OriginNorthing + (2 * Deliveries.Cell) + 150, 100, 6000);
        batches[2] = batches[2] with { Geometry = big };
        var path = Deliveries.WriteGeoJson(Path.Combine(_dir.Path, "pici.geojson"), batches.AsFeatures(), crsName: "urn:ogc:def:crs:EPSG::4523");
        var bigFeatureBytes = Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(big.Coordinates.Select(c => new[] { c.X, c.Y })));
        Assert.True(bigFeatureBytes > 128 * 1024, $"the big feature has only {bigFeatureBytes} bytes");

        var import = await LayerApi.ImportCommittedAsync(client, layer, [path]);
        Assert.Equal("GeoJSON", import.GetProperty("format").GetString());
        Assert.Equal("EPSG:4523", import.GetProperty("sourceCrs").GetString());
        AssertReport(import, 5);
        Assert.Empty(import.GetProperty("report").GetProperty("warnings").EnumerateArray());

        var version = import.GetProperty("versionId").GetInt32();
        await AssertGeometriesAsync(version, batches, Deliveries.Zone35, toleranceUnits: 0.001);
        await AssertAttributesAsync(client, layer, batches);
        Assert.Equal(6001, await ScalarAsync<int>("SELECT ST_NPoints(geom) FROM approval_batch WHERE version_id = @v AND pcbm = @k", version, batches[2].Pcbm));
        await LayerApi.AssertSupersededAsync(client, app.Database, before, version);
    }

    [Fact]
    public async Task GeoJson_sequence_with_record_separators_is_lon_lat_by_default()
    {
        const string layer = "fmt_geojsonseq";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);

        var batches = Deliveries.Batches(4, seed: 11, first: 100)
            .Select((b, i) => b with { Geometry = Deliveries.LonLatSquare(105.35 + (i * 0.002), 30.55, 0.001) })
            .ToList();
        var path = Deliveries.WriteGeoJsonSeq(Path.Combine(_dir.Path, "pici.geojsonl"), batches.AsFeatures());
        Assert.Equal(0x1E, File.ReadAllBytes(path)[0]);

        var import = await LayerApi.ImportCommittedAsync(client, layer, [path]);
        Assert.Equal("GeoJSONSeq", import.GetProperty("format").GetString());
        Assert.Equal("EPSG:4490", import.GetProperty("sourceCrs").GetString());
        AssertReport(import, 4);
        Assert.Contains(import.GetProperty("report").GetProperty("warnings").EnumerateArray(), w => w.GetString()!.Contains("no CRS declared", StringComparison.Ordinal));

        var version = import.GetProperty("versionId").GetInt32();
        await AssertGeometriesAsync(version, batches, 4490, toleranceUnits: 1e-9);
        await AssertAttributesAsync(client, layer, batches);
        await LayerApi.AssertSupersededAsync(client, app.Database, before, version);
    }

    [Fact]
    public async Task Csv_with_wkt_and_quoted_fields_holding_commas_quotes_and_newlines()
    {
        const string layer = "fmt_csv";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);

        var batches = Deliveries.Batches(3, seed: 13, first: 200);
        batches[0] = batches[0] with { Name = "成都市锦江区, 东光片区\"一期\"" };
        batches[1] = batches[1] with { Name = "锦江区2020年度第8批次\n（调整，含“三旧”改造）" };
        batches[2] = batches[2] with { HearingDate = null };
        string[] dateForms = ["yyyy-MM-dd", "yyyyMMdd", "yyyy年M月d日"];
        var csv = new StringBuilder("PCBM,PZWH,BPXMMC,PZRQ,PZXMZMJ,ZBND,TZHRQ,WKT\r\n");
        foreach (var (b, i) in batches.Select((b, i) => (b, i)))
        {
            string[] fields =
            [
                b.Pcbm, b.ApprovalNumber, b.Name, b.ApprovalDate.ToString(dateForms[i], CultureInfo.InvariantCulture),
                b.Area.ToString(CultureInfo.InvariantCulture), b.QuotaYear.ToString(CultureInfo.InvariantCulture),
                b.HearingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "", b.Geometry.AsText(),
            ];
            csv.Append(string.Join(",", fields.Select(Quote))).Append("\r\n");
        }

        var path = Path.Combine(_dir.Path, "pici.csv");
        await File.WriteAllTextAsync(path, csv.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var import = await LayerApi.ImportCommittedAsync(client, layer, [path], new Dictionary<string, string> { ["crs"] = "EPSG:4523" });
        Assert.Equal("CSV", import.GetProperty("format").GetString());
        Assert.Equal("EPSG:4523", import.GetProperty("sourceCrs").GetString());
        AssertReport(import, 3);

        var version = import.GetProperty("versionId").GetInt32();
        await AssertGeometriesAsync(version, batches, Deliveries.Zone35, toleranceUnits: 0.001);
        await AssertAttributesAsync(client, layer, batches);
        await LayerApi.AssertSupersededAsync(client, app.Database, before, version);

        // A comma, quote or line break always needs quoting; quote every field anyway, as Excel does for text.
        static string Quote(string field) => "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }

    private static void AssertReport(JsonElement import, int count)
    {
        var report = import.GetProperty("report");
        Assert.Equal(count, report.GetProperty("read").GetInt32());
        Assert.Equal(count, report.GetProperty("accepted").GetInt32());
        Assert.Equal(count, report.GetProperty("loaded").GetInt32());
        Assert.Equal(0, report.GetProperty("rejected").GetInt32());
        Assert.Equal(0, report.GetProperty("repaired").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        Assert.Empty(report.GetProperty("notes").EnumerateArray());
    }

    /// <summary>Each stored geometry, transformed by PostGIS into the delivered SRID, lies within the tolerance of the delivered one.</summary>
    private async Task AssertGeometriesAsync(int version, List<DeliveredBatch> batches, int srid, double toleranceUnits)
    {
        await using var dataSource = app.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand("""
            SELECT e.key, a.pcbm IS NOT NULL, ST_HausdorffDistance(ST_Transform(a.geom, @srid), ST_GeomFromText(e.wkt, @srid)),
                   ST_NRings(a.geom) = ST_NRings(ST_GeomFromText(e.wkt, @srid))
            FROM unnest(@keys::text[], @wkts::text[]) AS e(key, wkt)
            LEFT JOIN approval_batch a ON a.pcbm = e.key AND a.version_id = @v
            """);
        command.Parameters.AddWithValue("srid", srid);
        command.Parameters.AddWithValue("v", version);
        command.Parameters.AddWithValue("keys", batches.Select(b => b.Pcbm).ToArray());
        command.Parameters.AddWithValue("wkts", batches.Select(b => b.Geometry.AsText()).ToArray());
        await using var reader = await command.ExecuteReaderAsync();
        var rows = 0;
        while (await reader.ReadAsync())
        {
            rows++;
            var key = reader.GetString(0);
            Assert.True(reader.GetBoolean(1), $"{key} was not stored");
            Assert.True(reader.GetDouble(2) < toleranceUnits, $"{key}: Hausdorff distance {reader.GetDouble(2)} ≥ {toleranceUnits}");
            Assert.True(reader.GetBoolean(3), $"{key}: ring count differs");
        }

        Assert.Equal(batches.Count, rows);
        Assert.Equal(batches.Count, await LayerApi.CountRowsAsync(app.Database, version));
    }

    /// <summary>Every attribute, as GET /features returns it, equals the delivered one.</summary>
    private static async Task AssertAttributesAsync(HttpClient client, string layer, List<DeliveredBatch> batches)
    {
        var features = await LayerApi.AllFeaturesAsync(client, $"/api/layers/{layer}/features");
        Assert.Equal(batches.Count, features.Count);
        var byKey = features.ToDictionary(f => f.GetProperty("properties").GetProperty("pcbm").GetString()!, f => f.GetProperty("properties"));
        foreach (var b in batches)
        {
            var p = byKey[b.Pcbm];
            Assert.Equal(b.Name, p.GetProperty("bpxmmc").GetString());
            Assert.Equal(b.ApprovalNumber, p.GetProperty("pzwh").GetString());
            Assert.Equal(b.ApprovalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.GetProperty("pzrq").GetString());
            Assert.Equal(b.HearingDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), p.GetProperty("tzhrq").GetString());
            Assert.Equal(b.Area, p.GetProperty("pzxmzmj").GetDouble());
            Assert.Equal(b.QuotaYear, p.GetProperty("zbnd").GetInt32());
        }
    }

    private async Task<T> ScalarAsync<T>(string sql, int version, string key)
    {
        await using var dataSource = app.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("v", version);
        command.Parameters.AddWithValue("k", key);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public void Dispose() => _dir.Dispose();
}
