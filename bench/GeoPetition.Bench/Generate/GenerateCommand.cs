using System.Diagnostics;
using GeoPetition.Core.Layers;
using GeoPetition.Server.Data;
using Microsoft.Extensions.Logging.Abstractions;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Bench.Generate;

/// <summary>
/// <c>generate</c>: migrates the database with the server's <see cref="MigrationRunner"/>, then loads
/// every benchmark layer as one current version. Rows are built in C# (deterministic, parallel) and
/// streamed with binary COPY into the migrated tables; the table's secondary indexes (GiST on geom,
/// the unique key, (version_id, fid)) are dropped before the load and recreated after it from their
/// saved definitions, then the table is analysed.
/// </summary>
internal static class GenerateCommand
{
    private const int Chunk = 8192;

    public static async Task<int> RunAsync(CommandOptions options)
    {
        var scale = options.Double("scale", 1.0, 0.0001, 4.0);
        var seed = (ulong)options.Int("seed", 20261124);
        var frame = new BenchFrame(scale, seed);
        var total = Stopwatch.StartNew();
        await using var dataSource = DatabaseExtensions.CreateDataSource(options.Db);

        var applied = await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).MigrateAsync();
        Console.WriteLine($"schema: {applied} migration(s) applied");

        await using (var check = dataSource.CreateCommand("SELECT count(*) FROM layer"))
        {
            var existing = (long)(await check.ExecuteScalarAsync())!;
            if (existing > 0 && !options.Flag("reset"))
            {
                Console.Error.WriteLine($"the database already has {existing} layer(s); pass --reset to empty every layer table and generate again");
                return 1;
            }
        }

        if (options.Flag("reset"))
        {
            var tables = string.Join(", ", LayerKinds.All.Select(k => Quote(k.Table)));
            await using var reset = dataSource.CreateCommand($"TRUNCATE layer, layer_version, {tables} RESTART IDENTITY CASCADE");
            await reset.ExecuteNonQueryAsync();
            Console.WriteLine("reset: every layer table emptied");
        }

        var side = frame.Side / 1000;
        var sw = frame.ToLonLat(0, 0);
        var ne = frame.ToLonLat(frame.Side, frame.Side);
        Console.WriteLine(FormattableString.Invariant(
            $"area: {side:0.#} km × {side:0.#} km in EPSG:{BenchFrame.Zone}, {sw.X:0.###}–{ne.X:0.###}°E {sw.Y:0.###}–{ne.Y:0.###}°N; seed {seed}, scale {scale}"));

        var layers = new BenchLayers(frame).All();
        foreach (var layer in layers)
        {
            await LoadAsync(dataSource, frame, layer);
        }

        Console.WriteLine(FormattableString.Invariant($"done: {layers.Sum(l => (long)l.Count):N0} features in {total.Elapsed.TotalMinutes:0.0} min"));
        return 0;
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static async Task LoadAsync(NpgsqlDataSource dataSource, BenchFrame frame, BenchLayer layer)
    {
        var clock = Stopwatch.StartNew();
        var table = layer.Kind.Table;
        await using var connection = await dataSource.OpenConnectionAsync();
        await ExecuteAsync(connection, "SET synchronous_commit = off; SET maintenance_work_mem = '1GB'");
        await ExecuteAsync(connection, "INSERT INTO layer (id, kind, title) VALUES (@id, @kind, @title)",
            ("id", layer.Id), ("kind", layer.Kind.Kind.ToString()), ("title", layer.Title));
        int versionId;
        await using (var begin = new NpgsqlCommand("""
            INSERT INTO layer_version (layer_id, state, source_name, source_sha256, source_crs, report)
            VALUES (@id, 'loading', 'geopetition-bench generate', @sha, @crs, @report::jsonb) RETURNING id
            """, connection))
        {
            begin.Parameters.AddWithValue("id", layer.Id);
            begin.Parameters.AddWithValue("sha", frame.Sha256(layer.Id));
            begin.Parameters.AddWithValue("crs", BenchFrame.Zone);
            begin.Parameters.AddWithValue("report", frame.ParametersJson(layer.Id));
            versionId = (int)(await begin.ExecuteScalarAsync())!;
        }

        // Secondary indexes: saved, dropped for the load, rebuilt from the same definitions.
        var indexes = new List<(string Name, string Definition)>();
        await using (var list = new NpgsqlCommand(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = @t AND indexname <> @t || '_pkey' ORDER BY indexname", connection))
        {
            list.Parameters.AddWithValue("t", table);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                indexes.Add((reader.GetString(0), reader.GetString(1)));
            }
        }

        foreach (var (name, _) in indexes)
        {
            await ExecuteAsync(connection, $"DROP INDEX {Quote(name)}");
        }

        Console.WriteLine($"{table}: {layer.Count:N0} features ({layer.Id}, version {versionId})");
        var columns = string.Join(", ", layer.Kind.Fields.Select(f => Quote(f.Column)));
        var types = layer.Kind.Fields.Select(f => f.Type).ToArray();
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {Quote(table)} (version_id, {columns}, geom) FROM STDIN (FORMAT BINARY)"))
        {
            var next = Task.Run(() => Build(layer, 0));
            for (var start = 0; start < layer.Count; start += Chunk)
            {
                var rows = await next;
                if (start + Chunk < layer.Count)
                {
                    var following = start + Chunk;
                    next = Task.Run(() => Build(layer, following));
                }

                foreach (var row in rows)
                {
                    Write(importer, versionId, types, row);
                }

                var done = Math.Min(start + Chunk, layer.Count);
                if (done / 100_000 != start / 100_000 || done == layer.Count)
                {
                    Console.WriteLine(FormattableString.Invariant(
                        $"  {done,9:N0} / {layer.Count:N0}  {clock.Elapsed.TotalSeconds,6:0.0} s  {done / clock.Elapsed.TotalSeconds,8:N0} rows/s"));
                }
            }

            await importer.CompleteAsync();
        }

        var copied = clock.Elapsed;
        foreach (var (name, definition) in indexes)
        {
            var indexClock = Stopwatch.StartNew();
            await ExecuteAsync(connection, definition);
            Console.WriteLine(FormattableString.Invariant($"  index {name}: {indexClock.Elapsed.TotalSeconds:0.0} s"));
        }

        await ExecuteAsync(connection, $"""
            UPDATE layer_version SET state = 'current', imported_at = clock_timestamp(), valid_from = clock_timestamp(),
                   feature_count = @n,
                   extent = (SELECT ST_SetSRID(ST_Extent(geom)::geometry, 4490) FROM {Quote(table)} WHERE version_id = @v)
            WHERE id = @v
            """, ("n", layer.Count), ("v", versionId));
        await ExecuteAsync(connection, "UPDATE layer SET current_version_id = @v WHERE id = @id", ("v", versionId), ("id", layer.Id));
        await ExecuteAsync(connection, $"ANALYZE {Quote(table)}");
        Console.WriteLine(FormattableString.Invariant(
            $"  {table}: copy {copied.TotalSeconds:0.0} s, indexes and analyze {(clock.Elapsed - copied).TotalSeconds:0.0} s"));
    }

    private static BenchRow[] Build(BenchLayer layer, int start)
    {
        var rows = new BenchRow[Math.Min(Chunk, layer.Count - start)];
        Parallel.For(0, rows.Length, k => rows[k] = layer.Build(start + k));
        return rows;
    }

    private static void Write(NpgsqlBinaryImporter importer, int versionId, FieldType[] types, BenchRow row)
    {
        importer.StartRow();
        importer.Write(versionId, NpgsqlDbType.Integer);
        for (var i = 0; i < types.Length; i++)
        {
            var value = row.Values[i];
            if (value is null)
            {
                importer.WriteNull();
                continue;
            }

            switch (types[i])
            {
                case FieldType.Text:
                    importer.Write((string)value, NpgsqlDbType.Text);
                    break;
                case FieldType.Integer:
                    importer.Write((int)value, NpgsqlDbType.Integer);
                    break;
                case FieldType.Real:
                    importer.Write((double)value, NpgsqlDbType.Double);
                    break;
                case FieldType.Date:
                    importer.Write((DateOnly)value, NpgsqlDbType.Date);
                    break;
                case FieldType.Boolean:
                    importer.Write((bool)value, NpgsqlDbType.Boolean);
                    break;
                default:
                    throw new InvalidOperationException($"unsupported field type {types[i]}");
            }
        }

        importer.Write<Geometry>(row.Geometry, NpgsqlDbType.Geometry);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }
}
