using NetTopologySuite;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Spatial;

/// <summary>
/// GCJ-02 and BD-09, the offset coordinates of Chinese consumer maps (domain-rules.md §3.2),
/// with the publicly reverse-engineered algorithm (coordtransform, e.g. GitHub
/// wandergis/coordtransform): Krasovsky ellipsoid a = 6378245.0, ee = 0.00669342162296594323,
/// no offset outside lon 72.004–137.8347, lat 0.8293–55.8271. All values are lon/lat degrees,
/// longitude first. WGS 84 here stands for CGCS2000 as well (they agree to centimetres).
/// </summary>
/// <remarks>
/// <para>
/// There is no official GCJ-02 → WGS 84 conversion. <see cref="Gcj02ToWgs84"/> inverts the
/// forward model iteratively (fixed point; each step gains about three digits, so it converges in
/// 3–5 steps to below 1e-11° ≈ 1 µm). The common one-step inverse <c>2p − f(p)</c> leaves errors
/// up to about 3 m and is not used. How well the public model matches AMap's internal one is
/// unverified: use a positional tolerance of 10–30 m for points picked on consumer maps.
/// </para>
/// <para>
/// BD-09 ↔ GCJ-02 uses x_pi = π·3000/180 and the constants 0.0065, 0.006; it applies everywhere
/// (Baidu's second offset has no China test). <see cref="Bd09ToGcj02"/> refines the usual
/// closed-form inverse by iteration as well, so BD-09 round trips close to &lt; 1 mm.
/// </para>
/// </remarks>
public static class ChineseOffsets
{
    /// <summary>Semi-major axis of the Krasovsky ellipsoid used by the GCJ-02 model.</summary>
    public const double KrasovskySemiMajorAxis = 6378245.0;

    /// <summary>First eccentricity squared of the Krasovsky ellipsoid, as in the public code.</summary>
    public const double KrasovskyEccentricitySquared = 0.00669342162296594323;

    private const double XPi = Math.PI * 3000.0 / 180.0;

    /// <summary>Convergence threshold of the iterative inverses, degrees (≈ 1 µm).</summary>
    private const double Convergence = 1e-11;

    private const int MaxIterations = 20;

    /// <summary>
    /// True outside the GCJ-02 box (lon 72.004–137.8347, lat 0.8293–55.8271, exclusive bounds as
    /// in the public code), where GCJ-02 equals WGS 84.
    /// </summary>
    public static bool IsOutsideChina(double lon, double lat) =>
        lon < 72.004 || lon > 137.8347 || lat < 0.8293 || lat > 55.8271;

    /// <summary>WGS 84 → GCJ-02 (the forward model; identity outside China).</summary>
    public static (double Lon, double Lat) Wgs84ToGcj02(double lon, double lat) =>
        IsOutsideChina(lon, lat) ? (lon, lat) : Forward(lon, lat);

    /// <summary>GCJ-02 → WGS 84 by iterating the forward model (identity outside China).</summary>
    public static (double Lon, double Lat) Gcj02ToWgs84(double lon, double lat)
    {
        if (IsOutsideChina(lon, lat))
        {
            return (lon, lat);
        }

        var wLon = lon;
        var wLat = lat;
        for (var i = 0; i < MaxIterations; i++)
        {
            var (gLon, gLat) = Forward(wLon, wLat);
            var dLon = lon - gLon;
            var dLat = lat - gLat;
            wLon += dLon;
            wLat += dLat;
            if (Math.Abs(dLon) < Convergence && Math.Abs(dLat) < Convergence)
            {
                break;
            }
        }

        return (wLon, wLat);
    }

    /// <summary>GCJ-02 → BD-09.</summary>
    public static (double Lon, double Lat) Gcj02ToBd09(double lon, double lat)
    {
        var z = Math.Sqrt(lon * lon + lat * lat) + 0.00002 * Math.Sin(lat * XPi);
        var theta = Math.Atan2(lat, lon) + 0.000003 * Math.Cos(lon * XPi);
        return (z * Math.Cos(theta) + 0.0065, z * Math.Sin(theta) + 0.006);
    }

    /// <summary>BD-09 → GCJ-02: the public closed-form inverse, refined by iteration.</summary>
    public static (double Lon, double Lat) Bd09ToGcj02(double lon, double lat)
    {
        var x = lon - 0.0065;
        var y = lat - 0.006;
        var z = Math.Sqrt(x * x + y * y) - 0.00002 * Math.Sin(y * XPi);
        var theta = Math.Atan2(y, x) - 0.000003 * Math.Cos(x * XPi);
        var gLon = z * Math.Cos(theta);
        var gLat = z * Math.Sin(theta);
        for (var i = 0; i < MaxIterations; i++)
        {
            var (bLon, bLat) = Gcj02ToBd09(gLon, gLat);
            var dLon = lon - bLon;
            var dLat = lat - bLat;
            gLon += dLon;
            gLat += dLat;
            if (Math.Abs(dLon) < Convergence && Math.Abs(dLat) < Convergence)
            {
                break;
            }
        }

        return (gLon, gLat);
    }

    /// <summary>BD-09 → WGS 84 (via GCJ-02).</summary>
    public static (double Lon, double Lat) Bd09ToWgs84(double lon, double lat)
    {
        var (gLon, gLat) = Bd09ToGcj02(lon, lat);
        return Gcj02ToWgs84(gLon, gLat);
    }

    /// <summary>WGS 84 → BD-09 (via GCJ-02).</summary>
    public static (double Lon, double Lat) Wgs84ToBd09(double lon, double lat)
    {
        var (gLon, gLat) = Wgs84ToGcj02(lon, lat);
        return Gcj02ToBd09(gLon, gLat);
    }

    /// <summary>
    /// Converts a geometry picked on a consumer map (GCJ-02 or BD-09 lon/lat) to CGCS2000
    /// (EPSG:4490) by applying the inverse to every coordinate. Returns a new geometry; the input
    /// is not changed.
    /// </summary>
    public static Geometry ToCgcs2000(Geometry geometry, PositionSource source)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        var factory = NtsGeometryServices.Instance.CreateGeometryFactory(
            new PrecisionModel(), Srids.Cgcs2000, geometry.Factory.CoordinateSequenceFactory);
        var copy = factory.CreateGeometry(geometry);
        copy.Apply(new InverseFilter(source));
        copy.SRID = Srids.Cgcs2000;
        return copy;
    }

    /// <summary>The GCJ-02 forward model without the China test.</summary>
    private static (double Lon, double Lat) Forward(double lon, double lat)
    {
        var dLat = TransformLat(lon - 105.0, lat - 35.0);
        var dLon = TransformLon(lon - 105.0, lat - 35.0);
        var radLat = lat / 180.0 * Math.PI;
        var magic = Math.Sin(radLat);
        magic = 1 - KrasovskyEccentricitySquared * magic * magic;
        var sqrtMagic = Math.Sqrt(magic);
        dLat = dLat * 180.0 / (KrasovskySemiMajorAxis * (1 - KrasovskyEccentricitySquared) / (magic * sqrtMagic) * Math.PI);
        dLon = dLon * 180.0 / (KrasovskySemiMajorAxis / sqrtMagic * Math.Cos(radLat) * Math.PI);
        return (lon + dLon, lat + dLat);
    }

    private static double TransformLat(double x, double y)
    {
        var ret = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(y * Math.PI) + 40.0 * Math.Sin(y / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (160.0 * Math.Sin(y / 12.0 * Math.PI) + 320 * Math.Sin(y * Math.PI / 30.0)) * 2.0 / 3.0;
        return ret;
    }

    private static double TransformLon(double x, double y)
    {
        var ret = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.Sqrt(Math.Abs(x));
        ret += (20.0 * Math.Sin(6.0 * x * Math.PI) + 20.0 * Math.Sin(2.0 * x * Math.PI)) * 2.0 / 3.0;
        ret += (20.0 * Math.Sin(x * Math.PI) + 40.0 * Math.Sin(x / 3.0 * Math.PI)) * 2.0 / 3.0;
        ret += (150.0 * Math.Sin(x / 12.0 * Math.PI) + 300.0 * Math.Sin(x / 30.0 * Math.PI)) * 2.0 / 3.0;
        return ret;
    }

    private sealed class InverseFilter(PositionSource source) : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var (lon, lat) = source switch
            {
                PositionSource.Gcj02 => Gcj02ToWgs84(seq.GetX(i), seq.GetY(i)),
                PositionSource.Bd09 => Bd09ToWgs84(seq.GetX(i), seq.GetY(i)),
                _ => throw new ArgumentOutOfRangeException(nameof(source), source, "unknown position source"),
            };
            seq.SetX(i, lon);
            seq.SetY(i, lat);
        }
    }
}
