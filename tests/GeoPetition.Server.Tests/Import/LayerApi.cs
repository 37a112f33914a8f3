using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;

namespace GeoPetition.Server.Tests.Import;

/// <summary>What a client sees of a layer: its current version, its count, and every feature (as JSON text, in fid order).</summary>
internal sealed record LayerSnapshot(string LayerId, int? CurrentVersionId, int FeatureCount, IReadOnlyList<string> Features);

/// <summary>Calls of the layer API used by the import, data and endpoint tests, with the assertions they share.</summary>
internal static class LayerApi
{
    public static async Task CreateLayerAsync(HttpClient client, string id, string kind = "ApprovalBatch")
    {
        using var response = await client.PostAsJsonAsync("/api/layers", new { id, kind });
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating layer {id}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    /// <summary>POSTs the files (one multipart part named "files" each) and the options as form fields.</summary>
    public static async Task<HttpResponseMessage> ImportAsync(
        HttpClient client, string layerId, IEnumerable<string> files, IReadOnlyDictionary<string, string>? options = null)
    {
        using var content = new MultipartFormDataContent();
        foreach (var file in files)
        {
            var part = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, "files", Path.GetFileName(file));
        }

        foreach (var (name, value) in options ?? new Dictionary<string, string>())
        {
            content.Add(new StringContent(value), name);
        }

        return await client.PostAsync($"/api/layers/{layerId}/imports", content);
    }

    /// <summary>Imports and asserts 201 Created; returns the import body (layerId, versionId, report …).</summary>
    public static async Task<JsonElement> ImportCommittedAsync(
        HttpClient client, string layerId, IEnumerable<string> files, IReadOnlyDictionary<string, string>? options = null)
    {
        using var response = await ImportAsync(client, layerId, files, options);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"import into {layerId}: {(int)response.StatusCode} {body}");
        var import = Parse(body);
        Assert.True(import.GetProperty("committed").GetBoolean());
        return import;
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {url}: {(int)response.StatusCode} {body}");
        return Parse(body);
    }

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>Every feature of the layer's current version, following the <c>next</c> links.</summary>
    public static async Task<List<JsonElement>> AllFeaturesAsync(HttpClient client, string firstUrl)
    {
        var features = new List<JsonElement>();
        var url = firstUrl;
        for (var page = 0; url is not null; page++)
        {
            Assert.True(page < 10_000, "paging does not end");
            var collection = await GetJsonAsync(client, url);
            Assert.Equal("FeatureCollection", collection.GetProperty("type").GetString());
            var returned = collection.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(returned.Count, collection.GetProperty("numberReturned").GetInt32());
            features.AddRange(returned);
            url = NextLink(collection);
        }

        return features;
    }

    public static string? NextLink(JsonElement collection) =>
        collection.TryGetProperty("links", out var links)
            ? links.EnumerateArray().Where(l => l.GetProperty("rel").GetString() == "next").Select(l => l.GetProperty("href").GetString()).FirstOrDefault()
            : null;

    public static async Task<LayerSnapshot> SnapshotAsync(HttpClient client, string layerId)
    {
        var layer = await GetJsonAsync(client, $"/api/layers/{layerId}");
        var current = layer.GetProperty("currentVersion");
        var features = await AllFeaturesAsync(client, $"/api/layers/{layerId}/features?limit=1000");
        return new LayerSnapshot(
            layerId,
            current.ValueKind == JsonValueKind.Null ? null : current.GetProperty("id").GetInt32(),
            layer.GetProperty("featureCount").GetInt32(),
            features.Select(f => f.GetRawText()).ToList());
    }

    /// <summary>The layer still shows exactly what it showed before: same current version, same count, same features.</summary>
    public static async Task AssertIntactAsync(HttpClient client, LayerSnapshot before)
    {
        var after = await SnapshotAsync(client, before.LayerId);
        Assert.Equal(before.CurrentVersionId, after.CurrentVersionId);
        Assert.Equal(before.FeatureCount, after.FeatureCount);
        Assert.Equal(before.Features.Count, after.Features.Count);
        Assert.Equal(before.Features, after.Features);
    }

    /// <summary>
    /// Creates an approval-batch layer and imports a small first version (three lon/lat squares
    /// from GeoJSON) that later, failing imports must leave alone.
    /// </summary>
    public static async Task<LayerSnapshot> SeedAsync(HttpClient client, string layerId, string directory)
    {
        await CreateLayerAsync(client, layerId);
        var features = Enumerable.Range(0, 3).Select(i => (
            (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
            {
                ["pcbm"] = $"seed-{layerId}-{i}",
                ["pzwh"] = $"川府土〔2019〕{i + 1}号",
                ["pzrq"] = "2019-05-0" + (i + 1),
                ["bpxmmc"] = "首批种子批次",
            },
            (NetTopologySuite.Geometries.Geometry)Deliveries.LonLatSquare(105.30 + (i * 0.01), 30.50, 0.005)));
        var path = Deliveries.WriteGeoJson(Path.Combine(directory, layerId + "-seed.geojson"), features);
        var import = await ImportCommittedAsync(client, layerId, [path]);
        Assert.Equal(3, import.GetProperty("report").GetProperty("loaded").GetInt32());
        var snapshot = await SnapshotAsync(client, layerId);
        Assert.Equal(3, snapshot.FeatureCount);
        Assert.Equal(3, snapshot.Features.Count);
        return snapshot;
    }

    /// <summary>The layer's versions, newest first (GET /api/layers/{id}/versions).</summary>
    public static async Task<List<JsonElement>> VersionsAsync(HttpClient client, string layerId) =>
        (await GetJsonAsync(client, $"/api/layers/{layerId}/versions")).EnumerateArray().ToList();

    /// <summary>
    /// Asserts a rejected import: 422 ProblemDetails whose <c>import</c> extension holds the report
    /// with an error containing <paramref name="expectedError"/>; a 'failed' version row with the
    /// same report; and the layer exactly as in <paramref name="before"/>. Returns the import body.
    /// </summary>
    public static async Task<JsonElement> AssertRejectedAsync(HttpClient client, HttpResponseMessage response, LayerSnapshot before, string expectedError)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.UnprocessableEntity, $"expected 422, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = Parse(body);
        Assert.Equal(422, problem.GetProperty("status").GetInt32());
        Assert.Equal("Import not loaded", problem.GetProperty("title").GetString());
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains("previous version of the layer is unchanged", detail, StringComparison.Ordinal);
        Assert.Contains(expectedError, detail, StringComparison.OrdinalIgnoreCase);

        var import = problem.GetProperty("import");
        Assert.False(import.GetProperty("committed").GetBoolean());
        var report = import.GetProperty("report");
        var errors = report.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains(errors, e => e.Contains(expectedError, StringComparison.OrdinalIgnoreCase));

        var versionId = import.GetProperty("versionId");
        Assert.True(versionId.ValueKind == JsonValueKind.Number, $"the failed import has no version row (versionId is {versionId}); a failed import must be kept with its report. Errors: {string.Join(" | ", errors)}");
        var versions = await VersionsAsync(client, before.LayerId);
        var failed = versions.Single(v => v.GetProperty("id").GetInt32() == versionId.GetInt32());
        Assert.Equal("failed", failed.GetProperty("state").GetString());
        Assert.Equal(0, failed.GetProperty("featureCount").GetInt32());
        Assert.Equal(JsonValueKind.Null, failed.GetProperty("validFrom").ValueKind);
        var storedErrors = failed.GetProperty("report").GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Equal(errors, storedErrors);
        Assert.Equal(report.GetProperty("rejected").GetInt32(), failed.GetProperty("rejectedCount").GetInt32());
        Assert.Equal("current", versions.Single(v => v.GetProperty("id").GetInt32() == before.CurrentVersionId).GetProperty("state").GetString());

        await AssertIntactAsync(client, before);
        return import;
    }

    /// <summary>
    /// After a committed import: the version of <paramref name="before"/> is superseded, keeps its
    /// feature count, and every one of its rows is still in the table (as-of reads need them).
    /// </summary>
    public static async Task AssertSupersededAsync(
        HttpClient client, TestDatabase database, LayerSnapshot before, int newVersionId, string table = "approval_batch")
    {
        var versions = await VersionsAsync(client, before.LayerId);
        var previous = versions.Single(v => v.GetProperty("id").GetInt32() == before.CurrentVersionId);
        Assert.Equal("superseded", previous.GetProperty("state").GetString());
        Assert.Equal(before.FeatureCount, previous.GetProperty("featureCount").GetInt32());
        Assert.Equal("current", versions.Single(v => v.GetProperty("id").GetInt32() == newVersionId).GetProperty("state").GetString());
        Assert.Equal(before.FeatureCount, await CountRowsAsync(database, before.CurrentVersionId!.Value, table));
        var layer = await GetJsonAsync(client, $"/api/layers/{before.LayerId}");
        Assert.Equal(newVersionId, layer.GetProperty("currentVersion").GetProperty("id").GetInt32());
    }

    /// <summary>Rows of one version in a layer table, counted in SQL.</summary>
    public static async Task<long> CountRowsAsync(TestDatabase database, int versionId, string table = "approval_batch")
    {
        await using var dataSource = database.CreateDataSource();
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM \"{table}\" WHERE version_id = @v");
        command.Parameters.AddWithValue("v", versionId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The reasons of the per-feature notes of an import body.</summary>
    public static List<(long Record, string? Key, string Outcome, string Reason)> Notes(JsonElement import) =>
        import.GetProperty("report").GetProperty("notes").EnumerateArray()
            .Select(n => (
                n.GetProperty("record").GetInt64(),
                n.GetProperty("key").ValueKind == JsonValueKind.Null ? null : n.GetProperty("key").GetString(),
                n.GetProperty("outcome").GetString()!,
                n.GetProperty("reason").GetString()!))
            .ToList();
}
