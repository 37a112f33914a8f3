using System.Collections;

namespace GeoPetition.Core.Verification;

/// <summary>
/// A fixed list of features (a copy, never changed): the features of one kind, or a class of
/// land-use polygons, that a rule overlays many times. Being fixed, it can be recognised by
/// reference, so <see cref="Overlay.Cover"/> indexes it once per verification instead of scanning
/// every feature at every call (R9 covers each spot with the base year's cropland).
/// </summary>
public sealed class FeatureSet : IReadOnlyList<LayerFeature>
{
    private readonly LayerFeature[] _items;

    public FeatureSet(IEnumerable<LayerFeature> features) => _items = features.ToArray();

    public static FeatureSet Empty { get; } = new([]);

    public int Count => _items.Length;

    public LayerFeature this[int index] => _items[index];

    public IEnumerator<LayerFeature> GetEnumerator() => ((IEnumerable<LayerFeature>)_items).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _items.GetEnumerator();
}
