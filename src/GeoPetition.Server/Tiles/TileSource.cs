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
/// <param name="IdColumn">The integer column that becomes the MVT feature id.</param>
/// <param name="Condition">
/// An extra SQL condition over the table (alias <c>t</c>), written in code — for petitions,
/// <c>JurisdictionScope.Condition("t")</c> — never from a request; its values come in <paramref name="Parameters"/>.
/// </param>
/// <param name="Parameters">Values the condition binds (names must not collide with z, x, y, name0…, version0…).</param>
/// <param name="Restricted">A restricted layer: hidden from the public, filtered by the reader's area (<see cref="Auth.LayerAccess"/>).</param>
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
    double[]? Bounds,
    string IdColumn = "fid",
    string? Condition = null,
    IReadOnlyList<(string Name, object Value)>? Parameters = null,
    bool Restricted = false);

/// <summary>
/// Supplies tile layers: the layer catalog (<see cref="LayerTileSourceProvider"/>) and the
/// petitions (<see cref="PetitionTileSourceProvider"/>). A provider whose rows depend on who reads
/// them filters by the reader's <see cref="Data.JurisdictionScope"/> and names the scope in the
/// source's cache token, so that tiles cut for one jurisdiction never reach another from the cache.
/// </summary>
public interface ITileSourceProvider
{
    /// <summary>The tile layers this provider serves now to a reader of <paramref name="scope"/>.</summary>
    ValueTask<IReadOnlyList<TileSource>> ListAsync(Data.JurisdictionScope scope, CancellationToken ct);
}

/// <summary>Every layer of the catalog is a tile layer over its kind's table, restricted to its current version.</summary>
public sealed class LayerTileSourceProvider(LayerCatalogCache catalog) : ITileSourceProvider
{
    private volatile Built? _built;

    /// <inheritdoc/>
    public async ValueTask<IReadOnlyList<TileSource>> ListAsync(Data.JurisdictionScope scope, CancellationToken ct)
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
            l.Extent,
            Restricted: l.Restricted)).ToList();
        _built = new Built(layers, sources);
        return sources;
    }

    private sealed record Built(IReadOnlyList<Data.LayerInfo> Layers, IReadOnlyList<TileSource> Sources);
}
