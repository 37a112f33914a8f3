using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GeoPetition.Core.Verification;

/// <summary>
/// Where the engine gets candidate features: PostGIS in the server, memory in tests and tools.
/// Two members (and a batched form of the second with a default), so that both implementations are
/// easy to keep equivalent (a contract test does).
/// </summary>
public interface ILayerSource
{
    /// <summary>The layer versions this source serves (the versions a verification consults).</summary>
    IReadOnlyList<LayerVersionRef> Versions { get; }

    /// <summary>
    /// Features of the given kind whose geometry intersects <paramref name="searchArea"/>
    /// (EPSG:4490), over every layer of that kind, ordered by layer id then fid.
    /// </summary>
    ValueTask<IReadOnlyList<LayerFeature>> FindAsync(LayerKind kind, Geometry searchArea, CancellationToken ct);

    /// <summary>
    /// <see cref="FindAsync"/> for several kinds at once: the same features, by kind. A source with
    /// a cost per request (PostGIS: one round trip) reads them together; by default kind by kind.
    /// </summary>
    async ValueTask<IReadOnlyDictionary<LayerKind, IReadOnlyList<LayerFeature>>> FindManyAsync(
        IReadOnlyList<LayerKind> kinds, Geometry searchArea, CancellationToken ct)
    {
        var found = new Dictionary<LayerKind, IReadOnlyList<LayerFeature>>();
        foreach (var kind in kinds)
        {
            found[kind] = await FindAsync(kind, searchArea, ct);
        }

        return found;
    }

    /// <summary>
    /// <see cref="FindManyAsync"/> kind by kind, each as soon as it is read, so that the caller can
    /// work on one kind while the next are still arriving. By default from <see cref="FindManyAsync"/>.
    /// </summary>
    async IAsyncEnumerable<KeyValuePair<LayerKind, IReadOnlyList<LayerFeature>>> StreamManyAsync(
        IReadOnlyList<LayerKind> kinds, Geometry searchArea, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var pair in await FindManyAsync(kinds, searchArea, ct))
        {
            yield return pair;
        }
    }
}

/// <summary>An in-memory layer source over an STR-tree per kind.</summary>
public sealed class InMemoryLayerSource : ILayerSource
{
    private readonly Dictionary<LayerKind, STRtree<LayerFeature>> _trees = [];

    public InMemoryLayerSource(IEnumerable<LayerFeature> features, IReadOnlyList<LayerVersionRef> versions)
    {
        Versions = versions;
        foreach (var group in features.GroupBy(f => f.Kind))
        {
            var tree = new STRtree<LayerFeature>();
            foreach (var f in group)
            {
                tree.Insert(f.Geometry.EnvelopeInternal, f);
            }

            tree.Build();
            _trees[group.Key] = tree;
        }
    }

    public IReadOnlyList<LayerVersionRef> Versions { get; }

    public ValueTask<IReadOnlyList<LayerFeature>> FindAsync(LayerKind kind, Geometry searchArea, CancellationToken ct)
    {
        if (!_trees.TryGetValue(kind, out var tree))
        {
            return ValueTask.FromResult<IReadOnlyList<LayerFeature>>([]);
        }

        var prepared = NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(searchArea);
        IReadOnlyList<LayerFeature> hits = tree.Query(searchArea.EnvelopeInternal)
            .Where(f => prepared.Intersects(f.Geometry))
            .OrderBy(f => f.LayerId, StringComparer.Ordinal).ThenBy(f => f.Fid)
            .ToList();
        return ValueTask.FromResult(hits);
    }
}
