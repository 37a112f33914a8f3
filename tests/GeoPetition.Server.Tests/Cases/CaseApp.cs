using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>A clock the test sets: "today" never depends on the wall clock.</summary>
public sealed class FixedTimeProvider(DateOnly today) : TimeProvider
{
    public DateOnly Today { get; set; } = today;

    /// <summary>Noon in Beijing (04:00 UTC) of <see cref="Today"/>.</summary>
    public override DateTimeOffset GetUtcNow() => new(Today.ToDateTime(new TimeOnly(4, 0)), TimeSpan.Zero);
}

/// <summary>The server over a fresh PostGIS database with a fixed "today" and a repeat-detection key.</summary>
public sealed class CaseApp : GeoPetitionApp
{
    public const string RepeatKey = "test-repeat-key-not-secret";

    public FixedTimeProvider Clock { get; } = new(new DateOnly(2026, 6, 30));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("GeoPetition:Security:RepeatKey", RepeatKey),
        new("GeoPetition:Cases:LookBackDays", "90"),
    ];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
    }
}

/// <summary>
/// One <see cref="CaseApp"/> per test class with two test counties loaded: 510991 on
/// [105.28,105.32]×[30.48,30.52] and 510992 east of it.
/// </summary>
public sealed class CaseFixture : IAsyncLifetime
{
    public CaseApp App { get; } = new();

    public HttpClient Http { get; private set; } = null!;

    public FixedTimeProvider Clock => App.Clock;

    public async Task InitializeAsync()
    {
        await ((IAsyncLifetime)App).InitializeAsync();
        Http = App.CreateClient();
        await Load("jurisdiction", "Jurisdiction", [
            Feature(105.28, 30.48, 105.32, 30.52, new { xzqdm = "510991", xzqmc = "示范县" }),
            Feature(105.32, 30.48, 105.36, 30.52, new { xzqdm = "510992", xzqmc = "样例县" })]);
    }

    public async Task DisposeAsync() => await ((IAsyncLifetime)App).DisposeAsync();

    private async Task Load(string id, string kind, object[] features)
    {
        await Http.PostAsJsonAsync("/api/layers", new { id, kind });
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "FeatureCollection", features })));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(file, "files", id + ".geojson");
        var response = await Http.PostAsync($"/api/layers/{id}/imports", form);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private static object Feature(double x0, double y0, double x1, double y1, object properties) => new
    {
        type = "Feature",
        properties,
        geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { x0, y0 }, new[] { x1, y0 }, new[] { x1, y1 }, new[] { x0, y1 }, new[] { x0, y0 } } } },
    };
}

/// <summary>Helpers over the HTTP API for case tests.</summary>
public static class CaseHttp
{
    /// <summary>A transition request with every audit field an officer fills in, plus <paramref name="extra"/>'s properties.</summary>
    public static object Step(string action, string date, object? extra = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["action"] = action,
            ["actor"] = "王科员",
            ["organ"] = "示范县自然资源局",
            ["documentNo"] = $"示自然资信〔2026〕{action}号",
            ["date"] = date,
        };
        foreach (var p in extra?.GetType().GetProperties() ?? [])
        {
            body[p.Name] = p.GetValue(extra);
        }

        return body;
    }

    /// <summary>A valid 18-character resident ID number (GB 11643 check character) from a 17-digit body.</summary>
    public static string IdNumber(string body17)
    {
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body17.Select((c, i) => (c - '0') * w[i]).Sum();
        return body17 + "10X98765432"[sum % 11];
    }

    /// <summary>Files a petition with <paramref name="claims"/> claims at a point; returns its id.</summary>
    public static async Task<long> CreatePetition(
        this HttpClient http, string receivedAt, double lon = 105.30, double lat = 30.50, string? idNumber = null,
        string subject = "illegal_occupation", int claims = 1, string channel = "网上", string name = "李四")
    {
        var response = await http.PostAsJsonAsync("/api/petitions", new
        {
            channel,
            category = "检举控告",
            subject,
            receivedAt,
            petitioners = new[] { new { name, idNumber = idNumber ?? IdNumber("51010319800101234"), phone = "13800000000", address = "示范县某村" } },
            isCollective = false,
            text = "村口耕地上有人建厂房",
            location = new { type = "Point", coordinates = new[] { lon, lat } },
            locationCrs = "EPSG:4490",
            claims = Enumerable.Range(0, claims).Select(i => new { type = "illegal_occupation", text = $"诉求{i + 1}" }).ToArray(),
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetInt64();
    }

    public static async Task<(JsonElement Case, string ETag)> GetCase(this HttpClient http, long id)
    {
        var response = await http.GetAsync($"/api/petitions/{id}/case");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return (JsonDocument.Parse(body).RootElement, response.Headers.ETag!.ToString());
    }

    /// <summary>Posts a transition with If-Match (when given) and an optional Idempotency-Key.</summary>
    public static async Task<HttpResponseMessage> Transition(this HttpClient http, long id, string? etag, object body, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{id}/transitions") { Content = JsonContent.Create(body) };
        if (etag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", etag);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        return await http.SendAsync(request);
    }

    /// <summary>Reads the current ETag and records a transition; fails the test unless it is 201.</summary>
    public static async Task<JsonElement> Do(this HttpClient http, long id, object body)
    {
        var (_, etag) = await http.GetCase(id);
        var response = await http.Transition(id, etag, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    public static async Task<JsonDocument> Problem(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(text);
    }

    public static JsonElement Clock(this JsonElement caseView, string timer) =>
        caseView.GetProperty("clocks").EnumerateArray().Last(c => c.GetProperty("timer").GetString() == timer);
}
