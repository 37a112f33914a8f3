using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SkiaSharp;
using static GeoPetition.Server.Tests.Evidence.EvidenceKit;

namespace GeoPetition.Server.Tests.Evidence;

/// <summary>The server-rendered evidence map.</summary>
public sealed class EvidenceMapApiTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    /// <summary>Where the maps are written for a person to look at (tests/…/bin/…/evidence-out).</summary>
    public static string OutputDir => Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "evidence-out")).FullName;

    [Fact]
    public async Task The_map_is_a_png_with_the_petition_layers_and_imagery()
    {
        var http = app.CreateClient();
        var petitions = (await http.GetFromJsonAsync<JsonElement>("/api/petitions?limit=500")).GetProperty("items").EnumerateArray().ToList();
        // A petition whose finding cites layer features (an illegal-occupation case with a change spot).
        var id = petitions.First(p => p.GetProperty("subject").GetString() is { } s && s.Contains("illegal", StringComparison.OrdinalIgnoreCase)).GetProperty("id").GetInt64();
        await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "photo" }, ("site.jpg", JpegWithExif(55, petitions.First(p => p.GetProperty("id").GetInt64() == id).GetProperty("lon").GetDouble(), petitions.First(p => p.GetProperty("id").GetInt64() == id).GetProperty("lat").GetDouble(), new DateTime(2026, 3, 1, 9, 0, 0))));

        var response = await http.GetAsync($"/api/petitions/{id}/map.png");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        var png = await response.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(OutputDir, $"map-{id}.png"), png);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(1640, bitmap.Width);
        Assert.Equal(1000, bitmap.Height);
        // The imagery panels hold pictures, not the grey "no scene" background.
        Assert.NotEqual(new SKColor(0xDD, 0xDD, 0xDD), bitmap.GetPixel(1100, 700));
        Assert.NotEqual(new SKColor(0xDD, 0xDD, 0xDD), bitmap.GetPixel(1450, 700));
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/api/petitions/99999999/map.png")).StatusCode);
    }
}
