using System.Runtime.CompilerServices;
using System.Text.Json;
using GeoPetition.Core.Layers;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Data;

/// <summary>A layer of the catalog with its current version (null before the first import).</summary>
public sealed record LayerInfo(
    string Id, LayerKindDefinition Kind, string Title, bool Restricted, int? CurrentVersionId,
    string? SourceName, string? SourceSha256, int? SourceCrs, DateTimeOffset? ImportedAt, int FeatureCount,
    double[]? Extent);

/// <summary>One import of a layer.</summary>
public sealed record LayerVersionInfo(
    int Id, string State, string SourceName, string SourceSha256, int? SourceCrs, string? SourceEncoding,
    DateTimeOffset StartedAt, DateTimeOffset? ImportedAt, DateTimeOffset? ValidFrom, DateTimeOffset? ValidTo,
    int FeatureCount, int RepairedCount, int RejectedCount, JsonElement? Report);

/// <summary>Reads and writes the layer catalog, layer versions and layer features.</summary>
public sealed class LayerStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<LayerInfo>> ListAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(LayerSql.ListLayers);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<LayerInfo>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(ReadLayer(reader));
        }

        return result;
    }

    public async Task<LayerInfo?> GetAsync(string id, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(LayerSql.GetLayer);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadLayer(reader) : null;
    }

    /// <summary>Creates the layer if it does not exist; returns false if the id was taken by another kind.</summary>
    public async Task<bool> EnsureAsync(string id, LayerKind kind, string title, CancellationToken ct, bool restricted = false)
    {
        await using (var command = dataSource.CreateCommand(LayerSql.CreateLayer))
        {
            command.Parameters.AddWithValue("restricted", restricted);
            command.Parameters.AddWithValue("id", id);
            command.Parameters.AddWithValue("kind", kind.ToString());
            command.Parameters.AddWithValue("title", title);
            await command.ExecuteNonQueryAsync(ct);
        }

        var existing = await GetAsync(id, ct);
        return existing is not null && existing.Kind.Kind == kind;
    }

    public async Task<IReadOnlyList<LayerVersionInfo>> VersionsAsync(string layerId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(LayerSql.ListVersions);
        command.Parameters.AddWithValue("layer", layerId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var result = new List<LayerVersionInfo>();
        while (await reader.ReadAsync(ct))
        {
            result.Add(new LayerVersionInfo(
                reader.GetInt32(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.GetFieldValue<DateTimeOffset>(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.GetInt32(10), reader.GetInt32(11), reader.GetInt32(12),
                reader.IsDBNull(13) ? null : JsonDocument.Parse(reader.GetString(13)).RootElement.Clone()));
        }

        return result;
    }

    /// <summary>Records the start of an import (committed at once, so a failed import is kept with its report).</summary>
    public async Task<int> BeginVersionAsync(string layerId, string sourceName, string sha256, int? crs, string? encoding, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(LayerSql.BeginVersion);
        command.Parameters.AddWithValue("layer", layerId);
        command.Parameters.AddWithValue("name", sourceName);
        command.Parameters.AddWithValue("sha", sha256);
        command.Parameters.AddWithValue("crs", (object?)crs ?? DBNull.Value);
        command.Parameters.AddWithValue("encoding", (object?)encoding ?? DBNull.Value);
        return (int)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task FailVersionAsync(int versionId, ImportReport report, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(LayerSql.FailVersion);
        command.Parameters.AddWithValue("id", versionId);
        command.Parameters.AddWithValue("report", ImportReportJson.Serialize(report));
        command.Parameters.AddWithValue("repaired", (int)report.Repaired);
        command.Parameters.AddWithValue("rejected", (int)report.Rejected);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Loads features with binary COPY and makes the version current, all in one transaction:
    /// either every row is there and the version is current, or nothing changed.
    /// <paramref name="commit"/> is asked after the last row whether to go ahead.
    /// </summary>
    public async Task<bool> LoadVersionAsync(
        string layerId, LayerKindDefinition kind, int versionId, IAsyncEnumerable<NormalizedFeature> features,
        Func<(bool Go, ImportReport Report)> commit, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await connection.BeginTransactionAsync(ct);
        double minX = double.MaxValue, minY = double.MaxValue, maxX = double.MinValue, maxY = double.MinValue;
        bool go;
        ImportReport report;
        await using (var importer = await connection.BeginBinaryImportAsync(LayerSql.CopyColumns(kind), ct))
        {
            await foreach (var feature in features.WithCancellation(ct))
            {
                await importer.StartRowAsync(ct);
                await importer.WriteAsync(versionId, NpgsqlDbType.Integer, ct);
                for (var i = 0; i < kind.Fields.Count; i++)
                {
                    await WriteValueAsync(importer, kind.Fields[i].Type, feature.Values[i], ct);
                }

                await importer.WriteAsync(feature.Geometry, NpgsqlDbType.Geometry, ct);
                var e = feature.Geometry.EnvelopeInternal;
                minX = Math.Min(minX, e.MinX);
                minY = Math.Min(minY, e.MinY);
                maxX = Math.Max(maxX, e.MaxX);
                maxY = Math.Max(maxY, e.MaxY);
            }

            (go, report) = commit();
            if (!go)
            {
                return false;
            }

            await importer.CompleteAsync(ct);
        }

        {
            await using (var lockLayer = new NpgsqlCommand(LayerSql.LockLayer, connection, tx))
            {
                lockLayer.Parameters.AddWithValue("layer", layerId);
                await lockLayer.ExecuteNonQueryAsync(ct);
            }

            await using (var promote = new NpgsqlCommand(LayerSql.PromoteVersion, connection, tx))
            {
                promote.Parameters.AddWithValue("layer", layerId);
                promote.Parameters.AddWithValue("id", versionId);
                promote.Parameters.AddWithValue("count", (int)report.Loaded);
                promote.Parameters.AddWithValue("repaired", (int)report.Repaired);
                promote.Parameters.AddWithValue("rejected", (int)report.Rejected);
                promote.Parameters.AddWithValue("report", ImportReportJson.Serialize(report));
                promote.Parameters.AddWithValue("minx", minX);
                promote.Parameters.AddWithValue("miny", minY);
                promote.Parameters.AddWithValue("maxx", maxX);
                promote.Parameters.AddWithValue("maxy", maxY);
                await promote.ExecuteNonQueryAsync(ct);
            }

            await using (var current = new NpgsqlCommand(LayerSql.SetCurrent, connection, tx))
            {
                current.Parameters.AddWithValue("layer", layerId);
                current.Parameters.AddWithValue("id", versionId);
                await current.ExecuteNonQueryAsync(ct);
            }
        }

        await tx.CommitAsync(ct);
        await using (var analyze = new NpgsqlCommand($"ANALYZE {LayerSql.Quote(kind.Table)}", connection))
        {
            await analyze.ExecuteNonQueryAsync(ct);
        }

        return true;
    }

    private static Task WriteValueAsync(NpgsqlBinaryImporter importer, FieldType type, object? value, CancellationToken ct)
    {
        if (value is null)
        {
            return importer.WriteNullAsync(ct);
        }

        return type switch
        {
            FieldType.Text => importer.WriteAsync((string)value, NpgsqlDbType.Text, ct),
            FieldType.Integer => importer.WriteAsync((int)value, NpgsqlDbType.Integer, ct),
            FieldType.Real => importer.WriteAsync((double)value, NpgsqlDbType.Double, ct),
            FieldType.Date => importer.WriteAsync((DateOnly)value, NpgsqlDbType.Date, ct),
            FieldType.Boolean => importer.WriteAsync((bool)value, NpgsqlDbType.Boolean, ct),
            _ => throw new InvalidOperationException($"unsupported field type {type}"),
        };
    }

    /// <summary>Streams one page of features as GeoJSON feature texts, keyset-paged by fid.</summary>
    public async IAsyncEnumerable<(long Fid, string Json)> FeaturePageAsync(
        LayerInfo layer, double[]? bbox, long afterFid, int limit, [EnumeratorCancellation] CancellationToken ct, string? areaPrefix = null)
    {
        if (layer.CurrentVersionId is not int version)
        {
            yield break;
        }

        await using var command = dataSource.CreateCommand(LayerSql.FeaturePage(layer.Kind, bbox is not null, areaPrefix is not null));
        command.Parameters.AddWithValue("version", version);
        if (areaPrefix is not null)
        {
            command.Parameters.AddWithValue("scope_prefix", areaPrefix);
        }
        command.Parameters.AddWithValue("after", afterFid);
        command.Parameters.AddWithValue("limit", limit);
        if (bbox is not null)
        {
            command.Parameters.AddWithValue("minx", bbox[0]);
            command.Parameters.AddWithValue("miny", bbox[1]);
            command.Parameters.AddWithValue("maxx", bbox[2]);
            command.Parameters.AddWithValue("maxy", bbox[3]);
        }

        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return (reader.GetInt64(0), reader.GetString(1));
        }
    }

    public async Task<string?> FeatureAsync(LayerInfo layer, long fid, CancellationToken ct, string? areaPrefix = null)
    {
        if (layer.CurrentVersionId is not int version)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand(LayerSql.Feature(layer.Kind, areaPrefix is not null));
        command.Parameters.AddWithValue("version", version);
        if (areaPrefix is not null)
        {
            command.Parameters.AddWithValue("scope_prefix", areaPrefix);
        }
        command.Parameters.AddWithValue("fid", fid);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private static LayerInfo ReadLayer(NpgsqlDataReader r)
    {
        var kind = Enum.Parse<LayerKind>(r.GetString(1));
        return new LayerInfo(
            r.GetString(0), LayerKinds.Get(kind), r.GetString(2), r.GetBoolean(3),
            r.IsDBNull(4) ? null : r.GetInt32(4),
            r.IsDBNull(5) ? null : r.GetString(5),
            r.IsDBNull(6) ? null : r.GetString(6),
            r.IsDBNull(7) ? null : r.GetInt32(7),
            r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8),
            r.IsDBNull(9) ? 0 : r.GetInt32(9),
            r.IsDBNull(10) ? null : [r.GetDouble(10), r.GetDouble(11), r.GetDouble(12), r.GetDouble(13)]);
    }
}
