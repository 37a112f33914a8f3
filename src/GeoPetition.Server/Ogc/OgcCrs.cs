using System.Globalization;
using GeoPetition.Core.Spatial;

namespace GeoPetition.Server.Ogc;

/// <summary>
/// A coordinate reference system as OGC API – Features Part 2 names it (an http URI), with the
/// axis order and the fixed output precision of this server.
/// </summary>
/// <remarks>
/// Axis order follows the CRS definition, as Part 2 requires: CRS84 is lon/lat; EPSG:4490 and
/// EPSG:4326 are lat/lon; EPSG:3857 is easting/northing; the CGCS2000 Gauss–Krüger systems
/// (EPSG:4491–4554) are northing/easting. This applies to output coordinates and to a bbox given
/// with <c>bbox-crs</c>. Precision: 7 decimals for degrees (about 1 cm), 3 for metres (1 mm).
/// </remarks>
/// <param name="Epsg">The EPSG code used to transform (CRS84 is handled as 4326 with lon/lat order).</param>
/// <param name="Uri">The OGC URI, e.g. <c>http://www.opengis.net/def/crs/EPSG/0/4523</c>.</param>
/// <param name="NorthingFirst">True when the first axis is latitude or northing.</param>
/// <param name="Decimals">Decimal digits of output coordinates.</param>
public sealed record OgcCrs(int Epsg, string Uri, bool NorthingFirst, int Decimals)
{
    /// <summary>Decimals for degrees: 1e-7° is about 1.1 cm.</summary>
    public const int DegreeDecimals = 7;

    /// <summary>Decimals for metres: 1 mm.</summary>
    public const int MetreDecimals = 3;

    /// <summary>URI of OGC CRS84 (WGS 84 lon/lat), the default of GeoJSON and OGC API – Features.</summary>
    public const string Crs84Uri = "http://www.opengis.net/def/crs/OGC/1.3/CRS84";

    /// <summary>CRS84, the default output and bbox CRS.</summary>
    public static readonly OgcCrs Crs84 = new(Srids.Crs84, Crs84Uri, false, DegreeDecimals);

    /// <summary>The storage CRS of every layer: CGCS2000 geographic (EPSG:4490, lat/lon axis order).</summary>
    public static readonly OgcCrs Storage = ForEpsg(Srids.Storage);

    /// <summary>Every CRS the server can answer in: CRS84, EPSG:4490, 4326, 3857 and 4491–4554.</summary>
    public static readonly IReadOnlyList<OgcCrs> Supported =
        [Crs84, .. CrsRegistry.All.Select(c => ForEpsg(c.Epsg))];

    /// <summary>True for CRS84 (not the same as EPSG:4326, whose axis order is lat/lon).</summary>
    public bool IsCrs84 => Uri == Crs84Uri;

    /// <summary>True for lon/lat or lat/lon degrees.</summary>
    public bool IsGeographic => CrsRegistry.Get(Epsg).IsGeographic;

    /// <summary>The value of a Content-Crs header.</summary>
    public string Header => $"<{Uri}>";

    /// <summary>The OGC URI form of an EPSG code.</summary>
    public static string EpsgUri(int epsg) => "http://www.opengis.net/def/crs/EPSG/0/" + epsg.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Parses a <c>crs</c> or <c>bbox-crs</c> value: the OGC URI forms first, and the other forms
    /// <see cref="CrsRegistry.TryParseCrs"/> accepts (EPSG:4523, urn:ogc:def:crs:EPSG::4523, CRS84…).
    /// </summary>
    public static bool TryParse(string? text, out OgcCrs crs)
    {
        crs = Crs84;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim().Trim('<', '>');
        if (trimmed.EndsWith("CRS84", StringComparison.OrdinalIgnoreCase))
        {
            return CrsRegistry.TryParseCrs(trimmed, out _);
        }

        if (!CrsRegistry.TryParseCrs(trimmed, out var epsg))
        {
            return false;
        }

        crs = ForEpsg(epsg);
        return true;
    }

    /// <summary>The list of supported CRS URIs, for error messages.</summary>
    public static string SupportedSummary =>
        $"{Crs84Uri}, {EpsgUri(Srids.Cgcs2000)}, {EpsgUri(Srids.Wgs84)}, {EpsgUri(Srids.WebMercator)}, and the CGCS2000 Gauss–Krüger systems {EpsgUri(Srids.GaussKruger6WithZoneFirst)} … {EpsgUri(Srids.GaussKruger3Last)}";

    private static OgcCrs ForEpsg(int epsg)
    {
        var info = CrsRegistry.Get(epsg);
        return new OgcCrs(
            epsg,
            EpsgUri(epsg),
            NorthingFirst: info.IsGeographic || info.IsGaussKruger,
            info.IsGeographic ? DegreeDecimals : MetreDecimals);
    }
}
