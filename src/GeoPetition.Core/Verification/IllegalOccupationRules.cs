using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;
using static GeoPetition.Core.Verification.RuleContext;

namespace GeoPetition.Core.Verification;

/// <summary>
/// §7.1 违法占地 / 未批先建 (reports under 信访工作条例 Art. 31(5)): rules R1–R12. Also used for
/// planning/construction and mining claims, which are checked on the map the same way.
/// </summary>
public static class IllegalOccupationRules
{
    /// <summary>Runs R1–R12 and returns the rules that fired.</summary>
    public static List<RuleHit> Evaluate(RuleContext c)
    {
        var hits = new List<RuleHit>();
        var o = c.Overlay;
        var spots = c.Significant(LayerKind.ChangeSpot);
        var approvals = c.All(LayerKind.ApprovalBatch);
        var supplies = c.All(LayerKind.LandSupply);

        // R1 — a known illegal spot: the case exists already (土地管理法 Art. 77; 月清 cycle).
        foreach (var s in spots.Where(s => s.Text("pdjg") == "违法"))
        {
            var area = o.Hit(s).AreaM2;
            hits.Add(new RuleHit("R1", Finding.Substantiated,
                $"卫片图斑 {s.Key} 已判定为违法（立案号 {s.Text("lah") ?? "未立案"}，整改状态 {s.Text("zgzt") ?? "未记录"}），与信访位置重叠 {Fmt(area)}。",
                $"Change spot {s.Key} is already judged illegal (case {s.Text("lah") ?? "not filed"}, remediation {s.Text("zgzt") ?? "not recorded"}); it overlaps the petition by {FmtEn(area)}.",
                "土地管理法 第七十七条；自然资办发〔2021〕29号（月清）", [s.Key], area));
        }

        // R10 — false change on the ground: judged 其他 (伪变化) after a field check.
        foreach (var s in spots.Where(s => s.Text("pdjg") == "其他"))
        {
            hits.Add(new RuleHit("R10", Finding.NotSubstantiated,
                $"卫片图斑 {s.Key} 经实地核查判定为“其他”（{s.Text("tz") ?? s.Text("pdyj") ?? "实地伪变化"}），不属违法用地。",
                $"Change spot {s.Key} was judged 'other' after a field check ({s.Text("tz") ?? s.Text("pdyj") ?? "false change on the ground"}); it is not illegal land use.",
                "《土地卫片执法图斑合法性判定规则》（实地伪变化）", [s.Key], o.Hit(s).AreaM2));
        }

        // The changed area C: construction spots not already settled by R1/R10, inside the petition.
        var open = spots.Where(s => s.Text("pdjg") is not ("违法" or "其他")).ToList();
        var construction = open.Where(s => LandClasses.IsConstructionChange(s.Text("tblx"))).ToList();
        var years = c.SurveyYears;
        var baseYear = years.Count > 0 ? years[0] : (int?)null;
        var nowYear = years.Count > 0 ? years[^1] : (int?)null;
        var baseLand = baseYear is int by ? c.LandUse(by) : FeatureSet.Empty;
        var nowLand = nowYear is int ny ? c.LandUse(ny) : FeatureSet.Empty;
        var baseConstruction = new FeatureSet(baseLand.Where(f => LandClasses.IsConstruction(f.Text("dlbm"))));
        var baseCropland = new FeatureSet(baseLand.Where(f => LandClasses.IsCropland(f.Text("dlbm"))));
        var farmland = c.All(LayerKind.PermanentBasicFarmland);

        Geometry changed;
        var fromImagery = construction.Count > 0;
        if (fromImagery)
        {
            changed = o.Within(construction);
        }
        else if (baseYear != nowYear && nowLand.Count > 0)
        {
            // No spot: construction in the newer survey that was not construction in the base year.
            var nowConstruction = o.Within(nowLand.Where(f => LandClasses.IsConstruction(f.Text("dlbm"))));
            changed = Overlay.Difference(nowConstruction, o.Cover(nowConstruction, baseConstruction));
        }
        else
        {
            changed = GeometryFactory.Default.CreatePolygon();
        }

        var isLead = fromImagery && construction.All(s => s.Date("hcrq") is null && string.IsNullOrEmpty(s.Text("pdjg")));
        var changedSignificant = o.IsSignificant(changed);

        if (changedSignificant)
        {
            EvaluateChange(c, hits, changed, construction, approvals, supplies, baseCropland, nowLand, baseConstruction, isLead);
        }

        // R9 — cropland turned to orchard, forest, grass or pond (not construction). Each spot's
        // overlays depend on that spot alone: measured on up to MaxParallelism threads, reported in order.
        var farmUse = open.Where(s => LandClasses.IsFarmUseChange(s.Text("tblx"))).ToList();
        var measured = o.Map(farmUse, s =>
        {
            var part = o.Within([s]);
            var partEps = o.Epsilon(o.Area(part));
            var onCropland = o.Area(o.Cover(part, baseCropland)) > partEps || LandClasses.IsCropland(s.Text("dlbm"));
            return (PartEps: partEps, OnCropland: onCropland, InFarmland: onCropland ? o.Area(o.Cover(part, farmland)) : 0);
        });
        for (var k = 0; k < farmUse.Count; k++)
        {
            var s = farmUse[k];
            var (partEps, onCropland, inFarmland) = measured[k];
            if (!onCropland)
            {
                continue;
            }

            var lead = s.Date("hcrq") is null && string.IsNullOrEmpty(s.Text("pdjg"));
            hits.Add(inFarmland > partEps
                ? new RuleHit("R9", Finding.Substantiated,
                    $"图斑 {s.Key}（{s.Text("tblx")}）显示耕地改为林果/坑塘，其中 {Fmt(inFarmland)} 位于永久基本农田内：永久基本农田发展林果业或挖塘养鱼。",
                    $"Spot {s.Key} ({s.Text("tblx")}) shows cropland turned to orchard/forest/pond; {FmtEn(inFarmland)} lie in permanent basic farmland, where this is prohibited.",
                    "土地管理法 第三十七条；土地管理法实施条例 第五十一条", [s.Key], inFarmland, lead)
                : new RuleHit("R9", Finding.NotSubstantiated,
                    $"图斑 {s.Key}（{s.Text("tblx")}）显示耕地改为林果/坑塘，不在永久基本农田内：属“耕地流出”，纳入耕地卫片监督，不必然违法。",
                    $"Spot {s.Key} ({s.Text("tblx")}) shows cropland turned to orchard/forest/pond outside permanent basic farmland: cropland loss to be monitored, not necessarily illegal.",
                    "《耕地卫片监督方案（试行）》", [s.Key], o.Hit(s).AreaM2, lead));
        }

        // R12 — nothing to see: no spot and no change in the surveys.
        if (spots.Count == 0 && !changedSignificant)
        {
            hits.Add(new RuleHit("R12", Finding.FieldCheckNeeded,
                $"信访位置未发现卫片图斑，土地利用调查亦无建设变化：需调取 {D(c.CheckDate.AddYears(-1))} 至 {D(c.CheckDate)} 的影像或实地核查。",
                $"No change spot and no construction change in the land-use surveys at the petition location: request imagery for {D(c.CheckDate.AddYears(-1))}–{D(c.CheckDate)} or check in the field.",
                "自然资发〔2023〕258号（卫片仅提供线索）", []));
        }

        return hits;
    }

    private static void EvaluateChange(
        RuleContext c, List<RuleHit> hits, Geometry changed, IReadOnlyList<LayerFeature> construction,
        IReadOnlyList<LayerFeature> approvals, IReadOnlyList<LayerFeature> supplies,
        IReadOnlyList<LayerFeature> baseCropland, IReadOnlyList<LayerFeature> nowLand, IReadOnlyList<LayerFeature> baseConstruction, bool isLead)
    {
        var o = c.Overlay;
        var changedArea = o.Area(changed);
        var eps = o.Epsilon(changedArea);
        var keys = construction.Select(s => s.Key).ToList();

        // R11 — a villager's house: the agriculture and rural affairs department handles it.
        var homestead = o.Area(o.Cover(changed, nowLand.Where(f => LandClasses.IsRuralHomestead(f.Text("dlbm")))));
        var saysHouse = c.Claim.Text is { } t && (t.Contains("宅基地", StringComparison.Ordinal) || t.Contains("村民建房", StringComparison.Ordinal) || t.Contains("农村村民住宅", StringComparison.Ordinal));
        if (homestead > eps || saysHouse)
        {
            hits.Add(new RuleHit("R11", Finding.Forward,
                $"变化区域为农村宅基地/村民建房（{Fmt(homestead)}）：农村村民非法占地建住宅由农业农村主管部门处理，转送；涉及农用地转用的部分仍由自然资源部门核查。",
                $"The change is a villager's house on homestead land ({FmtEn(homestead)}): forwarded to the agriculture and rural affairs department; any farmland-conversion part stays with this bureau.",
                "土地管理法 第七十八条、第六十七条第二款", keys, homestead));
        }

        var validApprovals = approvals.Where(a => a.Date("pzrq") is not DateOnly d || d <= c.CheckDate).ToList();
        var approved = o.Cover(changed, validApprovals);

        // Legality is judged at each spot's issue date (2021 判定规则): a supply dated later does not
        // make that spot lawful. Without spots (a change seen in the surveys), the check date is the reference.
        bool Timely(LayerFeature g, DateOnly? by) => g.Date("gdrq") is not DateOnly gd || gd <= (by ?? c.CheckDate);
        var supplied = construction.Count == 0
            ? o.Cover(changed, supplies.Where(g => Timely(g, c.CheckDate)))
            : Overlay.Union(o.Map(construction, s => o.Cover(o.Clip(s), supplies.Where(g => Timely(g, s.Date("xfrq") ?? s.Date("hsx"))))), c.Options.MaxParallelism);
        var temporary = c.All(LayerKind.TemporaryLandUse);
        var validTemporary = temporary.Where(tl => tl.Date("jzrq") is not DateOnly end || c.CheckDate <= end).ToList();

        // Temporary land is lawful only without permanent buildings on it (土地管理法 Art. 57).
        var onTemporary = o.Cover(changed, validTemporary);
        var lawfulTemporary = Overlay.Difference(onTemporary, o.Cover(onTemporary, construction.Where(s => LandClasses.IsBuilding(s.Text("tblx")))));
        var farmland = c.All(LayerKind.PermanentBasicFarmland);
        var facilities = c.All(LayerKind.FacilityAgriculture);
        // Each facility's part of the change and how much of it lies in permanent basic farmland
        // (on up to MaxParallelism threads): lawful without farmland; R8 reports both.
        var onFacilities = o.Map(facilities, f =>
        {
            var part = Overlay.Intersection(changed, o.Clip(f));
            return (Part: part, OnFarmland: o.Area(o.Cover(part, farmland)));
        });
        var lawfulFacilities = facilities.Where((_, k) => onFacilities[k].OnFarmland <= o.AreaEpsilonM2).ToList();
        var lawful = Overlay.Union([supplied, lawfulTemporary, o.Cover(changed, lawfulFacilities), o.Cover(changed, baseConstruction)]);

        // R2 — every supplied part of a spot, when the supply predates the spot's issue: lawful use.
        // Each spot's overlays depend on that spot alone (up to MaxParallelism threads; reported in order).
        var supplyCover = o.Map(construction, s =>
        {
            var spotPart = o.Within([s]);
            var issued = s.Date("xfrq") ?? s.Date("hsx");
            var covering = supplies.Where(g => g.Date("gdrq") is DateOnly gd && issued is DateOnly iss && gd <= iss
                && o.OverlapIsSignificant(spotPart, o.Clip(g))).ToList();
            var uncovered = covering.Count == 0 ? double.PositiveInfinity : o.AreaOutside(spotPart, o.Cover(spotPart, covering));
            return (SpotPart: spotPart, Issued: issued, Covering: covering, Uncovered: uncovered);
        });
        for (var k = 0; k < construction.Count; k++)
        {
            var s = construction[k];
            var (spotPart, issued, covering, uncovered) = supplyCover[k];
            if (covering.Count == 0)
            {
                continue;
            }

            if (uncovered <= o.Epsilon(o.Area(spotPart)))
            {
                hits.Add(new RuleHit("R2", Finding.NotSubstantiated,
                    $"图斑 {s.Key} 已由供地 {string.Join("、", covering.Select(g => $"{g.Key}（{D(g.Date("gdrq"))}）"))} 覆盖，供地日期不晚于图斑下发日期 {D(issued)}：依法用地。",
                    $"Spot {s.Key} is covered by land supply {string.Join(", ", covering.Select(g => $"{g.Key} ({D(g.Date("gdrq"))})"))}, supplied no later than the spot's issue date {D(issued)}: lawful use.",
                    "《土地卫片执法图斑合法性判定规则》（下发时已依法供地）", [s.Key, .. covering.Select(g => g.Key)], o.Area(spotPart),
                    Dates: new Dictionary<string, string> { ["issued"] = D(issued), ["supplied"] = string.Join(",", covering.Select(g => D(g.Date("gdrq")))) }));
            }
        }

        // R3 — converted/acquired but not supplied: procedure incomplete (2022 判定规则).
        var approvedNotSupplied = o.AreaOutside(approved, lawful);
        if (approvedNotSupplied > eps)
        {
            var batchKeys = c.Overlapping(LayerKind.ApprovalBatch, approved).Select(a => $"{a.Key}（{a.Text("pzwh")}）").ToList();
            hits.Add(new RuleHit("R3", Finding.PartlySubstantiated,
                $"变化区域中 {Fmt(approvedNotSupplied)} 已有农转用/征收批准（{string.Join("、", batchKeys)}），但无供地手续：程序不完整，按判定规则不计为合法。",
                $"{FmtEn(approvedNotSupplied)} of the change has a conversion/acquisition approval ({string.Join(", ", batchKeys)}) but no land supply: the procedure is incomplete and does not count as lawful.",
                "《土地卫片执法图斑合法性判定规则》（2021）", keys, approvedNotSupplied, isLead));
        }

        // R4 / R6 — occupation without approval, or beyond the approved extent.
        var threads = c.Options.MaxParallelism;
        var unapproved = Overlay.Difference(Overlay.Difference(changed, approved, threads), lawful, threads);
        var unapprovedArea = o.Area(unapproved);
        if (unapprovedArea > eps)
        {
            var approvedArea = o.Area(approved);
            var cropland = o.Area(o.Cover(unapproved, baseCropland));
            var inFarmland = o.Area(o.Cover(unapproved, farmland));
            var inRedLine = o.Area(o.Cover(unapproved, c.All(LayerKind.EcologicalRedLine)));
            var aggravationZh = string.Concat(
                cropland > eps ? $"；其中占用耕地 {Fmt(cropland)}" : "",
                inFarmland > eps ? $"；占用永久基本农田 {Fmt(inFarmland)}（仅国务院可批准占用）" : "",
                inRedLine > eps ? $"；涉及生态保护红线 {Fmt(inRedLine)}" : "");
            var aggravationEn = string.Concat(
                cropland > eps ? $"; cropland occupied {FmtEn(cropland)}" : "",
                inFarmland > eps ? $"; permanent basic farmland occupied {FmtEn(inFarmland)} (only the State Council may approve)" : "",
                inRedLine > eps ? $"; ecological red line {FmtEn(inRedLine)}" : "");
            var basis = "土地管理法 第七十七条" + (inFarmland > eps ? "、第四十四条、第三十五条" : "") + (cropland > eps ? "、第三十七条" : "");
            if (approvedArea > eps)
            {
                hits.Add(new RuleHit("R6", Finding.PartlySubstantiated,
                    $"批少占多：变化区域 {Fmt(changedArea)}，其中经批准 {Fmt(approvedArea)}，超出批准范围 {Fmt(unapprovedArea)}，超出部分以非法占地论处{aggravationZh}。",
                    $"Beyond the approved extent: change {FmtEn(changedArea)}, approved {FmtEn(approvedArea)}, excess {FmtEn(unapprovedArea)} counts as illegal occupation{aggravationEn}.",
                    basis + "第二款", keys, unapprovedArea, isLead));
            }
            else
            {
                hits.Add(new RuleHit("R4", Finding.Substantiated,
                    $"未经批准占地：变化区域 {Fmt(unapprovedArea)} 无农转用/征收批准、供地、临时用地或设施农业备案，且基期非建设用地{aggravationZh}。",
                    $"Land occupied without approval: {FmtEn(unapprovedArea)} of change has no conversion/acquisition approval, supply, temporary-use approval or facility registration and was not construction land in the base survey{aggravationEn}.",
                    basis, keys, unapprovedArea, isLead));
            }

        }

        else if (approvedNotSupplied <= eps)
        {
            // R4 (negative) — every part of the change has a lawful basis.
            hits.Add(new RuleHit("R4", Finding.NotSubstantiated,
                $"变化区域 {Fmt(changedArea)} 均有合法依据（供地、有效临时用地、设施农业备案或基期已为建设用地），未发现未经批准占地。",
                $"All {FmtEn(changedArea)} of change have a lawful basis (land supply, temporary land in force, facility registration, or construction land in the base survey): no unapproved occupation.",
                "土地管理法 第七十七条", keys, changedArea));
        }

        // R4b — an approval other than the State Council's over permanent basic farmland.
        var notStateCouncil = validApprovals.Where(a => a.Text("pzjg") is { } j && !j.Contains("国务院", StringComparison.Ordinal)).ToList();
        var overFarmland = o.Map(notStateCouncil, a => o.IsSignificant(o.Cover(o.Clip(a), farmland)));
        foreach (var a in notStateCouncil.Where((_, k) => overFarmland[k]))
        {
            hits.Add(new RuleHit("R4", Finding.Substantiated,
                $"批次 {a.Key}（{a.Text("pzwh")}，{a.Text("pzjg")}批准）范围内含永久基本农田：批准权限存疑。",
                $"Batch {a.Key} ({a.Text("pzwh")}, approved by {a.Text("pzjg")}) covers permanent basic farmland: the approving authority is questionable.",
                "土地管理法 第四十四条第二款、第七十九条", [a.Key]));
        }

        // R5 — built before approval: approval date against the spot's (QSX, HSX] window. Each
        // spot's overlaps with the approvals are measured on up to MaxParallelism threads.
        var spotApprovals = o.Map(construction, s =>
        {
            var spotPart = o.Within([s]);
            return validApprovals.Select(a => (Approval: a, AreaM2: o.IntersectionArea(spotPart, o.Clip(a)))).Where(x => x.AreaM2 > o.AreaEpsilonM2).ToList();
        });
        for (var k = 0; k < construction.Count; k++)
        {
            var s = construction[k];
            var qsx = s.Date("qsx");
            var hsx = s.Date("hsx");
            foreach (var (a, overlapM2) in spotApprovals[k])
            {
                var pzrq = a.Date("pzrq");
                if (pzrq is null || hsx is null || qsx is null)
                {
                    continue;
                }

                var dates = new Dictionary<string, string> { ["approved"] = D(pzrq), ["qsx"] = D(qsx), ["hsx"] = D(hsx) };
                if (pzrq > hsx)
                {
                    hits.Add(new RuleHit("R5", Finding.Substantiated,
                        $"未批先建：图斑 {s.Key} 在后时相 {D(hsx)} 已见建设，而批次 {a.Key}（{a.Text("pzwh")}）批准日期为 {D(pzrq)}，属违法后补办。",
                        $"Built before approval: spot {s.Key} shows construction by {D(hsx)}, but batch {a.Key} ({a.Text("pzwh")}) was approved on {D(pzrq)} (illegal, later regularised).",
                        "土地管理法 第四十四条、第七十七条", [s.Key, a.Key], overlapM2, isLead, dates));
                }
                else if (pzrq > qsx)
                {
                    hits.Add(new RuleHit("R5", Finding.FieldCheckNeeded,
                        $"批次 {a.Key} 批准日期 {D(pzrq)} 落在图斑 {s.Key} 前后时相之间（{D(qsx)}，{D(hsx)}]：无法判断是否先建后批，需实地核查施工时间。",
                        $"Batch {a.Key} was approved on {D(pzrq)}, inside the window ({D(qsx)}, {D(hsx)}] of spot {s.Key}: whether construction preceded approval cannot be told; check in the field.",
                        "土地管理法 第四十四条", [s.Key, a.Key], null, true, dates));
                }
            }
        }

        // R7 — temporary land: valid, expired and not reclaimed, or a permanent building on it.
        // Each parcel's overlaps on up to MaxParallelism threads, reported in order.
        var onTemporaryLand = o.Map(temporary, tl =>
        {
            var part = Overlay.Intersection(changed, o.Clip(tl));
            return !o.IsSignificant(part) ? (Part: part, Buildings: null)
                : (Part: part, Buildings: construction.Where(s => LandClasses.IsBuilding(s.Text("tblx")) && o.OverlapIsSignificant(o.Within([s]), o.Clip(tl))).ToList());
        });
        for (var k = 0; k < temporary.Count; k++)
        {
            var (part, buildings) = onTemporaryLand[k];
            if (buildings is null)
            {
                continue;
            }

            var tl = temporary[k];
            var end = tl.Date("jzrq");
            var start = tl.Date("qsrq");
            if (buildings.Count > 0)
            {
                hits.Add(new RuleHit("R7", Finding.Substantiated,
                    $"临时用地 {tl.Key} 范围内建有永久性建筑（图斑 {string.Join("、", buildings.Select(b => b.Key))}）：临时用地不得修建永久性建筑物。",
                    $"A permanent building stands on temporary land {tl.Key} (spots {string.Join(", ", buildings.Select(b => b.Key))}); permanent structures are not allowed on temporary land.",
                    "土地管理法 第五十七条；土地管理法实施条例 第五十二条", [tl.Key, .. buildings.Select(b => b.Key)], o.Area(part), isLead));
            }
            else if (end is DateOnly e && c.CheckDate > e.AddYears(c.Options.TemporaryReclaimYears) && tl.Date("fkysrq") is null)
            {
                hits.Add(new RuleHit("R7", Finding.Substantiated,
                    $"临时用地 {tl.Key} 已于 {D(end)} 到期，超过一年复垦期仍未复垦验收：临时用地逾期未复垦。",
                    $"Temporary land {tl.Key} expired on {D(end)} and was not reclaimed within one year: overdue reclamation.",
                    "土地管理法实施条例 第二十条、第五十六条", [tl.Key], o.Area(part),
                    Dates: new Dictionary<string, string> { ["end"] = D(end), ["checked"] = D(c.CheckDate) }));
            }
            else if (end is DateOnly e2 && c.CheckDate <= e2 && o.AreaOutside(changed, o.Clip(tl)) <= eps)
            {
                hits.Add(new RuleHit("R7", Finding.NotSubstantiated,
                    $"变化区域在临时用地 {tl.Key}（{tl.Text("pzwh")}，{D(start)} 至 {D(end)}）有效期内且无永久建筑：依法临时使用。",
                    $"The change lies within temporary land {tl.Key} ({tl.Text("pzwh")}, {D(start)} to {D(end)}), in force on the check date and without permanent buildings: lawful temporary use.",
                    "土地管理法 第五十七条", [tl.Key], o.Area(part)));
            }

            if (start is DateOnly s0 && end is DateOnly e3)
            {
                var limitYears = tl.Flag("sfcq") == true ? 4 : 2;
                if (e3 > s0.AddYears(limitYears))
                {
                    hits.Add(new RuleHit("R7", Finding.FieldCheckNeeded,
                        $"临时用地 {tl.Key} 期限 {D(s0)} 至 {D(e3)} 超过 {limitYears} 年上限：核查批准依据。",
                        $"Temporary land {tl.Key} runs {D(s0)}–{D(e3)}, longer than the {limitYears}-year limit: check the approval.",
                        "土地管理法实施条例 第二十条", [tl.Key]));
                }
            }
        }

        // R8 — facility agriculture: registered and off permanent basic farmland, or on it.
        for (var k = 0; k < facilities.Count; k++)
        {
            var f = facilities[k];
            var (part, onFarmland) = onFacilities[k];
            if (!o.IsSignificant(part))
            {
                continue;
            }

            hits.Add(onFarmland > eps
                ? new RuleHit("R8", Finding.Substantiated,
                    $"设施农业用地 {f.Key} 占用永久基本农田 {Fmt(onFarmland)}：设施农业不得使用永久基本农田。",
                    $"Facility agriculture {f.Key} occupies {FmtEn(onFarmland)} of permanent basic farmland, which it must not use.",
                    "自然资规〔2019〕4号", [f.Key], onFarmland, isLead)
                : new RuleHit("R8", Finding.NotSubstantiated,
                    $"变化区域为已备案设施农业用地 {f.Key}（{f.Text("sslx")}，{D(f.Date("barq"))} 备案），未占永久基本农田：按农用地管理。",
                    $"The change is registered facility agriculture {f.Key} ({f.Text("sslx")}, registered {D(f.Date("barq"))}) off permanent basic farmland: managed as farmland.",
                    "自然资规〔2019〕4号", [f.Key], o.Area(part)));
        }
    }
}
