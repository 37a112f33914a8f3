using System.Net.Http.Headers;
using GeoPetition.Server.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoPetition.Server.Tests.Infrastructure;

/// <summary>
/// The real server (all middleware and endpoints) over its own fresh PostGIS database, migrated at
/// start as in production. One per test class: <c>IClassFixture&lt;GeoPetitionApp&gt;</c>.
/// <see cref="WebApplicationFactory{T}.CreateClient()"/> gives a client signed in as a national
/// administrator (every unit; petitioners masked); <see cref="CreateClient(string, string)"/> one of
/// any role and unit; <see cref="CreateAnonymousClient"/> one without credentials.
/// </summary>
public class GeoPetitionApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>A personal-data key for tests only (32 zero-based bytes, base64).</summary>
    public const string PersonalDataKey = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    public const string Password = "test-password-1";

    private readonly Dictionary<(string Role, string Unit), string> _tokens = [];
    private readonly SemaphoreSlim _lock = new(1, 1);

    public TestDatabase Database { get; } = new();

    /// <summary>Extra configuration for subclasses (e.g. demo loading).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    public async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        _ = Server; // start the host: applies migrations
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("GEOPETITION_DB", Database.ConnectionString);
        builder.UseSetting("GeoPetition:PersonalData:Keys:test1", PersonalDataKey);
        builder.UseSetting("GeoPetition:PersonalData:CurrentKey", "test1");
        builder.UseSetting("GeoPetition:Auth:SigningKey", "test-signing-key-0123456789-0123456789");
        builder.UseSetting("GeoPetition:Auth:TokenMinutes", "600");
        builder.UseSetting("GeoPetition:RateLimits:LoginPerMinute", "1000");
        builder.UseSetting("GeoPetition:RateLimits:TrackPerMinute", "1000");
        builder.UseSetting("GeoPetition:RateLimits:HeavyPerMinute", "100000");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }

    /// <summary>Every client <see cref="WebApplicationFactory{T}.CreateClient()"/> makes is a national administrator.</summary>
    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(Roles.Administrator, GeoPetition.Server.Data.JurisdictionScope.National));
    }

    /// <summary>A client signed in as an account of <paramref name="role"/> in <paramref name="unit"/> (created on first use).</summary>
    public HttpClient CreateClient(string role, string unit)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(role, unit));
        return client;
    }

    /// <summary>A client without credentials.</summary>
    public HttpClient CreateAnonymousClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    /// <summary>The username of the test account of a role and unit.</summary>
    public static string Username(string role, string unit) => $"t-{role.Replace('_', '-')}-{unit}";

    /// <summary>A bearer token of the test account of <paramref name="role"/> in <paramref name="unit"/>, made through the real login path.</summary>
    public string Token(string role, string unit)
    {
        _lock.Wait();
        try
        {
            if (!_tokens.TryGetValue((role, unit), out var token))
            {
                var accounts = Services.GetRequiredService<AccountStore>();
                var tokens = Services.GetRequiredService<TokenService>();
                var username = Username(role, unit);
                accounts.CreateAccountAsync(username, username, role, unit, Password, CancellationToken.None).GetAwaiter().GetResult();
                var now = DateTimeOffset.UtcNow;
                var (account, session) = accounts.LoginAsync(username, Password, now.AddHours(10), "test", CancellationToken.None).GetAwaiter().GetResult()
                    ?? throw new InvalidOperationException($"cannot log in as {username}");
                token = tokens.Issue(account, session, now, now.AddHours(10));
                _tokens[(role, unit)] = token;
            }

            return token;
        }
        finally
        {
            _lock.Release();
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
