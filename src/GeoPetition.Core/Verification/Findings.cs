namespace GeoPetition.Core.Verification;

/// <summary>核查结论: the finding for one claim (domain-rules §7.0).</summary>
public enum Finding
{
    /// <summary>属实</summary>
    Substantiated,

    /// <summary>部分属实</summary>
    PartlySubstantiated,

    /// <summary>不属实</summary>
    NotSubstantiated,

    /// <summary>需实地核查: imagery alone, or ambiguous timing.</summary>
    FieldCheckNeeded,

    /// <summary>不属职责·转送: not this bureau's duty; forward to the competent body.</summary>
    Forward,

    /// <summary>导入法定途径: send to the statutory channel (litigation, review, ownership-dispute adjudication, enforcement).</summary>
    StatutoryChannel,
}

/// <summary>处理意见: the Art. 32 outcome a finding maps to.</summary>
public enum Outcome
{
    /// <summary>支持</summary>
    Support,

    /// <summary>解释说明</summary>
    Explain,

    /// <summary>不予支持</summary>
    NotSupport,
}

/// <summary>诉求类型: what a claim asserts; selects the rule set of domain-rules §7.</summary>
public enum ClaimType
{
    /// <summary>违法占地/未批先建 (§7.1, reports under Art. 31(5)).</summary>
    IllegalOccupation,

    /// <summary>征地 (§7.2): acquisition without approval, beyond the approved extent, procedure.</summary>
    LandAcquisition,

    /// <summary>征地补偿 (§7.2 Z5): compensation unpaid, underpaid or disputed standard.</summary>
    Compensation,

    /// <summary>不动产登记 (§7.3): overlapping or duplicate registration, recorded area.</summary>
    Registration,

    /// <summary>界址争议 (§7.3 D3): the boundary between the petitioner's and a neighbour's parcel.</summary>
    BoundaryDispute,

    /// <summary>规划建设: planning and construction; checked as illegal occupation on the map.</summary>
    Planning,

    /// <summary>矿产: illegal mining; checked as illegal occupation with mining change spots.</summary>
    Mining,

    /// <summary>其他: no spatial rule applies.</summary>
    Other,
}

/// <summary>Labels in Chinese and the snake_case names the API uses.</summary>
public static class FindingLabels
{
    public static string Zh(this Finding f) => f switch
    {
        Finding.Substantiated => "属实",
        Finding.PartlySubstantiated => "部分属实",
        Finding.NotSubstantiated => "不属实",
        Finding.FieldCheckNeeded => "需实地核查",
        Finding.Forward => "不属职责·转送",
        Finding.StatutoryChannel => "导入法定途径",
        _ => f.ToString(),
    };

    public static string Zh(this Outcome o) => o switch
    {
        Outcome.Support => "支持",
        Outcome.Explain => "解释说明",
        Outcome.NotSupport => "不予支持",
        _ => o.ToString(),
    };

    public static string Zh(this ClaimType c) => c switch
    {
        ClaimType.IllegalOccupation => "违法占地",
        ClaimType.LandAcquisition => "征地",
        ClaimType.Compensation => "征地补偿",
        ClaimType.Registration => "不动产登记",
        ClaimType.BoundaryDispute => "界址争议",
        ClaimType.Planning => "规划建设",
        ClaimType.Mining => "违法采矿",
        ClaimType.Other => "其他",
        _ => c.ToString(),
    };

    /// <summary>API name of a claim type: snake_case (illegal_occupation …).</summary>
    public static string ApiName(this ClaimType c) => string.Concat(c.ToString().Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    public static bool TryParseClaimType(string? text, out ClaimType type)
    {
        foreach (var candidate in Enum.GetValues<ClaimType>())
        {
            if (string.Equals(text, candidate.ApiName(), StringComparison.OrdinalIgnoreCase)
                || string.Equals(text, candidate.ToString(), StringComparison.OrdinalIgnoreCase)
                || text == candidate.Zh())
            {
                type = candidate;
                return true;
            }
        }

        type = default;
        return false;
    }

    public static string AcceptedClaimTypes => string.Join(", ", Enum.GetValues<ClaimType>().Select(c => $"{c.ApiName()} ({c.Zh()})"));

    /// <summary>
    /// Art. 32 mapping (§7.0): 属实 → 支持; 不属实 → 不予支持; 导入法定途径 → 解释说明 (the remedy lies in
    /// another procedure); 部分属实 → 支持 for the part found (the rules list which part). Field
    /// checks and forwarding have no outcome yet.
    /// </summary>
    public static Outcome? OutcomeOf(Finding f) => f switch
    {
        Finding.Substantiated or Finding.PartlySubstantiated => Outcome.Support,
        Finding.NotSubstantiated => Outcome.NotSupport,
        Finding.StatutoryChannel => Outcome.Explain,
        _ => null,
    };
}
