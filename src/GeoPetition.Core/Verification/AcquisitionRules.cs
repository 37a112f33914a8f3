using GeoPetition.Core.Layers;
using static GeoPetition.Core.Verification.RuleContext;

namespace GeoPetition.Core.Verification;

/// <summary>§7.2 征地 (land acquisition): rules Z1–Z5 and Z7. Z6 (information disclosure) needs the
/// national disclosure platform, which is not a layer here; it is not evaluated.</summary>
public static class AcquisitionRules
{
    /// <summary>Z1–Z4 and Z7 for a land-acquisition claim.</summary>
    public static List<RuleHit> Evaluate(RuleContext c)
    {
        var hits = new List<RuleHit>();
        var o = c.Overlay;
        var batches = c.Significant(LayerKind.ApprovalBatch).Where(a => a.Date("pzrq") is not DateOnly d || d <= c.CheckDate).ToList();
        var spots = c.Significant(LayerKind.ChangeSpot).Where(s => LandClasses.IsConstructionChange(s.Text("tblx")) && s.Text("pdjg") != "其他").ToList();
        var occupied = o.Within(spots);
        var occupiedArea = o.Area(occupied);
        var keys = spots.Select(s => s.Key).ToList();

        if (batches.Count == 0)
        {
            if (occupiedArea > o.AreaEpsilonM2)
            {
                // Z1 — occupied with no approved acquisition at all.
                hits.Add(new RuleHit("Z1", Finding.Substantiated,
                    $"信访地块无经批准的征收批次，但已被占用 {Fmt(occupiedArea)}（图斑 {string.Join("、", keys)}）：未批先征/未批先占，按非法占地处理。",
                    $"No approved acquisition covers the parcel, yet {FmtEn(occupiedArea)} is occupied (spots {string.Join(", ", keys)}): acquired/occupied without approval, treated as illegal occupation.",
                    "土地管理法 第四十四条、第四十六条、第七十七条", keys, occupiedArea, IsLead(spots)));

                // Z7 — collective land used for construction with no batch and no supply: 以租代征.
                var baseYear = c.SurveyYears.FirstOrDefault();
                var collective = c.LandUse(baseYear).Where(f => LandClasses.IsCollective(f.Text("qsxz"))).ToList();
                var collectiveArea = o.IntersectionArea(occupied, c.Within(collective));
                if (collectiveArea > o.AreaEpsilonM2 && c.Significant(LayerKind.LandSupply).Count == 0)
                {
                    hits.Add(new RuleHit("Z7", Finding.Substantiated,
                        $"集体土地 {Fmt(collectiveArea)} 被用于非农建设，既无征收批准也无供地：疑似以租代征/非法转让，需核查租赁协议。",
                        $"{FmtEn(collectiveArea)} of collective land is used for construction with neither acquisition approval nor supply: suspected leasing in place of acquisition; check the lease.",
                        "土地管理法 第八十二条、第七十四条", keys, collectiveArea, true));
                }
            }
            else
            {
                hits.Add(new RuleHit("Z1", Finding.NotSubstantiated,
                    "信访地块既无经批准的征收批次，也未发现占用：可能属拟征收，应核查征收预公告和补偿安置方案公告；2020年后批准前签订协议属合法程序，不构成未批先征。",
                    "No approved acquisition and no occupation at the parcel: this may concern a planned acquisition (check the pre-announcement and the compensation plan notice); signing agreements before approval is lawful since 2020 and is not acquisition without approval.",
                    "土地管理法 第四十七条；土地管理法实施条例 第二十六条至第二十九条", []));
            }

            return hits;
        }

        foreach (var z in batches)
        {
            var pzrq = z.Date("pzrq");

            // Z2 — occupation before approval: construction visible before the approval date.
            var before = spots.Where(s => s.Date("hsx") is DateOnly h && pzrq is DateOnly p && h < p
                && o.OverlapIsSignificant(o.Within([s]), o.Clip(z))).ToList();
            if (before.Count > 0)
            {
                hits.Add(new RuleHit("Z2", Finding.Substantiated,
                    $"未批先占：图斑 {string.Join("、", before.Select(s => $"{s.Key}（后时相 {D(s.Date("hsx"))}）"))} 显示批次 {z.Key}（{z.Text("pzwh")}）批准日期 {D(pzrq)} 前已占用。",
                    $"Occupied before approval: spots {string.Join(", ", before.Select(s => $"{s.Key} (later image {D(s.Date("hsx"))})"))} show occupation before batch {z.Key} ({z.Text("pzwh")}) was approved on {D(pzrq)}.",
                    "土地管理法 第四十四条、第七十七条", [z.Key, .. before.Select(s => s.Key)], null, IsLead(before),
                    new Dictionary<string, string> { ["approved"] = D(pzrq), ["firstSeen"] = D(before.Min(s => s.Date("hsx"))) }));
            }

            // Z2 — procedure: the acquisition notice, and the notice periods.
            var notice = z.Date("zsggrq");
            if (pzrq is DateOnly approved && (notice is null || notice > approved.AddDays(c.Options.AcquisitionNoticeDays)))
            {
                hits.Add(new RuleHit("Z2", Finding.Substantiated,
                    notice is null
                        ? $"程序瑕疵：批次 {z.Key}（{z.Text("pzwh")}，{D(pzrq)} 批准）无征收土地公告记录。"
                        : $"程序瑕疵：批次 {z.Key} 征收土地公告 {D(notice)} 晚于批准后15个工作日（批准 {D(pzrq)}）。",
                    notice is null
                        ? $"Procedural defect: batch {z.Key} ({z.Text("pzwh")}, approved {D(pzrq)}) has no acquisition notice on record."
                        : $"Procedural defect: batch {z.Key}'s acquisition notice of {D(notice)} came later than 15 working days after approval ({D(pzrq)}).",
                    "土地管理法实施条例 第三十一条", [z.Key], null, false,
                    new Dictionary<string, string> { ["approved"] = D(pzrq), ["notice"] = D(notice) }));
            }

            var planDays = (int?)z.Number("faggts");
            var preDays = (int?)z.Number("yggts");
            if (planDays < c.Options.PlanNoticeMinDays || preDays < c.Options.PreNoticeMinDays)
            {
                hits.Add(new RuleHit("Z2", Finding.Substantiated,
                    $"程序瑕疵：批次 {z.Key} 补偿安置方案公告期 {planDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"} 日（不少于30日）、预公告期 {preDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"} 日（不少于10个工作日）。",
                    $"Procedural defect: batch {z.Key} posted its compensation plan for {planDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"} days (at least 30) and its pre-announcement for {preDays?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "—"} days (at least 10 working days).",
                    "土地管理法实施条例 第二十六条、第二十七条", [z.Key]));
            }

            // Z4 — authority: permanent basic farmland or above the Art. 46 thresholds, not by the State Council.
            var authority = z.Text("pzjg") ?? "";
            if (!authority.Contains("国务院", StringComparison.Ordinal))
            {
                var onFarmland = o.IntersectionArea(o.Project(z), c.Union(c.All(LayerKind.PermanentBasicFarmland)));
                var cropHa = z.Number("pzgdmj") ?? 0;
                var totalHa = z.Number("pzzsmj") ?? z.Number("pzxmzmj") ?? 0;
                if (onFarmland > o.AreaEpsilonM2 || cropHa > c.Options.StateCouncilCroplandHa || totalHa - cropHa > c.Options.StateCouncilOtherLandHa)
                {
                    hits.Add(new RuleHit("Z4", Finding.Substantiated,
                        $"越权批准：批次 {z.Key}（{z.Text("pzwh")}）由{authority}批准，但{(onFarmland > o.AreaEpsilonM2 ? $"含永久基本农田 {Fmt(onFarmland)}" : $"耕地 {cropHa:0.##} 公顷、其他土地 {totalHa - cropHa:0.##} 公顷超过省级权限")}，应由国务院批准，批准文件无效。",
                        $"Approval beyond authority: batch {z.Key} ({z.Text("pzwh")}) was approved by {authority}, but {(onFarmland > o.AreaEpsilonM2 ? $"covers permanent basic farmland ({FmtEn(onFarmland)})" : $"its cropland {cropHa:0.##} ha / other land {totalHa - cropHa:0.##} ha exceed provincial authority")}; only the State Council may approve it, so the approval is void.",
                        "土地管理法 第四十六条、第七十九条", [z.Key], onFarmland > 0 ? onFarmland : null));
                }
            }
        }

        // Z3 — occupation beyond the approved extent.
        // The excess counts only beyond the imagery tolerance (TOL_RS) of the spots' boundaries.
        var approvedArea = c.Within(batches);
        var excess = o.AreaOutside(occupied, approvedArea);
        var tolerance = c.Options.RemoteSensingToleranceM;
        var decisiveExcess = o.AreaOutside(occupied.Buffer(-tolerance), approvedArea);
        if (occupiedArea > o.AreaEpsilonM2 && decisiveExcess > o.Epsilon(occupiedArea))
        {
            hits.Add(new RuleHit("Z3", Finding.PartlySubstantiated,
                $"超范围征地：占用 {Fmt(occupiedArea)}，其中超出征收范围 {Fmt(excess)}（占信访地块 {100 * excess / Math.Max(o.PetitionAreaM2, 1):0.#}%），超出部分以非法占地论处。",
                $"Acquisition beyond the approved extent: {FmtEn(occupiedArea)} occupied, {FmtEn(excess)} of it ({100 * excess / Math.Max(o.PetitionAreaM2, 1):0.#}% of the parcel) outside the approved extent; the excess counts as illegal occupation.",
                "土地管理法 第七十七条第二款", [.. batches.Select(b => b.Key), .. keys], excess, IsLead(spots)));
        }

        if (hits.Count == 0)
        {
            hits.Add(new RuleHit("Z2", Finding.NotSubstantiated,
                $"信访地块位于经批准的征收批次 {string.Join("、", batches.Select(b => $"{b.Key}（{b.Text("pzwh")}，{b.Text("pzjg")} {D(b.Date("pzrq"))} 批准）"))} 内，公告与占用时间未见瑕疵。",
                $"The parcel lies in approved acquisition batch(es) {string.Join(", ", batches.Select(b => $"{b.Key} ({b.Text("pzwh")}, approved by {b.Text("pzjg")} on {D(b.Date("pzrq"))})"))}; notices and occupation dates show no defect.",
                "土地管理法 第四十六条、第四十七条", batches.Select(b => b.Key).ToList()));
        }

        return hits;
    }

    /// <summary>Z5 — compensation: spatially, whether the petitioner's land is a compensation subject.</summary>
    public static List<RuleHit> EvaluateCompensation(RuleContext c)
    {
        var o = c.Overlay;
        var batches = c.Significant(LayerKind.ApprovalBatch);
        if (batches.Count == 0)
        {
            return [new RuleHit("Z5", Finding.NotSubstantiated,
                "信访地块不在任何经批准的征收范围内：不是征地补偿对象。",
                "The parcel is in no approved acquisition: it is not a compensation subject.",
                "土地管理法 第四十八条", [])];
        }

        var keys = batches.Select(b => b.Key).ToList();
        var text = c.Claim.Text ?? "";
        var disputesStandard = c.Claim.Refs.TryGetValue("dispute", out var dispute) && dispute == "standard"
            || text.Contains("标准", StringComparison.Ordinal) || text.Contains("区片", StringComparison.Ordinal);
        return disputesStandard
            ? [new RuleHit("Z5", Finding.StatutoryChannel,
                $"信访地块位于征收批次 {string.Join("、", keys)} 内，诉求为补偿标准（区片综合地价）争议：已作出或正在作出裁决的，不属信访受理范围，导入协调裁决途径并解释说明。",
                $"The parcel lies in acquisition batch(es) {string.Join(", ", keys)}; the claim disputes the compensation standard (zone price): it belongs to coordination and adjudication, not petition handling; explain and redirect.",
                "土地管理法 第四十八条；信访工作条例 第三十一条第（四）项", keys)]
            : [new RuleHit("Z5", Finding.FieldCheckNeeded,
                $"信访地块位于征收批次 {string.Join("、", keys)} 内，权利人是补偿对象：须核查补偿协议或补偿安置决定、支付凭证金额与支付日期（先补偿后搬迁、足额到位）。",
                $"The parcel lies in acquisition batch(es) {string.Join(", ", keys)}, so its holder is a compensation subject: check the agreement or decision, and the payment vouchers' amounts and dates (compensate before relocation, in full).",
                "土地管理法 第四十八条；土地管理法实施条例 第三十二条", keys)];
    }

    private static bool IsLead(IEnumerable<LayerFeature> spots) =>
        spots.Any() && spots.All(s => s.Date("hcrq") is null && string.IsNullOrEmpty(s.Text("pdjg")));
}
