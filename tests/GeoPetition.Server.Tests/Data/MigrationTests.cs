using GeoPetition.Server.Data;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace GeoPetition.Server.Tests.Data;

/// <summary>
/// Migrations are idempotent: the first run on an empty database applies every embedded migration,
/// a second run applies none and leaves the schema exactly as it was, and concurrent runs (two
/// servers starting together) apply each migration once.
/// </summary>
public sealed class MigrationTests : IAsyncLifetime
{
    private readonly TestDatabase _database = new();

    public Task InitializeAsync() => _database.InitializeAsync();

    public Task DisposeAsync() => _database.DisposeAsync();

    [Fact]
    public async Task Second_run_applies_nothing_and_leaves_the_schema_unchanged()
    {
        await using var dataSource = _database.CreateDataSource();
        var runner = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance);
        var embedded = MigrationRunner.Embedded();
        Assert.NotEmpty(embedded);
        Assert.Equal(embedded.Select(m => m.Number).Order(), embedded.Select(m => m.Number));
        Assert.Equal(embedded.Count, embedded.Select(m => m.Number).Distinct().Count());

        var applied = await runner.MigrateAsync();
        Assert.Equal(embedded.Count, applied);
        var schema = await DumpSchemaAsync(dataSource);
        Assert.Contains(schema, c => c.StartsWith("layer_version.", StringComparison.Ordinal));
        Assert.Contains(schema, c => c.StartsWith("approval_batch.geom ", StringComparison.Ordinal));

        Assert.Equal(0, await runner.MigrateAsync());
        Assert.Equal(schema, await DumpSchemaAsync(dataSource));
        Assert.Equal(embedded.Select(m => m.Number), await RecordedMigrationsAsync(dataSource));
    }

    [Fact]
    public async Task Concurrent_runs_apply_each_migration_once()
    {
        var other = new TestDatabase();
        await other.InitializeAsync();
        try
        {
            await using var first = other.CreateDataSource();
            await using var second = other.CreateDataSource();
            var runs = await Task.WhenAll(
                new MigrationRunner(first, NullLogger<MigrationRunner>.Instance).MigrateAsync(),
                new MigrationRunner(second, NullLogger<MigrationRunner>.Instance).MigrateAsync());
            Assert.Equal(MigrationRunner.Embedded().Count, runs.Sum());
            Assert.Contains(0, runs);
            Assert.Equal(MigrationRunner.Embedded().Select(m => m.Number), await RecordedMigrationsAsync(first));
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_starting_instance_waits_for_another_instance_that_is_migrating_however_long_it_takes()
    {
        var other = new TestDatabase();
        await other.InitializeAsync();
        try
        {
            // Another instance holds the migration lock (MigrationRunner's advisory lock key, "geopet")
            // for longer than this instance's command timeout: a long migration, e.g. an index build.
            const long migrationLock = 0x6765_6f70_6574;
            await using var holder = new NpgsqlConnection(other.ConnectionString);
            await holder.OpenAsync();
            await using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({migrationLock})", holder))
            {
                await take.ExecuteNonQueryAsync();
            }

            var shortTimeout = new NpgsqlConnectionStringBuilder(other.ConnectionString) { CommandTimeout = 2 }.ConnectionString;
            await using var dataSource = DatabaseExtensions.CreateDataSource(shortTimeout);
            var run = new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
            await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(4)));
            Assert.False(run.IsCompleted, $"the runner did not wait for the lock: {run.Exception?.GetBaseException().Message}");

            await using (var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({migrationLock})", holder))
            {
                await release.ExecuteNonQueryAsync();
            }

            Assert.Equal(MigrationRunner.Embedded().Count, await run);
        }
        finally
        {
            await other.DisposeAsync();
        }
    }

    /// <summary>Every column (type, nullability, default) and every index of the public schema, one line each.</summary>
    internal static async Task<List<string>> DumpSchemaAsync(NpgsqlDataSource dataSource)
    {
        var lines = new List<string>();
        await using (var command = dataSource.CreateCommand("""
            SELECT table_name || '.' || column_name || ' ' || ordinal_position || ' ' || data_type || ' ' || udt_name
                   || ' ' || is_nullable || ' ' || coalesce(column_default, '-') || ' ' || coalesce(is_identity, '-')
            FROM information_schema.columns WHERE table_schema = 'public'
            ORDER BY table_name, ordinal_position
            """))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        await using (var command = dataSource.CreateCommand("SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' ORDER BY indexname"))
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                lines.Add(reader.GetString(0));
            }
        }

        return lines;
    }

    private static async Task<List<int>> RecordedMigrationsAsync(NpgsqlDataSource dataSource)
    {
        var numbers = new List<int>();
        await using var command = dataSource.CreateCommand("SELECT number FROM schema_migration ORDER BY number");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            numbers.Add(reader.GetInt32(0));
        }

        return numbers;
    }
}
