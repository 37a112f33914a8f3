using System.Globalization;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using GeoPetition.Server.Tests.Tiles;

namespace GeoPetition.Server.Tests.Ogc;

/// <summary>
/// GDAL's OGC API – Features driver (a client no one here wrote) against the server on a real
/// socket: it must list the collections and read every feature, with paging, attributes and
/// geometries as in the database.
/// </summary>
public sealed class OgcClientTests(KestrelGeoPetitionApp app) : IClassFixture<KestrelGeoPetitionApp>
{
    private const int Columns = 12;
    private const int Rows = 11; // 132 features: several pages of GDAL's page size

    private async Task EnsureDataAsync()
    {
        using var client = app.CreateSocketClient();
        if ((await client.GetAsync("/api/layers/gdal_batches")).IsSuccessStatusCode)
        {
            return;
        }

        await MapData.CreateAndImportAsync(client, "gdal_batches", "ApprovalBatch", MapData.ApprovalBatchGrid(104.05, 30.6, Columns, Rows, 0.002, 0.004));
        await MapData.CreateAndImportAsync(client, "gdal_empty", "LandSupply", MapData.FeatureCollection([
            ("{\"dzjgh\":\"5101042020B00001\",\"gdrq\":\"2020-03-01\",\"gdfs\":\"出让\"}", MapData.Square(104.1, 30.65, 0.001)),
        ]));
    }

    [Fact]
    public async Task Ogrinfo_lists_every_collection()
    {
        await EnsureDataAsync();
        var output = Tools.Run("ogrinfo", ["-ro", "-q", $"OAPIF:{app.BaseAddress}ogc"]);
        Assert.Contains("gdal_batches", output);
        Assert.Contains("gdal_empty", output);
    }

    [Fact]
    public async Task Ogrinfo_reads_every_feature_with_its_attributes_over_several_pages()
    {
        await EnsureDataAsync();
        var output = Tools.Run("ogrinfo", ["-ro", "-al", "-oo", "PAGE_SIZE=25", $"OAPIF:{app.BaseAddress}ogc/collections/gdal_batches"]);
        Assert.Contains($"Feature Count: {Columns * Rows}", output);
        Assert.Contains("pcbm (String) = PC000000", output);
        Assert.Contains($"pcbm (String) = PC{Columns * Rows - 1:D6}", output);
        Assert.Contains("pzjg (String) = 国务院", output);
        Assert.Contains("pzrq (Date) = 2020/01/01", output);
        Assert.Contains("MULTIPOLYGON (((104.05 30.6,104.052 30.6,104.052 30.602,104.05 30.602,104.05 30.6)))", output);
    }

    [Fact]
    public async Task Ogr2ogr_copies_the_collection_with_the_database_count_and_geometries()
    {
        await EnsureDataAsync();
        var target = Path.Combine(Path.GetTempPath(), $"gp-ogc-{Guid.NewGuid():N}.geojson");
        try
        {
            Tools.Run("ogr2ogr", ["-f", "GeoJSON", target, $"OAPIF:{app.BaseAddress}ogc", "gdal_batches", "-oo", "PAGE_SIZE=50"]);
            using var copied = JsonDocument.Parse(await File.ReadAllTextAsync(target));
            var features = copied.RootElement.GetProperty("features").EnumerateArray().ToList();

            await using var dataSource = app.Database.CreateDataSource();
            await using var command = dataSource.CreateCommand("""
                SELECT b.pcbm, ST_AsText(b.geom) FROM approval_batch b JOIN layer l ON l.current_version_id = b.version_id
                WHERE l.id = 'gdal_batches' ORDER BY b.pcbm
                """);
            var database = new Dictionary<string, NetTopologySuite.Geometries.Geometry>();
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    database[reader.GetString(0)] = new NetTopologySuite.IO.WKTReader().Read(reader.GetString(1));
                }
            }

            Assert.Equal(database.Count, features.Count);
            foreach (var feature in features)
            {
                var key = feature.GetProperty("properties").GetProperty("pcbm").GetString()!;
                var geometry = new NetTopologySuite.IO.WKTReader().Read(ToWkt(feature.GetProperty("geometry")));
                Assert.True(geometry.EqualsExact(database[key], 1e-7), $"{key}: {geometry} vs {database[key]}");
            }
        }
        finally
        {
            File.Delete(target);
        }
    }

    private static string ToWkt(JsonElement geometry)
    {
        var type = geometry.GetProperty("type").GetString();
        string Ring(JsonElement ring) => "(" + string.Join(",", ring.EnumerateArray().Select(p =>
            string.Create(CultureInfo.InvariantCulture, $"{p[0].GetDouble():R} {p[1].GetDouble():R}"))) + ")";
        string Poly(JsonElement poly) => "(" + string.Join(",", poly.EnumerateArray().Select(Ring)) + ")";
        var coordinates = geometry.GetProperty("coordinates");
        return type switch
        {
            "Polygon" => "POLYGON " + Poly(coordinates),
            "MultiPolygon" => "MULTIPOLYGON (" + string.Join(",", coordinates.EnumerateArray().Select(Poly)) + ")",
            _ => throw new InvalidOperationException(type),
        };
    }
}
