using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>
/// The petitioner's query code: issued once with the acceptance, shows progress without personal data,
/// takes the evaluation, can be reissued (the old code stops working).
/// </summary>
public sealed partial class CaseTrackingApiTests(CaseFixture fixture) : IClassFixture<CaseFixture>
{
    private HttpClient Http => fixture.Http;

    [GeneratedRegex("^[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}-[2-9A-HJKMNP-Z]{4}$")]
    private static partial Regex CodeFormat();

    internal static object Step(string action, string date, object? extra = null)
    {
        var body = new Dictionary<string, object?> { ["action"] = action, ["actor"] = "王科员", ["organ"] = "示范县自然资源局", ["documentNo"] = $"示自然资信〔2026〕{action}号", ["date"] = date };
        foreach (var p in extra?.GetType().GetProperties() ?? [])
        {
            body[p.Name] = p.GetValue(extra);
        }

        return body;
    }

    [Fact]
    public async Task Query_code_shows_progress_and_takes_the_evaluation()
    {
        fixture.Clock.Today = new DateOnly(2026, 4, 10);
        var id = await Http.CreatePetition("2026-03-02");
        var accepted = await Http.Do(id, Step("accept", "2026-03-03"));
        var code = accepted.GetProperty("queryCode").GetString()!;
        Assert.Matches(CodeFormat(), code);
        Assert.Equal(JsonValueKind.Null, (await Http.GetCase(id)).Case.GetProperty("queryCode").ValueKind);
        var started = await Http.Do(id, Step("start", "2026-03-04"));
        Assert.Equal(JsonValueKind.Null, started.GetProperty("queryCode").ValueKind);

        var response = await Http.GetAsync($"/api/track/{code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant()}");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var view = JsonDocument.Parse(text).RootElement;
        Assert.Equal("in_progress", view.GetProperty("state").GetString());
        Assert.Equal("2026-05-06", view.GetProperty("handlingDue").GetString()); // 3 March + 60 = 2 May (劳动节) → 6 May
        Assert.Equal(["登记", "受理", "办理"], view.GetProperty("milestones").EnumerateArray().Select(m => m.GetProperty("step").GetString()));
        Assert.Equal("示自然资信〔2026〕accept号", view.GetProperty("milestones")[1].GetProperty("document").GetString());
        Assert.DoesNotContain("李四", text);
        Assert.DoesNotContain("王科员", text);
        Assert.DoesNotContain("13800000000", text);

        var acceptance = await Http.PostAsJsonAsync($"/api/track/{code}/evaluations", new { choice = "满意" });
        Assert.Equal(HttpStatusCode.Created, acceptance.StatusCode);
        Assert.Equal("acceptance", (await acceptance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());
        await (await Http.PostAsJsonAsync($"/api/track/{code}/evaluations", new { choice = "很好" })).Problem(HttpStatusCode.BadRequest);

        await Http.Do(id, Step("conclude", "2026-04-01", new { outcomes = new[] { new { claim = 0, outcome = "support" } } }));
        var handling = await Http.PostAsJsonAsync($"/api/track/{code}/evaluations", new { choice = "基本满意", comment = "答复清楚" });
        Assert.Equal("handling", (await handling.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("stage").GetString());
        var evaluations = await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evaluations");
        Assert.All(evaluations.EnumerateArray(), e => Assert.Equal("query_code", e.GetProperty("channel").GetString()));

        var reissued = await Http.PostAsJsonAsync($"/api/petitions/{id}/query-code", new { issuedBy = "王科员" });
        var newCode = (await reissued.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("queryCode").GetString()!;
        Assert.NotEqual(code, newCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync($"/api/track/{code}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync($"/api/track/{newCode}")).StatusCode);
    }
}

/// <summary>Guessing query codes is throttled per client address; the block lifts when the window passes.</summary>
public sealed class QueryCodeThrottleTests(CaseFixture fixture) : IClassFixture<CaseFixture>
{
    [Fact]
    public async Task Unknown_codes_are_throttled_even_before_a_right_code()
    {
        var http = fixture.Http;
        fixture.Clock.Today = new DateOnly(2026, 4, 10);
        var id = await http.CreatePetition("2026-03-02");
        var code = (await http.Do(id, CaseTrackingApiTests.Step("accept", "2026-03-03"))).GetProperty("queryCode").GetString()!;

        for (var i = 0; i < 10; i++)
        {
            await (await http.GetAsync("/api/track/2222-3333-4444")).Problem(HttpStatusCode.NotFound);
        }

        var blocked = await http.GetAsync($"/api/track/{code}");
        await blocked.Problem(HttpStatusCode.TooManyRequests);
        Assert.True(int.Parse(blocked.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);

        fixture.Clock.Today = new DateOnly(2026, 4, 11);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync($"/api/track/{code}")).StatusCode);
    }
}
