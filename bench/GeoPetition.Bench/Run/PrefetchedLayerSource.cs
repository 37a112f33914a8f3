using GeoPetition.Core.Layers;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;

namespace GeoPetition.Bench.Run;

/// <summary>
/// Serves features fetched beforehand (by the same PostGIS queries), so the engine's own work —
/// geometry, areas and rules — can be timed apart from fetching.
/// </summary>
internal sealed class PrefetchedLayerSource(IReadOnlyList<LayerVersionRef> versions, IReadOnlyDictionary<LayerKind, IReadOnlyList<LayerFeature>> features) : ILayerSource
{
    public IReadOnlyList<LayerVersionRef> Versions => versions;

    public ValueTask<IReadOnlyList<LayerFeature>> FindAsync(LayerKind kind, Geometry searchArea, CancellationToken ct) =>
        ValueTask.FromResult(features.TryGetValue(kind, out var list) ? list : (IReadOnlyList<LayerFeature>)[]);
}
