using Npgsql;

namespace GeoPetition.Server.Tests.Infrastructure;

/// <summary>
/// A fresh PostgreSQL database with PostGIS for one test class, in the cluster named by
/// <c>GEOPETITION_TEST_PG</c> (an admin connection string; scripts/test.sh starts the project-local
/// cluster and sets it). Dropped on dispose. No test shares a database with another class, so no
/// test depends on counts another test changes.
/// </summary>
public sealed class TestDatabase : IAsyncLifetime
{
    public const string AdminVariable = "GEOPETITION_TEST_PG";
    private readonly string _name = "gp_test_" + Guid.NewGuid().ToString("N")[..12];

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

    /// <summary>A data source with NetTopologySuite types, for assertions in SQL.</summary>
    public NpgsqlDataSource CreateDataSource() => GeoPetition.Server.Data.DatabaseExtensions.CreateDataSource(ConnectionString);
}
