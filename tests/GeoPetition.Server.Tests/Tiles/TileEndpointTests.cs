using System.Net;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using GeoPetition.Server.Tiles;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoPetition.Server.Tests.Tiles;

/// <summary>Vector tiles and TileJSON over a small approval-batch layer near Chengdu (104°E, 30.6°N).</summary>
public sealed class TileEndpointTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>
{
    private const double Lon0 = 104.05;
    private const double Lat0 = 30.60;

    private async Task<HttpClient> ClientWithLayerAsync(string layerId)
    {
        var client = app.CreateClient();
        var existing = await client.GetAsync($"/api/layers/{layerId}");
        if (existing.StatusCode == HttpStatusCode.NotFound)
        {
            await MapData.CreateAndImportAsync(client, layerId, "ApprovalBatch", MapData.ApprovalBatchGrid(Lon0, Lat0, 10, 10, 0.002, 0.004));
        }

        return client;
    }

    /// <summary>The z14 tile holding (lon, lat).</summary>
    public static (int X, int Y) TileAt(double lon, double lat, int z)
    {
        var n = Math.Pow(2, z);
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var latRad = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(latRad) + 1 / Math.Cos(latRad)) / Math.PI) / 2 * n);
        return (x, y);
    }

    [Fact]
    public async Task Tile_is_mvt_with_etag_and_304_on_revalidation()
    {
        var client = await ClientWithLayerAsync("batches_a");
        var (x, y) = TileAt(Lon0 + 0.01, Lat0 + 0.01, 14);
        var response = await client.GetAsync($"/tiles/batches_a/14/{x}/{y}.mvt");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.mapbox-vector-tile", response.Content.Headers.ContentType?.MediaType);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Contains("no-cache", response.Headers.CacheControl?.ToString());
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync());

        using var again = new HttpRequestMessage(HttpMethod.Get, $"/tiles/batches_a/14/{x}/{y}.mvt");
        again.Headers.IfNoneMatch.Add(etag);
        var revalidated = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Equal(etag, revalidated.Headers.ETag);
    }

    [Fact]
    public async Task Empty_tile_is_204()
    {
        var client = await ClientWithLayerAsync("batches_a");
        var response = await client.GetAsync("/tiles/batches_a/14/0/0.mvt");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    [Theory]
    [InlineData("23/0/0", "z")]
    [InlineData("-1/0/0", "z")]
    [InlineData("a/0/0", "z")]
    [InlineData("2/4/0", "x")]
    [InlineData("2/0/4", "y")]
    [InlineData("0/0/1", "y")]
    public async Task Tile_outside_the_matrix_is_400_naming_the_parameter(string zxy, string parameter)
    {
        var client = await ClientWithLayerAsync("batches_a");
        var response = await client.GetAsync($"/tiles/batches_a/{zxy}.mvt");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Unknown_layer_is_404_listing_the_known_ones()
    {
        var client = await ClientWithLayerAsync("batches_a");
        foreach (var url in new[] { "/tiles/nope/1/0/0.mvt", "/tiles/nope.json", "/tiles/1/0/0.mvt?layers=batches_a,nope" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("'nope'", body);
            Assert.Contains("batches_a", body);
        }
    }

    [Fact]
    public async Task TileJson_describes_the_layer()
    {
        var client = await ClientWithLayerAsync("batches_a");
        using var doc = JsonDocument.Parse(await client.GetStringAsync("/tiles/batches_a.json"));
        var root = doc.RootElement;
        Assert.Equal("3.0.0", root.GetProperty("tilejson").GetString());
        Assert.EndsWith("/tiles/batches_a/{z}/{x}/{y}.mvt", root.GetProperty("tiles")[0].GetString());
        Assert.Equal(0, root.GetProperty("minzoom").GetInt32());
        Assert.Equal(22, root.GetProperty("maxzoom").GetInt32());
        var bounds = root.GetProperty("bounds").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        Assert.Equal(Lon0, bounds[0], 6);
        Assert.Equal(Lat0, bounds[1], 6);
        Assert.Equal(Lon0 + 9 * 0.004 + 0.002, bounds[2], 6);
        var layer = root.GetProperty("vector_layers")[0];
        Assert.Equal("batches_a", layer.GetProperty("id").GetString());
        Assert.Equal("String", layer.GetProperty("fields").GetProperty("pcbm").GetString());
        Assert.Equal("String", layer.GetProperty("fields").GetProperty("pzrq").GetString());
        Assert.False(layer.GetProperty("fields").TryGetProperty("pzxmzmj", out _));
    }

    [Fact]
    public async Task A_new_import_changes_the_etag_and_the_tile()
    {
        var client = await ClientWithLayerAsync("batches_b");
        var (x, y) = TileAt(Lon0 + 0.01, Lat0 + 0.01, 14);
        var url = $"/tiles/batches_b/14/{x}/{y}.mvt";
        var first = await client.GetAsync(url);
        var firstBytes = await first.Content.ReadAsByteArrayAsync();

        await MapData.ImportAsync(client, "batches_b", MapData.ApprovalBatchGrid(Lon0, Lat0, 5, 5, 0.003, 0.004, prefix: "NEW"));

        // The catalog cache is dropped when PostgreSQL delivers the change notification (normally < 1 ms after the commit).
        HttpResponseMessage second = first;
        for (var attempt = 0; attempt < 50 && second.Headers.ETag == first.Headers.ETag; attempt++)
        {
            second = await client.GetAsync(url);
            if (second.Headers.ETag == first.Headers.ETag)
            {
                await Task.Delay(20);
            }
        }

        Assert.NotEqual(first.Headers.ETag, second.Headers.ETag);
        Assert.NotEqual(firstBytes, await second.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, url);
        stale.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(stale)).StatusCode);
    }

    [Fact]
    public async Task Served_tile_is_byte_identical_to_the_raw_st_asmvt_query()
    {
        var client = await ClientWithLayerAsync("batches_a");
        var (x, y) = TileAt(Lon0 + 0.01, Lat0 + 0.01, 14);
        var served = await client.GetByteArrayAsync($"/tiles/batches_a/14/{x}/{y}.mvt");

        await using var dataSource = app.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand("""
            SELECT ST_AsMVT(q, 'batches_a', 4096, 'geom', 'fid') FROM (
                SELECT b.fid, b.pcbm, b.bpxmmc, b.pzwh, b.pzjg, b.pzrq::text AS pzrq, b.zsggrq::text AS zsggrq,
                       ST_AsMVTGeom(ST_Transform(b.geom, 3857), ST_TileEnvelope(14, @x, @y), 4096, 64, true) AS geom
                FROM approval_batch b JOIN layer l ON l.current_version_id = b.version_id
                WHERE l.id = 'batches_a' AND b.geom && ST_Transform(ST_TileEnvelope(14, @x, @y, margin => 64.0 / 4096), 4490)
            ) q WHERE q.geom IS NOT NULL
            """);
        command.Parameters.AddWithValue("x", x);
        command.Parameters.AddWithValue("y", y);
        var raw = (byte[])(await command.ExecuteScalarAsync())!;
        Assert.NotEmpty(raw);
        Assert.Equal(raw, served);
    }

    [Fact]
    public async Task Multi_layer_tile_holds_each_layer_and_is_their_concatenation()
    {
        var client = await ClientWithLayerAsync("batches_a");
        await ClientWithLayerAsync("batches_c");
        var (x, y) = TileAt(Lon0 + 0.01, Lat0 + 0.01, 14);
        var a = await client.GetByteArrayAsync($"/tiles/batches_a/14/{x}/{y}.mvt");
        var c = await client.GetByteArrayAsync($"/tiles/batches_c/14/{x}/{y}.mvt");
        var both = await client.GetAsync($"/tiles/14/{x}/{y}.mvt?layers=batches_a,batches_c");
        Assert.Equal(HttpStatusCode.OK, both.StatusCode);
        Assert.Equal(a.Concat(c).ToArray(), await both.Content.ReadAsByteArrayAsync());
        Assert.Contains("batches_a.v", both.Headers.ETag!.Tag);
        Assert.Contains("+batches_c.v", both.Headers.ETag!.Tag);
    }

    [Fact]
    public void Tile_sql_uses_the_index_filter_in_the_storage_srid()
    {
        var source = new TileSource("x", "x", "approval_batch", "geom", 4490, Core.Layers.GeometryFamily.Polygon,
            TileAttributes.For(Core.Layers.LayerKinds.ApprovalBatch), 1, "v1", null);
        var sql = TileSql.Build([source], new TileCoordinate(3, 1, 2), TileGeneralisation.FullDetail).Sql;
        Assert.Contains("t.\"geom\" && ST_Transform(ST_TileEnvelope(@z, @x, @y, margin => 0.015625), 4490)", sql);
        Assert.Contains("ST_AsMVTGeom(ST_Transform(t.\"geom\", 3857), ST_TileEnvelope(@z, @x, @y), 4096, 64, true)", sql);
    }

    [Fact]
    public async Task The_tile_query_uses_the_gist_index()
    {
        var client = await ClientWithLayerAsync("batches_a");
        await client.GetAsync("/tiles/batches_a/14/0/0.mvt");
        var source = new TileSource("batches_a", "x", "approval_batch", "geom", 4490, Core.Layers.GeometryFamily.Polygon,
            TileAttributes.For(Core.Layers.LayerKinds.ApprovalBatch), 1, "v1", null);
        var (x, y) = TileAt(Lon0 + 0.01, Lat0 + 0.01, 14);
        var statement = TileSql.Build([source], new TileCoordinate(14, x, y), TileGeneralisation.FullDetail);
        await using var dataSource = app.Database.CreateDataSource();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var off = new NpgsqlCommand("SET enable_seqscan = off", connection))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using var explain = new NpgsqlCommand("EXPLAIN " + statement.Sql, connection);
        foreach (var (name, value) in statement.Parameters)
        {
            explain.Parameters.AddWithValue(name, value);
        }

        var plan = new List<string>();
        await using (var reader = await explain.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                plan.Add(reader.GetString(0));
            }
        }

        Assert.Contains(plan, line => line.Contains("approval_batch_geom", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_point_table_with_its_own_id_and_a_scope_condition_is_one_more_source()
    {
        // The shape petitions take: points, an id column other than fid, no layer version, and the
        // jurisdiction condition with its parameter.
        await using var dataSource = app.Database.CreateDataSource();
        await using (var create = dataSource.CreateCommand("""
            CREATE TABLE IF NOT EXISTS tile_points (id bigint PRIMARY KEY, status text, xzqdm text, geom geometry(Point, 4490));
            TRUNCATE tile_points;
            INSERT INTO tile_points VALUES
              (1, 'registered', '510104', ST_SetSRID(ST_Point(104.06, 30.61), 4490)),
              (2, 'accepted', '510104', ST_SetSRID(ST_Point(104.061, 30.611), 4490)),
              (3, 'registered', '510105', ST_SetSRID(ST_Point(104.062, 30.612), 4490));
            """))
        {
            await create.ExecuteNonQueryAsync();
        }

        var status = new Core.Layers.LayerField("status", Core.Layers.FieldType.Text, "状态", "status");
        TileSource Scoped(string? prefix) => new(
            "points", "points", "tile_points", "geom", 4490, Core.Layers.GeometryFamily.Point, [status], null, "p1", null,
            IdColumn: "id", Condition: "(@scope_prefix::text IS NULL OR t.xzqdm LIKE @scope_prefix::text || '%')",
            Parameters: [("scope_prefix", (object?)prefix ?? DBNull.Value)]);

        var tiles = app.Services.GetRequiredService<TileService>();
        var (x, y) = TileAt(104.061, 30.611, 14);
        var all = await tiles.GenerateAsync([Scoped(null)], new TileCoordinate(14, x, y), CancellationToken.None);
        var county = await tiles.GenerateAsync([Scoped("510104")], new TileCoordinate(14, x, y), CancellationToken.None);
        var lowZoom = await tiles.GenerateAsync([Scoped("510105")], new TileCoordinate(8, x >> 6, y >> 6), CancellationToken.None);
        Assert.Equal(3, CountFeatures(all));
        Assert.Equal(2, CountFeatures(county));
        Assert.Equal(1, CountFeatures(lowZoom));
    }

    /// <summary>Features in an MVT, counted by GDAL's MVT driver.</summary>
    private static int CountFeatures(byte[] tile) => int.Parse(
        System.Text.RegularExpressions.Regex.Match(Tools.OgrInfoTile(tile, "-so"), @"Feature Count: (\d+)").Groups[1].Value,
        System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Every_tile_attribute_is_a_column_of_its_kind()
    {
        foreach (var kind in Core.Layers.LayerKinds.All)
        {
            var fields = TileAttributes.For(kind);
            Assert.NotEmpty(fields);
            Assert.Contains(kind.Key, fields);
        }
    }
}
