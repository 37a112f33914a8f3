using GeoPetition.Core.Layers;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoPetition.Server.Data;

/// <summary>
/// The engine's layer source over PostGIS: the versions are chosen once (current, or valid at an
/// as-of instant), and each kind is read with one index-backed query (<c>&amp;&amp;</c> on the GiST
/// index, then <c>ST_Intersects</c>) in EPSG:4490, the storage SRID, so no transform defeats the index.
/// </summary>
public sealed class PostgisLayerSource : ILayerSource
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Dictionary<int, LayerVersionRef> _byVersion;

    private PostgisLayerSource(NpgsqlDataSource dataSource, IReadOnlyList<LayerVersionRef> versions)
    {
        _dataSource = dataSource;
        Versions = versions;
        _byVersion = versions.ToDictionary(v => v.VersionId);
    }

    public IReadOnlyList<LayerVersionRef> Versions { get; }

    /// <summary>The current version of every layer, or the version valid at <paramref name="asOf"/> (exclusive end).</summary>
    public static async Task<PostgisLayerSource> OpenAsync(NpgsqlDataSource dataSource, DateTimeOffset? asOf, CancellationToken ct)
    {
        const string current = """
            SELECT l.id, l.kind, v.id, v.source_name, v.source_sha256, v.imported_at
            FROM layer l JOIN layer_version v ON v.id = l.current_version_id ORDER BY l.id
            """;
        const string atInstant = """
            SELECT l.id, l.kind, v.id, v.source_name, v.source_sha256, v.imported_at
            FROM layer l JOIN layer_version v ON v.layer_id = l.id
            WHERE v.valid_from <= @t AND (v.valid_to IS NULL OR v.valid_to > @t) ORDER BY l.id
            """;
        await using var command = dataSource.CreateCommand(asOf is null ? current : atInstant);
        if (asOf is { } t)
        {
            command.Parameters.AddWithValue("t", t);
        }

        var versions = new List<LayerVersionRef>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(new LayerVersionRef(reader.GetString(0), Enum.Parse<LayerKind>(reader.GetString(1)), reader.GetInt32(2),
                reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
        }

        return new PostgisLayerSource(dataSource, versions);
    }

    public async ValueTask<IReadOnlyList<LayerFeature>> FindAsync(LayerKind kind, Geometry searchArea, CancellationToken ct)
    {
        var versionIds = Versions.Where(v => v.Kind == kind).Select(v => v.VersionId).ToArray();
        if (versionIds.Length == 0)
        {
            return [];
        }

        var definition = LayerKinds.Get(kind);
        var columns = string.Join(", ", definition.Fields.Select(f => "t." + LayerSql.Quote(f.Column)));
        var sql = $"""
            SELECT t.fid, t.version_id, {columns}, t.geom
            FROM {LayerSql.Quote(definition.Table)} t
            WHERE t.version_id = ANY(@versions) AND t.geom && @area AND ST_Intersects(t.geom, @area)
            """;
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("versions", versionIds);
        command.Parameters.AddWithValue("area", searchArea);
        var result = new List<LayerFeature>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var attributes = new Dictionary<string, object?>(definition.Fields.Count);
            for (var i = 0; i < definition.Fields.Count; i++)
            {
                attributes[definition.Fields[i].Column] = reader.IsDBNull(i + 2) ? null : reader.GetValue(i + 2) switch
                {
                    DateTime dt => DateOnly.FromDateTime(dt),
                    var v => v,
                };
            }

            var version = _byVersion[reader.GetInt32(1)];
            var geometry = reader.GetFieldValue<Geometry>(definition.Fields.Count + 2);
            result.Add(new LayerFeature(version.LayerId, version.VersionId, reader.GetInt64(0), kind,
                attributes[definition.KeyColumn]?.ToString() ?? "", attributes, geometry));
        }

        return result.OrderBy(f => f.LayerId, StringComparer.Ordinal).ThenBy(f => f.Fid).ToList();
    }
}
