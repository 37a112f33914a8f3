using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Verification;

/// <summary>
/// Everything a rule set reads: the overlay, the features of every kind near the petition (those
/// that did not exist yet on the check date already removed), the claim and the check date.
/// </summary>
public sealed class RuleContext(
    Overlay overlay, IReadOnlyDictionary<LayerKind, IReadOnlyList<LayerFeature>> features,
    ClaimInput claim, DateOnly checkDate, VerificationOptions options)
{
    public Overlay Overlay { get; } = overlay;
    public ClaimInput Claim { get; } = claim;
    public DateOnly CheckDate { get; } = checkDate;
    public VerificationOptions Options { get; } = options;

    private readonly Dictionary<LayerKind, FeatureSet> _sets = features.ToDictionary(kv => kv.Key, kv => kv.Value as FeatureSet ?? new FeatureSet(kv.Value));

    /// <summary>The features of a kind (one fixed set per kind, which the overlay indexes once).</summary>
    public FeatureSet All(LayerKind kind) => _sets.TryGetValue(kind, out var set) ? set : FeatureSet.Empty;

    /// <summary>Features of a kind whose overlap with the petition is significant (§7.0).</summary>
    public IReadOnlyList<LayerFeature> Significant(LayerKind kind) => All(kind).Where(f => Overlay.Hit(f).Significant).ToList();

    /// <summary>Features of a kind that overlap <paramref name="zoneArea"/> by more than AREA_EPS.</summary>
    public IReadOnlyList<LayerFeature> Overlapping(LayerKind kind, Geometry zoneArea) =>
        zoneArea.IsEmpty ? [] : All(kind).Where(f => Overlay.OverlapIsSignificant(zoneArea, Overlay.Project(f))).ToList();

    /// <summary>The union of the features' whole zone geometries, also outside the petition.</summary>
    public Geometry Union(IEnumerable<LayerFeature> fs) => Overlay.UnionOf(fs);

    /// <summary>
    /// The part of the petition inside the union of the features: what a rule needs whenever it
    /// intersects the union with part of the petition (the change, a spot's part), and much cheaper
    /// than the whole union because only the clipped parts are overlaid.
    /// </summary>
    public Geometry Within(IEnumerable<LayerFeature> fs) => Overlay.Within(fs);

    /// <summary>The survey years available, oldest first.</summary>
    public IReadOnlyList<int> SurveyYears =>
        All(LayerKind.LandUse).Select(f => (int)(f.Number("sjnf") ?? 0)).Where(y => y > 0 && y <= CheckDate.Year).Distinct().Order().ToList();

    /// <summary>Land-use polygons of one survey year.</summary>
    public FeatureSet LandUse(int year) => new(All(LayerKind.LandUse).Where(f => (int)(f.Number("sjnf") ?? 0) == year));

    public static string Fmt(double m2) => FormattableString.Invariant($"{m2:0.##} m² ({Spatial.Areas.ToMu(m2):0.###} 亩)");

    public static string FmtEn(double m2) => FormattableString.Invariant($"{m2:0.##} m² ({Spatial.Areas.ToMu(m2):0.###} mu)");

    public static string D(DateOnly? d) => d?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
