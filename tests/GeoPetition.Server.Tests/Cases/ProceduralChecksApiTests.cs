using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>GET /api/petitions/{id}/procedural-checks: C1–C6 from the case clocks and the earlier petitions repeat detection linked.</summary>
public sealed class ProceduralChecksApiTests(CaseFixture fixture) : IClassFixture<CaseFixture>
{
    private HttpClient Http => fixture.Http;

    private void Today(string date) => fixture.Clock.Today = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    private static object Step(string action, string date) => CaseHttp.Step(action, date);

    private async Task<Dictionary<string, JsonElement>> Checks(long id)
    {
        var body = await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/procedural-checks");
        return body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("rule").GetString()!);
    }

    [Fact]
    public async Task Late_notice_is_C1_and_an_open_accepted_case_on_the_same_matter_is_C5()
    {
        // The first petition is accepted on day 16 after receipt: a C1 breach.
        Today("2026-03-20");
        var person = CaseHttp.IdNumber("11010119770707123");
        var first = await Http.CreatePetition("2026-03-02", 105.312, 30.512, person, name: "周八");
        await Http.Do(first, Step("accept", "2026-03-18"));
        var firstChecks = await Checks(first);
        Assert.Equal("applies", firstChecks["C1"].GetProperty("outcome").GetString());
        Assert.Equal("2026-03-17", firstChecks["C1"].GetProperty("due").GetString());
        Assert.Equal("2026-03-18", firstChecks["C1"].GetProperty("actual").GetString());
        Assert.Equal("信访工作条例第二十三条、第四十四条", firstChecks["C1"].GetProperty("article").GetString());
        Assert.Equal("pending", firstChecks["C2"].GetProperty("outcome").GetString());

        // The same person on the same matter at the same place while the first is being handled.
        Today("2026-04-01");
        var second = await Http.CreatePetition("2026-04-01", 105.3121, 30.5121, person, name: "周八");
        var repeat = await Http.PostAsJsonAsync($"/api/petitions/{second}/repeat-check", new { });
        Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);
        var checks = await Checks(second);
        Assert.Equal("applies", checks["C5"].GetProperty("outcome").GetString());
        Assert.Equal(first, checks["C5"].GetProperty("relatedPetitionId").GetInt64());
        Assert.Equal("clear", checks["C4"].GetProperty("outcome").GetString());
        Assert.Equal("pending", checks["C1"].GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task Unknown_petition_is_404()
    {
        var response = await Http.GetAsync("/api/petitions/987654321/procedural-checks");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
