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

    /// <summary>An HTTP client on the real socket, for loading the test data through the API.</summary>
    public HttpClient CreateSocketClient() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(2) };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("GEOPETITION_DB", connectionString);
        builder.UseSetting("GeoPetition:TilesDir", tilesDir);
        builder.UseSetting("urls", "http://127.0.0.1:0");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }
}
