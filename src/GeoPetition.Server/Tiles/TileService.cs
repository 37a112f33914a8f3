using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GeoPetition.Server.Tiles;

/// <summary>
/// Finds tile layers and produces tiles: one SQL statement per tile (<see cref="TileSql"/>), kept
/// in a size-bounded memory cache under its ETag. The ETag names every layer with its cache token
/// (its current version), and the tile, so a new layer version gives its tiles new ETags at once
/// and old entries simply age out of the cache.
/// </summary>
public sealed class TileService(
    NpgsqlDataSource dataSource, IEnumerable<ITileSourceProvider> providers, LayerCatalogCache catalog,
    IOptions<TileOptions> options, ILogger<TileService> logger)
    : IDisposable
{
    /// <summary>Bumped when the tile contents change for the same data (attributes, SQL): old ETags then no longer match.</summary>
    private const string FormatGeneration = "t1";

    private readonly TileOptions _options = options.Value;
    private readonly MemoryCache? _cache = options.Value.CacheMegabytes > 0
        ? new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CacheMegabytes * 1024L * 1024L })
        : null;

    /// <summary>The settings in use.</summary>
    public TileOptions Options => _options;

    private readonly ITileSourceProvider[] _providers = providers.ToArray();

    /// <summary>Every tile layer a reader of <paramref name="scope"/> may read, ordered by id.</summary>
    public async ValueTask<IReadOnlyList<TileSource>> ListAsync(Data.JurisdictionScope scope, CancellationToken ct)
    {
        if (_providers.Length == 1)
        {
            return await _providers[0].ListAsync(scope, ct);
        }

        var all = new List<TileSource>();
        foreach (var provider in _providers)
        {
            all.AddRange(await provider.ListAsync(scope, ct));
        }

        all.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        return all;
    }

    /// <summary>
    /// The tile layers with the given ids, in the order given; null with the first unknown id. A miss
    /// is checked again against the database (a layer created a moment ago, before its notification).
    /// </summary>
    public async ValueTask<(IReadOnlyList<TileSource>? Sources, string? Unknown, IReadOnlyList<TileSource> All)> FindAsync(
        IReadOnlyList<string> ids, Data.JurisdictionScope scope, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var all = await ListAsync(scope, ct);
            var found = new List<TileSource>(ids.Count);
            string? unknown = null;
            foreach (var id in ids)
            {
                var source = Find(all, id);
                if (source is null)
                {
                    unknown = id;
                    break;
                }

                found.Add(source);
            }

            if (unknown is null)
            {
                return (found, null, all);
            }

            if (attempt > 0 || !catalog.IsListening)
            {
                return (null, unknown, all);
            }

            catalog.Invalidate();
        }
    }

    private static TileSource? Find(IReadOnlyList<TileSource> all, string id)
    {
        foreach (var source in all)
        {
            if (source.Id == id)
            {
                return source;
            }
        }

        return null;
    }

    /// <summary>The strong ETag of a tile (quoted), e.g. <c>"t1:land_use.v12/14/13312/6912"</c>.</summary>
    public static string ETag(IReadOnlyList<TileSource> sources, TileCoordinate tile)
    {
        var text = new StringBuilder("\"").Append(FormatGeneration).Append(':');
        for (var i = 0; i < sources.Count; i++)
        {
            text.Append(i == 0 ? "" : "+").Append(sources[i].Id).Append('.').Append(sources[i].CacheToken);
        }

        return text.Append('/').Append(tile.ToString()).Append('"').ToString();
    }

    /// <summary>The tile (an empty array when no feature touches it), from the cache or the database.</summary>
    public async Task<byte[]> GetTileAsync(IReadOnlyList<TileSource> sources, TileCoordinate tile, CancellationToken ct)
    {
        var etag = ETag(sources, tile);
        if (_cache is not null && _cache.TryGetValue(etag, out byte[]? cached) && cached is not null)
        {
            return cached;
        }

        var bytes = await GenerateAsync(sources, tile, ct);
        _cache?.Set(etag, bytes, new MemoryCacheEntryOptions { Size = bytes.Length + etag.Length + 64 });
        return bytes;
    }

    /// <summary>Runs the tile statement; a tile above <see cref="TileOptions.MaxTileBytes"/> is generated again, coarser.</summary>
    public async Task<byte[]> GenerateAsync(IReadOnlyList<TileSource> sources, TileCoordinate tile, CancellationToken ct)
    {
        byte[] bytes = [];
        for (var step = 0; step <= _options.MaxGeneralisationSteps; step++)
        {
            var statement = TileSql.Build(sources, tile, TileGeneralisation.For(tile, _options, step));
            await using var command = dataSource.CreateCommand(statement.Sql);
            foreach (var (name, value) in statement.Parameters)
            {
                command.Parameters.AddWithValue(name, value);
            }

            bytes = await command.ExecuteScalarAsync(ct) as byte[] ?? [];
            if (bytes.Length <= _options.MaxTileBytes)
            {
                return bytes;
            }
        }

        logger.LogWarning("Tile {Tile} of {Layers} is {Bytes} bytes even at the coarsest generalisation", tile, string.Join(",", sources.Select(s => s.Id)), bytes.Length);
        return bytes;
    }

    /// <inheritdoc/>
    public void Dispose() => _cache?.Dispose();
}
