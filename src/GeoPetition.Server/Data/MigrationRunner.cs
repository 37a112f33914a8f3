using Npgsql;

namespace GeoPetition.Server.Data;

/// <summary>
/// Applies the numbered .sql files embedded from Data/Migrations in order, each in its own
/// transaction, and records them in <c>schema_migration</c>. A session advisory lock makes
/// concurrent starts safe; running twice changes nothing.
/// </summary>
public sealed class MigrationRunner(NpgsqlDataSource dataSource, ILogger<MigrationRunner> logger)
{
    private const long AdvisoryLockKey = 0x6765_6f70_6574; // "geopet"

    /// <summary>The embedded migrations, ordered by their numeric prefix.</summary>
    public static IReadOnlyList<(int Number, string Name, string Sql)> Embedded()
    {
        var assembly = typeof(MigrationRunner).Assembly;
        const string prefix = "GeoPetition.Server.Data.Migrations.";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var name = n[prefix.Length..];
                var number = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), System.Globalization.CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (number, name, reader.ReadToEnd());
            })
            .OrderBy(m => m.number)
            .ToList();
    }

    /// <summary>Applies the migrations not yet applied; returns how many were applied.</summary>
    public async Task<int> MigrateAsync(CancellationToken ct = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        // No command timeout: another instance may be migrating for as long as it takes.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(@k)", connection) { CommandTimeout = 0 })
        {
            lockCommand.Parameters.AddWithValue("k", AdvisoryLockKey);
            await lockCommand.ExecuteNonQueryAsync(ct);
        }

        try
        {
            await using (var create = new NpgsqlCommand(
                "CREATE TABLE IF NOT EXISTS schema_migration (number integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())",
                connection))
            {
                await create.ExecuteNonQueryAsync(ct);
            }

            var applied = new HashSet<int>();
            await using (var list = new NpgsqlCommand("SELECT number FROM schema_migration", connection))
            await using (var reader = await list.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    applied.Add(reader.GetInt32(0));
                }
            }

            var count = 0;
            foreach (var (number, name, sql) in Embedded().Where(m => !applied.Contains(m.Number)))
            {
                await using var tx = await connection.BeginTransactionAsync(ct);
                await using (var command = new NpgsqlCommand(sql, connection, tx) { CommandTimeout = 0 })
                {
                    await command.ExecuteNonQueryAsync(ct);
                }

                await using (var record = new NpgsqlCommand("INSERT INTO schema_migration (number, name) VALUES (@n, @name)", connection, tx))
                {
                    record.Parameters.AddWithValue("n", number);
                    record.Parameters.AddWithValue("name", name);
                    await record.ExecuteNonQueryAsync(ct);
                }

                await tx.CommitAsync(ct);
                logger.LogInformation("Applied migration {Name}", name);
                count++;
            }

            if (count > 0)
            {
                // Types created by a migration (postgis geometry) must be known to the pool's connections.
                await connection.ReloadTypesAsync(ct);
            }

            return count;
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock(@k)", connection);
            unlock.Parameters.AddWithValue("k", AdvisoryLockKey);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }
}
