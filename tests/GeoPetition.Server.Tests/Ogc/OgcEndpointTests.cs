using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using GeoPetition.Server.Tests.Tiles;

namespace GeoPetition.Server.Tests.Ogc;

/// <summary>OGC API – Features documents, items, parameters and errors over a 10 × 10 grid of approval batches.</summary>
public sealed class OgcEndpointTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>
{
    private const double Lon0 = 104.05;
    private const double Lat0 = 30.60;

    private async Task<HttpClient> ClientAsync()
    {
        var client = app.CreateClient();
        if ((await client.GetAsync("/api/layers/ogc_batches")).StatusCode == HttpStatusCode.NotFound)
        {
            await MapData.CreateAndImportAsync(client, "ogc_batches", "ApprovalBatch", MapData.ApprovalBatchGrid(Lon0, Lat0, 10, 10, 0.002, 0.004));
            await MapData.CreateAndImportAsync(client, "ogc_parcels", "RegisteredParcel", MapData.FeatureCollection([
                ("{\"bsm\":\"1\",\"zddm\":\"510104001001GB00001\",\"qllx\":\"3\"}", MapData.Square(104.1, 30.65, 0.001)),
            ]));
        }

        return client;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static IEnumerable<string> Rels(JsonElement document) =>
        document.GetProperty("links").EnumerateArray().Select(l => l.GetProperty("rel").GetString()!);

    private static string Href(JsonElement document, string rel) =>
        document.GetProperty("links").EnumerateArray().First(l => l.GetProperty("rel").GetString() == rel).GetProperty("href").GetString()!;

    [Fact]
    public async Task Landing_page_links_conformance_data_and_the_api()
    {
        var client = await ClientAsync();
        var landing = await JsonAsync(await client.GetAsync("/ogc"));
        Assert.Contains("conformance", Rels(landing));
        Assert.Contains("data", Rels(landing));
        Assert.Contains("service-desc", Rels(landing));
        var conformance = await JsonAsync(await client.GetAsync("/ogc/conformance"));
        var classes = conformance.GetProperty("conformsTo").EnumerateArray().Select(c => c.GetString()).ToList();
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core", classes);
        Assert.Contains("http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs", classes);
    }

    [Fact]
    public async Task Collection_has_extent_crs_list_and_storage_crs()
    {
        var client = await ClientAsync();
        var collections = await JsonAsync(await client.GetAsync("/ogc/collections"));
        var ids = collections.GetProperty("collections").EnumerateArray().Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Contains("ogc_batches", ids);
        Assert.Contains("ogc_parcels", ids);

        var c = await JsonAsync(await client.GetAsync("/ogc/collections/ogc_batches"));
        Assert.Equal("http://www.opengis.net/def/crs/EPSG/0/4490", c.GetProperty("storageCrs").GetString());
        var crs = c.GetProperty("crs").EnumerateArray().Select(x => x.GetString()).ToList();
        Assert.Equal("http://www.opengis.net/def/crs/OGC/1.3/CRS84", crs[0]);
        Assert.Contains("http://www.opengis.net/def/crs/EPSG/0/4523", crs);
        var bbox = c.GetProperty("extent").GetProperty("spatial").GetProperty("bbox")[0];
        Assert.Equal(Lon0, bbox[0].GetDouble(), 6);
        var interval = c.GetProperty("extent").GetProperty("temporal").GetProperty("interval")[0];
        Assert.Equal("2020-01-01", interval[0].GetString());
        Assert.Equal("2020-04-09", interval[1].GetString());
        Assert.Contains("items", Rels(c));
    }

    [Fact]
    public async Task Items_default_to_ten_with_a_next_link_and_keyset_paging_reaches_every_feature()
    {
        var client = await ClientAsync();
        var response = await client.GetAsync("/ogc/collections/ogc_batches/items");
        Assert.Equal("application/geo+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", response.Headers.GetValues("Content-Crs").Single());
        var page = await JsonAsync(response);
        Assert.Equal(10, page.GetProperty("numberReturned").GetInt32());
        Assert.False(page.TryGetProperty("numberMatched", out _));
        Assert.Contains("self", Rels(page));
        Assert.Contains("collection", Rels(page));

        var keys = new HashSet<string>();
        var url = "/ogc/collections/ogc_batches/items?limit=30";
        var pages = 0;
        while (url is not null)
        {
            page = await JsonAsync(await client.GetAsync(url));
            foreach (var f in page.GetProperty("features").EnumerateArray())
            {
                Assert.True(keys.Add(f.GetProperty("properties").GetProperty("pcbm").GetString()!));
            }

            pages++;
            url = Rels(page).Contains("next") ? Href(page, "next") : null;
        }

        Assert.Equal(100, keys.Count);
        Assert.Equal(4, pages);
        Assert.Contains("limit=30", Href(page, "self"));
    }

    [Fact]
    public async Task Bbox_datetime_and_property_filters_select_features()
    {
        var client = await ClientAsync();
        async Task<List<string>> Keys(string query)
        {
            var page = await JsonAsync(await client.GetAsync("/ogc/collections/ogc_batches/items?limit=1000&" + query));
            return page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("pcbm").GetString()!).ToList();
        }

        // The first row of the grid: squares 0.002° high at latitude 30.600.
        Assert.Equal(10, (await Keys("bbox=104.0,30.59,104.2,30.601")).Count);
        Assert.Equal(["PC000000"], await Keys("bbox=30.599,104.049,30.6005,104.0505&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/4490"));
        Assert.Equal(["PC000000", "PC000001", "PC000002"], await Keys("datetime=../2020-01-03"));
        Assert.Equal(["PC000005"], await Keys("datetime=2020-01-06"));
        Assert.Equal(["PC000098", "PC000099"], await Keys("datetime=2020-04-08/.."));
        Assert.Equal(["PC000010", "PC000011"], await Keys("datetime=2020-01-11T00:00:00Z/2020-01-12T00:00:00Z"));
        Assert.Equal(50, (await Keys("pzjg=国务院")).Count);
        Assert.Equal(["PC000004", "PC000014"], (await Keys("pzjg=国务院&zbnd=2024&datetime=../2020-01-20")));
        Assert.Empty(await Keys("pcbm=nothing"));
        Assert.Empty(await Keys("datetime-property=zsggrq&datetime=2020-01-01"));
    }

    [Fact]
    public async Task Cql2_text_filters_select_features()
    {
        var client = await ClientAsync();
        async Task<List<string>> Keys(string filter, string extra = "")
        {
            var response = await client.GetAsync("/ogc/collections/ogc_batches/items?limit=1000&filter=" + Uri.EscapeDataString(filter) + extra);
            var page = await JsonAsync(response);
            return page.GetProperty("features").EnumerateArray().Select(f => f.GetProperty("properties").GetProperty("pcbm").GetString()!).ToList();
        }

        Assert.Equal(["PC000000", "PC000002"], await Keys("pzjg = '国务院' AND pzrq <= DATE('2020-01-03')"));
        Assert.Equal(["PC000001", "PC000003"], await Keys("pcbm IN ('PC000001', 'PC000003')"));
        Assert.Equal(["PC000098", "PC000099"], await Keys("T_INTERSECTS(pzrq, INTERVAL('2020-04-08', '..'))"));
        Assert.Equal(["PC000000"], await Keys("S_INTERSECTS(geometry, POINT(104.051 30.601))"));
        Assert.Equal(["PC000000"], await Keys("S_INTERSECTS(geometry, POINT(30.601 104.051))", "&filter-crs=" + Uri.EscapeDataString("http://www.opengis.net/def/crs/EPSG/0/4490")));
        Assert.Equal(10, (await Keys("NOT (pzjg = '国务院' OR zbnd >= 2021) OR pcbm LIKE 'PC00000_'")).Count(k => k.StartsWith("PC00000", StringComparison.Ordinal)));
        Assert.Empty(await Keys("tdyt IS NOT NULL"));
    }

    [Theory]
    [InlineData("filter=pzjg%20%3D", "filter")]
    [InlineData("filter=nope%20%3D%201", "filter")]
    [InlineData("filter=zbnd%20%3D%20%27x%27", "filter")]
    [InlineData("filter=zbnd%3D1&filter-lang=cql2-json", "filter-lang")]
    [InlineData("filter=zbnd%3D1&filter-crs=EPSG:2383", "filter-crs")]
    public async Task Bad_filter_is_400_naming_the_parameter(string query, string parameter)
    {
        var client = await ClientAsync();
        var response = await client.GetAsync("/ogc/collections/ogc_batches/items?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Queryables_describe_the_properties()
    {
        var client = await ClientAsync();
        var response = await client.GetAsync("/ogc/collections/ogc_batches/queryables");
        Assert.Equal("application/schema+json", response.Content.Headers.ContentType?.MediaType);
        var schema = await JsonAsync(response);
        var properties = schema.GetProperty("properties");
        Assert.Equal("string", properties.GetProperty("pcbm").GetProperty("type").GetString());
        Assert.Equal("date", properties.GetProperty("pzrq").GetProperty("format").GetString());
        Assert.Equal("integer", properties.GetProperty("zbnd").GetProperty("type").GetString());
        Assert.Equal("primary-geometry", properties.GetProperty("geometry").GetProperty("x-ogc-role").GetString());
    }

    [Fact]
    public async Task Output_crs_reprojects_with_the_crs_axis_order_and_fixed_precision()
    {
        var client = await ClientAsync();
        async Task<(JsonElement First, string Header)> First(string crs)
        {
            var response = await client.GetAsync("/ogc/collections/ogc_batches/items?limit=1&crs=" + Uri.EscapeDataString(crs));
            var page = await JsonAsync(response);
            return (page.GetProperty("features")[0].GetProperty("geometry").GetProperty("coordinates")[0][0][0], response.Headers.GetValues("Content-Crs").Single());
        }

        var (lonLat, header84) = await First("http://www.opengis.net/def/crs/OGC/1.3/CRS84");
        Assert.Equal((104.05, 30.6), (lonLat[0].GetDouble(), lonLat[1].GetDouble()));
        Assert.Equal("<http://www.opengis.net/def/crs/OGC/1.3/CRS84>", header84);

        var (latLon, header4490) = await First("http://www.opengis.net/def/crs/EPSG/0/4490");
        Assert.Equal((30.6, 104.05), (latLon[0].GetDouble(), latLon[1].GetDouble()));
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4490>", header4490);

        var (mercator, _) = await First("http://www.opengis.net/def/crs/EPSG/0/3857");
        var (x, y) = GeoPetition.Core.Spatial.Reprojection.Transform(104.05, 30.6, 4490, 3857);
        Assert.Equal(Math.Round(x, 3), mercator[0].GetDouble());
        Assert.Equal(Math.Round(y, 3), mercator[1].GetDouble());

        // EPSG:4523: CGCS2000 3° zone 35 (CM 105°E), northing first, eastings with the zone prefix.
        var (gk, header4523) = await First("http://www.opengis.net/def/crs/EPSG/0/4523");
        var (e, n) = GeoPetition.Core.Spatial.Reprojection.Transform(104.05, 30.6, 4490, 4523);
        Assert.Equal(Math.Round(n, 3), gk[0].GetDouble(), 3);
        Assert.Equal(Math.Round(e, 3), gk[1].GetDouble(), 3);
        Assert.Equal("<http://www.opengis.net/def/crs/EPSG/0/4523>", header4523);
        Assert.Matches(@"^\d+\.\d{1,3}$", gk[0].GetRawText());
    }

    [Fact]
    public async Task Single_item_by_id_with_links()
    {
        var client = await ClientAsync();
        var page = await JsonAsync(await client.GetAsync("/ogc/collections/ogc_batches/items?limit=1"));
        var id = page.GetProperty("features")[0].GetProperty("id").GetInt64();
        var item = await JsonAsync(await client.GetAsync($"/ogc/collections/ogc_batches/items/{id}"));
        Assert.Equal("Feature", item.GetProperty("type").GetString());
        Assert.Equal(id, item.GetProperty("id").GetInt64());
        Assert.Equal("PC000000", item.GetProperty("properties").GetProperty("pcbm").GetString());
        Assert.Contains("collection", Rels(item));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ogc/collections/ogc_batches/items/999999")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ogc/collections/ogc_batches/items/abc")).StatusCode);
    }

    [Fact]
    public async Task Html_when_the_browser_asks_for_it_or_f_html()
    {
        var client = await ClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections/ogc_batches/items?limit=5");
        request.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var html = await client.SendAsync(request);
        Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
        var body = await html.Content.ReadAsStringAsync();
        Assert.Contains("PC000004", body);
        Assert.Contains("Next page", body);
        foreach (var url in new[] { "/ogc?f=html", "/ogc/collections?f=html", "/ogc/collections/ogc_batches?f=html", "/ogc/conformance?f=html" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        }

        using var curl = new HttpRequestMessage(HttpMethod.Get, "/ogc/collections/ogc_batches/items");
        curl.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*"));
        Assert.Equal("application/geo+json", (await client.SendAsync(curl)).Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Unknown_collection_is_404_listing_the_known_ones()
    {
        var client = await ClientAsync();
        foreach (var url in new[] { "/ogc/collections/nope", "/ogc/collections/nope/items", "/ogc/collections/nope/items/1" })
        {
            var response = await client.GetAsync(url);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var body = await response.Content.ReadAsStringAsync();
            Assert.Contains("'nope'", body);
            Assert.Contains("ogc_batches", body);
            Assert.Contains("ogc_parcels", body);
        }
    }

    [Theory]
    [InlineData("bbox=104.2,30.5,104.0,30.7", "bbox")]
    [InlineData("bbox=1,2,3", "bbox")]
    [InlineData("bbox=-200,30,104,31", "bbox")]
    [InlineData("bbox-crs=EPSG:4490", "bbox-crs")]
    [InlineData("bbox=1,2,3,4&bbox-crs=EPSG:2383", "bbox-crs")]
    [InlineData("crs=EPSG:2383", "crs")]
    [InlineData("crs=nonsense", "crs")]
    [InlineData("limit=10001", "limit")]
    [InlineData("limit=0", "limit")]
    [InlineData("datetime=2020-13-45", "datetime")]
    [InlineData("datetime=2021-01-01/2020-01-01", "datetime")]
    [InlineData("datetime-property=pcbm&datetime=2020-01-01", "datetime-property")]
    [InlineData("zbnd=abc", "zbnd")]
    [InlineData("pzrq=yesterday", "pzrq")]
    [InlineData("color=red", "color")]
    [InlineData("f=xml", "f")]
    [InlineData("after=-1", "after")]
    public async Task Bad_parameter_is_400_naming_it(string query, string parameter)
    {
        var client = await ClientAsync();
        var response = await client.GetAsync("/ogc/collections/ogc_batches/items?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(parameter, problem.RootElement.GetProperty("parameter").GetString());
    }

    [Fact]
    public async Task Datetime_on_a_collection_without_dates_is_400()
    {
        var client = await ClientAsync();
        var response = await client.GetAsync("/ogc/collections/ogc_parcels/items?datetime=2020-01-01");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode); // registered parcels have a date field (djsj)
        var landUse = await client.PostAsync("/api/layers", JsonContent.Create(new { id = "ogc_landuse", kind = "LandUse", title = "x" }));
        Assert.True(landUse.IsSuccessStatusCode);
        response = await client.GetAsync("/ogc/collections/ogc_landuse/items?datetime=2020-01-01");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("no date field", await response.Content.ReadAsStringAsync());
    }
}
