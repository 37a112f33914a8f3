using System.Net;
using GeoPetition.Server.Data;
using GeoPetition.Server.Tests.Import;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace GeoPetition.Server.Tests.Data;

/// <summary>
/// A server started on an empty database migrates it and is ready; a second server started on the
/// same, already migrated database (a restart, or a second instance) is ready too and applies nothing.
/// </summary>
public sealed class ServerStartupTests(GeoPetitionApp app) : IClassFixture<GeoPetitionApp>
{
    [Fact]
    public async Task First_server_on_an_empty_database_and_second_on_the_same_database_are_both_ready()
    {
        var latest = MigrationRunner.Embedded().Max(m => m.Number);
        await AssertReadyAsync(app.CreateClient(), latest);
        await using var dataSource = app.Database.CreateDataSource();
        var schema = await MigrationTests.DumpSchemaAsync(dataSource);

        await using (var second = new ExistingDatabaseApp(app.Database.ConnectionString))
        {
            await AssertReadyAsync(second.CreateClient(), latest);
            using var live = await second.CreateClient().GetAsync("/health/live");
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        }

        Assert.Equal(schema, await MigrationTests.DumpSchemaAsync(dataSource));
        await AssertReadyAsync(app.CreateClient(), latest);
    }

    private static async Task AssertReadyAsync(HttpClient client, int latestMigration)
    {
        var ready = await LayerApi.GetJsonAsync(client, "/health/ready");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(latestMigration, ready.GetProperty("migration").GetInt32());
        Assert.StartsWith("3.", ready.GetProperty("postgis").GetString(), StringComparison.Ordinal);
    }

    /// <summary>The real server over a database that exists already (it is not created or dropped here).</summary>
    private sealed class ExistingDatabaseApp(string connectionString) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.UseSetting("GEOPETITION_DB", connectionString);
            builder.ConfigureLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        }
    }
}
