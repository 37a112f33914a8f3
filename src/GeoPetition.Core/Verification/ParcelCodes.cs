using System.Text.RegularExpressions;

namespace GeoPetition.Core.Verification;

/// <summary>
/// 宗地代码 (ZDDM, 19 characters) and 不动产单元号 (BDCDYH, 28 characters) per GB/T 37346-2019:
/// ZDDM = 6-digit county code + 3-digit 地籍区 + 3-digit 地籍子区 + 2-letter 宗地特征码 + 5-digit
/// parcel number; the 特征码's first letter is the owner (G 国家, J 集体, Z 争议) and its second the
/// right (A 所有权; B/S/X 建设用地使用权 surface/above/below; C 宅基地; D 土地承包经营权; E 林地;
/// F 草原; H 海域; G 无居民海岛; W 未确权; Y 其他). BDCDYH = ZDDM + 定着物特征码 (F 房屋, L 林木,
/// Q 其他, W 无定着物) + 8 digits.
/// </summary>
public static partial class ParcelCodes
{
    public const string ZddmFormat = "19 characters: 6-digit county code, 6 digits of cadastral (sub-)district, 2-letter feature code ([GJZ][ABSXCDEFGHWY]) and a 5-digit number, e.g. 510991001001JC00012";
    public const string BdcdyhFormat = "28 characters: a 19-character parcel code, then F, L, Q or W and 8 digits, e.g. 510991001001JC00012F00010001";

    /// <summary>Why a ZDDM does not parse, or null if it does.</summary>
    public static string? ZddmProblem(string code) =>
        code.Length != 19 ? $"has {code.Length} characters, a parcel code (ZDDM) has 19"
        : !ZddmPattern().IsMatch(code) ? "does not have the parcel-code structure"
        : null;

    /// <summary>Why a BDCDYH does not parse, or null if it does.</summary>
    public static string? BdcdyhProblem(string code) =>
        code.Length != 28 ? $"has {code.Length} characters, a real-estate unit number (BDCDYH) has 28"
        : ZddmProblem(code[..19]) is { } p ? $"its first 19 characters (the parcel code) {p}"
        : !BuildingPattern().IsMatch(code[19..]) ? "its characters 20–28 must be F, L, Q or W and 8 digits"
        : null;

    /// <summary>The right letter of a ZDDM (second letter of the 特征码), or null.</summary>
    public static char? RightLetter(string? zddm) => zddm is { Length: >= 14 } ? zddm[13] : null;

    /// <summary>An ownership parcel (所有权, letter A): it legitimately contains use-right parcels.</summary>
    public static bool IsOwnership(string? zddm) => RightLetter(zddm) == 'A';

    /// <summary>The vertical layer of a use right: S above ground, X below, otherwise the surface.</summary>
    public static char Layer(string? zddm) => RightLetter(zddm) is 'S' or 'X' ? RightLetter(zddm)!.Value : 'B';

    [GeneratedRegex("^[0-9]{12}[GJZ][ABSXCDEFGHWY][0-9]{5}$")]
    private static partial Regex ZddmPattern();

    [GeneratedRegex("^[FLQW][0-9]{8}$")]
    private static partial Regex BuildingPattern();
}
