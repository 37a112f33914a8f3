using GeoPetition.Core.Layers;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoPetition.Server.Data;

/// <summary>
/// The engine's layer source over PostGIS: the versions are chosen once (current, or valid at an
/// as-of instant), and each kind is read with one index-backed query (all kinds of a verification
/// in one round trip) (<c>&amp;&amp;</c> on the GiST
/// index, then <c>ST_Intersects</c>) in EPSG:4490, the storage SRID, so no transform defeats the index.
/// </summary>
public sealed class PostgisLayerSource : ILayerSource
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly Dictionary<int, LayerVersionRef> _byVersion;
    private readonly HashSet<int> _restricted;
    private readonly string? _restrictedAreaPrefix;

    private PostgisLayerSource(NpgsqlDataSource dataSource, IReadOnlyList<LayerVersionRef> versions, HashSet<int> restricted, string? restrictedAreaPrefix)
    {
        _dataSource = dataSource;
        Versions = versions;
        _byVersion = versions.ToDictionary(v => v.VersionId);
        _restricted = restricted;
        _restrictedAreaPrefix = restrictedAreaPrefix;
    }

    public IReadOnlyList<LayerVersionRef> Versions { get; }

    /// <summary>
    /// The current version of every layer, or the version valid at <paramref name="asOf"/> (exclusive
    /// end). With <paramref name="restrictedAreaPrefix"/>, features of restricted layers are found only
    /// where they meet the area of that unit (<see cref="JurisdictionScope.AreaCondition"/>), as the
    /// feature, tile and OGC endpoints show them to a reader of that unit.
    /// </summary>
    public static async Task<PostgisLayerSource> OpenAsync(NpgsqlDataSource dataSource, DateTimeOffset? asOf, CancellationToken ct, string? restrictedAreaPrefix = null)
    {
        const string current = """
            SELECT l.id, l.kind, v.id, v.source_name, v.source_sha256, v.imported_at, l.restricted
            FROM layer l JOIN layer_version v ON v.id = l.current_version_id ORDER BY l.id
            """;
        const string atInstant = """
            SELECT l.id, l.kind, v.id, v.source_name, v.source_sha256, v.imported_at, l.restricted
            FROM layer l JOIN layer_version v ON v.layer_id = l.id
            WHERE v.valid_from <= @t AND (v.valid_to IS NULL OR v.valid_to > @t) ORDER BY l.id
            """;
        await using var command = dataSource.CreateCommand(asOf is null ? current : atInstant);
        if (asOf is { } t)
        {
            command.Parameters.AddWithValue("t", t);
        }

        var versions = new List<LayerVersionRef>();
        var restricted = new HashSet<int>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            versions.Add(new LayerVersionRef(reader.GetString(0), Enum.Parse<LayerKind>(reader.GetString(1)), reader.GetInt32(2),
                reader.GetString(3), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetFieldValue<DateTimeOffset>(5)));
            if (reader.GetBoolean(6))
            {
                restricted.Add(reader.GetInt32(2));
            }
        }

        return new PostgisLayerSource(dataSource, versions, restricted, restrictedAreaPrefix);
    }

    public async ValueTask<IReadOnlyList<LayerFeature>> FindAsync(LayerKind kind, Geometry searchArea, CancellationToken ct) =>
        (await FindManyAsync([kind], searchArea, ct))[kind];

    /// <summary>Every kind's candidates in one round trip (an <see cref="NpgsqlBatch"/> of one query per kind).</summary>
    public async ValueTask<IReadOnlyDictionary<LayerKind, IReadOnlyList<LayerFeature>>> FindManyAsync(
        IReadOnlyList<LayerKind> kinds, Geometry searchArea, CancellationToken ct)
    {
        var found = new Dictionary<LayerKind, IReadOnlyList<LayerFeature>>();
        await foreach (var (kind, features) in StreamManyAsync(kinds, searchArea, ct))
        {
            found[kind] = features;
        }

        return found;
    }

    /// <summary>
    /// Every kind's candidates in one round trip, each kind handed over as soon as its rows are read
    /// (PostgreSQL runs the batch's queries one after another and streams their results).
    /// </summary>
    public async IAsyncEnumerable<KeyValuePair<LayerKind, IReadOnlyList<LayerFeature>>> StreamManyAsync(
        IReadOnlyList<LayerKind> kinds, Geometry searchArea, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var queried = new List<LayerKind>();
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using var batch = new NpgsqlBatch(connection);
        foreach (var kind in kinds.Distinct())
        {
            var versionIds = Versions.Where(v => v.Kind == kind).Select(v => v.VersionId).ToArray();
            if (versionIds.Length == 0)
            {
                yield return new(kind, []);
                continue;
            }

            var definition = LayerKinds.Get(kind);
            var columns = string.Join(", ", definition.Fields.Select(f => "t." + LayerSql.Quote(f.Column)));
            var restrictedIds = _restrictedAreaPrefix is null ? [] : versionIds.Where(_restricted.Contains).ToArray();
            var command = new NpgsqlBatchCommand($"""
                SELECT t.fid, t.version_id, {columns}, t.geom
                FROM {LayerSql.Quote(definition.Table)} t
                WHERE t.version_id = ANY($1) AND t.geom && $2 AND ST_Intersects(t.geom, $2)
                {(restrictedIds.Length == 0 ? "" : $"AND (t.version_id <> ALL($3) OR {JurisdictionScope.AreaCondition("t", "$4")})")}
                """);
            command.Parameters.Add(new NpgsqlParameter { Value = versionIds });
            command.Parameters.Add(new NpgsqlParameter { Value = searchArea });
            if (restrictedIds.Length > 0)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = restrictedIds });
                command.Parameters.Add(new NpgsqlParameter { Value = _restrictedAreaPrefix });
            }
            batch.BatchCommands.Add(command);
            queried.Add(kind);
        }

        if (queried.Count == 0)
        {
            yield break;
        }

        await using var reader = await batch.ExecuteReaderAsync(ct);
        foreach (var kind in queried)
        {
            var definition = LayerKinds.Get(kind);
            var result = new List<LayerFeature>();
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

            IReadOnlyList<LayerFeature> ordered = result.OrderBy(f => f.LayerId, StringComparer.Ordinal).ThenBy(f => f.Fid).ToList();
            await reader.NextResultAsync(ct);
            yield return new(kind, ordered);
        }
    }
}
