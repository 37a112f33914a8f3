using GeoPetition.Core.Layers;
using GeoPetition.Server.Data;

namespace GeoPetition.Server.Ogc;

/// <summary>
/// A feature collection of the OGC API: one layer of the catalog, read at its current version.
/// Table and column names come from the layer kind (code), never from a request.
/// </summary>
/// <param name="Id">Collection id (the layer id).</param>
/// <param name="Title">Title.</param>
/// <param name="Kind">The layer kind: table, fields and date fields.</param>
/// <param name="VersionId">The current version (null: the layer has never been imported; no items).</param>
/// <param name="Extent">Lon/lat extent of the current version, when known.</param>
/// <param name="AreaPrefix">For a restricted layer read by a unit: only features meeting that unit's area (<see cref="Auth.LayerAccess"/>).</param>
public sealed record OgcCollection(string Id, string Title, LayerKindDefinition Kind, int? VersionId, double[]? Extent, string? AreaPrefix = null)
{
    /// <summary>The collection of a catalog layer.</summary>
    public static OgcCollection From(LayerInfo layer) => new(layer.Id, layer.Title, layer.Kind, layer.CurrentVersionId, layer.Extent);
}

/// <summary>What an items request asks for, after parsing.</summary>
/// <param name="Crs">Output CRS.</param>
/// <param name="Bbox">Envelope in EPSG:4490 lon/lat, or null.</param>
/// <param name="DateColumn">The date field <paramref name="Dates"/> applies to.</param>
/// <param name="Dates">datetime range, or null.</param>
/// <param name="Properties">Equality filters on catalog columns.</param>
/// <param name="Filter">Parsed CQL2 filter, or null.</param>
/// <param name="FilterCrs">CRS of the spatial literals in <paramref name="Filter"/> (filter-crs; CRS84 by default).</param>
/// <param name="After">Keyset cursor: only features with a larger id.</param>
/// <param name="Limit">Page size.</param>
public sealed record ItemsQuery(
    OgcCrs Crs,
    NetTopologySuite.Geometries.Envelope? Bbox,
    string? DateColumn,
    DateRange? Dates,
    IReadOnlyList<PropertyFilter> Properties,
    Cql2.CqlExpression? Filter,
    OgcCrs FilterCrs,
    long After,
    int Limit);
