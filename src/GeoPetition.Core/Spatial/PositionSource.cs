namespace GeoPetition.Core.Spatial;

/// <summary>The obfuscated coordinate system of a position picked on a consumer map.</summary>
public enum PositionSource
{
    /// <summary>GCJ-02 (火星坐标系, "Mars coordinates"): AMap (高德), Tencent Maps.</summary>
    Gcj02,

    /// <summary>BD-09: Baidu Maps, GCJ-02 with a second offset.</summary>
    Bd09,
}
