using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Server.Tests.Import;
using GeoPetition.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Tests.Endpoints;

/// <summary>
/// The layer catalog, feature and service endpoints over HTTP: listings with their fields,
/// ProblemDetails that list the valid choices, bbox filtering, keyset paging through every feature
/// exactly once, parameter validation naming the parameter, single features, health and OpenAPI.
/// </summary>
public sealed class LayerEndpointsTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>, IDisposable
{
    /// <summary>Grid of 5 × 5 squares, 0.01° wide with 0.01° gaps, from 105.30°E 30.50°N (EPSG:4490).</summary>
    private const int GridSize = 5;
    private const double GridOrigin = 105.30;
    private const double GridLatOrigin = 30.50;
    private const double GridStep = 0.02;
    private const double SquareSize = 0.01;

    private readonly TempDir _dir = new("endpoints");

    /// <summary>Creates a layer holding the 25 grid squares; returns the key of each square by (column, row).</summary>
    private async Task<Dictionary<string, Polygon>> GridLayerAsync(HttpClient client, string layerId)
    {
        await LayerApi.CreateLayerAsync(client, layerId);
        var squares = new Dictionary<string, Polygon>();
        for (var i = 0; i < GridSize; i++)
        {
            for (var j = 0; j < GridSize; j++)
            {
                squares[string.Create(CultureInfo.InvariantCulture, $"grid-{i}-{j}")] =
                    Deliveries.LonLatSquare(GridOrigin + (i * GridStep), GridLatOrigin + (j * GridStep), SquareSize);
            }
        }

        var features = squares.Select(s => (
            (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["pcbm"] = s.Key, ["pzwh"] = "川府土〔2021〕1号", ["pzrq"] = "2021-03-01" },
            (Geometry)s.Value));
        var path = Deliveries.WriteGeoJson(Path.Combine(_dir.Path, layerId + ".geojson"), features);
        await LayerApi.ImportCommittedAsync(client, layerId, [path]);
        return squares;
    }

    [Fact]
    public async Task Catalog_lists_created_layers_with_their_fields()
    {
        var client = app.CreateClient();
        await LayerApi.CreateLayerAsync(client, "list_batches", "ApprovalBatch");
        await LayerApi.CreateLayerAsync(client, "list_spots", "changespot");

        var layers = (await LayerApi.GetJsonAsync(client, "/api/layers")).EnumerateArray().ToDictionary(l => l.GetProperty("id").GetString()!);
        foreach (var (id, kind) in new[] { ("list_batches", LayerKinds.ApprovalBatch), ("list_spots", LayerKinds.ChangeSpot) })
        {
            var layer = layers[id];
            Assert.Equal(kind.Kind.ToString(), layer.GetProperty("kind").GetString());
            Assert.Equal(kind.TitleZh, layer.GetProperty("title").GetString());
            Assert.Equal("MultiPolygon", layer.GetProperty("geometryType").GetString());
            Assert.Equal(4490, layer.GetProperty("srid").GetInt32());
            Assert.Equal(0, layer.GetProperty("featureCount").GetInt32());
            Assert.Equal(JsonValueKind.Null, layer.GetProperty("currentVersion").ValueKind);
            var fields = layer.GetProperty("fields").EnumerateArray().ToList();
            Assert.Equal(kind.Fields.Select(f => f.Column), fields.Select(f => f.GetProperty("name").GetString()));
            Assert.Equal(kind.Fields.Select(f => f.Type.ToString()), fields.Select(f => f.GetProperty("type").GetString()));
            Assert.Equal(kind.Fields.Select(f => f.Required), fields.Select(f => f.GetProperty("required").GetBoolean()));
            Assert.Equal(kind.Fields.Select(f => f.TitleZh), fields.Select(f => f.GetProperty("titleZh").GetString()));
            Assert.Equal(kind.DateColumns, layer.GetProperty("dateFields").EnumerateArray().Select(d => d.GetString()));
        }

        var one = await LayerApi.GetJsonAsync(client, "/api/layers/list_spots");
        Assert.Equal(layers["list_spots"].GetRawText(), one.GetRawText());
    }

    [Fact]
    public async Task Unknown_layer_is_404_listing_the_known_layers()
    {
        var client = app.CreateClient();
        await LayerApi.CreateLayerAsync(client, "known_one");
        await LayerApi.CreateLayerAsync(client, "known_two");

        foreach (var url in new[] { "/api/layers/nope", "/api/layers/nope/features", "/api/layers/nope/features/1", "/api/layers/nope/versions" })
        {
            var problem = await ProblemAsync(await client.GetAsync(url), HttpStatusCode.NotFound);
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.StartsWith("unknown layer 'nope'; known layers are: ", detail, StringComparison.Ordinal);
            Assert.Contains("known_one", detail, StringComparison.Ordinal);
            Assert.Contains("known_two", detail, StringComparison.Ordinal);
        }

        using var content = new MultipartFormDataContent { { new ByteArrayContent([1]), "files", "a.geojson" } };
        var import = await ProblemAsync(await client.PostAsync("/api/layers/nope/imports", content), HttpStatusCode.NotFound);
        Assert.Contains("known_one", import.GetProperty("detail").GetString()!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_layer_validates_id_and_kind_and_refuses_duplicates()
    {
        var client = app.CreateClient();
        foreach (var badId in new[] { "Bad-Id", "x", "1abc", "", "has space", "中文图层", new string('a', 64) })
        {
            var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/layers", new { id = badId, kind = "ApprovalBatch" }), HttpStatusCode.BadRequest);
            Assert.Equal("id", problem.GetProperty("parameter").GetString());
        }

        foreach (var badKind in new[] { "Wetland", "", "11" })
        {
            var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/layers", new { id = "kind_check", kind = badKind }), HttpStatusCode.BadRequest);
            Assert.Equal("kind", problem.GetProperty("parameter").GetString());
            var detail = problem.GetProperty("detail").GetString()!;
            Assert.Contains($"unknown layer kind '{badKind}'", detail, StringComparison.Ordinal);
            Assert.All(LayerKinds.All, k => Assert.Contains(k.Kind.ToString(), detail, StringComparison.Ordinal));
        }

        var missingKind = await ProblemAsync(await client.PostAsJsonAsync("/api/layers", new { id = "kind_check" }), HttpStatusCode.BadRequest);
        Assert.Equal("kind", missingKind.GetProperty("parameter").GetString());

        using (var created = await client.PostAsJsonAsync("/api/layers", new { id = "dup_layer", kind = "LandUse", title = "三调 2023" }))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            Assert.Equal("/api/layers/dup_layer", created.Headers.Location?.OriginalString);
            var body = LayerApi.Parse(await created.Content.ReadAsStringAsync());
            Assert.Equal("三调 2023", body.GetProperty("title").GetString());
        }

        var duplicate = await ProblemAsync(await client.PostAsJsonAsync("/api/layers", new { id = "dup_layer", kind = "ChangeSpot" }), HttpStatusCode.Conflict);
        Assert.Contains("dup_layer", duplicate.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        var kept = await LayerApi.GetJsonAsync(client, "/api/layers/dup_layer");
        Assert.Equal("LandUse", kept.GetProperty("kind").GetString());
        Assert.DoesNotContain(
            (await LayerApi.GetJsonAsync(client, "/api/layers")).EnumerateArray(),
            l => l.GetProperty("id").GetString() == "kind_check");
    }

    [Fact]
    public async Task Numeric_kind_is_not_a_kind_name()
    {
        var client = app.CreateClient();
        var problem = await ProblemAsync(await client.PostAsJsonAsync("/api/layers", new { id = "numeric_kind", kind = "1" }), HttpStatusCode.BadRequest);
        Assert.Equal("kind", problem.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Bbox_returns_only_intersecting_features()
    {
        var client = app.CreateClient();
        var squares = await GridLayerAsync(client, "grid_bbox");
        double[] bbox = [105.325, 30.525, 105.365, 30.565];
        var box = new Envelope(bbox[0], bbox[2], bbox[1], bbox[3]);
        var expected = squares.Where(s => s.Value.EnvelopeInternal.Intersects(box)).Select(s => s.Key).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(9, expected.Count);

        var features = await LayerApi.AllFeaturesAsync(client, "/api/layers/grid_bbox/features?bbox=" + string.Join(",", bbox.Select(v => v.ToString(CultureInfo.InvariantCulture))));
        Assert.Equal(expected, features.Select(Key).Order(StringComparer.Ordinal));

        var empty = await LayerApi.GetJsonAsync(client, "/api/layers/grid_bbox/features?bbox=100,20,100.5,20.5");
        Assert.Empty(empty.GetProperty("features").EnumerateArray());
        Assert.Equal(0, empty.GetProperty("numberReturned").GetInt32());
    }

    [Fact]
    public async Task Limit_and_next_links_page_through_every_feature_exactly_once()
    {
        var client = app.CreateClient();
        var squares = await GridLayerAsync(client, "grid_paging");

        using (var first = await client.GetAsync("/api/layers/grid_paging/features?limit=7"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal("application/geo+json", first.Content.Headers.ContentType?.MediaType);
            var page = LayerApi.Parse(await first.Content.ReadAsStringAsync());
            Assert.Equal(7, page.GetProperty("numberReturned").GetInt32());
            Assert.StartsWith("/api/layers/grid_paging/features?limit=7&after=", LayerApi.NextLink(page), StringComparison.Ordinal);
        }

        foreach (var limit in new[] { 1, 4, 7, 25, 26, 10_000 })
        {
            var pages = 0;
            var seen = new List<JsonElement>();
            for (var url = $"/api/layers/grid_paging/features?limit={limit}"; url is not null; pages++)
            {
                var page = await LayerApi.GetJsonAsync(client, url);
                var features = page.GetProperty("features").EnumerateArray().ToList();
                Assert.True(features.Count <= limit);
                seen.AddRange(features);
                url = LayerApi.NextLink(page);
            }

            var ids = seen.Select(f => f.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(ids.Distinct().Count(), ids.Count);
            Assert.Equal(ids.Order(), ids);
            Assert.Equal(squares.Keys.Order(StringComparer.Ordinal), seen.Select(Key).Order(StringComparer.Ordinal));
            Assert.InRange(pages, (int)Math.Ceiling(25.0 / limit), (25 / limit) + 1);
        }

        // The bbox survives paging: 9 intersecting squares in pages of 4.
        var inBox = await LayerApi.AllFeaturesAsync(client, "/api/layers/grid_paging/features?limit=4&bbox=105.325,30.525,105.365,30.565");
        Assert.Equal(9, inBox.Count);
        Assert.Equal(9, inBox.Select(Key).Distinct().Count());
    }

    [Theory]
    [InlineData("bbox=1,2,3")]
    [InlineData("bbox=a,b,c,d")]
    [InlineData("bbox=105.4,30.5,105.3,30.6")]
    [InlineData("bbox=105.3,30.6,105.4,30.5")]
    [InlineData("bbox=105,30,106,95")]
    [InlineData("bbox=-181,30,106,31")]
    [InlineData("bbox=105,30,NaN,31")]
    [InlineData("bbox=105,30,106,31,5")]
    [InlineData("limit=0")]
    [InlineData("limit=-5")]
    [InlineData("limit=10001")]
    [InlineData("limit=abc")]
    [InlineData("after=abc")]
    public async Task Invalid_feature_query_is_400_naming_the_parameter(string query)
    {
        var client = app.CreateClient();
        var layerId = "bad_query_" + StableHash(query).ToString(CultureInfo.InvariantCulture);
        await LayerApi.CreateLayerAsync(client, layerId);
        var problem = await ProblemAsync(await client.GetAsync($"/api/layers/{layerId}/features?{query}"), HttpStatusCode.BadRequest);
        var parameter = query[..query.IndexOf('=', StringComparison.Ordinal)];
        Assert.True(
            problem.TryGetProperty("parameter", out var named) && named.GetString() == parameter,
            $"the problem does not name the parameter '{parameter}': {problem}");
    }

    [Fact]
    public async Task Single_feature_by_id_and_unknown_feature()
    {
        var client = app.CreateClient();
        await GridLayerAsync(client, "grid_single");
        var all = await LayerApi.AllFeaturesAsync(client, "/api/layers/grid_single/features");
        var chosen = all[7];
        var fid = chosen.GetProperty("id").GetInt64();

        using (var response = await client.GetAsync($"/api/layers/grid_single/features/{fid}"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
            var feature = LayerApi.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            Assert.Equal(fid, feature.GetProperty("id").GetInt64());
            Assert.Equal(chosen.GetRawText(), feature.GetRawText());
            Assert.Equal("MultiPolygon", feature.GetProperty("geometry").GetProperty("type").GetString());
            Assert.Equal("川府土〔2021〕1号", feature.GetProperty("properties").GetProperty("pzwh").GetString());
            Assert.False(feature.GetProperty("properties").TryGetProperty("version_id", out _));
            Assert.False(feature.GetProperty("properties").TryGetProperty("geom", out _));
        }

        var unknown = await ProblemAsync(await client.GetAsync("/api/layers/grid_single/features/99999999"), HttpStatusCode.NotFound);
        Assert.Contains("99999999", unknown.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        var invalid = await ProblemAsync(await client.GetAsync("/api/layers/grid_single/features/abc"), HttpStatusCode.BadRequest);
        Assert.Equal("featureId", invalid.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Import_without_multipart_or_without_files_is_400()
    {
        var client = app.CreateClient();
        await LayerApi.CreateLayerAsync(client, "import_shape");
        var notMultipart = await ProblemAsync(
            await client.PostAsync("/api/layers/import_shape/imports", new StringContent("{}", Encoding.UTF8, "application/json")), HttpStatusCode.BadRequest);
        Assert.Contains("multipart/form-data", notMultipart.GetProperty("detail").GetString()!, StringComparison.Ordinal);

        using var noFiles = new MultipartFormDataContent { { new StringContent("EPSG:4523"), "crs" } };
        var problem = await ProblemAsync(await client.PostAsync("/api/layers/import_shape/imports", noFiles), HttpStatusCode.BadRequest);
        Assert.Equal("files", problem.GetProperty("parameter").GetString());
        Assert.Contains("Shapefile", problem.GetProperty("detail").GetString()!, StringComparison.Ordinal);
        Assert.Empty(await LayerApi.VersionsAsync(client, "import_shape"));
    }

    [Fact]
    public async Task Health_live_and_ready()
    {
        var client = app.CreateClient();
        Assert.Equal("live", (await LayerApi.GetJsonAsync(client, "/health/live")).GetProperty("status").GetString());
        Assert.Equal("ready", (await LayerApi.GetJsonAsync(client, "/health/ready")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_document_is_json_with_the_layer_paths()
    {
        var client = app.CreateClient();
        var document = await LayerApi.GetJsonAsync(client, "/openapi/v1.json");
        Assert.StartsWith("3.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);
        Assert.Equal("GeoPetition API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/layers", paths);
        Assert.Contains("/api/layers/{layerId}", paths);
        Assert.Contains("/api/layers/{layerId}/versions", paths);
        Assert.Contains("/api/layers/{layerId}/imports", paths);
        Assert.Contains("/api/layers/{layerId}/features", paths);
        Assert.Contains("/api/layers/{layerId}/features/{featureId}", paths);
        Assert.Contains("/health/ready", paths);
        var layers = document.GetProperty("paths").GetProperty("/api/layers");
        Assert.True(layers.TryGetProperty("get", out _));
        Assert.True(layers.TryGetProperty("post", out _));
    }

    private static string Key(JsonElement feature) => feature.GetProperty("properties").GetProperty("pcbm").GetString()!;

    private static int StableHash(string text) => Math.Abs(text.Aggregate(17, (h, c) => unchecked((h * 31) + c)) % 1_000_000);

    /// <summary>Asserts the status and an RFC 9457 body with that status; returns the problem.</summary>
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
            Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"expected ProblemDetails, got {response.Content.Headers.ContentType}: '{body}'");
            var problem = LayerApi.Parse(body);
            Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
            Assert.False(string.IsNullOrEmpty(problem.GetProperty("title").GetString()));
            return problem;
        }
    }

    public void Dispose() => _dir.Dispose();
}
