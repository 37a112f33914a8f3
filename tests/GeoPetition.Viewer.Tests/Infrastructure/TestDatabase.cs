using Npgsql;

namespace GeoPetition.Viewer.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database with PostGIS for one fixture, in the cluster named by
/// <c>GEOPETITION_TEST_PG</c> (an admin connection string; scripts/test.sh starts the project-local
/// cluster and sets it). Dropped on dispose. The same pattern as the server tests' TestDatabase.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string AdminVariable = "GEOPETITION_TEST_PG";
    private readonly string _name = "gp_viewer_" + Guid.NewGuid().ToString("N")[..12];

    public string ConnectionString { get; private set; } = "";

    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable(AdminVariable) is { Length: > 0 } cs ? cs
        : throw new InvalidOperationException(
            $"{AdminVariable} is not set. Run the tests with scripts/test.sh (it starts a local PostgreSQL 15 + PostGIS 3 and sets {AdminVariable}), " +
            "or point it at a PostgreSQL superuser connection string, e.g. Host=127.0.0.1;Port=55432;Username=postgres;Database=postgres");

    public async Task InitializeAsync()
    {
        await using (var admin = new NpgsqlConnection(AdminConnectionString))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_name}\"", admin);
            await create.ExecuteNonQueryAsync();
        }

        ConnectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = _name, IncludeErrorDetail = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
