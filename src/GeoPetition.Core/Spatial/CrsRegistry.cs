using System.Collections.Frozen;
using System.Globalization;
using System.Text.RegularExpressions;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Spatial;

/// <summary>
/// The coordinate reference systems GeoPetition supports, with their WKT. ProjNet ships no EPSG
/// database, so this is ours: CGCS2000 geographic (EPSG:4490), WGS 84 (4326), Web Mercator (3857)
/// and every CGCS2000 Gauss–Krüger system (4491–4554), after domain-rules.md §3.1.
/// </summary>
/// <remarks>
/// Gauss–Krüger families (all k0 = 1, latitude of origin 0, false northing 0, CGCS2000 ellipsoid):
/// <list type="bullet">
/// <item>6° with zone prefix, EPSG:4491–4501: zone z = 13…23, CM = 6z − 3, FE = z·10⁶ + 500 000.</item>
/// <item>6° without prefix, EPSG:4502–4512: CM 75…135 step 6, FE = 500 000.</item>
/// <item>3° with zone prefix, EPSG:4513–4533: zone z = 25…45, CM = 3z, FE = z·10⁶ + 500 000.</item>
/// <item>3° without prefix, EPSG:4534–4554: CM 75…135 step 3, FE = 500 000.</item>
/// </list>
/// The WKT is generated from these parameters. It declares x = easting (longitude) first, the
/// order every Shapefile, GeoJSON and geometry in this code uses; the EPSG database itself
/// declares northing first for the GK systems and latitude first for 4490/4326.
/// </remarks>
public static partial class CrsRegistry
{
    /// <summary>Rough bounds of China (mainland, Hainan, Taiwan, South China Sea islands), degrees.</summary>
    public const double ChinaMinLongitude = 73.0;

    /// <summary>Eastern bound of <see cref="IsPlausibleForChina"/>, degrees.</summary>
    public const double ChinaMaxLongitude = 136.0;

    /// <summary>Southern bound of <see cref="IsPlausibleForChina"/>, degrees.</summary>
    public const double ChinaMinLatitude = 3.0;

    /// <summary>Northern bound of <see cref="IsPlausibleForChina"/>, degrees.</summary>
    public const double ChinaMaxLatitude = 54.0;

    private const string Cgcs2000GeogCs =
        "GEOGCS[\"China Geodetic Coordinate System 2000\"," +
        "DATUM[\"China_2000\",SPHEROID[\"CGCS2000\",6378137,298.257222101,AUTHORITY[\"EPSG\",\"1024\"]],AUTHORITY[\"EPSG\",\"1043\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
        "AXIS[\"Longitude\",EAST],AXIS[\"Latitude\",NORTH]," +
        "AUTHORITY[\"EPSG\",\"4490\"]]";

    private const string Wgs84GeogCs =
        "GEOGCS[\"WGS 84\"," +
        "DATUM[\"WGS_1984\",SPHEROID[\"WGS 84\",6378137,298.257223563,AUTHORITY[\"EPSG\",\"7030\"]],AUTHORITY[\"EPSG\",\"6326\"]]," +
        "PRIMEM[\"Greenwich\",0,AUTHORITY[\"EPSG\",\"8901\"]]," +
        "UNIT[\"degree\",0.0174532925199433,AUTHORITY[\"EPSG\",\"9122\"]]," +
        "AXIS[\"Longitude\",EAST],AXIS[\"Latitude\",NORTH]," +
        "AUTHORITY[\"EPSG\",\"4326\"]]";

    private const string WebMercatorProjCs =
        "PROJCS[\"WGS 84 / Pseudo-Mercator\"," + Wgs84GeogCs + "," +
        "PROJECTION[\"Popular Visualisation Pseudo-Mercator\"]," +
        "PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",0],PARAMETER[\"scale_factor\",1]," +
        "PARAMETER[\"false_easting\",0],PARAMETER[\"false_northing\",0]," +
        "UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]]," +
        "AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH]," +
        "AUTHORITY[\"EPSG\",\"3857\"]]";

    private static readonly IReadOnlyList<CrsInfo> AllSystems = BuildAll();
    private static readonly FrozenDictionary<int, CrsInfo> ByEpsg = AllSystems.ToFrozenDictionary(c => c.Epsg);

    /// <summary>Every supported system, in EPSG order within families: 4490, 4326, 3857, 4491–4554.</summary>
    public static IReadOnlyList<CrsInfo> All => AllSystems;

    /// <summary>Human-readable list of the supported systems, for error messages.</summary>
    public static string SupportedSummary =>
        "EPSG:4490 (CGCS2000), EPSG:4326 (WGS 84; also CRS84), EPSG:3857 (Web Mercator), " +
        "CGCS2000 Gauss–Krüger EPSG:4491–4512 (6°) and EPSG:4513–4554 (3°)";

    /// <summary>True when the code is one of <see cref="All"/>.</summary>
    public static bool IsSupported(int epsg) => ByEpsg.ContainsKey(epsg);

    /// <summary>The system for an EPSG code.</summary>
    /// <exception cref="UnsupportedCrsException">The code is not supported; the message lists what is.</exception>
    public static CrsInfo Get(int epsg) =>
        ByEpsg.TryGetValue(epsg, out var info) ? info : throw new UnsupportedCrsException(epsg);

    /// <summary>
    /// The CGCS2000 3° Gauss–Krüger system for a longitude: zone = round(lon / 3) (25…45),
    /// EPSG 4513 + (zone − 25) with zone prefix or 4534 + (zone − 25) without.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The longitude is outside 73.5°E–136.5°E (zones 25–45).</exception>
    public static int ThreeDegreeZoneEpsg(double longitude, bool withZonePrefix = true)
    {
        var zone = double.IsFinite(longitude) ? (int)Math.Round(longitude / 3.0, MidpointRounding.AwayFromZero) : 0;
        if (zone is < 25 or > 45)
        {
            throw new ArgumentOutOfRangeException(
                nameof(longitude), longitude, "CGCS2000 3° Gauss–Krüger zones 25–45 cover longitudes 73.5°E–136.5°E");
        }

        return (withZonePrefix ? Srids.GaussKruger3WithZoneFirst : Srids.GaussKruger3First) + zone - 25;
    }

    /// <summary>
    /// Parses a CRS reference and returns true only when it names a supported system. Accepted
    /// forms (case-insensitive): "EPSG:4523", "EPSG::4523", "4523", "urn:ogc:def:crs:EPSG::4523"
    /// (with or without a version), "http(s)://www.opengis.net/def/crs/EPSG/0/4523", and "CRS84",
    /// "OGC:CRS84", "urn:ogc:def:crs:OGC:1.3:CRS84", "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
    /// (all → 4326, lon/lat). Syntactically valid but unsupported codes return false with
    /// <paramref name="epsg"/> set to the parsed code, so callers can name it in their message.
    /// </summary>
    public static bool TryParseCrs(string? text, out int epsg)
    {
        epsg = 0;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        if (Crs84Pattern().IsMatch(trimmed))
        {
            epsg = Srids.Crs84;
            return true;
        }

        var match = EpsgPattern().Match(trimmed);
        if (!match.Success || !int.TryParse(match.Groups["code"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }

        epsg = code;
        return IsSupported(code);
    }

    /// <summary>
    /// Identifies a .prj (ESRI WKT1 as delivered by ArcGIS and the bureaus, or OGC WKT1) as one
    /// of the supported EPSG codes by its parameters, not only by its name.
    /// </summary>
    /// <remarks>
    /// <para>Rules:</para>
    /// <list type="bullet">
    /// <item>The datum must be CGCS2000 (D_China_2000, China_2000, CGCS2000, China Geodetic
    /// Coordinate System 2000) or WGS 84, with the matching ellipsoid (a = 6378137). Xian 1980,
    /// Beijing 1954, New Beijing and anything else are rejected: converting them to CGCS2000
    /// needs official parameters.</item>
    /// <item>GEOGCS in degrees → 4490 (CGCS2000) or 4326 (WGS 84).</item>
    /// <item>Mercator_Auxiliary_Sphere / Popular Visualisation Pseudo-Mercator / a spherical
    /// Mercator_1SP on a = b = 6378137, with zero CM, FE and FN → 3857.</item>
    /// <item>Gauss_Kruger or Transverse_Mercator on CGCS2000 with scale 1, latitude of origin 0,
    /// false northing 0, metres: FE = z·10⁶ + 500 000 with z in 25–45 and CM = 3z → 3° with
    /// prefix; z in 13–23 and CM = 6z − 3 → 6° with prefix; FE = 500 000 and CM a multiple of 3
    /// in 75–135 → without prefix.</item>
    /// <item>Ambiguity: a CM of 75, 81, …, 135 (6z − 3) with FE 500 000 is both a 3° and a 6°
    /// system, and the parameters are identical, so the choice only affects the code reported.
    /// The 3° code is chosen (3° is how survey and cadastral data are delivered) unless the name
    /// says 6 degree, or is an ESRI/EPSG 6° name ("CGCS2000_GK_CM_105E",
    /// "CGCS2000 / Gauss-Kruger CM 105E") without "3_Degree"/"3-degree".</item>
    /// </list>
    /// </remarks>
    public static PrjIdentification IdentifyPrj(string prjWkt) => PrjIdentifier.Identify(prjWkt);

    /// <summary>
    /// Guesses the system of prefixed Gauss–Krüger data from an easting, per domain-rules.md §3.1:
    /// when easting > 10⁶, zone = ⌊easting / 10⁶⌋; zones 25–45 give the 3° EPSG code with prefix
    /// (4513–4533), zones 13–23 the 6° EPSG code with prefix (4491–4501).
    /// </summary>
    /// <returns>The EPSG code (not the zone number), or null when the easting carries no valid
    /// zone prefix (unprefixed data: read the .prj or use <see cref="ThreeDegreeZoneEpsg"/>).</returns>
    public static int? GuessZoneFromEasting(double easting)
    {
        if (!double.IsFinite(easting) || easting <= 1_000_000.0)
        {
            return null;
        }

        var zone = (int)Math.Floor(easting / 1_000_000.0);
        return zone switch
        {
            >= 25 and <= 45 => Srids.GaussKruger3WithZoneFirst + zone - 25,
            >= 13 and <= 23 => Srids.GaussKruger6WithZoneFirst + zone - 13,
            _ => null,
        };
    }

    /// <summary>
    /// True when an envelope in the given system is plausibly Chinese data in that system: its
    /// corners, transformed to lon/lat, lie within lon 73–136°E, lat 3–54°N; and for Gauss–Krüger
    /// systems the eastings are consistent with the zone (with prefix: ⌊easting / 10⁶⌋ equals the
    /// zone; without: 0 ≤ easting &lt; 10⁶) and the longitudes lie within one zone width of the
    /// central meridian. Used to reject files declared in the wrong zone.
    /// </summary>
    public static bool IsPlausibleForChina(int epsg, Envelope envelope)
    {
        ArgumentNullException.ThrowIfNull(envelope);
        if (envelope.IsNull || !ByEpsg.TryGetValue(epsg, out var info))
        {
            return false;
        }

        double[] xs = [envelope.MinX, envelope.MaxX];
        double[] ys = [envelope.MinY, envelope.MaxY];
        if (xs.Concat(ys).Any(v => !double.IsFinite(v)))
        {
            return false;
        }

        if (info.IsGaussKruger)
        {
            foreach (var x in xs)
            {
                var prefix = Math.Floor(x / 1_000_000.0);
                if (prefix != (info.Zone ?? 0))
                {
                    return false;
                }
            }
        }

        foreach (var x in xs.Append(envelope.Centre.X))
        {
            foreach (var y in ys.Append(envelope.Centre.Y))
            {
                var (lon, lat) = Reprojection.Transform(x, y, epsg, Srids.Cgcs2000);
                if (!double.IsFinite(lon) || !double.IsFinite(lat)
                    || lon < ChinaMinLongitude || lon > ChinaMaxLongitude
                    || lat < ChinaMinLatitude || lat > ChinaMaxLatitude)
                {
                    return false;
                }

                if (info.CentralMeridian is { } cm && info.ZoneWidthDegrees is { } width && Math.Abs(lon - cm) > width)
                {
                    return false;
                }
            }
        }

        return true;
    }

    [GeneratedRegex(@"^(?:ogc:{1,2}|urn:ogc:def:crs:ogc:[^:]*:|https?://www\.opengis\.net/def/crs/ogc/[^/]+/)?crs84$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Crs84Pattern();

    [GeneratedRegex(@"^(?:epsg:{1,2}|urn:ogc:def:crs:epsg:[^:]*:|https?://www\.opengis\.net/def/crs/epsg/[^/]+/)?(?<code>[0-9]{1,6})$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EpsgPattern();

    private static List<CrsInfo> BuildAll()
    {
        var list = new List<CrsInfo>
        {
            new(Srids.Cgcs2000, "China Geodetic Coordinate System 2000", CrsFamily.Geographic, null, null, 0, Cgcs2000GeogCs),
            new(Srids.Wgs84, "WGS 84", CrsFamily.Geographic, null, null, 0, Wgs84GeogCs),
            new(Srids.WebMercator, "WGS 84 / Pseudo-Mercator", CrsFamily.WebMercator, 0, null, 0, WebMercatorProjCs),
        };

        for (var zone = 13; zone <= 23; zone++)
        {
            list.Add(GaussKrugerInfo(Srids.GaussKruger6WithZoneFirst + zone - 13, $"CGCS2000 / Gauss-Kruger zone {zone}",
                CrsFamily.GaussKruger6WithZone, 6 * zone - 3, zone));
        }

        for (var i = 0; i <= 10; i++)
        {
            var cm = 75 + 6 * i;
            list.Add(GaussKrugerInfo(Srids.GaussKruger6First + i, $"CGCS2000 / Gauss-Kruger CM {cm}E",
                CrsFamily.GaussKruger6, cm, null));
        }

        for (var zone = 25; zone <= 45; zone++)
        {
            list.Add(GaussKrugerInfo(Srids.GaussKruger3WithZoneFirst + zone - 25, $"CGCS2000 / 3-degree Gauss-Kruger zone {zone}",
                CrsFamily.GaussKruger3WithZone, 3 * zone, zone));
        }

        for (var i = 0; i <= 20; i++)
        {
            var cm = 75 + 3 * i;
            list.Add(GaussKrugerInfo(Srids.GaussKruger3First + i, $"CGCS2000 / 3-degree Gauss-Kruger CM {cm}E",
                CrsFamily.GaussKruger3, cm, null));
        }

        return list;
    }

    private static CrsInfo GaussKrugerInfo(int epsg, string name, CrsFamily family, int centralMeridian, int? zone)
    {
        var falseEasting = (zone ?? 0) * 1_000_000.0 + 500_000.0;
        var wkt = string.Create(
            CultureInfo.InvariantCulture,
            $"PROJCS[\"{name}\",{Cgcs2000GeogCs},PROJECTION[\"Transverse_Mercator\"],PARAMETER[\"latitude_of_origin\",0],PARAMETER[\"central_meridian\",{centralMeridian}],PARAMETER[\"scale_factor\",1],PARAMETER[\"false_easting\",{falseEasting:0}],PARAMETER[\"false_northing\",0],UNIT[\"metre\",1,AUTHORITY[\"EPSG\",\"9001\"]],AXIS[\"Easting\",EAST],AXIS[\"Northing\",NORTH],AUTHORITY[\"EPSG\",\"{epsg}\"]]");
        return new CrsInfo(epsg, name, family, centralMeridian, zone, falseEasting, wkt);
    }
}
