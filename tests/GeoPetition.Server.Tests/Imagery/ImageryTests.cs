using System.Net;
using System.Text.Json;
using GeoPetition.Server.Imagery;
using GeoPetition.Server.Tests.Infrastructure;
using GeoPetition.Server.Tests.Tiles;
using Microsoft.Data.Sqlite;

namespace GeoPetition.Server.Tests.Imagery;

/// <summary>The server with a temporary tiles directory holding XYZ and MBTiles scenes.</summary>
public sealed class ImageryApp : GeoPetitionApp
{
    public string TilesDir { get; } = Directory.CreateTempSubdirectory("gp-tiles-").FullName;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("GeoPetition:TilesDir", TilesDir)];

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && Directory.Exists(TilesDir))
        {
            Directory.Delete(TilesDir, recursive: true);
        }
    }
}

/// <summary>Scene catalog, before/after pairs and raster tiles (XYZ files and MBTiles with the TMS row flip).</summary>
public sealed class ImageryTests(ImageryApp app) : IClassFixture<ImageryApp>
{
    /// <summary>A small PNG-signed file whose content differs by <paramref name="shade"/> (only the signature matters to the server).</summary>
    private static byte[] Png(byte shade) =>
    [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B,
        0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, shade, 0x00, 0x00, 0x00,
        0x02, 0x00, 0x01, 0xE5, 0x27, 0xDE, 0xFC, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
        0x42, 0x60, 0x82,
    ];

    private static readonly (int X, int Y) Tile14 = TileEndpointTests.TileAt(104.1, 30.6, 14);

    private async Task<HttpClient> ClientAsync()
    {
        var client = app.CreateClient();
        if ((await client.GetAsync("/api/layers/scenes")).StatusCode != HttpStatusCode.NotFound)
        {
            return client;
        }

        // XYZ scene folders.
        foreach (var (folder, shade) in new[] { ("s2020a", (byte)0x10), ("s2020b", (byte)0x20), ("nested/s2020e", (byte)0x30) })
        {
            var dir = Path.Combine(app.TilesDir, folder, "14", Tile14.X.ToString(System.Globalization.CultureInfo.InvariantCulture));
            Directory.CreateDirectory(dir);
            await File.WriteAllBytesAsync(Path.Combine(dir, $"{Tile14.Y}.png"), Png(shade));
        }

        await File.WriteAllTextAsync(Path.Combine(app.TilesDir, "s2020b", "scene.json"), """{"id":"S2020B","format":"png","minzoom":10,"maxzoom":15}""");

        // An MBTiles scene: rows are TMS (y = 0 at the south).
        var mbtiles = Path.Combine(app.TilesDir, "s2020c.mbtiles");
        await using (var sqlite = new SqliteConnection($"Data Source={mbtiles};Pooling=false"))
        {
            await sqlite.OpenAsync();
            await using var create = sqlite.CreateCommand();
            create.CommandText = """
                CREATE TABLE metadata (name text, value text);
                INSERT INTO metadata VALUES ('format', 'png'), ('name', 's2020c');
                CREATE TABLE tiles (zoom_level integer, tile_column integer, tile_row integer, tile_data blob);
                INSERT INTO tiles VALUES (14, $x, $tms, $data);
                """;
            create.Parameters.AddWithValue("$x", Tile14.X);
            create.Parameters.AddWithValue("$tms", (1 << 14) - 1 - Tile14.Y);
            create.Parameters.AddWithValue("$data", Png(0x40));
            await create.ExecuteNonQueryAsync();
        }

        await File.WriteAllTextAsync(Path.Combine(app.TilesDir, "..", "secret.png"), "not for you");

        var big = MapData.Square(104.0, 30.5, 0.2);
        var west = MapData.Square(104.0, 30.5, 0.05);
        await MapData.CreateAndImportAsync(client, "scenes", "ImageryScene", MapData.FeatureCollection([
            ("""{"scene_id":"S2020A","sensor":"GF-2","acq_date":"2020-01-10","resolution_m":0.8,"cloud_pct":5,"tile_source":"s2020a"}""", big),
            ("""{"scene_id":"S2020B","sensor":"GF-1","acq_date":"2020-03-01","resolution_m":2,"cloud_pct":60,"tile_source":"s2020b"}""", big),
            ("""{"scene_id":"S2020C","sensor":"GF-2","acq_date":"2020-06-01","resolution_m":0.8,"cloud_pct":10,"tile_source":"s2020c.mbtiles"}""", big),
            ("""{"scene_id":"S2020E","sensor":"GF-2","acq_date":"2020-02-01","resolution_m":0.8,"cloud_pct":3,"tile_source":"nested/s2020e"}""", west),
            ("""{"scene_id":"S2021D","sensor":"GF-2","acq_date":"2021-01-01","resolution_m":0.8,"cloud_pct":0,"tile_source":"../secret.png"}""", MapData.Square(105.0, 31.0, 0.1)),
        ]));
        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static List<string> Ids(JsonElement result) =>
        result.GetProperty("scenes").EnumerateArray().Select(s => s.GetProperty("sceneId").GetString()!).ToList();

    [Fact]
    public async Task Scene_catalog_filters_by_bbox_and_dates()
    {
        var client = await ClientAsync();
        var all = await JsonAsync(await client.GetAsync("/api/imagery/scenes"));
        Assert.Equal(["S2020A", "S2020E", "S2020B", "S2020C", "S2021D"], Ids(all));
        var a = all.GetProperty("scenes")[0];
        Assert.Equal("GF-2", a.GetProperty("sensor").GetString());
        Assert.Equal("2020-01-10", a.GetProperty("acquisitionDate").GetString());
        Assert.Equal(0.8, a.GetProperty("resolutionM").GetDouble());
        Assert.Equal(5, a.GetProperty("cloudPct").GetDouble());
        Assert.Equal("MultiPolygon", a.GetProperty("footprint").GetProperty("type").GetString());
        Assert.EndsWith("/imagery/S2020A/{z}/{x}/{y}.png", a.GetProperty("tiles").GetString());
        Assert.Equal(14, a.GetProperty("minZoom").GetInt32());
        Assert.Equal(14, a.GetProperty("maxZoom").GetInt32());
        var b = all.GetProperty("scenes")[2];
        Assert.Equal((10, 15), (b.GetProperty("minZoom").GetInt32(), b.GetProperty("maxZoom").GetInt32())); // from scene.json
        var c = all.GetProperty("scenes")[3];
        Assert.Equal("S2020C", c.GetProperty("sceneId").GetString());
        Assert.EndsWith("/imagery/S2020C/{z}/{x}/{y}.png", c.GetProperty("tiles").GetString());
        Assert.Equal(14, c.GetProperty("maxZoom").GetInt32());
        var d = all.GetProperty("scenes")[4];
        Assert.Equal(System.Text.Json.JsonValueKind.Null, d.GetProperty("tiles").ValueKind); // "../secret.png" is refused

        Assert.Equal(["S2020A", "S2020B", "S2020C"], Ids(await JsonAsync(await client.GetAsync("/api/imagery/scenes?bbox=104.1,30.6,104.11,30.61"))));
        Assert.Equal(["S2020A", "S2020E", "S2020B", "S2020C"], Ids(await JsonAsync(await client.GetAsync("/api/imagery/scenes?bbox=104.0,30.5,104.01,30.51"))));
        Assert.Equal(["S2020E", "S2020B"], Ids(await JsonAsync(await client.GetAsync("/api/imagery/scenes?from=2020-02-01&to=2020-03-01"))));
        Assert.Equal(["S2021D"], Ids(await JsonAsync(await client.GetAsync("/api/imagery/scenes?from=2020-12-01"))));
    }

    [Theory]
    [InlineData("bbox=104.2,30.5,104.0,30.7", "bbox")]
    [InlineData("from=2020-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2021-01-01&to=2020-01-01", "from")]
    public async Task Bad_scene_query_is_400(string query, string parameter)
    {
        var client = await ClientAsync();
        var response = await client.GetAsync("/api/imagery/scenes?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"parameter\":\"{parameter}\"", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("POINT(104.1 30.6)", "2020-04-01", null, "S2020A", "S2020C")]
    [InlineData("POINT(104.1 30.6)", "2020-04-01", "70", "S2020B", "S2020C")]
    [InlineData("POINT(104.02 30.52)", "2020-04-01", null, "S2020E", "S2020C")]
    [InlineData("POINT(104.1 30.6)", "2020-01-10", null, "S2020A", "S2020C")]
    [InlineData("POINT(104.1 30.6)", "2019-01-01", null, null, "S2020A")]
    [InlineData("POINT(104.1 30.6)", "2022-01-01", null, "S2020C", null)]
    [InlineData("POLYGON((104.1 30.6,104.11 30.6,104.11 30.61,104.1 30.6))", "2020-04-01", null, "S2020A", "S2020C")]
    [InlineData("""{"type":"Point","coordinates":[104.1,30.6]}""", "2020-04-01", null, "S2020A", "S2020C")]
    [InlineData("POLYGON((103.9 30.6,104.11 30.6,104.11 30.61,103.9 30.6))", "2020-04-01", null, null, null)]
    public async Task Pair_picks_the_latest_clear_scene_before_and_the_earliest_after(
        string geometry, string date, string? maxCloud, string? before, string? after)
    {
        var client = await ClientAsync();
        var url = $"/api/imagery/pair?geometry={Uri.EscapeDataString(geometry)}&date={date}" + (maxCloud is null ? "" : $"&maxCloudPct={maxCloud}");
        var response = await client.GetAsync(url);
        if (before is null && after is null)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            return;
        }

        var pair = await JsonAsync(response);
        Assert.Equal(before, pair.GetProperty("before").ValueKind == JsonValueKind.Null ? null : pair.GetProperty("before").GetProperty("sceneId").GetString());
        Assert.Equal(after, pair.GetProperty("after").ValueKind == JsonValueKind.Null ? null : pair.GetProperty("after").GetProperty("sceneId").GetString());
    }

    [Theory]
    [InlineData("POINT(104.1)", "2020-01-01", "geometry")]
    [InlineData("", "2020-01-01", "geometry")]
    [InlineData("POLYGON((0 0,1 1,1 0,0 1,0 0))", "2020-01-01", "geometry")]
    [InlineData("POINT(200 30)", "2020-01-01", "geometry")]
    [InlineData("SRID=4523;POINT(35500000 3300000)", "2020-01-01", "geometry")]
    [InlineData("{\"type\":\"Pt\"}", "2020-01-01", "geometry")]
    [InlineData("POINT(104.1 30.6)", "2020-02-30", "date")]
    [InlineData("POINT(104.1 30.6)", "", "date")]
    public async Task Bad_pair_request_is_400(string geometry, string date, string parameter)
    {
        var client = await ClientAsync();
        var response = await client.GetAsync($"/api/imagery/pair?geometry={Uri.EscapeDataString(geometry)}&date={date}");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"\"parameter\":\"{parameter}\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Xyz_tile_is_served_with_strong_etag_immutable_cache_and_304()
    {
        var client = await ClientAsync();
        var url = $"/imagery/S2020A/14/{Tile14.X}/{Tile14.Y}.png";
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Png(0x10), await response.Content.ReadAsByteArrayAsync());
        Assert.False(response.Headers.ETag!.IsWeak);
        var cache = response.Headers.CacheControl!.ToString();
        Assert.Contains("immutable", cache);
        Assert.Contains("max-age=31536000", cache);

        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);

        var nested = await client.GetAsync($"/imagery/S2020E/14/{Tile14.X}/{Tile14.Y}.png");
        Assert.Equal(Png(0x30), await nested.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Mbtiles_tile_is_read_with_the_tms_row_flip()
    {
        var client = await ClientAsync();
        var response = await client.GetAsync($"/imagery/S2020C/14/{Tile14.X}/{Tile14.Y}.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Png(0x40), await response.Content.ReadAsByteArrayAsync());
        Assert.NotNull(response.Headers.ETag);
        var flipped = (1 << 14) - 1 - Tile14.Y;
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/imagery/S2020C/14/{Tile14.X}/{flipped}.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/imagery/S2020C/14/{Tile14.X}/{Tile14.Y}.jpg")).StatusCode);
    }

    [Fact]
    public async Task Tiles_outside_the_scene_and_unknown_scenes_are_404()
    {
        var client = await ClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/imagery/S2020A/3/1/1.png")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/imagery/S2020A/14/{Tile14.X}/{Tile14.Y}.jpg")).StatusCode);
        var unknown = await client.GetAsync("/imagery/NOPE/14/0/0.png");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        var body = await unknown.Content.ReadAsStringAsync();
        Assert.Contains("'NOPE'", body);
        Assert.Contains("S2020A", body);
    }

    [Theory]
    [InlineData("/imagery/S2021D/14/0/0.png")] // tile_source "../secret.png" is refused
    [InlineData("/imagery/..%2F..%2Fetc/1/0/0.png")]
    [InlineData("/imagery/%2E%2E/1/0/0.png")]
    [InlineData("/imagery/S2020A/1/0/..%2F..%2F..%2Fsecret.png")]
    [InlineData("/imagery/S2020A/14/0/0.exe")]
    [InlineData("/imagery/S2020A/25/0/0.png")]
    public async Task Path_traversal_is_impossible(string url)
    {
        var client = await ClientAsync();
        var response = await client.GetAsync(url);
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}");
        Assert.DoesNotContain("not for you", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("s2020a", true)]
    [InlineData("nested/s2020e", true)]
    [InlineData("s2020c.mbtiles", true)]
    [InlineData("../secret", false)]
    [InlineData("a/../b", false)]
    [InlineData("/etc", false)]
    [InlineData("a//b", false)]
    [InlineData(".hidden", false)]
    [InlineData("a\\b", false)]
    [InlineData("", false)]
    public void Tile_source_validation(string source, bool valid) => Assert.Equal(valid, ImageryTileStore.IsValidTileSource(source));
}
