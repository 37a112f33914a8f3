using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>
/// Open311 GeoReport v2 reads over the seeded cases of <see cref="CaseReportApiTests.Seeded"/> (today
/// 2026-06-30; A–E in 510991 and F in 510992 received in March 2026, G in March 2025): services,
/// requests with the standard's filters, one request, no personal data, and bad input named.
/// </summary>
public sealed class Open311ApiTests(CaseReportApiTests.Seeded seeded) : IClassFixture<CaseReportApiTests.Seeded>
{
    private HttpClient Http => seeded.Fixture.Http;

    private string No(string key) => seeded.CaseNos[key];

    private async Task<List<JsonElement>> Requests(string query)
    {
        var response = await Http.GetAsync("/open311/v2/requests.json" + query);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return [.. JsonDocument.Parse(body).RootElement.EnumerateArray()];
    }

    private static IEnumerable<string?> Ids(IEnumerable<JsonElement> requests) => requests.Select(r => r.GetProperty("service_request_id").GetString());

    [Fact]
    public async Task Services_are_the_petition_subjects()
    {
        var services = await Http.GetFromJsonAsync<JsonElement>("/open311/v2/services.json");
        Assert.Equal(["illegal_occupation", "land_acquisition", "registration", "planning", "mining", "other"], services.EnumerateArray().Select(s => s.GetProperty("service_code").GetString()));
        var first = services[0];
        Assert.Equal(("违法用地", false, "realtime"), (first.GetProperty("service_name").GetString(), first.GetProperty("metadata").GetBoolean(), first.GetProperty("type").GetString()));
    }

    [Fact]
    public async Task Requests_of_a_period_newest_first_with_status_clock_and_place_but_no_personal_data()
    {
        var response = await Http.GetAsync("/open311/v2/requests.json?start_date=2026-03-01&end_date=2026-03-31");
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var march = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
        Assert.Equal(new[] { "E", "D", "C", "F", "B", "A" }.Select(No), Ids(march));

        var a = march.Single(r => r.GetProperty("service_request_id").GetString() == No("A"));
        Assert.Equal(("open", "已送达 (served)", "illegal_occupation", "违法用地"),
            (a.GetProperty("status").GetString(), a.GetProperty("status_notes").GetString(), a.GetProperty("service_code").GetString(), a.GetProperty("service_name").GetString()));
        Assert.Equal("2026-03-02T00:00:00+08:00", a.GetProperty("requested_datetime").GetString());
        Assert.True(DateTimeOffset.Parse(a.GetProperty("updated_datetime").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        Assert.Equal((30.5, 105.3), (a.GetProperty("lat").GetDouble(), a.GetProperty("long").GetDouble()));
        Assert.Equal("执法监察大队、耕保科", a.GetProperty("agency_responsible").GetString());
        Assert.Equal(JsonValueKind.Null, a.GetProperty("expected_datetime").ValueKind); // served: only the petitioner's 复查 window runs
        Assert.Equal(JsonValueKind.Null, a.GetProperty("address").ValueKind);

        var c = march.Single(r => r.GetProperty("service_request_id").GetString() == No("C"));
        Assert.Equal("2026-05-11T23:59:59+08:00", c.GetProperty("expected_datetime").GetString()); // the overdue 60-日 handling clock
        Assert.Contains("办理期限至 2026-05-11", c.GetProperty("service_notice").GetString());

        // Nothing of the petitioner: name, ID number, phone, address, text; no query code.
        foreach (var personal in new[] { "李四", "11010119900307", "13800000000", "示范县某村", "村口耕地上有人建厂房", "query" })
        {
            Assert.DoesNotContain(personal, body, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Filters_of_the_standard_narrow_the_requests()
    {
        Assert.Equal([No("F")], Ids(await Requests("?start_date=2026-03-01&end_date=2026-03-31&jurisdiction_id=510992")));
        Assert.Empty(await Requests("?start_date=2026-03-01&end_date=2026-03-31&service_code=land_acquisition"));
        Assert.Equal(6, (await Requests("?start_date=2026-03-01&end_date=2026-03-31&service_code=illegal_occupation,land_acquisition&status=open")).Count);
        Assert.Empty(await Requests("?start_date=2026-03-01&end_date=2026-03-31&status=closed"));

        // requested_datetime of A and B is 2026-03-02T00:00:00+08:00: one second later excludes them; the same instant in UTC includes them.
        Assert.DoesNotContain(No("A"), Ids(await Requests("?start_date=2026-03-02T00:00:01%2B08:00&end_date=2026-03-31")));
        Assert.Contains(No("A"), Ids(await Requests("?start_date=2026-03-01T16:00:00Z&end_date=2026-03-31")));
        Assert.Equal([No("G")], Ids(await Requests("?start_date=2025-03-01&end_date=2025-03-31")));

        // service_request_id overrides every other filter (GeoReport v2).
        Assert.Equal(new[] { No("F"), No("G") }.Order(), Ids(await Requests($"?service_request_id={No("G")},{No("F")}&status=closed&start_date=2020-01-01&end_date=2020-01-02")).Order());

        // A refused petition is closed; without dates the range is the last 90 days (2026-04-02 to today, 2026-06-30).
        var refused = await Http.CreatePetition("2026-04-02", 105.29876, 30.51234, CaseHttp.IdNumber("11010119900307777"), subject: "land_acquisition");
        var (_, etag) = await Http.GetCase(refused);
        var refuse = await Http.Transition(refused, etag, new { action = "refuse", actor = "王科员", documentNo = "不予受理〔2026〕1号", legalBasis = "信访工作条例第十九条第三款", date = "2026-04-03" });
        Assert.Equal(HttpStatusCode.Created, refuse.StatusCode);
        var recent = await Requests("");
        var r = Assert.Single(recent, x => x.GetProperty("service_code").GetString() == "land_acquisition");
        Assert.Equal(("closed", "不予受理 (not_accepted)"), (r.GetProperty("status").GetString(), r.GetProperty("status_notes").GetString()));
        Assert.Equal((30.5123, 105.2988), (r.GetProperty("lat").GetDouble(), r.GetProperty("long").GetDouble()));
        Assert.DoesNotContain(recent, x => x.GetProperty("requested_datetime").GetString()!.StartsWith("2026-03", StringComparison.Ordinal));
        Assert.Single(await Requests("?start_date=2026-04-01&end_date=2026-04-30&status=closed"));
    }

    [Fact]
    public async Task One_request_by_its_case_number()
    {
        var one = await Http.GetFromJsonAsync<JsonElement>($"/open311/v2/requests/{No("F")}.json");
        Assert.Equal(No("F"), Assert.Single(one.EnumerateArray()).GetProperty("service_request_id").GetString());
        var missing = (await (await Http.GetAsync("/open311/v2/requests/XF1999000001.json")).Problem(HttpStatusCode.NotFound)).RootElement;
        Assert.Contains("XF1999000001", missing.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("?status=pending", "status", "accepted: open, closed")]
    [InlineData("?service_code=weather", "service_code", "accepted (GET /open311/v2/services.json): illegal_occupation")]
    [InlineData("?start_date=yesterday", "start_date", "is not a W3C datetime")]
    [InlineData("?start_date=2026-01-01&end_date=2026-06-30", "end_date", "may not span more than 90 days")]
    [InlineData("?start_date=2026-03-31&end_date=2026-03-01", "start_date", "is after end_date")]
    [InlineData("?jurisdiction_id=51", "jurisdiction_id", "6-digit")]
    public async Task Bad_input_is_a_400_naming_the_parameter(string query, string parameter, string detail)
    {
        var problem = (await (await Http.GetAsync("/open311/v2/requests.json" + query)).Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(detail, problem.GetProperty("detail").GetString());
    }
}
