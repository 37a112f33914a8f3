using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace GeoPetition.Server.Tests.Tiles;

/// <summary>
/// Small generated data for the map-serving tests, loaded through the public API (create a layer,
/// import a GeoJSON file), so the tests exercise the same path as a bureau's import.
/// </summary>
public static class MapData
{
    /// <summary>Creates a layer of the given kind and imports the features (GeoJSON text, EPSG:4490); returns the version id.</summary>
    public static async Task<int> CreateAndImportAsync(HttpClient client, string layerId, string kind, string geoJson)
    {
        var created = await client.PostAsJsonAsync("/api/layers", new { id = layerId, kind, title = layerId });
        if (created.StatusCode != HttpStatusCode.Created && created.StatusCode != HttpStatusCode.Conflict)
        {
            throw new InvalidOperationException($"creating {layerId}: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        return await ImportAsync(client, layerId, geoJson);
    }

    /// <summary>Imports a new version of an existing layer; returns its version id.</summary>
    public static async Task<int> ImportAsync(HttpClient client, string layerId, string geoJson)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(geoJson));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(file, "files", layerId + ".geojson");
        var response = await client.PostAsync($"/api/layers/{layerId}/imports", form);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"importing {layerId}: {response.StatusCode} {body}");
        }

        using var doc = System.Text.Json.JsonDocument.Parse(body);
        return doc.RootElement.GetProperty("versionId").GetInt32();
    }

    /// <summary>A FeatureCollection from (properties JSON, polygon ring) pairs.</summary>
    public static string FeatureCollection(IEnumerable<(string Properties, string Geometry)> features)
    {
        var text = new StringBuilder("{\"type\":\"FeatureCollection\",\"features\":[");
        var first = true;
        foreach (var (properties, geometry) in features)
        {
            text.Append(first ? "" : ",").Append("{\"type\":\"Feature\",\"properties\":").Append(properties)
                .Append(",\"geometry\":").Append(geometry).Append('}');
            first = false;
        }

        return text.Append("]}").ToString();
    }

    /// <summary>An axis-aligned square polygon (GeoJSON) with its south-west corner at lon/lat and the given side in degrees.</summary>
    public static string Square(double lon, double lat, double side) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"type\":\"Polygon\",\"coordinates\":[[[{lon:R},{lat:R}],[{lon + side:R},{lat:R}],[{lon + side:R},{lat + side:R}],[{lon:R},{lat + side:R}],[{lon:R},{lat:R}]]]}}");

    /// <summary>
    /// A grid of approval batches: <paramref name="columns"/> × <paramref name="rows"/> squares of
    /// <paramref name="side"/> degrees, spaced <paramref name="step"/> degrees from (lon0, lat0). Batch i
    /// is PC{i:D6}, approved on 2020-01-01 + i days, by 国务院 for even i and 省人民政府 for odd i.
    /// </summary>
    public static string ApprovalBatchGrid(double lon0, double lat0, int columns, int rows, double side, double step, string prefix = "PC")
    {
        var features = new List<(string, string)>();
        var start = new DateOnly(2020, 1, 1);
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                var i = r * columns + c;
                var date = start.AddDays(i % 1500).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var authority = i % 2 == 0 ? "国务院" : "省人民政府";
                var properties = $"{{\"pcbm\":\"{prefix}{i:D6}\",\"bpxmmc\":\"项目{i}\",\"pzwh\":\"国土资函〔2020〕{i}号\",\"pzjg\":\"{authority}\",\"pzrq\":\"{date}\",\"pzxmzmj\":{(i % 97) / 10.0:R},\"zbnd\":{2020 + i % 5}}}";
                features.Add((properties, Square(lon0 + c * step, lat0 + r * step, side)));
            }
        }

        return FeatureCollection(features);
    }
}
