using GeoPetition.Core.Layers;

namespace GeoPetition.Server.Tiles;

/// <summary>
/// One layer of vector tiles: which table rows, which attributes, and a token that changes
/// whenever those rows change (it goes into the ETag). <see cref="Table"/>, <see cref="GeometryColumn"/>
/// and the attribute columns come from the catalog in code, never from a request, and are quoted
/// when put into SQL.
/// </summary>
/// <param name="Id">The tile layer id: URL segment and MVT layer name.</param>
/// <param name="Title">Human title (TileJSON description).</param>
/// <param name="Table">Table to read.</param>
/// <param name="GeometryColumn">Geometry column (stored in <paramref name="Srid"/>, with a GiST index).</param>
/// <param name="Srid">SRID of the geometry column; the tile envelope is transformed into it for the index filter.</param>
/// <param name="Geometry">Geometry family (points are never dropped for size).</param>
/// <param name="Attributes">Attributes put into the tile, in order.</param>
/// <param name="VersionId">When set, only rows with this <c>version_id</c>; null reads the whole table.</param>
/// <param name="CacheToken">Changes whenever the visible rows may have changed (e.g. "v42" for layer version 42).</param>
/// <param name="Bounds">Extent in lon/lat (minLon, minLat, maxLon, maxLat) when known.</param>
public sealed record TileSource(
    string Id,
    string Title,
    string Table,
    string GeometryColumn,
    int Srid,
    GeometryFamily Geometry,
    IReadOnlyList<LayerField> Attributes,
    int? VersionId,
    string CacheToken,
    double[]? Bounds);

/// <summary>
/// Supplies tile layers. The layer catalog is one provider (<see cref="LayerTileSourceProvider"/>);
/// petitions (issue 3) become a tile layer by registering one more provider that returns a
/// <see cref="TileSource"/> over the petition table. Its <see cref="TileSource.CacheToken"/> must
/// change with every petition change and include the reader's jurisdiction scope.
/// </summary>
public interface ITileSourceProvider
{
    /// <summary>The tile layers this provider serves now.</summary>
    ValueTask<IReadOnlyList<TileSource>> ListAsync(CancellationToken ct);
}

/// <summary>Every layer of the catalog is a tile layer over its kind's table, restricted to its current version.</summary>
public sealed class LayerTileSourceProvider(LayerCatalogCache catalog) : ITileSourceProvider
{
    private volatile Built? _built;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<TileSource>> ListAsync(CancellationToken ct)
    {
        var layers = await catalog.ListAsync(ct);

        // The catalog hands out the same list until it changes; build the sources once per list.
        if (_built is { } built && ReferenceEquals(built.Layers, layers))
        {
            return built.Sources;
        }

        var sources = layers.Select(l => new TileSource(
            l.Id, l.Title, l.Kind.Table, "geom", Core.Spatial.Srids.Storage, l.Kind.Geometry,
            TileAttributes.For(l.Kind),
            l.CurrentVersionId ?? 0,
            l.CurrentVersionId is int v ? "v" + v.ToString(System.Globalization.CultureInfo.InvariantCulture) : "empty",
            l.Extent)).ToList();
        _built = new Built(layers, sources);
        return sources;
    }

    private sealed record Built(IReadOnlyList<Data.LayerInfo> Layers, IReadOnlyList<TileSource> Sources);
}
