using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace GeoPetition.Server.Tests.Infrastructure;

/// <summary>
/// The real server (all middleware and endpoints) over its own fresh PostGIS database, migrated at
/// start as in production. One per test class: <c>IClassFixture&lt;GeoPetitionApp&gt;</c>.
/// </summary>
public class GeoPetitionApp : WebApplicationFactory<Program>, IAsyncLifetime
{
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
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await Database.DisposeAsync();
    }
}
