using GeoPetition.Server.Data;
using Npgsql;

namespace GeoPetition.Server.Tiles;

/// <summary>
/// The layer catalog (every layer with its current version) as the map-serving endpoints read it
/// on every request, kept in memory and dropped whenever PostgreSQL reports a change of the
/// <c>layer</c> table on channel <see cref="Channel"/> (migration 010; an import that makes a new
/// version current updates <c>layer.current_version_id</c>, which notifies on commit).
/// </summary>
/// <remarks>
/// While the listening connection is down the cache is bypassed: every read goes to the database,
/// so a missed notification can never serve a superseded version. With the listener up, a reader
/// sees a new version as soon as PostgreSQL has delivered the notification (normally well under a
/// millisecond after the commit). <see cref="Generation"/> changes with every invalidation, so
/// caches derived from the catalog (the imagery scene index) can key on it.
/// </remarks>
public sealed class LayerCatalogCache(LayerStore store, NpgsqlDataSource dataSource, ILogger<LayerCatalogCache> logger) : BackgroundService
{
    /// <summary>The notification channel of migration 010.</summary>
    public const string Channel = "geopetition_layer_changed";

    private long _generation;
    private volatile bool _listening;
    private volatile Snapshot? _snapshot;

    /// <summary>Changes whenever the cached catalog is dropped; also while the listener is down.</summary>
    public long Generation => _listening ? Interlocked.Read(ref _generation) : -Environment.TickCount64;

    /// <summary>True while notifications are received (the cache is in use).</summary>
    public bool IsListening => _listening;

    /// <summary>Every layer with its current version, ordered by id.</summary>
    public async ValueTask<IReadOnlyList<LayerInfo>> ListAsync(CancellationToken ct)
    {
        if (!_listening)
        {
            return await store.ListAsync(ct);
        }

        var generation = Interlocked.Read(ref _generation);
        if (_snapshot is { } snapshot && snapshot.Generation == generation)
        {
            return snapshot.Layers;
        }

        var layers = await store.ListAsync(ct);

        // Keep the result only if nothing changed while it was read.
        if (_listening && Interlocked.Read(ref _generation) == generation)
        {
            _snapshot = new Snapshot(generation, layers);
        }

        return layers;
    }

    /// <summary>
    /// One layer, or null when there is no layer with that id. A miss is checked against the
    /// database, so a layer created a moment ago is found even before its notification arrives.
    /// </summary>
    public async ValueTask<LayerInfo?> GetAsync(string id, CancellationToken ct)
    {
        if (Find(await ListAsync(ct), id) is { } layer)
        {
            return layer;
        }

        if (!_listening)
        {
            return null;
        }

        Invalidate();
        return Find(await ListAsync(ct), id);
    }

    private static LayerInfo? Find(IReadOnlyList<LayerInfo> layers, string id)
    {
        foreach (var layer in layers)
        {
            if (layer.Id == id)
            {
                return layer;
            }
        }

        return null;
    }

    /// <summary>Drops the cached catalog (also called on every notification).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref _generation);
        _snapshot = null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                Invalidate();
                _listening = true;
                while (!stoppingToken.IsCancellationRequested)
                {
                    // Wake up now and then to find out whether the connection is still alive.
                    if (!await connection.WaitAsync(TimeSpan.FromSeconds(30), stoppingToken))
                    {
                        await using var ping = new NpgsqlCommand("SELECT 1", connection);
                        await ping.ExecuteScalarAsync(stoppingToken);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException or TimeoutException or System.IO.IOException)
            {
                logger.LogWarning(e, "Layer change listener lost its connection; reading the catalog from the database until it is back");
            }
            finally
            {
                _listening = false;
                Invalidate();
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(2), stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private sealed record Snapshot(long Generation, IReadOnlyList<LayerInfo> Layers);
}
