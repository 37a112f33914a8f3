using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Tests.Infrastructure;

namespace GeoPetition.Server.Tests.Petitions;

/// <summary>
/// Intake and verification over real HTTP and PostGIS: a small county with a change spot on
/// cropland, an approval batch and a parcel, then petitions against it.
/// </summary>
public sealed class PetitionApiTests(PetitionApiTests.County county) : IClassFixture<PetitionApiTests.County>
{
    /// <summary>The test county: 510991 on [105.28,105.32]×[30.48,30.52], a spot, a batch, land use, parcels.</summary>
    public sealed class County : IAsyncLifetime
    {
        public GeoPetitionApp App { get; } = new();

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            await ((IAsyncLifetime)App).InitializeAsync();
            Http = App.CreateClient();
            await Load("jurisdiction", "Jurisdiction", [Feature(Box(105.28, 30.48, 105.32, 30.52), new { xzqdm = "510991", xzqmc = "示范县" }),
                Feature(Box(105.32, 30.48, 105.36, 30.52), new { xzqdm = "510992", xzqmc = "样例县" })]);
            await Load("land_use_2019", "LandUse", [Feature(Box(105.28, 30.48, 105.36, 30.52), new { bsm = "L1", dlbm = "0103", sjnf = 2019, qsxz = "30" })]);
            await Load("change_spot", "ChangeSpot", [
                Feature(Box(105.300, 30.500, 105.301, 30.501), new { jcbh = "510991SJBG26210001", tblx = "20", qsx = "2025-03-01", hsx = "2025-09-01", xfrq = "2025-10-10" }),
                Feature(Box(105.305, 30.505, 105.306, 30.506), new { jcbh = "510991SJBG26210002", tblx = "20", qsx = "2025-03-01", hsx = "2025-09-01", xfrq = "2025-10-10" })]);
            await Load("registered_parcel", "RegisteredParcel", [Feature(Box(105.310, 30.510, 105.3105, 30.5105), new { bsm = "Q1", zddm = "510991001001JC00001", bdcdyh = "510991001001JC00001F00010001", qlr = "张三", zdmj = 2500.0, qszt = "现势" })]);
        }

        public async Task Load(string id, string kind, object[] features)
        {
            await Http.PostAsJsonAsync("/api/layers", new { id, kind });
            using var form = new MultipartFormDataContent();
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "FeatureCollection", features })));
            file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
            form.Add(file, "files", id + ".geojson");
            var response = await Http.PostAsync($"/api/layers/{id}/imports", form);
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();
    }

    private HttpClient Http => county.Http;

    internal static double[][][] Box(double x0, double y0, double x1, double y1) => [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]];

    internal static object Feature(double[][][] polygon, object properties) => new { type = "Feature", properties, geometry = new { type = "Polygon", coordinates = polygon } };

    private static JsonObject Petition(object? location, string crs = "EPSG:4490", string claimType = "illegal_occupation", object? refs = null, string id = "510103198001012345")
    {
        var json = JsonSerializer.Serialize(new
        {
            channel = "网上",
            category = "检举控告",
            subject = "illegal_occupation",
            receivedAt = "2026-11-01",
            petitioners = new[] { new { name = "李四", idNumber = id, phone = "13800000000", address = "示范县某村" } },
            isCollective = false,
            text = "村口耕地上有人建厂房",
            location,
            locationCrs = crs,
            claims = new[] { new { type = claimType, text = "有人在耕地上建房", refs = refs ?? new { } } },
        });
        return JsonNode.Parse(json)!.AsObject();
    }

    private static object Square(double lon, double lat, double d = 0.0006) => new { type = "Polygon", coordinates = Box(lon, lat, lon + d, lat + d) };

    private static string ValidId()
    {
        // 17 digits with the GB 11643 check character.
        const string body = "51010319800101234";
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * w[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    private async Task<JsonDocument> Problem(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text);
    }

    private async Task<long> CountPetitions() =>
        (await Http.GetFromJsonAsync<JsonElement>("/api/petitions?limit=500")).GetProperty("items").GetArrayLength();

    [Fact]
    public async Task IntakeStoresThePetitionWithItsCountyAndClaims()
    {
        var response = await Http.PostAsJsonAsync("/api/petitions", Petition(Square(105.3001, 30.5001), id: ValidId()));
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var p = JsonDocument.Parse(body).RootElement;
        Assert.Equal("510991", p.GetProperty("xzqdm").GetString());
        Assert.StartsWith("XF2026", p.GetProperty("service_request_id").GetString());
        Assert.Equal("illegal_occupation", p.GetProperty("claims")[0].GetProperty("type").GetString());
        Assert.Equal("drawn", p.GetProperty("locationAccuracy").GetString());
        var id = p.GetProperty("id").GetInt64();
        var again = await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}");
        Assert.Equal(id, again.GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Gcj02PinIsConvertedToCgcs2000()
    {
        var (gLon, gLat) = ChineseOffsets.Wgs84ToGcj02(105.3005, 30.5005);
        var response = await Http.PostAsJsonAsync("/api/petitions", Petition(new { type = "Point", coordinates = new[] { gLon, gLat } }, "GCJ-02", id: ValidId()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var p = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("pin", p.GetProperty("locationAccuracy").GetString());
        Assert.Equal(20, p.GetProperty("toleranceM").GetDouble());
        var c = p.GetProperty("location").GetProperty("coordinates");
        var (x, y) = Reprojection.Transform(c[0].GetDouble(), c[1].GetDouble(), Srids.Cgcs2000, 4523);
        var (ex, ey) = Reprojection.Transform(105.3005, 30.5005, Srids.Cgcs2000, 4523);
        Assert.True(Math.Abs(x - ex) < 0.01 && Math.Abs(y - ey) < 0.01, $"GCJ-02 inverse off by {x - ex:0.###}, {y - ey:0.###} m (stored with 7 decimals)");
    }

    [Fact]
    public async Task ReferenceAloneLocatesThePetition()
    {
        var response = await Http.PostAsJsonAsync("/api/petitions", Petition(null, claimType: "registration", refs: new { bdcdyh = "510991001001JC00001F00010001" }, id: ValidId()));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var p = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("ref:bdcdyh", p.GetProperty("locationSource").GetString());
        Assert.Equal("surveyed", p.GetProperty("locationAccuracy").GetString());
    }

    [Fact]
    public async Task IdempotencyKeyReturnsTheFirstPetition()
    {
        var request = Petition(Square(105.301, 30.501), id: ValidId());
        var key = Guid.NewGuid().ToString();
        Task<HttpResponseMessage> Send()
        {
            var message = new HttpRequestMessage(HttpMethod.Post, "/api/petitions") { Content = JsonContent.Create(request) };
            message.Headers.Add("Idempotency-Key", key);
            return Http.SendAsync(message);
        }

        var first = await Send();
        var second = await Send();
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var a = await first.Content.ReadFromJsonAsync<JsonElement>();
        var b = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(a.GetProperty("id").GetInt64(), b.GetProperty("id").GetInt64());

        request["text"] = "another text";
        var conflicting = await Send();
        await Problem(conflicting, HttpStatusCode.UnprocessableEntity);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "unclosed polygon", """{"type":"Polygon","coordinates":[[[105.3,30.5],[105.301,30.5],[105.301,30.501]]]}""", "location" },
        { "not GeoJSON", """{"type":"Circle","coordinates":[105.3,30.5]}""", "location" },
        { "out of range", """{"type":"Point","coordinates":[205.3,30.5]}""", "location" },
        { "swapped lon/lat", """{"type":"Point","coordinates":[30.5,105.3]}""", "location" },
        { "outside every jurisdiction", """{"type":"Point","coordinates":[110.0,35.0]}""", "location" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task BadLocationsAreRejectedAndNothingIsStored(string name, string geometry, string field)
    {
        var before = await CountPetitions();
        var request = Petition(null, id: ValidId());
        request["location"] = JsonNode.Parse(geometry);
        var problem = await Problem(await Http.PostAsJsonAsync("/api/petitions", request), HttpStatusCode.BadRequest);
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"{name}: {problem.RootElement}");
        Assert.Equal(before, await CountPetitions());
    }

    [Fact]
    public async Task EveryBadFieldIsNamedWithWhatIsAccepted()
    {
        var request = Petition(Square(105.3, 30.5), crs: "EPSG:2383", claimType: "stolen_bicycle", refs: new { zddm = "51099100100" }, id: "510103198001012340");
        request["channel"] = "pigeon";
        request["category"] = "x";
        request["subject"] = "weather";
        var problem = await Problem(await Http.PostAsJsonAsync("/api/petitions", request), HttpStatusCode.BadRequest);
        var errors = problem.RootElement.GetProperty("errors");
        Assert.Contains("网上", errors.GetProperty("channel")[0].GetString());
        Assert.Contains("检举控告", errors.GetProperty("category")[0].GetString());
        Assert.Contains("illegal_occupation", errors.GetProperty("subject")[0].GetString());
        Assert.Contains("illegal_occupation", errors.GetProperty("claims[0].type")[0].GetString());
        Assert.Contains("GB 11643", errors.GetProperty("petitioners[0].idNumber")[0].GetString());
        Assert.Contains("GCJ-02", errors.GetProperty("locationCrs")[0].GetString());
    }

    [Fact]
    public async Task MalformedParcelCodeAndUnknownReferenceAreRejected()
    {
        var before = await CountPetitions();
        var bad = await Problem(await Http.PostAsJsonAsync("/api/petitions", Petition(null, claimType: "registration", refs: new { bdcdyh = "510991001001JC00001X00010001" }, id: ValidId())), HttpStatusCode.BadRequest);
        Assert.Contains("F, L, Q or W", bad.RootElement.GetProperty("errors").GetProperty("claims[0].refs.bdcdyh")[0].GetString());
        var unknown = await Problem(await Http.PostAsJsonAsync("/api/petitions", Petition(null, refs: new { jcbh = "510991SJBG26219999" }, id: ValidId())), HttpStatusCode.UnprocessableEntity);
        Assert.Contains("510991SJBG26219999", unknown.RootElement.GetProperty("detail").GetString());
        Assert.Equal(before, await CountPetitions());
    }

    [Fact]
    public async Task VerificationIsStoredRepeatableAndSaysWhatChanged()
    {
        var created = await (await Http.PostAsJsonAsync("/api/petitions", Petition(Square(105.2999, 30.4999, 0.0015), id: ValidId()))).Content.ReadFromJsonAsync<JsonElement>();
        var id = created.GetProperty("id").GetInt64();
        var first = await Http.PostAsJsonAsync($"/api/petitions/{id}/verifications", new { checkDate = "2026-06-01" });
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var run1 = await first.Content.ReadFromJsonAsync<JsonElement>();
        var claim = run1.GetProperty("result").GetProperty("claims")[0];
        Assert.Equal("Substantiated", claim.GetProperty("finding").GetString());
        Assert.Contains(claim.GetProperty("rules").EnumerateArray(), r => r.GetProperty("ruleId").GetString() == "R4");
        Assert.True(claim.GetProperty("isLead").GetBoolean());
        var spot = claim.GetProperty("evidence").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "ChangeSpot");
        Assert.InRange(spot.GetProperty("areaM2").GetDouble(), 9000, 11500);
        Assert.Equal(spot.GetProperty("areaM2").GetDouble() / 666.6666666666666, spot.GetProperty("areaMu").GetDouble(), 6);

        var run2 = await (await Http.PostAsJsonAsync($"/api/petitions/{id}/verifications", new { checkDate = "2026-06-01" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(run1.GetProperty("result").GetProperty("sha256").GetString(), run2.GetProperty("result").GetProperty("sha256").GetString());
        Assert.True(run2.GetProperty("changes").GetProperty("unchanged").GetBoolean());

        // A new supply import covering the spot, dated before its issue: the finding changes and the run says so.
        await county.Load("land_supply", "LandSupply", [Feature(Box(105.2995, 30.4995, 105.3015, 30.5015), new { dzjgh = "5109912025B00001", gdrq = "2025-05-01" })]);
        var run3 = await (await Http.PostAsJsonAsync($"/api/petitions/{id}/verifications", new { checkDate = "2026-06-01" })).Content.ReadFromJsonAsync<JsonElement>();
        var changes = run3.GetProperty("changes");
        Assert.False(changes.GetProperty("unchanged").GetBoolean());
        Assert.Contains(changes.GetProperty("layerVersions").EnumerateArray(), v => v.GetProperty("layerId").GetString() == "land_supply");
        Assert.NotEqual("Substantiated", run3.GetProperty("result").GetProperty("claims")[0].GetProperty("finding").GetString());

        var list = await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/verifications");
        Assert.Equal(3, list.GetArrayLength());
        Assert.All(list.EnumerateArray(), v => Assert.NotEmpty(v.GetProperty("result").GetProperty("versions").EnumerateArray()));

        // As of yesterday (Beijing time) no layer version existed yet: the result consults none and says nothing is known.
        var asOfResponse = await Http.PostAsJsonAsync($"/api/petitions/{id}/verifications", new { asOf = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(8)).AddDays(-1) });
        Assert.True(asOfResponse.StatusCode == HttpStatusCode.Created, await asOfResponse.Content.ReadAsStringAsync());
        var asOf = await asOfResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Empty(asOf.GetProperty("result").GetProperty("versions").EnumerateArray());
        Assert.Equal("FieldCheckNeeded", asOf.GetProperty("result").GetProperty("claims")[0].GetProperty("finding").GetString());
    }

    [Fact]
    public async Task AdHocCheckStoresNothing()
    {
        var before = await CountPetitions();
        var response = await Http.PostAsJsonAsync("/api/verify", new { geometry = Square(105.3051, 30.5051), crs = "EPSG:4490", claimType = "illegal_occupation", checkDate = "2026-06-01" });
        var result = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Substantiated", result.GetProperty("claims")[0].GetProperty("finding").GetString());
        Assert.Equal(before, await CountPetitions());
        await Problem(await Http.PostAsJsonAsync("/api/verify", new { geometry = Square(105.3, 30.5), claimType = "nope" }), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task ListFiltersByJurisdictionAndPagesByKeyset()
    {
        for (var i = 0; i < 3; i++)
        {
            await Http.PostAsJsonAsync("/api/petitions", Petition(Square(105.33 + (i * 0.001), 30.5), id: ValidId()));
        }

        var east = await Http.GetFromJsonAsync<JsonElement>("/api/petitions?jurisdiction=510992&limit=2");
        Assert.Equal(2, east.GetProperty("items").GetArrayLength());
        Assert.All(east.GetProperty("items").EnumerateArray(), p => Assert.Equal("510992", p.GetProperty("xzqdm").GetString()));
        var next = east.GetProperty("next").GetString()!;
        var page2 = await Http.GetFromJsonAsync<JsonElement>(next);
        var ids = east.GetProperty("items").EnumerateArray().Concat(page2.GetProperty("items").EnumerateArray()).Select(p => p.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.True(ids.Count >= 3);
        var city = await Http.GetFromJsonAsync<JsonElement>("/api/petitions?jurisdiction=510900&limit=500");
        Assert.True(city.GetProperty("items").GetArrayLength() >= ids.Count);
        await Problem(await Http.GetAsync("/api/petitions?jurisdiction=51"), HttpStatusCode.BadRequest);
        await Problem(await Http.GetAsync("/api/petitions/999999"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task BatchJobVerifiesEveryPetitionOfAUnit()
    {
        await Http.PostAsJsonAsync("/api/petitions", Petition(Square(105.3001, 30.5001), id: ValidId()));
        var start = await Http.PostAsJsonAsync("/api/jobs/verifications", new { jurisdiction = "510991" });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var location = start.Headers.Location!.ToString();
        JsonElement job = default;
        for (var i = 0; i < 100; i++)
        {
            job = await Http.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("state").GetString() is "succeeded" or "failed")
            {
                break;
            }

            await Task.Delay(100);
        }

        Assert.Equal("succeeded", job.GetProperty("state").GetString());
        Assert.True(job.GetProperty("done").GetInt32() >= 1);
        Assert.Equal(job.GetProperty("total").GetInt32(), job.GetProperty("done").GetInt32());
    }
}
