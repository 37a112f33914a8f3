using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace GeoPetition.Server.Tests.Ogc;

/// <summary>
/// The real server listening on a free loopback port with Kestrel (not the in-memory TestServer),
/// for clients that need a socket: GDAL's OGC API – Features driver, curl, benchmarks.
/// </summary>
public class KestrelGeoPetitionApp : GeoPetitionApp, IAsyncLifetime
{
    /// <summary>The server's base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("urls", "http://127.0.0.1:0")];

    /// <summary>Creates the database, starts Kestrel on a free port and finds out which.</summary>
    public new async Task InitializeAsync()
    {
        await Database.InitializeAsync();
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)).Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    }

    /// <summary>A client on the real socket, signed in as a national administrator (GDAL reads the public layers without it).</summary>
    public HttpClient CreateSocketClient()
    {
        var client = new HttpClient { BaseAddress = BaseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token(GeoPetition.Server.Auth.Roles.Administrator, GeoPetition.Server.Data.JurisdictionScope.National));
        return client;
    }

    Task IAsyncLifetime.InitializeAsync() => InitializeAsync();
}
