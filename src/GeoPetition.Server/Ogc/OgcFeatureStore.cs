using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using GeoPetition.Server.Tiles;
using Npgsql;

namespace GeoPetition.Server.Ogc;

/// <summary>
/// Reads OGC collections (the layer catalog) and their features, streaming rows as GeoJSON text.
/// Collections are those the current request's caller may read: a restricted layer is absent for
/// callers without <see cref="Auth.Policies.ReadLayers"/> and filtered by their unit's area for the
/// others (<see cref="Auth.LayerAccess"/>); outside a request (no HttpContext) every layer is read whole.
/// </summary>
public sealed class OgcFeatureStore(NpgsqlDataSource dataSource, LayerCatalogCache catalog, IHttpContextAccessor accessor)
{
    // A version never changes once current, so its temporal extent can be kept for good.
    private readonly ConcurrentDictionary<(int Version, string Column), (string? Start, string? End)> _dateExtents = new();

    /// <summary>Every collection, ordered by id.</summary>
    public async ValueTask<IReadOnlyList<OgcCollection>> CollectionsAsync(CancellationToken ct) =>
        (await catalog.ListAsync(ct)).Select(ForCaller).OfType<OgcCollection>().ToList();

    /// <summary>One collection, or null.</summary>
    public async ValueTask<OgcCollection?> CollectionAsync(string id, CancellationToken ct) =>
        await catalog.GetAsync(id, ct) is { } layer ? ForCaller(layer) : null;

    private OgcCollection? ForCaller(Data.LayerInfo layer) => accessor.HttpContext is not { } http ? OgcCollection.From(layer)
        : !Auth.LayerAccess.CanSee(http, layer.Restricted) ? null
        : OgcCollection.From(layer) with { AreaPrefix = Auth.LayerAccess.AreaPrefix(http, layer.Restricted) };

    /// <summary>
    /// The page's features as (id, GeoJSON Feature as UTF-8), at most <c>limit + 1</c> of them. The
    /// text arrives from PostgreSQL as UTF-8 and is handed on as such, never decoded.
    /// </summary>
    public async IAsyncEnumerable<(long Fid, byte[] Json)> ItemsAsync(OgcCollection collection, ItemsQuery query, [EnumeratorCancellation] CancellationToken ct)
    {
        if (collection.VersionId is not int version)
        {
            yield break;
        }

        var statement = OgcSql.Items(collection.Kind, version, query, collection.AreaPrefix);
        await using var command = Command(statement);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, ct);
        while (await reader.ReadAsync(ct))
        {
            yield return (reader.GetInt64(0), reader.GetFieldValue<byte[]>(1));
        }
    }

    /// <summary>One feature as GeoJSON text, or null.</summary>
    public async Task<string?> ItemAsync(OgcCollection collection, long fid, OgcCrs crs, CancellationToken ct)
    {
        if (collection.VersionId is not int version)
        {
            return null;
        }

        await using var command = Command(OgcSql.Item(collection.Kind, version, fid, crs, collection.AreaPrefix));
        return await command.ExecuteScalarAsync(ct) as string;
    }

    /// <summary>First and last date of the collection's first date field (ISO dates), or nulls.</summary>
    public async Task<(string? Start, string? End)> TemporalExtentAsync(OgcCollection collection, CancellationToken ct)
    {
        if (collection.VersionId is not int version || collection.Kind.DateColumns.Count == 0)
        {
            return (null, null);
        }

        var column = collection.Kind.DateColumns[0];
        if (_dateExtents.TryGetValue((version, column), out var known))
        {
            return known;
        }

        await using var command = Command(OgcSql.DateExtent(collection.Kind, version, column));
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var extent = (reader.IsDBNull(0) ? null : reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1));
        _dateExtents[(version, column)] = extent;
        return extent;
    }

    private NpgsqlCommand Command(OgcSql.Statement statement)
    {
        var command = dataSource.CreateCommand(statement.Sql);
        foreach (var (name, value) in statement.Parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
