using GeoPetition.Core.Layers;
using GeoPetition.Core.Verification;

namespace GeoPetition.Core.Evidence;

/// <summary>
/// The dates an evidence map's before/after imagery is chosen around: the "before" scene is the
/// newest clear scene acquired on or before <see cref="BeforeOnOrBefore"/>, the "after" scene the
/// oldest acquired on or after <see cref="AfterOnOrAfter"/>.
/// </summary>
/// <param name="SpotKey">The change spot (监测编号) whose window was used, or null when the window is the reference date.</param>
/// <param name="Reason">Why these dates, for the map and the report (zh and en).</param>
public sealed record ImageryWindow(DateOnly BeforeOnOrBefore, DateOnly AfterOnOrAfter, string? SpotKey, string Reason)
{
    /// <summary>
    /// When a finding cites a change spot (卫片图斑), the images should be the ones that show that
    /// change: the scenes at its earlier and later image dates (前时相 qsx, 后时相 hsx), so the panels
    /// show what the monitoring saw. The spot chosen is the cited one that matters most: significant
    /// overlaps first, then the largest overlap area, then the smallest key (deterministic). Without
    /// a cited spot (or when its dates are missing or inverted) the window is the reference day (the
    /// day the petition was received, or the check date of an ad-hoc verification): the newest scene
    /// on or before it and the oldest after it.
    /// </summary>
    public static ImageryWindow For(VerificationResult? result, DateOnly reference)
    {
        var spot = result?.Claims
            .SelectMany(c => c.Evidence)
            .Where(h => h.Kind == LayerKind.ChangeSpot)
            .Select(h => (Hit: h, Qsx: Parse(h, "qsx"), Hsx: Parse(h, "hsx")))
            .Where(s => s.Qsx is not null && s.Hsx is not null && s.Qsx < s.Hsx)
            .OrderByDescending(s => s.Hit.Significant)
            .ThenByDescending(s => s.Hit.AreaM2)
            .ThenBy(s => s.Hit.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        if (spot is { Hit: { } hit, Qsx: DateOnly qsx, Hsx: DateOnly hsx })
        {
            return new ImageryWindow(qsx, hsx, hit.Key,
                $"图斑 {hit.Key} 前时相 {qsx:yyyy-MM-dd} / 后时相 {hsx:yyyy-MM-dd} · scenes of change spot {hit.Key}'s image dates");
        }

        return new ImageryWindow(reference, reference.AddDays(1), null,
            $"参考日 {reference:yyyy-MM-dd} 前后 · scenes either side of {reference:yyyy-MM-dd}");
    }

    private static DateOnly? Parse(FeatureHit hit, string column) =>
        hit.Attributes.TryGetValue(column, out var value) && DateOnly.TryParse(value, System.Globalization.CultureInfo.InvariantCulture, out var date) ? date : null;
}
