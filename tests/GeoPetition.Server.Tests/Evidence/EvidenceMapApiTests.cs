using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Server.Data;
using GeoPetition.Server.Evidence;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>
    /// A petition whose finding cites a change spot gets the scenes that bracket that spot's image
    /// dates (前时相/后时相), not the scenes around the day the petition was received: the newest
    /// scene on or before qsx and the oldest on or after hsx, checked against the scene catalogue
    /// read straight from PostgreSQL.
    /// </summary>
    [Fact]
    public async Task The_imagery_brackets_the_cited_change_spot()
    {
        var loader = app.Services.GetRequiredService<EvidenceDossierLoader>();
        var ids = await PetitionIdsAsync(app.CreateClient());
        var checkedSpots = 0;
        foreach (var id in ids)
        {
            var d = (await loader.LoadAsync(id, JurisdictionScope.All, CancellationToken.None))!;
            var spots = d.Verification?.Result.Claims.SelectMany(c => c.Evidence).Where(h => h.Kind == LayerKind.ChangeSpot).ToList() ?? [];
            if (spots.Count == 0)
            {
                Assert.Null(d.Window.SpotKey);
                continue;
            }

            Assert.NotNull(d.Window.SpotKey);
            Assert.Contains(spots, h => h.Key == d.Window.SpotKey);
            if (d.Before is null || d.After is null || d.Window.Reason.Contains("no clear scene", StringComparison.Ordinal))
            {
                continue;
            }

            Assert.True(d.Before.AcquisitionDate <= d.Window.BeforeOnOrBefore, $"petition {id}: before scene {d.Before.AcquisitionDate} is after qsx {d.Window.BeforeOnOrBefore}");
            Assert.True(d.After.AcquisitionDate >= d.Window.AfterOnOrAfter, $"petition {id}: after scene {d.After.AcquisitionDate} is before hsx {d.Window.AfterOnOrAfter}");
            var (newestBefore, oldestAfter) = await CatalogueAsync(d.Geometry.AsText(), d.Window.BeforeOnOrBefore, d.Window.AfterOnOrAfter);
            Assert.Equal(newestBefore, d.Before.AcquisitionDate);
            Assert.Equal(oldestAfter, d.After.AcquisitionDate);
            if (checkedSpots++ == 0)
            {
                await File.WriteAllBytesAsync(Path.Combine(OutputDir, $"map-{id}-spot.png"),
                    await app.Services.GetRequiredService<EvidenceMapRenderer>().RenderAsync(d.MapScene, DateTimeOffset.UtcNow, CancellationToken.None));
            }
        }

        Assert.True(checkedSpots >= 3, $"only {checkedSpots} demo petitions cite a change spot with imagery either side");
    }

    /// <summary>The acquisition dates of the newest clear covering scene on or before one day and the oldest on or after another (raw SQL, the oracle).</summary>
    private async Task<(DateOnly? Before, DateOnly? After)> CatalogueAsync(string wkt, DateOnly before, DateOnly after)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        const string sql = """
            SELECT (SELECT max(s.acq_date) FROM imagery_scene s JOIN layer l ON l.current_version_id = s.version_id
                    WHERE ST_Covers(s.geom, ST_GeomFromText(@g, 4490)) AND s.cloud_pct < @c AND s.acq_date <= @b),
                   (SELECT min(s.acq_date) FROM imagery_scene s JOIN layer l ON l.current_version_id = s.version_id
                    WHERE ST_Covers(s.geom, ST_GeomFromText(@g, 4490)) AND s.cloud_pct < @c AND s.acq_date >= @a)
            """;
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("g", wkt);
        command.Parameters.AddWithValue("b", before);
        command.Parameters.AddWithValue("a", after);
        command.Parameters.AddWithValue("c", app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<GeoPetition.Server.Imagery.ImageryOptions>>().Value.ClearCloudPct);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.IsDBNull(0) ? null : reader.GetFieldValue<DateOnly>(0), reader.IsDBNull(1) ? null : reader.GetFieldValue<DateOnly>(1));
    }

    /// <summary>
    /// The map of an ad-hoc check: same request as POST /api/verify, a PNG with the same result
    /// hash, imagery in both panels; nothing stored; bad input is a 400 naming the field.
    /// </summary>
    [Fact]
    public async Task An_ad_hoc_verification_has_a_map_too()
    {
        var http = app.CreateClient();
        var petitions = (await http.GetFromJsonAsync<JsonElement>("/api/petitions?limit=500")).GetProperty("items").EnumerateArray().ToList();
        var id = petitions.First(p => p.GetProperty("subject").GetString() is { } s && s.Contains("illegal", StringComparison.OrdinalIgnoreCase)).GetProperty("id").GetInt64();
        var petition = await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}");
        var body = JsonSerializer.Serialize(new { geometry = petition.GetProperty("location"), claimType = "IllegalOccupation", accuracy = "drawn", checkDate = "2026-01-15" });
        var verificationsBefore = await CountAsync("SELECT count(*) FROM verification");

        var json = await http.PostAsync("/api/verify", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        var sha = (await json.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString();

        var response = await http.PostAsync("/api/verify/map.png", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/png", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(sha, response.Headers.GetValues("X-Result-Sha256").Single());
        var png = await response.Content.ReadAsByteArrayAsync();
        await File.WriteAllBytesAsync(Path.Combine(OutputDir, "map-adhoc.png"), png);
        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(1640, bitmap.Width);
        Assert.NotEqual(new SKColor(0xDD, 0xDD, 0xDD), bitmap.GetPixel(1100, 700));
        Assert.NotEqual(new SKColor(0xDD, 0xDD, 0xDD), bitmap.GetPixel(1450, 700));
        Assert.Equal(verificationsBefore, await CountAsync("SELECT count(*) FROM verification"));

        foreach (var (bad, field) in new[]
        {
            ("""{"claimType":"IllegalOccupation"}""", "geometry"),
            ("""{"geometry":{"type":"Point","coordinates":[104.1,30.6]},"claimType":"Nonsense"}""", "claimType"),
            ("""{"geometry":{"type":"Polygon","coordinates":[[[1,2]]]},"claimType":"IllegalOccupation"}""", "geometry"),
            ("""{"geometry":{"type":"Point","coordinates":[104.1,30.6]},"claimType":"IllegalOccupation","accuracy":"roughly"}""", "accuracy"),
        })
        {
            var r = await http.PostAsync("/api/verify/map.png", new StringContent(bad, Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            var problem = await r.Content.ReadFromJsonAsync<JsonElement>();
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{bad}: {problem}");
        }
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
