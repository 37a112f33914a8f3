namespace GeoPetition.Core.Petitions;

/// <summary>
/// 信访件 vocabularies (domain-rules §9.1): channel (渠道), category (信访事项类别, Arts. 29–31) and
/// subject (natural-resources subject list), with the accepted spellings for error messages.
/// </summary>
public static class PetitionVocabulary
{
    /// <summary>渠道: how the petition arrived.</summary>
    public static readonly IReadOnlyList<string> Channels = ["网上", "来信", "来访", "来电", "12345", "12336", "领导信箱"];

    /// <summary>类别: 建议意见 (Art. 29), 检举控告 (Art. 30), 申诉求决 (Art. 31).</summary>
    public static readonly IReadOnlyList<string> Categories = ["建议意见", "检举控告", "申诉求决"];

    /// <summary>Subjects, API name → Chinese.</summary>
    public static readonly IReadOnlyDictionary<string, string> Subjects = new Dictionary<string, string>
    {
        ["illegal_occupation"] = "违法用地",
        ["land_acquisition"] = "征地",
        ["registration"] = "不动产登记",
        ["planning"] = "规划建设",
        ["mining"] = "矿产",
        ["other"] = "其他",
    };

    /// <summary>Reference fields a claim may carry, with what each identifies.</summary>
    public static readonly IReadOnlyDictionary<string, string> ReferenceFields = new Dictionary<string, string>
    {
        ["bdcdyh"] = "不动产单元号 (28 characters)",
        ["zddm"] = "宗地代码 (19 characters)",
        ["jcbh"] = "卫片图斑监测编号",
        ["pzwh"] = "批准文号",
        ["dzjgh"] = "供地电子监管号",
        ["dispute"] = "for compensation claims: 'standard' when the compensation standard is disputed",
    };

    /// <summary>Location CRSs accepted at intake, besides the supported EPSG codes.</summary>
    public const string Gcj02 = "GCJ-02";
    public const string Bd09 = "BD-09";

    public static string? NormalizeSubject(string? s) =>
        s is null ? null
        : Subjects.ContainsKey(s) ? s
        : Subjects.FirstOrDefault(kv => kv.Value == s).Key;

    /// <summary>
    /// Checks an 18-character resident ID number (GB 11643-1999): 17 digits and a check character
    /// (ISO 7064 MOD 11-2, 'X' for 10).
    /// </summary>
    public static bool IsValidIdNumber(string id)
    {
        if (id.Length != 18 || !id[..17].All(char.IsAsciiDigit))
        {
            return false;
        }

        int[] weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            sum += (id[i] - '0') * weights[i];
        }

        var check = "10X98765432"[sum % 11];
        return char.ToUpperInvariant(id[17]) == check;
    }
}
