using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;
using static GeoPetition.Core.Verification.RuleContext;

namespace GeoPetition.Core.Verification;

/// <summary>
/// §7.3 不动产登记: D1 overlapping registration, D2 duplicate unit number, D3 boundary dispute,
/// D4 recorded area. D5 and D6 need the registration application file (dates of acceptance and
/// registration), which is not a layer here; they are not evaluated.
/// </summary>
public static class RegistrationRules
{
    /// <summary>D1, D2, D4 for a registration claim.</summary>
    public static List<RuleHit> Evaluate(RuleContext c)
    {
        var hits = new List<RuleHit>();
        var o = c.Overlay;
        var parcels = Current(c.All(LayerKind.RegisteredParcel)).Where(q => o.Hit(q).AreaM2 > o.AreaEpsilonM2 || IsReferenced(c, q)).ToList();

        // D1 — two current use rights of the same vertical layer overlapping beyond TOL_CAD.
        for (var i = 0; i < parcels.Count; i++)
        {
            for (var j = i + 1; j < parcels.Count; j++)
            {
                var (a, b) = (parcels[i], parcels[j]);
                if (a.Text("bdcdyh") is { } ua && ua == b.Text("bdcdyh"))
                {
                    continue;
                }

                // An ownership parcel legitimately contains use-right parcels; two ownership parcels,
                // or two use rights of one vertical layer, must not overlap.
                if (ParcelCodes.IsOwnership(a.Text("zddm")) != ParcelCodes.IsOwnership(b.Text("zddm"))
                    || ParcelCodes.Layer(a.Text("zddm")) != ParcelCodes.Layer(b.Text("zddm")))
                {
                    continue;
                }

                // Disjoint boxes cannot overlap: skip the two negative buffers.
                if (!o.Project(a).EnvelopeInternal.Intersects(o.Project(b).EnvelopeInternal))
                {
                    continue;
                }

                var tol = Math.Max(Tolerance(a, c.Options), Tolerance(b, c.Options));
                var overlap = o.IntersectionArea(o.Project(a).Buffer(-tol), o.Project(b).Buffer(-tol));
                if (overlap > o.Epsilon(Math.Min(o.Area(o.Project(a)), o.Area(o.Project(b)))))
                {
                    hits.Add(new RuleHit("D1", Finding.Substantiated,
                        $"登记重叠：宗地 {a.Text("zddm")}（{a.Text("qlr")}）与 {b.Text("zddm")}（{b.Text("qlr")}）在扣除界址点精度 {tol:0.##} m 后仍重叠 {Fmt(overlap)}，应办理更正登记。",
                        $"Overlapping registration: parcels {a.Text("zddm")} and {b.Text("zddm")} still overlap by {FmtEn(overlap)} after allowing {tol:0.##} m boundary accuracy; a correction registration is due.",
                        "不动产登记暂行条例 第八条；民法典 第二百二十条", [a.Key, b.Key], overlap));
                }
            }
        }

        // D2 — one unit number, two different current holders of an exclusive right.
        foreach (var group in parcels.Where(q => !string.IsNullOrEmpty(q.Text("bdcdyh"))).GroupBy(q => q.Text("bdcdyh")!))
        {
            var holders = group.Select(q => q.Text("qlr")).Where(h => h is not null).Distinct().ToList();
            if (holders.Count > 1)
            {
                hits.Add(new RuleHit("D2", Finding.Substantiated,
                    $"重复登记：不动产单元号 {group.Key} 同时登记在 {string.Join("、", holders)} 名下。",
                    $"Duplicate registration: unit number {group.Key} is registered to {string.Join(", ", holders)} at the same time.",
                    "不动产登记暂行条例 第八条（不动产单元具有唯一编码）", group.Select(q => q.Key).ToList()));
            }
        }

        // D4 — the recorded area against the area of the registered boundary.
        foreach (var q in Target(c, parcels) is { } t ? [t] : Array.Empty<LayerFeature>())
        {
            if (q.Number("zdmj") is not double recorded)
            {
                continue;
            }

            var g = o.Project(q);
            var computed = o.Area(g);
            var allowed = Math.Max(Math.Max(c.Options.AreaEpsilonM2, c.Options.AreaEpsilonShare * computed), g.Length * Tolerance(q, c.Options));
            if (Math.Abs(recorded - computed) > allowed)
            {
                hits.Add(new RuleHit("D4", Finding.Substantiated,
                    $"面积记载误差：宗地 {q.Text("zddm")} 登记面积 {recorded:0.##} m²，按界址计算 {computed:0.##} m²，差 {recorded - computed:0.##} m²，超过允许误差 {allowed:0.##} m²，应更正登记。",
                    $"Recorded area wrong: parcel {q.Text("zddm")} is recorded as {recorded:0.##} m², its boundary gives {computed:0.##} m², a difference of {recorded - computed:0.##} m² beyond the allowed {allowed:0.##} m²; a correction is due.",
                    "不动产登记暂行条例 第八条；民法典 第二百二十条", [q.Key], computed));
            }
        }

        if (hits.Count == 0)
        {
            hits.Add(new RuleHit("D1", Finding.NotSubstantiated,
                parcels.Count == 0
                    ? "信访位置无现势登记宗地。"
                    : $"信访位置的现势宗地 {string.Join("、", parcels.Select(p => p.Text("zddm")))} 未见重叠登记、重复单元号或面积记载误差（所有权宗地包含使用权宗地、分层设权不计为重叠）。",
                parcels.Count == 0
                    ? "No current registered parcel at the petition location."
                    : $"The current parcels {string.Join(", ", parcels.Select(p => p.Text("zddm")))} show no overlapping registration, duplicate unit number or wrong recorded area (ownership parcels containing use rights and layered rights do not count as overlaps).",
                "不动产登记暂行条例 第八条", parcels.Select(p => p.Key).ToList()));
        }

        return hits;
    }

    /// <summary>D3 — the petitioner's claimed boundary against the registered 界址线.</summary>
    public static List<RuleHit> EvaluateBoundary(RuleContext c)
    {
        var o = c.Overlay;
        var parcels = Current(c.All(LayerKind.RegisteredParcel)).ToList();
        var target = Target(c, parcels.Where(q => o.Hit(q).AreaM2 > 0 || IsReferenced(c, q)).ToList());
        if (target is null)
        {
            return [new RuleHit("D3", Finding.FieldCheckNeeded,
                "未找到与信访界址对应的登记宗地：需实地测量。",
                "No registered parcel matches the claimed boundary: a survey is needed.",
                "土地管理法 第十四条", [])];
        }

        var registered = o.Project(target);
        var claimed = o.IsAreal ? (Geometry)Overlay.Union([o.Petition]).Boundary : Reprojection(c);
        var offset = MaxOffset(claimed, registered.Boundary);
        var tol = Tolerance(target, c.Options);
        var dates = new Dictionary<string, string> { ["registered"] = D(target.Date("djsj")) };
        if (offset <= tol)
        {
            return [new RuleHit("D3", Finding.NotSubstantiated,
                $"所主张界址与宗地 {target.Text("zddm")} 登记界址最大偏差 {offset:0.###} m，在界址点精度 {tol:0.##} m 以内：属测量误差范围，不予支持。",
                $"The claimed boundary differs from the registered boundary of parcel {target.Text("zddm")} by at most {offset:0.###} m, within the {tol:0.##} m boundary-point accuracy: within survey accuracy.",
                "《地籍调查规程》界址点精度", [target.Key], null, false, dates)];
        }

        var strip = o.IsAreal ? Overlay.Difference(o.Petition, registered) : registered.Factory.CreatePolygon();
        var neighbours = parcels.Where(q => q.Key != target.Key && o.OverlapIsSignificant(strip, o.Project(q))).ToList();
        if (neighbours.Count > 0)
        {
            var disputed = o.IntersectionArea(strip, c.Within(neighbours));
            return [new RuleHit("D3", Finding.StatutoryChannel,
                $"所主张界址与登记界址最大偏差 {offset:0.##} m，超过精度 {tol:0.##} m，争议地块 {Fmt(disputed)} 已登记在相邻宗地 {string.Join("、", neighbours.Select(n => $"{n.Text("zddm")}（{n.Text("qlr")}）"))} 名下：属土地权属争议，导入调处程序；争议解决前不得改变土地现状。",
                $"The claimed boundary is up to {offset:0.##} m from the registered one (accuracy {tol:0.##} m) and the disputed strip ({FmtEn(disputed)}) is registered to neighbouring parcel(s) {string.Join(", ", neighbours.Select(n => n.Text("zddm")))}: an ownership dispute for the dispute-settlement procedure; the land must not be changed meanwhile.",
                "土地管理法 第十四条", [target.Key, .. neighbours.Select(n => n.Key)], disputed, false, dates)];
        }

        return [new RuleHit("D3", Finding.FieldCheckNeeded,
            $"所主张界址与宗地 {target.Text("zddm")} 登记界址最大偏差 {offset:0.##} m，超过精度 {tol:0.##} m，但争议部分未登记在他人名下：需实地测量，确属测量错误的办理更正登记。",
            $"The claimed boundary is up to {offset:0.##} m from the registered boundary of {target.Text("zddm")} (accuracy {tol:0.##} m), but the difference is not registered to anyone else: survey it; a survey error is corrected by a correction registration.",
            "不动产登记暂行条例 第八条；民法典 第二百二十条", [target.Key], null, false, dates)];
    }

    private static Geometry Reprojection(RuleContext c) =>
        Spatial.Reprojection.Transform(c.Overlay.PetitionLonLat, Spatial.Srids.Storage, c.Overlay.Zone) is var g && g.Dimension == Dimension.Surface
            ? g.Boundary : g;

    /// <summary>Greatest distance from any point of <paramref name="claimed"/> (densified to 0.05 m) to <paramref name="registered"/>.</summary>
    private static double MaxOffset(Geometry claimed, Geometry registered)
    {
        var dense = NetTopologySuite.Densify.Densifier.Densify(claimed, 0.05);
        var distance = new NetTopologySuite.Operation.Distance.IndexedFacetDistance(registered);
        return dense.Coordinates.Max(p => distance.Distance(registered.Factory.CreatePoint(p)));
    }

    private static IEnumerable<LayerFeature> Current(IEnumerable<LayerFeature> parcels) =>
        parcels.Where(q => q.Text("qszt") is not { } s || !(s.Contains("历史", StringComparison.Ordinal) || s.Equals("historical", StringComparison.OrdinalIgnoreCase) || s == "2"));

    private static bool IsReferenced(RuleContext c, LayerFeature q) =>
        (c.Claim.Refs.TryGetValue("zddm", out var z) && z == q.Text("zddm"))
        || (c.Claim.Refs.TryGetValue("bdcdyh", out var u) && u == q.Text("bdcdyh"));

    /// <summary>The petitioner's own parcel: the referenced one, else the use-right parcel overlapping the petition most.</summary>
    private static LayerFeature? Target(RuleContext c, IReadOnlyList<LayerFeature> parcels) =>
        parcels.FirstOrDefault(q => IsReferenced(c, q))
        ?? parcels.Where(q => !ParcelCodes.IsOwnership(q.Text("zddm"))).OrderByDescending(q => c.Overlay.Hit(q).AreaM2).FirstOrDefault();

    /// <summary>Boundary-point accuracy by grade (JZDJD): 1 → 0.10 m, 2 → 0.15 m, 3 → 0.20 m; TOL_CAD otherwise.</summary>
    private static double Tolerance(LayerFeature q, VerificationOptions options) => (int?)q.Number("jzdjd") switch
    {
        1 => 0.10,
        2 => 0.15,
        3 => 0.20,
        _ => options.CadastralToleranceM,
    };
}
