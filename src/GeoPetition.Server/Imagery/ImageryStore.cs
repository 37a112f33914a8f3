using System.Text.Json;
using GeoPetition.Server.Tiles;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoPetition.Server.Imagery;

/// <summary>One imagery scene of the catalog.</summary>
/// <param name="SceneId">Scene id (景标识), unique across the imagery layers.</param>
/// <param name="LayerId">The layer holding it.</param>
/// <param name="Sensor">Sensor (e.g. GF-2), when known.</param>
/// <param name="AcquisitionDate">Acquisition date.</param>
/// <param name="ResolutionM">Ground resolution in metres, when known.</param>
/// <param name="CloudPct">Cloud cover in percent, when known.</param>
/// <param name="TileSource">Folder under the tiles directory, or an .mbtiles file.</param>
/// <param name="Footprint">Footprint as GeoJSON (EPSG:4490 lon/lat, 7 decimals).</param>
public sealed record ImageryScene(
    string SceneId, string LayerId, string? Sensor, DateOnly AcquisitionDate, double? ResolutionM, double? CloudPct,
    string? TileSource, JsonElement Footprint);

/// <summary>Reads the scene catalog, and keeps the scene id → tile source index for tile serving.</summary>
public sealed class ImageryStore(NpgsqlDataSource dataSource, LayerCatalogCache catalog)
{
    private volatile TileSourceIndex? _index;

    /// <summary>Scenes whose footprint intersects <paramref name="bbox"/> (lon/lat), acquired between the dates (inclusive).</summary>
    public async Task<IReadOnlyList<ImageryScene>> ScenesAsync(Envelope? bbox, DateOnly? from, DateOnly? to, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ImagerySql.Scenes(bbox is not null, from is not null, to is not null));
        if (bbox is not null)
        {
            command.Parameters.AddWithValue("minx", bbox.MinX);
            command.Parameters.AddWithValue("miny", bbox.MinY);
            command.Parameters.AddWithValue("maxx", bbox.MaxX);
            command.Parameters.AddWithValue("maxy", bbox.MaxY);
        }

        if (from is { } f)
        {
            command.Parameters.AddWithValue("from", f);
        }

        if (to is { } t)
        {
            command.Parameters.AddWithValue("to", t);
        }

        var result = new List<ImageryScene>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(Read(reader, 0));
        }

        return result;
    }

    /// <summary>The best scene before (on or before the date) and after, each null when there is none.</summary>
    public Task<(ImageryScene? Before, ImageryScene? After)> PairAsync(Geometry geometry, DateOnly date, double maxCloudPct, CancellationToken ct) =>
        PairAsync(geometry, date, date.AddDays(1), maxCloudPct, ct);

    /// <summary>The newest clear scene acquired on or before <paramref name="before"/> and the oldest on or after <paramref name="after"/>, each covering the geometry.</summary>
    public async Task<(ImageryScene? Before, ImageryScene? After)> PairAsync(Geometry geometry, DateOnly before, DateOnly after, double maxCloudPct, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(ImagerySql.Pair);
        command.Parameters.AddWithValue("geometry", geometry);
        command.Parameters.AddWithValue("before", before);
        command.Parameters.AddWithValue("after", after);
        command.Parameters.AddWithValue("maxcloud", maxCloudPct);
        ImageryScene? first = null, second = null;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            if (reader.GetString(0) == "before")
            {
                first = Read(reader, 1);
            }
            else
            {
                second = Read(reader, 1);
            }
        }

        return (first, second);
    }

    /// <summary>
    /// The tile source of a scene: (found, tile source). Read from an index rebuilt whenever the layer
    /// catalog changes; a miss is checked again against the database.
    /// </summary>
    public async ValueTask<(bool Found, string? TileSource)> TileSourceAsync(string sceneId, CancellationToken ct)
    {
        var index = await IndexAsync(false, ct);
        if (index.Sources.TryGetValue(sceneId, out var source))
        {
            return (true, source);
        }

        index = await IndexAsync(true, ct);
        return index.Sources.TryGetValue(sceneId, out source) ? (true, source) : (false, null);
    }

    /// <summary>Every scene id (for "unknown scene" messages).</summary>
    public async ValueTask<IReadOnlyCollection<string>> SceneIdsAsync(CancellationToken ct) => (await IndexAsync(false, ct)).Sources.Keys;

    private async ValueTask<TileSourceIndex> IndexAsync(bool reload, CancellationToken ct)
    {
        var generation = catalog.Generation;
        if (!reload && _index is { } known && known.Generation == generation)
        {
            return known;
        }

        var sources = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        await using (var command = dataSource.CreateCommand(ImagerySql.TileSources))
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                // Ordered by layer id descending: the first layer by id overwrites the others.
                sources[reader.GetString(0)] = reader.IsDBNull(1) ? null : reader.GetString(1);
            }
        }

        var index = new TileSourceIndex(generation, sources);
        _index = index;
        return index;
    }

    private static ImageryScene Read(NpgsqlDataReader r, int o) => new(
        r.GetString(o), r.GetString(o + 1), r.IsDBNull(o + 2) ? null : r.GetString(o + 2),
        r.GetFieldValue<DateOnly>(o + 3),
        r.IsDBNull(o + 4) ? null : r.GetDouble(o + 4),
        r.IsDBNull(o + 5) ? null : r.GetDouble(o + 5),
        r.IsDBNull(o + 6) ? null : r.GetString(o + 6),
        JsonDocument.Parse(r.GetString(o + 7)).RootElement.Clone());

    private sealed record TileSourceIndex(long Generation, SortedDictionary<string, string?> Sources);
}
