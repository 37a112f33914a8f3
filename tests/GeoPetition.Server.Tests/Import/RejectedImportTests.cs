using System.Buffers.Binary;
using System.Net;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Tests.Infrastructure;

namespace GeoPetition.Server.Tests.Import;

/// <summary>
/// Every kind of bad delivery the issue lists. Each test seeds a layer with a good first version,
/// offers the bad file, and checks: 422 ProblemDetails whose <c>import</c> extension carries the
/// report and a message that names the problem and the accepted choices; a 'failed' version row
/// with that report; and the previous version exactly as it was. Repairs and partial loads commit.
/// </summary>
public sealed class RejectedImportTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>, IDisposable
{
    private readonly TempDir _dir = new("rejected");

    private ShapefileParts Zone35Shapefile(string name, IEnumerable<DeliveredBatch> batches, string encoding = "CP936", params string[] without) =>
        Deliveries.WriteShapefile(_dir.Sub(name), name, batches.AsFeatures(without), encoding);

    [Fact]
    public async Task Shp_cut_at_a_record_boundary_is_rejected_as_truncated()
    {
        const string layer = "bad_cut_shp";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(50, seed: 1));
        // The .shx gives each record's offset (big-endian, 16-bit words after the 100-byte header): cut where record 26 starts.
        var shx = await File.ReadAllBytesAsync(shp.Shx);
        var record26 = BinaryPrimitives.ReadInt32BigEndian(shx.AsSpan(100 + (25 * 8), 4)) * 2L;
        await using (var stream = new FileStream(shp.Shp, FileMode.Open, FileAccess.Write))
        {
            stream.SetLength(record26);
        }

        using var response = await ImportWithinAsync(layer, shp.Files);
        await LayerApi.AssertRejectedAsync(client, response, before, "truncated");
    }

    [Fact]
    public async Task Shp_cut_in_the_middle_of_a_record_is_rejected_promptly()
    {
        const string layer = "bad_cut_shp_mid";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(50, seed: 1));
        Deliveries.Truncate(shp.Shp, 0.5);

        using var response = await ImportWithinAsync(layer, shp.Files);
        await LayerApi.AssertRejectedAsync(client, response, before, "truncated");
    }

    [Fact]
    public async Task Dbf_cut_in_the_middle_is_rejected()
    {
        const string layer = "bad_cut_dbf";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(50, seed: 2));
        Deliveries.Truncate(shp.Dbf, 0.5);

        using var response = await ImportWithinAsync(layer, shp.Files);
        await LayerApi.AssertRejectedAsync(client, response, before, "truncated");
    }

    [Fact]
    public async Task Shp_with_a_corrupt_header_is_rejected()
    {
        const string layer = "bad_corrupt_shp";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(10, seed: 3));
        var bytes = await File.ReadAllBytesAsync(shp.Shp);
        new Random(3).NextBytes(bytes.AsSpan(0, 100)); // the 100-byte main file header: file code, length, shape type, bounds
        await File.WriteAllBytesAsync(shp.Shp, bytes);

        using var response = await LayerApi.ImportAsync(client, layer, shp.Files);
        await LayerApi.AssertRejectedAsync(client, response, before, "corrupt");
    }

    [Fact]
    public async Task Shapefile_without_prj_and_without_crs_option_is_rejected_listing_supported_systems()
    {
        const string layer = "bad_no_prj";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(5, seed: 4));

        using var response = await LayerApi.ImportAsync(client, layer, shp.FilesWithoutPrj);
        var import = await LayerApi.AssertRejectedAsync(client, response, before, "coordinate system");
        var error = import.GetProperty("report").GetProperty("errors")[0].GetString()!;
        Assert.Contains("no .prj", error, StringComparison.Ordinal);
        Assert.Contains(CrsRegistry.SupportedSummary, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Prj_of_xian_1980_is_rejected_as_not_supported_listing_supported_systems()
    {
        const string layer = "bad_xian80";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(5, seed: 5));
        await File.WriteAllTextAsync(shp.Prj, XianZone35Prj());

        using var response = await LayerApi.ImportAsync(client, layer, shp.Files);
        var import = await LayerApi.AssertRejectedAsync(client, response, before, "not supported");
        var error = import.GetProperty("report").GetProperty("errors")[0].GetString()!;
        Assert.Contains("Xian 1980", error, StringComparison.Ordinal);
        Assert.Contains(CrsRegistry.SupportedSummary, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Crs_option_overrides_an_unsupported_prj_as_the_message_invites()
    {
        const string layer = "ovr_xian80";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(5, seed: 6));
        await File.WriteAllTextAsync(shp.Prj, XianZone35Prj());

        var import = await LayerApi.ImportCommittedAsync(client, layer, shp.Files, new Dictionary<string, string> { ["crs"] = "EPSG:4523" });
        Assert.Equal("EPSG:4523", import.GetProperty("sourceCrs").GetString());
        Assert.Equal(5, import.GetProperty("report").GetProperty("loaded").GetInt32());
        await LayerApi.AssertSupersededAsync(client, app.Database, before, import.GetProperty("versionId").GetInt32());
    }

    [Fact]
    public async Task Line_shapefile_offered_to_a_polygon_layer_is_rejected()
    {
        const string layer = "bad_lines";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var batches = Deliveries.Batches(5, seed: 7).Select((b, i) => b with { Geometry = Deliveries.Line(Deliveries.OriginEasting + (i * 300), Deliveries.OriginNorthing) });
        var shp = Deliveries.WriteShapefile(_dir.Sub(layer), layer, batches.AsFeatures(), geometryType: "MULTILINESTRING");

        using var response = await LayerApi.ImportAsync(client, layer, shp.Files);
        var import = await LayerApi.AssertRejectedAsync(client, response, before, "takes Polygon geometries");
        Assert.Contains("PolyLine", import.GetProperty("report").GetProperty("errors")[0].GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Zone_35_coordinates_declared_as_zone_38_are_rejected_feature_by_feature()
    {
        const string layer = "bad_zone";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(20, seed: 8));

        using var response = await LayerApi.ImportAsync(client, layer, shp.Files, new Dictionary<string, string> { ["crs"] = "EPSG:4526" });
        var import = await LayerApi.AssertRejectedAsync(client, response, before, "none of the 20 features could be loaded");
        var report = import.GetProperty("report");
        Assert.Equal(20, report.GetProperty("read").GetInt32());
        Assert.Equal(20, report.GetProperty("rejected").GetInt32());
        Assert.Equal(0, report.GetProperty("loaded").GetInt32());
        var notes = LayerApi.Notes(import);
        Assert.Equal(20, notes.Count);
        Assert.All(notes, n =>
        {
            Assert.Equal("Rejected", n.Outcome);
            Assert.Contains("cannot belong to EPSG:4526", n.Reason, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Duplicate_keys_are_rejected_naming_the_key()
    {
        const string layer = "bad_dup_keys";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var batches = Deliveries.Batches(10, seed: 9);
        batches[6] = batches[6] with { Pcbm = batches[2].Pcbm };
        var shp = Zone35Shapefile(layer, batches);

        using var response = await LayerApi.ImportAsync(client, layer, shp.Files);
        var import = await LayerApi.AssertRejectedAsync(client, response, before, "1 of 10 features were rejected");
        Assert.Contains("acceptPartial=true", import.GetProperty("report").GetProperty("errors")[0].GetString()!, StringComparison.Ordinal);
        var note = Assert.Single(LayerApi.Notes(import));
        Assert.Equal(7, note.Record);
        Assert.Equal(batches[2].Pcbm, note.Key);
        Assert.Equal("Rejected", note.Outcome);
        Assert.Contains($"duplicate key pcbm = '{batches[2].Pcbm}'", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Text_that_is_not_valid_gbk_is_rejected_feature_by_feature()
    {
        const string layer = "bad_encoding";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        // A Latin-1 .dbf without .cpg: 0xFF 0xFF is no GBK character (0xFF is never a GBK lead byte).
        var batches = Deliveries.Batches(6, seed: 10)
            .Select((b, i) => b with { Name = $"Batch {i}", ApprovalNumber = $"Chuan-2020-{i}", Authority = "Sichuan", BatchType = "pici" })
            .ToList();
        batches[3] = batches[3] with { Name = "\u00FF\u00FF" };
        var shp = Zone35Shapefile(layer, batches, encoding: "ISO-8859-1");
        Assert.Contains((byte)0xFF, await File.ReadAllBytesAsync(shp.Dbf));

        using var response = await LayerApi.ImportAsync(client, layer, shp.Files);
        var import = await LayerApi.AssertRejectedAsync(client, response, before, "1 of 6 features were rejected");
        Assert.Equal("GBK", import.GetProperty("encoding").GetString());
        var note = Assert.Single(LayerApi.Notes(import));
        Assert.Equal(4, note.Record);
        Assert.Equal(batches[3].Pcbm, note.Key);
        Assert.Contains("BPXMMC", note.Reason, StringComparison.Ordinal);
        Assert.Contains("cannot be decoded", note.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Self_intersecting_polygon_is_repaired_with_a_note_and_committed()
    {
        const string layer = "fix_bowtie";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var batches = Deliveries.Batches(5, seed: 11);
        batches[1] = batches[1] with { Geometry = Deliveries.BowTie(Deliveries.OriginEasting + Deliveries.Cell + 100, Deliveries.OriginNorthing + 100) };
        var shp = Zone35Shapefile(layer, batches);

        var import = await LayerApi.ImportCommittedAsync(client, layer, shp.Files);
        var report = import.GetProperty("report");
        Assert.Equal(5, report.GetProperty("read").GetInt32());
        Assert.Equal(4, report.GetProperty("accepted").GetInt32());
        Assert.Equal(1, report.GetProperty("repaired").GetInt32());
        Assert.Equal(5, report.GetProperty("loaded").GetInt32());
        Assert.Equal(0, report.GetProperty("rejected").GetInt32());
        var note = Assert.Single(LayerApi.Notes(import));
        Assert.Equal(2, note.Record);
        Assert.Equal(batches[1].Pcbm, note.Key);
        Assert.Equal("Repaired", note.Outcome);
        Assert.Contains("Self-intersection", note.Reason, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("GeometryFixer", note.Reason, StringComparison.Ordinal);

        var version = import.GetProperty("versionId").GetInt32();
        var versions = await LayerApi.VersionsAsync(client, layer);
        Assert.Equal(1, versions.Single(v => v.GetProperty("id").GetInt32() == version).GetProperty("repairedCount").GetInt32());
        await using (var dataSource = app.Database.CreateDataSource())
        await using (var command = dataSource.CreateCommand("SELECT ST_IsValid(geom), ST_NumGeometries(geom), ST_Area(ST_Transform(geom, 4523)) FROM approval_batch WHERE version_id = @v AND pcbm = @k"))
        {
            command.Parameters.AddWithValue("v", version);
            command.Parameters.AddWithValue("k", batches[1].Pcbm);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Assert.True(reader.GetBoolean(0));
            Assert.Equal(2, reader.GetInt32(1)); // make-valid splits the bow-tie into its two triangles
            Assert.InRange(reader.GetDouble(2), 4999, 5001); // 2 × ½ × 100 m × 50 m
        }

        await LayerApi.AssertSupersededAsync(client, app.Database, before, version);
    }

    [Fact]
    public async Task Missing_required_field_is_rejected_naming_it_and_listing_the_file_fields()
    {
        const string layer = "bad_no_pzwh";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(5, seed: 12), "CP936", "PZWH");

        using var response = await LayerApi.ImportAsync(client, layer, shp.Files);
        var import = await LayerApi.AssertRejectedAsync(client, response, before, "lacks required field(s) pzwh (批准文号)");
        var error = import.GetProperty("report").GetProperty("errors")[0].GetString()!;
        Assert.Contains("its fields are: PCBM, BPXMMC, PCLX, PZJG, PZRQ, PZXMZMJ, ZBND, TZHRQ", error, StringComparison.Ordinal);
        Assert.Contains("fieldMap", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Accept_partial_loads_the_good_features_and_records_the_rejected_count()
    {
        const string layer = "partial";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var batches = Deliveries.Batches(10, seed: 13);
        batches[4] = batches[4] with { Pcbm = batches[0].Pcbm };
        batches[8] = batches[8] with { ApprovalNumber = "" };
        var shp = Zone35Shapefile(layer, batches);

        var import = await LayerApi.ImportCommittedAsync(client, layer, shp.Files, new Dictionary<string, string> { ["acceptPartial"] = "true" });
        var report = import.GetProperty("report");
        Assert.Equal(10, report.GetProperty("read").GetInt32());
        Assert.Equal(8, report.GetProperty("loaded").GetInt32());
        Assert.Equal(2, report.GetProperty("rejected").GetInt32());
        Assert.Empty(report.GetProperty("errors").EnumerateArray());
        var notes = LayerApi.Notes(import);
        Assert.Equal([5L, 9L], notes.Select(n => n.Record));
        Assert.All(notes, n => Assert.Equal("Rejected", n.Outcome));
        Assert.Contains("duplicate key", notes[0].Reason, StringComparison.Ordinal);
        Assert.Contains("required field pzwh", notes[1].Reason, StringComparison.Ordinal);

        var version = import.GetProperty("versionId").GetInt32();
        var stored = (await LayerApi.VersionsAsync(client, layer)).Single(v => v.GetProperty("id").GetInt32() == version);
        Assert.Equal(2, stored.GetProperty("rejectedCount").GetInt32());
        Assert.Equal(8, stored.GetProperty("featureCount").GetInt32());
        var features = await LayerApi.AllFeaturesAsync(client, $"/api/layers/{layer}/features");
        Assert.Equal(
            batches.Where((_, i) => i is not 4 and not 8).Select(b => b.Pcbm).Order(),
            features.Select(f => f.GetProperty("properties").GetProperty("pcbm").GetString()!).Order());
        await LayerApi.AssertSupersededAsync(client, app.Database, before, version);
    }

    [Fact]
    public async Task Unsupported_crs_option_is_a_bad_request_listing_supported_systems()
    {
        const string layer = "bad_crs_option";
        var client = app.CreateClient();
        var before = await LayerApi.SeedAsync(client, layer, _dir.Path);
        var shp = Zone35Shapefile(layer, Deliveries.Batches(3, seed: 14));

        foreach (var crs in new[] { "EPSG:2359", "Xian80", "EPSG:99999" })
        {
            using var response = await LayerApi.ImportAsync(client, layer, shp.Files, new Dictionary<string, string> { ["crs"] = crs });
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"crs={crs}: {(int)response.StatusCode} {body}");
            var problem = LayerApi.Parse(body);
            Assert.Equal("crs", problem.GetProperty("parameter").GetString());
            Assert.Contains($"crs '{crs}' is not supported", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
            Assert.Contains(CrsRegistry.SupportedSummary, problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        }

        Assert.Single(await LayerApi.VersionsAsync(client, layer));
        await LayerApi.AssertIntactAsync(client, before);
    }

    /// <summary>
    /// Imports with a 10 s budget. The .shp header (file length), the .shx (record offsets) and the
    /// .dbf header (record count × length) say how long each file must be, so a cut file can be
    /// refused at once; finding it by reading garbage past the end costs tens of seconds.
    /// </summary>
    private async Task<HttpResponseMessage> ImportWithinAsync(string layer, IEnumerable<string> files)
    {
        var budget = TimeSpan.FromSeconds(10);
        var client = app.CreateClient();
        try
        {
            // The test host runs the request on the caller's flow and may not yield to a cancelled
            // HttpClient; waiting on a separate task bounds the test whatever the server does.
            return await Task.Run(() => LayerApi.ImportAsync(client, layer, files)).WaitAsync(budget);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"importing the cut file into {layer} did not answer within {budget.TotalSeconds} s", e);
        }
    }

    /// <summary>The ESRI .prj of Xian 1980 / 3-degree Gauss-Kruger zone 35 (EPSG:2359), written by GDAL, on one line as ArcGIS writes it.</summary>
    private static string XianZone35Prj()
    {
        var wkt = string.Concat(Tools.Run("gdalsrsinfo", ["-o", "wkt_esri", "EPSG:2359"]).Split('\n').Select(l => l.Trim()));
        Assert.Contains("Xian_1980_3_Degree_GK_Zone_35", wkt, StringComparison.Ordinal);
        return wkt;
    }

    public void Dispose() => _dir.Dispose();
}
