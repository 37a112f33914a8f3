using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GeoPetition.Viewer.Tests.Infrastructure;

/// <summary>
/// The real server (all middleware, endpoints and the built viewer in wwwroot) on Kestrel at a free
/// loopback port, so that a real browser can reach it; WebApplicationFactory's in-memory TestServer
/// cannot serve one. Its content root is src/GeoPetition.Server, so wwwroot is the Vite output.
/// </summary>
public sealed class ViewerServer(string connectionString, string tilesDir) : WebApplicationFactory<Program>
{
    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    public void Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        var address = addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("localhost", "127.0.0.1", StringComparison.Ordinal);
        BaseAddress = new Uri(address.TrimEnd('/') + "/");
    }

    /// <summary>An HTTP client on the real socket, for loading the test data through the API, signed in as a national administrator.</summary>
    public HttpClient CreateSocketClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", AdminToken());
        return client;
    }

    private string? _adminToken;

    /// <summary>Creates the demo accounts (the browser signs in as one) and a national administrator for loading data.</summary>
    public async Task CreateAccountsAsync()
    {
        var accounts = Services.GetRequiredService<GeoPetition.Server.Auth.AccountStore>();
        await GeoPetition.Server.Auth.DemoAccounts.EnsureAsync(accounts, CancellationToken.None);
        await accounts.CreateAccountAsync("viewer-test-admin", "viewer-test-admin", GeoPetition.Server.Auth.Roles.Administrator, "000000", "viewer-test-password", CancellationToken.None);
        var now = DateTimeOffset.UtcNow;
        var (account, session) = (await accounts.LoginAsync("viewer-test-admin", "viewer-test-password", now.AddHours(4), "test", CancellationToken.None))!.Value;
        _adminToken = Services.GetRequiredService<GeoPetition.Server.Auth.TokenService>().Issue(account, session, now, now.AddHours(4));
    }

    private string AdminToken() => _adminToken ?? throw new InvalidOperationException("call CreateAccountsAsync first");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("GEOPETITION_DB", connectionString);
        builder.UseSetting("GeoPetition:TilesDir", tilesDir);
        builder.UseSetting("GeoPetition:PersonalData:Keys:test1", "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=");
        builder.UseSetting("GeoPetition:Auth:SigningKey", "viewer-test-signing-key-0123456789-0123456789");
        builder.UseSetting("GeoPetition:RateLimits:LoginPerMinute", "1000");
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }
}
