using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Data;
using Npgsql;

namespace GeoPetition.Server.Tiles;

/// <summary>
/// Petitions as the tile layer <c>petitions</c>: location, case status and latest finding from the
/// view <c>petition_map</c> (migration 035; no personal data), restricted to the reader's
/// jurisdiction through <see cref="JurisdictionScope.Condition"/> like every other read of petitions.
/// </summary>
/// <remarks>
/// The cache token is <c>c{generation}.{scope}</c>: the generation counts committed changes of
/// petitions and their verifications (<c>map_change</c>), so a new petition, a status change or a
/// new finding gives the layer's tiles new ETags at once; the scope is part of the token, so tiles
/// cut for one jurisdiction are never served from the cache to another. The generation is read
/// again only after a change notification (or on every request while the listener is down).
/// </remarks>
public sealed class PetitionTileSourceProvider(NpgsqlDataSource dataSource, LayerCatalogCache catalog) : ITileSourceProvider
{
    /// <summary>The tile layer id.</summary>
    public const string LayerId = "petitions";

    /// <summary>The attributes in the tile, columns of <c>petition_map</c>.</summary>
    public static readonly IReadOnlyList<LayerField> Attributes =
    [
        new("case_no", FieldType.Text, "信访件编号", "Case number"),
        new("channel", FieldType.Text, "信访渠道", "Channel"),
        new("category", FieldType.Text, "信访类别", "Category"),
        new("subject", FieldType.Text, "信访事项", "Subject"),
        new("status", FieldType.Text, "办理状态", "Status"),
        new("received_on", FieldType.Date, "收件日期", "Received"),
        new("xzqdm", FieldType.Text, "行政区代码", "County code"),
        new("routing_review", FieldType.Boolean, "待核属地", "Routing review"),
        new("finding", FieldType.Text, "核查结论", "Latest finding"),
    ];

    private volatile Cached? _cached;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<TileSource>> ListAsync(JurisdictionScope scope, CancellationToken ct)
    {
        var (generation, bounds) = await StateAsync(ct);
        var prefix = scope.Prefix;
        return
        [
            new TileSource(
                LayerId, "信访件 Petitions", "petition_map", "geom", Srids.Storage, GeometryFamily.Point, Attributes,
                VersionId: null,
                CacheToken: $"c{generation}.{prefix ?? "all"}",
                Bounds: bounds,
                IdColumn: "id",
                Condition: JurisdictionScope.Condition("t"),
                Parameters: [("scope_prefix", (object?)prefix ?? DBNull.Value)]),
        ];
    }

    private async ValueTask<(long Generation, double[]? Bounds)> StateAsync(CancellationToken ct)
    {
        var seen = catalog.Generation;
        if (catalog.IsListening && _cached is { } cached && cached.CatalogGeneration == seen)
        {
            return (cached.Generation, cached.Bounds);
        }

        await using var command = dataSource.CreateCommand("SELECT generation FROM map_change WHERE name = 'petitions'");
        var generation = await command.ExecuteScalarAsync(ct) is long g ? g : 0;

        // The petitions lie inside the counties: their extent is the map's starting view.
        var bounds = Union((await catalog.ListAsync(ct)).Where(l => l.Kind.Kind == LayerKind.Jurisdiction).Select(l => l.Extent));
        if (catalog.IsListening && catalog.Generation == seen)
        {
            _cached = new Cached(seen, generation, bounds);
        }

        return (generation, bounds);
    }

    private static double[]? Union(IEnumerable<double[]?> extents)
    {
        double[]? union = null;
        foreach (var e in extents)
        {
            if (e is not { Length: 4 })
            {
                continue;
            }

            union = union is null
                ? [.. e]
                : [Math.Min(union[0], e[0]), Math.Min(union[1], e[1]), Math.Max(union[2], e[2]), Math.Max(union[3], e[3])];
        }

        return union;
    }

    private sealed record Cached(long CatalogGeneration, long Generation, double[]? Bounds);
}
