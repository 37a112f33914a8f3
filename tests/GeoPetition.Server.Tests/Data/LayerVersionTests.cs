using System.Text.Json;
using GeoPetition.Server.Tests.Import;
using GeoPetition.Server.Tests.Infrastructure;

namespace GeoPetition.Server.Tests.Data;

/// <summary>
/// A new import never destroys the old version until it has succeeded: v1 loads, v2 fails, v3
/// loads. v1 is superseded but keeps its rows (as-of reads need them), v2 is failed and never
/// visible, v3 is current, and v1's validity ends exactly where v3's begins, so an as-of read at
/// any instant finds exactly one version.
/// </summary>
public sealed class LayerVersionTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>, IDisposable
{
    private const string Layer = "pici_versions";
    private readonly TempDir _dir = new("versions");

    [Fact]
    public async Task Good_then_failing_then_good_import_leaves_superseded_failed_current_with_contiguous_validity()
    {
        var client = app.CreateClient();
        await LayerApi.CreateLayerAsync(client, Layer);

        var v1Batches = Deliveries.Batches(12, seed: 31);
        var v1Shp = Deliveries.WriteShapefile(_dir.Sub("v1"), "pici_v1", v1Batches.AsFeatures());
        var v1 = (await LayerApi.ImportCommittedAsync(client, Layer, v1Shp.Files)).GetProperty("versionId").GetInt32();
        var afterV1 = await LayerApi.SnapshotAsync(client, Layer);
        Assert.Equal(v1, afterV1.CurrentVersionId);
        Assert.Equal(12, afterV1.Features.Count);

        var v2Batches = Deliveries.Batches(15, seed: 32);
        v2Batches[14] = v2Batches[14] with { Pcbm = v2Batches[0].Pcbm };
        var v2Shp = Deliveries.WriteShapefile(_dir.Sub("v2"), "pici_v2", v2Batches.AsFeatures());
        using (var failing = await LayerApi.ImportAsync(client, Layer, v2Shp.Files))
        {
            var failed = await LayerApi.AssertRejectedAsync(client, failing, afterV1, "1 of 15 features were rejected");
            Assert.Contains("duplicate key", Assert.Single(LayerApi.Notes(failed)).Reason, StringComparison.Ordinal);
        }

        var v3Batches = Deliveries.Batches(20, seed: 33, first: 100);
        var v3Path = Deliveries.WriteGeoJson(Path.Combine(_dir.Path, "pici_v3.geojson"), v3Batches.AsFeatures(), crsName: "EPSG:4523");
        var v3 = (await LayerApi.ImportCommittedAsync(client, Layer, [v3Path])).GetProperty("versionId").GetInt32();

        var versions = await LayerApi.VersionsAsync(client, Layer);
        Assert.Equal(3, versions.Count);
        var byState = versions.ToDictionary(v => v.GetProperty("state").GetString()!);
        Assert.Equal(["current", "failed", "superseded"], versions.Select(v => v.GetProperty("state").GetString()));
        Assert.Equal(v3, byState["current"].GetProperty("id").GetInt32());
        Assert.Equal(v1, byState["superseded"].GetProperty("id").GetInt32());
        var v2 = byState["failed"].GetProperty("id").GetInt32();
        Assert.True(v1 < v2 && v2 < v3);

        Assert.Equal(12, byState["superseded"].GetProperty("featureCount").GetInt32());
        Assert.Equal(0, byState["failed"].GetProperty("featureCount").GetInt32());
        Assert.Equal(20, byState["current"].GetProperty("featureCount").GetInt32());
        Assert.Equal(12, await LayerApi.CountRowsAsync(app.Database, v1));
        Assert.Equal(0, await LayerApi.CountRowsAsync(app.Database, v2));
        Assert.Equal(20, await LayerApi.CountRowsAsync(app.Database, v3));

        // Validity: v1 [from, to) meets v3 [from, ∞) exactly; the failed v2 was never valid.
        var v1From = Instant(byState["superseded"], "validFrom");
        var v1To = Instant(byState["superseded"], "validTo");
        var v3From = Instant(byState["current"], "validFrom");
        Assert.True(v1From < v1To);
        Assert.Equal(v1To, v3From);
        Assert.Equal(JsonValueKind.Null, byState["current"].GetProperty("validTo").ValueKind);
        Assert.Equal(JsonValueKind.Null, byState["failed"].GetProperty("validFrom").ValueKind);
        Assert.Equal(JsonValueKind.Null, byState["failed"].GetProperty("validTo").ValueKind);
        await AssertExactlyOneVersionValidAsync(v1To);

        // Reads see v3 only.
        var features = await LayerApi.AllFeaturesAsync(client, $"/api/layers/{Layer}/features?limit=7");
        Assert.Equal(
            v3Batches.Select(b => b.Pcbm).Order(StringComparer.Ordinal),
            features.Select(f => f.GetProperty("properties").GetProperty("pcbm").GetString()!).Order(StringComparer.Ordinal));
        var layer = await LayerApi.GetJsonAsync(client, $"/api/layers/{Layer}");
        Assert.Equal(v3, layer.GetProperty("currentVersion").GetProperty("id").GetInt32());
        Assert.Equal(20, layer.GetProperty("featureCount").GetInt32());
    }

    private static DateTimeOffset Instant(JsonElement version, string property)
    {
        var value = version.GetProperty(property);
        Assert.True(value.ValueKind == JsonValueKind.String, $"{property} of version {version.GetProperty("id")} is {value}");
        return value.GetDateTimeOffset().ToUniversalTime();
    }

    /// <summary>The as-of rule (valid_from ≤ t &lt; valid_to) picks exactly one version just before, at and after the handover.</summary>
    private async Task AssertExactlyOneVersionValidAsync(DateTimeOffset handover)
    {
        await using var dataSource = app.Database.CreateDataSource();
        foreach (var t in new[] { handover.AddTicks(-10), handover, handover.AddTicks(10) })
        {
            await using var command = dataSource.CreateCommand("""
                SELECT count(*) FROM layer_version
                WHERE layer_id = @layer AND valid_from <= @t AND (valid_to IS NULL OR @t < valid_to)
                """);
            command.Parameters.AddWithValue("layer", Layer);
            command.Parameters.AddWithValue("t", t);
            Assert.Equal(1L, await command.ExecuteScalarAsync());
        }
    }

    public void Dispose() => _dir.Dispose();
}
