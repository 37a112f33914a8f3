using System.Net;
using GeoPetition.Server.Tests.Infrastructure;
using GeoPetition.Server.Tiles;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace GeoPetition.Server.Tests.Tiles;

/// <summary>
/// Served tiles read by GDAL's MVT driver (a decoder no one here wrote), and the 500 KB bound on a
/// dense layer: 30 000 seeded random squares (20–400 m) in a 0.3° × 0.3° block near Chengdu.
/// </summary>
public sealed class TileClientTests(GeoPetitionApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<GeoPetitionApp>
{
    private const double Lon0 = 104.0;
    private const double Lat0 = 30.5;

    private async Task<HttpClient> ClientAsync()
    {
        var client = app.CreateClient();
        if ((await client.GetAsync("/api/layers/dense")).StatusCode == HttpStatusCode.NotFound)
        {
            var random = new Random(20240601);
            var features = new List<(string, string)>(30_000);
            for (var i = 0; i < 30_000; i++)
            {
                var side = 0.0002 + random.NextDouble() * random.NextDouble() * 0.0038;
                var lon = Lon0 + random.NextDouble() * 0.3;
                var lat = Lat0 + random.NextDouble() * 0.3;
                features.Add(($"{{\"bsm\":\"D{i:D6}\",\"dlbm\":\"0{101 + i % 3}\",\"dlmc\":\"耕地\",\"sjnf\":2023}}", MapData.Square(lon, lat, side)));
            }

            await MapData.CreateAndImportAsync(client, "dense", "LandUse", MapData.FeatureCollection(features));
            await MapData.CreateAndImportAsync(client, "mvt_batches", "ApprovalBatch", MapData.ApprovalBatchGrid(104.05, 30.6, 3, 3, 0.002, 0.004));
        }

        return client;
    }

    [Fact]
    public async Task Gdal_mvt_driver_decodes_a_served_tile_with_its_features_and_attributes()
    {
        var client = await ClientAsync();
        var (x, y) = TileEndpointTests.TileAt(104.055, 30.605, 14);
        var bytes = await client.GetByteArrayAsync($"/tiles/mvt_batches/14/{x}/{y}.mvt");
        var path = Path.Combine(Path.GetTempPath(), $"gp-{Guid.NewGuid():N}.mvt");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            var output = Tools.Run("ogrinfo", ["-ro", "-al", path, "-oo", $"X={x}", "-oo", $"Y={y}", "-oo", "Z=14"]);
            Assert.Contains("Layer name: mvt_batches", output);
            Assert.Contains("Feature Count: 9", output);
            for (var i = 0; i < 9; i++)
            {
                Assert.Contains($"pcbm (String) = PC{i:D6}", output);
            }

            Assert.Contains("pzjg (String) = 国务院", output);
            Assert.Contains("pzrq (String) = 2020-01-01", output);
            Assert.DoesNotContain("pzxmzmj", output); // not a viewer attribute

            // The MVT driver georeferences the tile in EPSG:3857: the first square's corner is at 104.05°E 30.6°N.
            var geojson = Tools.Run("ogr2ogr", ["-f", "GeoJSON", "/vsistdout/", path, "-t_srs", "EPSG:4326", "-oo", $"X={x}", "-oo", $"Y={y}", "-oo", "Z=14", "-where", "pcbm = 'PC000000'"]);
            Assert.Contains("104.05", geojson);
            Assert.Contains("30.6", geojson);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public async Task Low_zoom_tiles_of_a_dense_layer_stay_below_500_KB(int z)
    {
        var client = await ClientAsync();
        var largest = 0;
        var nonEmpty = 0;
        foreach (var (x, y) in TilesCovering(z))
        {
            var response = await client.GetAsync($"/tiles/dense/{z}/{x}/{y}.mvt");
            Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NoContent);
            var length = (await response.Content.ReadAsByteArrayAsync()).Length;
            largest = Math.Max(largest, length);
            nonEmpty += length > 0 ? 1 : 0;
        }

        output.WriteLine($"z{z}: largest tile {largest} bytes, {nonEmpty} non-empty tiles");
        Assert.InRange(largest, 0, 500 * 1024 - 1);

        // Below z9 every square (at most 400 m) is under half a pixel and left out.
        Assert.True(z < 9 || nonEmpty > 0);
    }

    [Fact]
    public async Task Without_generalisation_the_dense_tile_would_exceed_500_KB()
    {
        await ClientAsync();
        var tiles = app.Services.GetRequiredService<TileService>();
        var source = (await tiles.ListAsync(GeoPetition.Server.Data.JurisdictionScope.All, CancellationToken.None)).Single(s => s.Id == "dense");
        var (x, y) = TileEndpointTests.TileAt(Lon0 + 0.15, Lat0 + 0.15, 10);
        var statement = TileSql.Build([source], new TileCoordinate(10, x, y), TileGeneralisation.FullDetail);
        await using var dataSource = app.Database.CreateDataSource();
        await using var command = dataSource.CreateCommand(statement.Sql);
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var raw = (byte[])(await command.ExecuteScalarAsync())!;
        output.WriteLine($"raw z10 tile: {raw.Length} bytes");
        Assert.True(raw.Length > 500 * 1024, $"raw z10 tile is only {raw.Length} bytes; the test layer is not dense enough");
    }

    [Fact]
    public async Task A_tile_above_the_limit_is_generated_again_coarser_until_it_fits()
    {
        await ClientAsync();
        var catalog = app.Services.GetRequiredService<LayerCatalogCache>();
        await using var dataSource = app.Database.CreateDataSource();
        using var tiles = new TileService(
            dataSource, app.Services.GetServices<ITileSourceProvider>(), catalog,
            Options.Create(new TileOptions { MaxTileBytes = 40 * 1024, CacheMegabytes = 0 }), NullLogger<TileService>.Instance);
        var source = (await tiles.ListAsync(GeoPetition.Server.Data.JurisdictionScope.All, CancellationToken.None)).Single(s => s.Id == "dense");
        var (x, y) = TileEndpointTests.TileAt(Lon0 + 0.15, Lat0 + 0.15, 12);
        var bytes = await tiles.GenerateAsync([source], new TileCoordinate(12, x, y), CancellationToken.None);
        Assert.InRange(bytes.Length, 1, 40 * 1024);
    }

    private static IEnumerable<(int X, int Y)> TilesCovering(int z)
    {
        var (x0, y1) = TileEndpointTests.TileAt(Lon0, Lat0, z);
        var (x1, y0) = TileEndpointTests.TileAt(Lon0 + 0.3, Lat0 + 0.3, z);
        for (var x = x0; x <= x1; x++)
        {
            for (var y = y0; y <= y1; y++)
            {
                yield return (x, y);
            }
        }
    }
}
