using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoPetition.Server.Data;
using GeoPetition.Server.Tests.Infrastructure;
using GeoPetition.Server.Tests.Petitions;
using GeoPetition.Server.Tiles;
using Microsoft.Extensions.DependencyInjection;

namespace GeoPetition.Server.Tests.Tiles;

/// <summary>
/// Petitions as the tile layer <c>petitions</c>: two counties side by side (510991 west of
/// 105.32°E, 510992 east of it), petitions filed over HTTP, tiles decoded by GDAL's MVT driver.
/// </summary>
public sealed class PetitionTileTests(PetitionTileTests.Counties counties) : IClassFixture<PetitionTileTests.Counties>
{
    public sealed class Counties : IAsyncLifetime
    {
        public GeoPetitionApp App { get; } = new();

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await ((IAsyncLifetime)App).InitializeAsync();
            Http = App.CreateClient();
            await MapData.CreateAndImportAsync(Http, "jurisdiction", "Jurisdiction", JsonSerializer.Serialize(new
            {
                type = "FeatureCollection",
                features = new[]
                {
                    PetitionApiTests.Feature(PetitionApiTests.Box(105.28, 30.48, 105.32, 30.52), new { xzqdm = "510991", xzqmc = "示范县" }),
                    PetitionApiTests.Feature(PetitionApiTests.Box(105.32, 30.48, 105.36, 30.52), new { xzqdm = "510992", xzqmc = "样例县" }),
                },
            }));
        }

        public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
    }

    private HttpClient Http => counties.Http;

    private async Task<long> FileAsync(double lon, double lat)
    {
        var response = await Http.PostAsJsonAsync("/api/petitions", new
        {
            channel = "网上",
            category = "检举控告",
            subject = "illegal_occupation",
            receivedAt = "2026-11-01",
            petitioners = new[] { new { name = "李四", idNumber = "510103198001012347", phone = "13800000000", address = "示范县某村" } },
            isCollective = false,
            text = "村口耕地上有人建厂房",
            location = new { type = "Point", coordinates = new[] { lon, lat } },
            locationCrs = "EPSG:4490",
            claims = new[] { new { type = "illegal_occupation", text = "有人在耕地上建房", refs = new { } } },
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    private static string TilePath(double lon, double lat, int z = 14)
    {
        var (x, y) = TileEndpointTests.TileAt(lon, lat, z);
        return $"/tiles/petitions/{z}/{x}/{y}.mvt";
    }

    /// <summary>ogrinfo's full listing of a tile.</summary>
    private static string Decode(byte[] tile) => Tools.OgrInfoTile(tile);

    private static int Count(string listing) =>
        int.Parse(System.Text.RegularExpressions.Regex.Match(listing, @"Feature Count: (\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Petitions_are_listed_as_a_tile_layer_with_tilejson()
    {
        var list = await Http.GetFromJsonAsync<JsonElement>("/tiles");
        Assert.Contains(list.EnumerateArray(), l => l.GetProperty("id").GetString() == "petitions");

        var tileJson = await Http.GetFromJsonAsync<JsonElement>("/tiles/petitions.json");
        var fields = tileJson.GetProperty("vector_layers")[0].GetProperty("fields");
        Assert.Equal("String", fields.GetProperty("status").GetString());
        Assert.Equal("String", fields.GetProperty("finding").GetString());
        Assert.False(fields.TryGetProperty("petitioners", out _));

        // The counties' extent is the layer's bounds.
        var bounds = tileJson.GetProperty("bounds").EnumerateArray().Select(b => b.GetDouble()).ToArray();
        Assert.Equal([105.28, 30.48, 105.36, 30.52], bounds.Select(b => Math.Round(b, 6)));
    }

    [Fact]
    public async Task A_tile_shows_location_status_and_finding_without_personal_data_and_changes_with_them()
    {
        const double lon = 105.2905, lat = 30.4905;
        var path = TilePath(lon, lat);
        var first = await FileAsync(lon, lat);

        var response = await Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var etag1 = response.Headers.ETag!;
        Assert.True(response.Headers.CacheControl is { Private: true, Public: false }, response.Headers.CacheControl?.ToString());
        var listing = Decode(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(1, Count(listing));
        Assert.Contains("status (String) = registered", listing);
        Assert.Contains("xzqdm (String) = 510991", listing);
        Assert.DoesNotContain("李四", listing);
        Assert.DoesNotContain("13800000000", listing);
        Assert.DoesNotContain("510103198001012347", listing);

        // Unchanged data: the same ETag, and 304 on revalidation.
        using (var again = new HttpRequestMessage(HttpMethod.Get, path))
        {
            again.Headers.IfNoneMatch.Add(etag1);
            Assert.Equal(HttpStatusCode.NotModified, (await Http.SendAsync(again)).StatusCode);
        }

        // A verification gives the petition a finding: new ETag, the finding in the tile.
        var verified = await Http.PostAsync($"/api/petitions/{first}/verifications", null);
        Assert.True(verified.IsSuccessStatusCode, await verified.Content.ReadAsStringAsync());
        var etag2 = await EventuallyNewETagAsync(path, etag1);
        listing = Decode(await (await Http.GetAsync(path)).Content.ReadAsByteArrayAsync());
        Assert.Matches(@"finding \(String\) = \w+", listing);

        // A second petition in the same tile: new ETag, two features.
        await FileAsync(lon + 0.0005, lat + 0.0005);
        await EventuallyNewETagAsync(path, etag2);
        Assert.Equal(2, Count(Decode(await (await Http.GetAsync(path)).Content.ReadAsByteArrayAsync())));
    }

    /// <summary>The ETag once the change notification has arrived (normally at once; at most a few seconds).</summary>
    private async Task<System.Net.Http.Headers.EntityTagHeaderValue> EventuallyNewETagAsync(string path, System.Net.Http.Headers.EntityTagHeaderValue old)
    {
        for (var i = 0; i < 100; i++)
        {
            var response = await Http.GetAsync(path);
            if (response.Headers.ETag is { } etag && etag.Tag != old.Tag)
            {
                return etag;
            }

            await Task.Delay(50);
        }

        Assert.Fail("the ETag of the petitions tile did not change after a change of its petitions");
        return null!;
    }

    [Fact]
    public async Task Tiles_of_one_jurisdiction_never_hold_petitions_of_another_even_from_the_cache()
    {
        // One petition on each side of the county line, in the same z12 tile.
        await FileAsync(105.3190, 30.5005);
        await FileAsync(105.3210, 30.5005);
        var (x, y) = TileEndpointTests.TileAt(105.32, 30.5005, 12);
        var tile = new TileCoordinate(12, x, y);
        var tiles = counties.App.Services.GetRequiredService<TileService>();

        async Task<(string ETag, string Listing)> For(JurisdictionScope scope)
        {
            var (sources, _, _) = await tiles.FindAsync(["petitions"], scope, CancellationToken.None);
            var bytes = await tiles.GetTileAsync(sources!, tile, CancellationToken.None);
            return (TileService.ETag(sources!, tile), bytes.Length == 0 ? "Feature Count: 0" : Decode(bytes));
        }

        var all = await For(JurisdictionScope.All);
        var west = await For(new JurisdictionScope("510991"));
        var east = await For(new JurisdictionScope("510992"));
        var city = await For(new JurisdictionScope("510900"));
        Assert.True(Count(all.Listing) >= 2);
        Assert.DoesNotContain("510992", west.Listing);
        Assert.Contains("510991", west.Listing);
        Assert.DoesNotContain("510991", east.Listing);
        Assert.Contains("510992", east.Listing);
        Assert.Equal(Count(all.Listing), Count(city.Listing));
        Assert.Equal(4, new[] { all.ETag, west.ETag, east.ETag, city.ETag }.Distinct().Count());
    }

    [Fact]
    public async Task Petitions_is_a_reserved_layer_id()
    {
        var response = await Http.PostAsJsonAsync("/api/layers", new { id = "petitions", kind = "ChangeSpot" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("petitions", await response.Content.ReadAsStringAsync());
    }
}
