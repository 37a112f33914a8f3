using System.Net;
using System.Text;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>
/// Values that do not bind (a query date or boolean that is not one, a JSON body that is not JSON or has
/// a value of the wrong type) are a 400 problem naming the parameter and what it accepts, never a 500.
/// </summary>
public sealed class CaseBadInputApiTests(CaseFixture fixture) : IClassFixture<CaseFixture>
{
    [Theory]
    [InlineData("/api/statistics?from=2026-13-01", "from", "'2026-13-01' is not a date (YYYY-MM-DD")]
    [InlineData("/api/ledger?to=yesterday", "to", "'yesterday' is not a date")]
    [InlineData("/api/ledger?overdue=maybe", "overdue", "'maybe' is not a boolean (true or false)")]
    [InlineData("/api/supervision?active=perhaps", "active", "'perhaps' is not a boolean")]
    public async Task Query_values_that_do_not_bind_are_named(string url, string parameter, string message)
    {
        var problem = (await (await fixture.Http.GetAsync(url)).Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
        Assert.Contains(message, problem.GetProperty("errors").GetProperty(parameter)[0].GetString());
    }

    [Theory]
    [InlineData("{\"action\":\"accept\",\"actor\":\"x\",\"date\":\"2026-02-30\",\"documentNo\":\"1\"}", "date", "the value is not a date (YYYY-MM-DD")]
    [InlineData("{\"action\":\"extend\",\"actor\":\"x\",\"date\":\"2026-03-03\",\"extensionDays\":\"ten\"}", "extensionDays", "the value is not a whole number")]
    [InlineData("{not json", "body", "the request body is not valid JSON")]
    public async Task Transition_bodies_that_do_not_bind_are_named(string body, string field, string message)
    {
        var id = await fixture.Http.CreatePetition("2026-03-02");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{id}/transitions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("If-Match", "\"case-0\"");
        var problem = (await (await fixture.Http.SendAsync(request)).Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.Equal(field, problem.GetProperty("parameter").GetString());
        Assert.Contains(message, problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await fixture.Http.GetCase(id)).Case.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Practice_bodies_that_do_not_bind_are_named()
    {
        var id = await fixture.Http.CreatePetition("2026-03-02");
        var response = await fixture.Http.PostAsync($"/api/petitions/{id}/lead", new StringContent("{\"assignedOn\":\"soon\"}", Encoding.UTF8, "application/json"));
        var problem = (await response.Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.Equal("assignedOn", problem.GetProperty("parameter").GetString());
    }
}
