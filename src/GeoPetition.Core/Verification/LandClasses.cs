namespace GeoPetition.Core.Verification;

/// <summary>
/// Land classes of GB/T 21010-2017 and the 三调 working classification (domain-rules §6), and the
/// change types (TBLX) of 卫片图斑 (§2.2), grouped as the rules need them.
/// </summary>
public static class LandClasses
{
    /// <summary>耕地 0101 水田, 0102 水浇地, 0103 旱地.</summary>
    public static bool IsCropland(string? dlbm) => dlbm is not null && dlbm.StartsWith("01", StringComparison.Ordinal);

    /// <summary>
    /// 建设用地 (土地管理法 Art. 4 group): first-level 05–10 except 1006 农村道路, plus 1109 水工建筑,
    /// 1201 空闲地, and the settlement aggregates 201–205 (with their A suffixes).
    /// </summary>
    public static bool IsConstruction(string? dlbm)
    {
        if (string.IsNullOrEmpty(dlbm))
        {
            return false;
        }

        if (dlbm.StartsWith("20", StringComparison.Ordinal) && dlbm.Length >= 3)
        {
            return true;
        }

        if (dlbm.StartsWith("1006", StringComparison.Ordinal))
        {
            return false;
        }

        return dlbm[..Math.Min(2, dlbm.Length)] is "05" or "06" or "07" or "08" or "09" or "10"
            || dlbm.StartsWith("1109", StringComparison.Ordinal) || dlbm.StartsWith("1201", StringComparison.Ordinal);
    }

    /// <summary>农村宅基地 0702, or the village aggregate 203.</summary>
    public static bool IsRuralHomestead(string? dlbm) =>
        dlbm is not null && (dlbm.StartsWith("0702", StringComparison.Ordinal) || dlbm.StartsWith("203", StringComparison.Ordinal));

    /// <summary>Orchard, forest, grass or pond: the non-construction uses cropland is lost to (R9).</summary>
    public static bool IsNonConstructionFarmUse(string? dlbm) =>
        dlbm is not null && (dlbm.StartsWith("02", StringComparison.Ordinal) || dlbm.StartsWith("03", StringComparison.Ordinal)
            || dlbm.StartsWith("04", StringComparison.Ordinal) || dlbm.StartsWith("1104", StringComparison.Ordinal));

    /// <summary>Change types that are construction evidence (R4): buildings, hardening, earthworks, roads, mining, solar….</summary>
    public static bool IsConstructionChange(string? tblx) => tblx?.ToUpperInvariant() switch
    {
        "20" or "YH" or "DT" or "TD" or "DL1" or "DL2" or "DL3" or "TL" or "SJ" or "CK" or "YT" or "GF" or "GEF" or "ZQC" or "JC" or "WH" or "TH" => true,
        _ => false,
    };

    /// <summary>A permanent building or structure (TBLX 20).</summary>
    public static bool IsBuilding(string? tblx) => tblx == "20";

    /// <summary>Mining (TBLX CK).</summary>
    public static bool IsMining(string? tblx) => string.Equals(tblx, "CK", StringComparison.OrdinalIgnoreCase);

    /// <summary>Change to orchard, forest, grass or water (R9): 02, 03, 04, KT, SM, SK.</summary>
    public static bool IsFarmUseChange(string? tblx) => tblx?.ToUpperInvariant() is "02" or "03" or "04" or "KT" or "SM" or "SK";

    /// <summary>Collective ownership (QSXZ codes 30–34 or the word 集体).</summary>
    public static bool IsCollective(string? qsxz) =>
        qsxz is not null && (qsxz.Contains("集体", StringComparison.Ordinal) || qsxz.StartsWith('3'));
}
