namespace GeoPetition.Core.Cases;

/// <summary>A check of one closing criterion of a supervision listing: met or not, by whom, on what evidence.</summary>
public sealed record CriterionCheck(int Criterion, bool Met, string CheckedBy, DateOnly CheckedOn, string? Evidence);

/// <summary>
/// 挂牌督办 / 销号 (SupervisionListing / StrikeOff): a case listed for supervision carries closing
/// criteria; it may be struck off only when every criterion's latest check says met and, when the
/// listing asks for it, the case has its written conclusion.
/// </summary>
public static class SupervisionRules
{
    /// <summary>States in which the case has a written conclusion (办结) in force.</summary>
    public static bool HasConclusion(CaseState s) => s is CaseState.Concluded or CaseState.Served or CaseState.UnderReview or CaseState.Reviewed
        or CaseState.ReviewServed or CaseState.UnderRecheck or CaseState.Hearing or CaseState.Rechecked or CaseState.Final or CaseState.Closed;

    /// <summary>What stands in the way of striking off: one line per unmet criterion (empty when it may be struck off).</summary>
    public static IReadOnlyList<string> Unmet(IReadOnlyList<string> criteria, IEnumerable<CriterionCheck> checks, bool requireConclusion, CaseState state)
    {
        var latest = checks.GroupBy(c => c.Criterion).ToDictionary(g => g.Key, g => g.OrderBy(c => c.CheckedOn).Last());
        var unmet = new List<string>();
        for (var i = 0; i < criteria.Count; i++)
        {
            if (!latest.TryGetValue(i, out var check))
            {
                unmet.Add($"criterion {i} '{criteria[i]}' has not been checked");
            }
            else if (!check.Met)
            {
                unmet.Add($"criterion {i} '{criteria[i]}' was found not met by {check.CheckedBy} on {check.CheckedOn:yyyy-MM-dd}");
            }
        }

        if (requireConclusion && !HasConclusion(state))
        {
            unmet.Add($"the case has no written conclusion yet (it is {state.ApiName()}, {state.Zh()}); the listing requires 办结");
        }

        return unmet;
    }
}

/// <summary>How two petitions are related (repeat detection at intake).</summary>
public enum LinkKind
{
    /// <summary>Related: shares the petitioner, the place or a reference; shown as a suggestion.</summary>
    Related,

    /// <summary>Duplicate of an earlier petition still open: the same petitioner, subject and place.</summary>
    DuplicateOf,
}

/// <summary>Why two petitions were linked.</summary>
[Flags]
public enum LinkReason
{
    /// <summary>No reason.</summary>
    None = 0,

    /// <summary>The same petitioner (keyed hash of the ID number).</summary>
    SamePetitioner = 1,

    /// <summary>Within both location tolerances plus the configured radius.</summary>
    Nearby = 2,

    /// <summary>The same subject (事项类别).</summary>
    SameSubject = 4,

    /// <summary>The same parcel, change spot, approval batch or supply reference.</summary>
    SameReference = 8,
}

/// <summary>Classifies a candidate pair found at intake.</summary>
public static class RepeatRules
{
    /// <summary>
    /// The same petitioner with the same subject at the same place (nearby or same reference), while
    /// the earlier case is still open → <see cref="LinkKind.DuplicateOf"/>; any petitioner match, or the
    /// same subject at the same place → <see cref="LinkKind.Related"/>; otherwise no link.
    /// </summary>
    public static LinkKind? Classify(LinkReason reasons, bool earlierIsOpen)
    {
        var samePlace = reasons.HasFlag(LinkReason.Nearby) || reasons.HasFlag(LinkReason.SameReference);
        if (reasons.HasFlag(LinkReason.SamePetitioner) && reasons.HasFlag(LinkReason.SameSubject) && samePlace)
        {
            return earlierIsOpen ? LinkKind.DuplicateOf : LinkKind.Related;
        }

        if (reasons.HasFlag(LinkReason.SamePetitioner) || (reasons.HasFlag(LinkReason.SameSubject) && samePlace))
        {
            return LinkKind.Related;
        }

        return null;
    }

    /// <summary>Is a case open (not finished at this level)?</summary>
    public static bool IsOpen(CaseState s) => s is not (CaseState.Closed or CaseState.Final or CaseState.NotAccepted or CaseState.Redirected);

    public static string ApiName(this LinkKind k) => k == LinkKind.DuplicateOf ? "duplicate_of" : "related";

    public static IReadOnlyList<string> Names(LinkReason r) =>
        [.. new[] { (LinkReason.SamePetitioner, "same_petitioner"), (LinkReason.Nearby, "nearby"), (LinkReason.SameSubject, "same_subject"), (LinkReason.SameReference, "same_reference") }
            .Where(x => r.HasFlag(x.Item1)).Select(x => x.Item2)];
}

/// <summary>A case's position for 类案 clustering: a point in EPSG:4490 degrees.</summary>
public sealed record CasePoint(long Id, string Subject, double Lon, double Lat);

/// <summary>类案 (CaseGroup): open cases sharing a cause; here the spatial clusters of one subject.</summary>
public static class CaseGrouping
{
    private const double EarthRadiusM = 6_371_008.8;

    /// <summary>
    /// DBSCAN per subject with great-circle distance: cases within <paramref name="radiusM"/> of each
    /// other chain into one cluster; clusters of at least <paramref name="minSize"/> cases are returned,
    /// each sorted by id, in order of their smallest id.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<long>> SpatialClusters(IEnumerable<CasePoint> points, double radiusM, int minSize = 2)
    {
        var clusters = new List<IReadOnlyList<long>>();
        foreach (var group in points.GroupBy(p => p.Subject))
        {
            var list = group.OrderBy(p => p.Id).ToList();
            var seen = new bool[list.Count];
            for (var i = 0; i < list.Count; i++)
            {
                if (seen[i])
                {
                    continue;
                }

                var members = new List<long>();
                var queue = new Queue<int>([i]);
                seen[i] = true;
                while (queue.Count > 0)
                {
                    var k = queue.Dequeue();
                    members.Add(list[k].Id);
                    for (var j = 0; j < list.Count; j++)
                    {
                        if (!seen[j] && DistanceM(list[k], list[j]) <= radiusM)
                        {
                            seen[j] = true;
                            queue.Enqueue(j);
                        }
                    }
                }

                if (members.Count >= minSize)
                {
                    members.Sort();
                    clusters.Add(members);
                }
            }
        }

        return [.. clusters.OrderBy(c => c[0])];
    }

    /// <summary>Haversine distance on the mean sphere (error &lt; 0.5 % against the ellipsoid: enough for grouping).</summary>
    public static double DistanceM(CasePoint a, CasePoint b)
    {
        static double Rad(double d) => d * Math.PI / 180;
        var dLat = Rad(b.Lat - a.Lat);
        var dLon = Rad(b.Lon - a.Lon);
        var h = Math.Pow(Math.Sin(dLat / 2), 2) + (Math.Cos(Rad(a.Lat)) * Math.Cos(Rad(b.Lat)) * Math.Pow(Math.Sin(dLon / 2), 2));
        return 2 * EarthRadiusM * Math.Asin(Math.Min(1, Math.Sqrt(h)));
    }
}
