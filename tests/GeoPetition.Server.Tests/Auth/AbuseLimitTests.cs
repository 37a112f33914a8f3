using System.Net;
using System.Net.Http.Json;
using System.Text;
using GeoPetition.Server.Tests.Infrastructure;

namespace GeoPetition.Server.Tests.Auth;

/// <summary>The server with small limits, to see them bite.</summary>
public sealed class LimitedApp : GeoPetitionApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("GeoPetition:RateLimits:LoginPerMinute", "3"),
        new("GeoPetition:RateLimits:TrackPerMinute", "3"),
        new("GeoPetition:RateLimits:HeavyPerMinute", "2"),
        new("GeoPetition:RateLimits:MaxBodyBytes", "1000"),
    ];
}

/// <summary>Rate limits on login, the query-code endpoint and heavy endpoints (429 + Retry-After), and the body size limit (413).</summary>
public sealed class AbuseLimitTests(LimitedApp app) : IClassFixture<LimitedApp>
{
    [Fact]
    public async Task Logins_are_rate_limited_with_retry_after()
    {
        var http = app.CreateAnonymousClient();
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/api/auth/login", new { username = "nobody", password = "guess-" + i })).StatusCode);
        }

        var limited = await http.PostAsJsonAsync("/api/auth/login", new { username = "nobody", password = "guess" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task Query_codes_are_rate_limited_with_retry_after()
    {
        var http = app.CreateAnonymousClient();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 5; i++)
        {
            last = await http.GetAsync("/api/track/ABCD-EFGH-JKMN");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, last!.StatusCode);
        Assert.True(last.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Heavy_endpoints_are_rate_limited_per_caller()
    {
        var http = app.CreateClient(GeoPetition.Server.Auth.Roles.Auditor, "510991");
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/statistics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/api/ledger")).StatusCode);
        var limited = await http.GetAsync("/api/statistics");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.Contains("Retry-After"));

        // Another caller has its own allowance.
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(GeoPetition.Server.Auth.Roles.Auditor, "510992").GetAsync("/api/statistics")).StatusCode);
    }

    [Fact]
    public async Task Bodies_over_the_limit_are_refused_with_413()
    {
        var http = app.CreateClient();
        var body = new StringContent("{\"text\":\"" + new string('x', 2000) + "\"}", Encoding.UTF8, "application/json");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await http.PostAsync("/api/petitions", body)).StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, (await app.CreateAnonymousClient().PostAsync("/api/auth/login", new StringContent(new string(' ', 5000), Encoding.UTF8, "application/json"))).StatusCode);
    }
}
