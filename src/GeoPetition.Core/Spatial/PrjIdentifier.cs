using System.Globalization;
using System.Text;

namespace GeoPetition.Core.Spatial;

/// <summary>
/// Implements <see cref="CrsRegistry.IdentifyPrj(string)"/>: reads the datum, ellipsoid,
/// projection and parameters of a .prj and maps them to a supported EPSG code. See the remarks
/// there for the rules.
/// </summary>
internal static class PrjIdentifier
{
    private const double DegreeInRadians = 0.0174532925199433;

    private enum Datum
    {
        Unknown,
        Cgcs2000,
        Wgs84,
        Xian1980,
        Beijing1954,
        Sphere,
    }

    public static PrjIdentification Identify(string? prjWkt)
    {
        if (string.IsNullOrWhiteSpace(prjWkt))
        {
            return PrjIdentification.Failed("the .prj is empty");
        }

        if (!WktNode.TryParse(prjWkt, out var root) || root is null)
        {
            return PrjIdentification.Failed($"the .prj is not a WKT coordinate system (starts with \"{Excerpt(prjWkt)}\")");
        }

        var keyword = root.Keyword.ToUpperInvariant();
        var isGeographic = keyword is "GEOGCS" or "GEOGCRS" or "GEODCRS" or "GEOGRAPHICCRS" or "GEODETICCRS";
        var isProjected = keyword is "PROJCS" or "PROJCRS" or "PROJECTEDCRS";
        if (!isGeographic && !isProjected)
        {
            return PrjIdentification.Failed($"the .prj is a {root.Keyword}, not a geographic or projected coordinate system");
        }

        var geog = isGeographic ? root : root.Child("GEOGCS", "BASEGEOGCRS", "BASEGEODCRS", "GEOGCRS", "GEODCRS");
        if (geog is null)
        {
            return PrjIdentification.Failed($"projected CRS '{root.Name}' has no geographic base");
        }

        var datumNode = geog.Child("DATUM", "TRF", "GEODETICDATUM");
        var spheroid = geog.Find("SPHEROID", "ELLIPSOID");
        var a = spheroid?.Number(1);
        var rf = spheroid?.Number(2);
        var datum = ClassifyDatum(geog.Name, datumNode?.Name, spheroid?.Name, a, rf);
        var found = Describe(root, geog, datumNode, spheroid, a, rf);

        switch (datum)
        {
            case Datum.Xian1980:
                return PrjIdentification.Failed(
                    $"found {found}: Xian 1980 needs official transformation parameters to reach CGCS2000 and is rejected; reproject the data to CGCS2000 first");
            case Datum.Beijing1954:
                return PrjIdentification.Failed(
                    $"found {found}: Beijing 1954 needs official transformation parameters to reach CGCS2000 and is rejected; reproject the data to CGCS2000 first");
            case Datum.Unknown:
                return PrjIdentification.Failed($"found {found}: the datum is neither CGCS2000 nor WGS 84");
        }

        var primeMeridian = geog.Child("PRIMEM", "PRIMEMERIDIAN")?.Number(1) ?? 0.0;
        if (Math.Abs(primeMeridian) > 1e-9)
        {
            return PrjIdentification.Failed($"found {found} with prime meridian {Format(primeMeridian)}, not Greenwich");
        }

        if (isGeographic)
        {
            var unit = geog.Child("UNIT", "ANGLEUNIT")?.Number(1);
            if (unit is { } u && Math.Abs(u - DegreeInRadians) > 1e-12)
            {
                return PrjIdentification.Failed($"found {found} with angular unit {Format(u)} rad, not degrees");
            }

            return datum switch
            {
                Datum.Cgcs2000 => PrjIdentification.Found(Srids.Cgcs2000),
                Datum.Wgs84 => PrjIdentification.Found(Srids.Wgs84),
                _ => PrjIdentification.Failed($"found {found}: a geographic CRS on a sphere is not supported"),
            };
        }

        return IdentifyProjected(root, datum, found);
    }

    private static PrjIdentification IdentifyProjected(WktNode root, Datum datum, string found)
    {
        var method = root.Child("PROJECTION")?.Name ?? root.Child("CONVERSION")?.Child("METHOD", "PROJECTION")?.Name ?? "";
        var methodKey = Normalize(method);
        var parameterHolder = root.Child("CONVERSION") ?? root;
        var parameters = ReadParameters(parameterHolder);
        var linearUnit = root.Child("UNIT", "LENGTHUNIT")?.Number(1);
        if (linearUnit is { } lu && Math.Abs(lu - 1.0) > 1e-12)
        {
            return PrjIdentification.Failed($"found {found} with linear unit {Format(lu)} m, not metres");
        }

        var nameKey = Normalize(root.Name ?? "");
        var centralMeridian = parameters.GetValueOrDefault("centralmeridian", 0.0);
        var falseEasting = parameters.GetValueOrDefault("falseeasting", 0.0);
        var falseNorthing = parameters.GetValueOrDefault("falsenorthing", 0.0);
        var scale = parameters.GetValueOrDefault("scalefactor", 1.0);
        var latitudeOfOrigin = parameters.GetValueOrDefault("latitudeoforigin", 0.0);
        var parametersText = string.Create(
            CultureInfo.InvariantCulture,
            $"projection {(method.Length > 0 ? method : "(none)")}, central meridian {Format(centralMeridian)}, false easting {Format(falseEasting)}, false northing {Format(falseNorthing)}, scale {Format(scale)}, latitude of origin {Format(latitudeOfOrigin)}");

        if (IsWebMercator(root, methodKey, nameKey, datum, parameters))
        {
            if (Math.Abs(centralMeridian) > 1e-9 || Math.Abs(falseEasting) > 1e-6 || Math.Abs(falseNorthing) > 1e-6
                || Math.Abs(scale - 1.0) > 1e-9 || Math.Abs(latitudeOfOrigin) > 1e-9
                || Math.Abs(parameters.GetValueOrDefault("standardparallel1", 0.0)) > 1e-9
                || Math.Abs(parameters.GetValueOrDefault("auxiliaryspheretype", 0.0)) > 1e-9)
            {
                return PrjIdentification.Failed($"found {found}, {parametersText}: a Mercator variant that is not EPSG:3857");
            }

            return PrjIdentification.Found(Srids.WebMercator);
        }

        if (methodKey is not ("gausskruger" or "transversemercator" or "gausskrugertransversemercator"))
        {
            return PrjIdentification.Failed($"found {found}, {parametersText}: the projection is not supported");
        }

        if (datum != Datum.Cgcs2000)
        {
            return PrjIdentification.Failed($"found {found}, {parametersText}: Gauss–Krüger is supported on CGCS2000 only");
        }

        if (Math.Abs(scale - 1.0) > 1e-9 || Math.Abs(latitudeOfOrigin) > 1e-9 || Math.Abs(falseNorthing) > 1e-6
            || Math.Abs(centralMeridian - Math.Round(centralMeridian)) > 1e-9)
        {
            return PrjIdentification.Failed(
                $"found {found}, {parametersText}: a CGCS2000 Gauss–Krüger system needs scale 1, latitude of origin 0, false northing 0 and a whole-degree central meridian");
        }

        var cm = (int)Math.Round(centralMeridian);
        var zoneReal = (falseEasting - 500_000.0) / 1_000_000.0;
        if (Math.Abs(zoneReal - Math.Round(zoneReal)) > 1e-9)
        {
            return PrjIdentification.Failed($"found {found}, {parametersText}: the false easting is neither 500000 nor zone·10⁶ + 500000");
        }

        var zone = (int)Math.Round(zoneReal);
        if (zone == 0)
        {
            if (cm is < 75 or > 135 || cm % 3 != 0)
            {
                return PrjIdentification.Failed($"found {found}, {parametersText}: the central meridian is not one of 75°E…135°E in 3° steps");
            }

            var isSixDegreeMeridian = (cm - 75) % 6 == 0;
            var nameSaysSix = !nameKey.Contains("3degree", StringComparison.Ordinal)
                && (nameKey.Contains("6degree", StringComparison.Ordinal)
                    || nameKey.Contains("gkcm", StringComparison.Ordinal)
                    || nameKey.Contains("gausskrugercm", StringComparison.Ordinal));
            return isSixDegreeMeridian && nameSaysSix
                ? PrjIdentification.Found(Srids.GaussKruger6First + (cm - 75) / 6)
                : PrjIdentification.Found(Srids.GaussKruger3First + (cm - 75) / 3);
        }

        if (zone is >= 25 and <= 45 && cm == 3 * zone)
        {
            return PrjIdentification.Found(Srids.GaussKruger3WithZoneFirst + zone - 25);
        }

        if (zone is >= 13 and <= 23 && cm == 6 * zone - 3)
        {
            return PrjIdentification.Found(Srids.GaussKruger6WithZoneFirst + zone - 13);
        }

        return PrjIdentification.Failed(
            $"found {found}, {parametersText}: zone prefix {zone} does not match central meridian {cm} (3° zones 25–45 need CM = 3·zone, 6° zones 13–23 need CM = 6·zone − 3)");
    }

    private static bool IsWebMercator(WktNode root, string methodKey, string nameKey, Datum datum, Dictionary<string, double> parameters)
    {
        if (methodKey is "mercatorauxiliarysphere" or "popularvisualisationpseudomercator" or "pseudomercator" or "webmercator")
        {
            return true;
        }

        if (methodKey is not ("mercator1sp" or "mercator" or "mercatorvarianta"))
        {
            return false;
        }

        // A Mercator_1SP is EPSG:3857 only on a sphere, or when it says so (GDAL writes the
        // ellipsoidal WGS 84 base plus a PROJ4 extension with +a=6378137 +b=6378137);
        // otherwise it is the ellipsoidal World Mercator (EPSG:3395), which is not supported.
        var extension = root.Child("EXTENSION");
        return datum == Datum.Sphere
            || nameKey.Contains("pseudomercator", StringComparison.Ordinal)
            || nameKey.Contains("webmercator", StringComparison.Ordinal)
            || (extension?.Args.Count > 1 && extension.Args[1] is string proj4 && proj4.Contains("+b=6378137", StringComparison.Ordinal))
            || parameters.ContainsKey("auxiliaryspheretype");
    }

    private static Datum ClassifyDatum(string? geogName, string? datumName, string? spheroidName, double? a, double? rf)
    {
        var names = Normalize($"{geogName} {datumName} {spheroidName}");
        if (names.Contains("xian", StringComparison.Ordinal) || names.Contains("西安", StringComparison.Ordinal)
            || (a is { } ax && Math.Abs(ax - 6378140.0) < 0.5))
        {
            return Datum.Xian1980;
        }

        if (names.Contains("beijing", StringComparison.Ordinal) || names.Contains("北京", StringComparison.Ordinal)
            || names.Contains("krasovsky", StringComparison.Ordinal) || names.Contains("krassowsky", StringComparison.Ordinal)
            || (a is { } ab && Math.Abs(ab - 6378245.0) < 0.5))
        {
            return Datum.Beijing1954;
        }

        var isGrsSize = a is null || Math.Abs(a.Value - 6378137.0) < 1e-3;
        if (!isGrsSize)
        {
            return Datum.Unknown;
        }

        if (names.Contains("china2000", StringComparison.Ordinal) || names.Contains("cgcs2000", StringComparison.Ordinal)
            || names.Contains("chinageodeticcoordinatesystem2000", StringComparison.Ordinal) || names.Contains("2000国家大地", StringComparison.Ordinal))
        {
            return rf is null || Math.Abs(rf.Value - 298.257222101) < 1e-6 ? Datum.Cgcs2000 : Datum.Unknown;
        }

        if (names.Contains("wgs1984", StringComparison.Ordinal) || names.Contains("wgs84", StringComparison.Ordinal)
            || names.Contains("worldgeodeticsystem1984", StringComparison.Ordinal))
        {
            return rf is null || Math.Abs(rf.Value - 298.257223563) < 1e-6 ? Datum.Wgs84 : Datum.Unknown;
        }

        if (names.Contains("popularvisualisation", StringComparison.Ordinal) || rf is 0.0)
        {
            return Datum.Sphere;
        }

        return Datum.Unknown;
    }

    private static Dictionary<string, double> ReadParameters(WktNode holder)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var parameter in holder.Children.Where(c => c.Keyword.Equals("PARAMETER", StringComparison.OrdinalIgnoreCase)))
        {
            if (parameter.Name is not { } name || parameter.Number(1) is not { } value)
            {
                continue;
            }

            var key = Normalize(name) switch
            {
                "centralmeridian" or "longitudeofnaturalorigin" or "longitudeoforigin" or "longitudeofcenter" or "longitudeofcentre" => "centralmeridian",
                "latitudeoforigin" or "latitudeofnaturalorigin" or "latitudeofcenter" or "latitudeofcentre" => "latitudeoforigin",
                "scalefactor" or "scalefactoratnaturalorigin" => "scalefactor",
                "falseeasting" => "falseeasting",
                "falsenorthing" => "falsenorthing",
                "standardparallel1" or "latitudeof1ststandardparallel" => "standardparallel1",
                "auxiliaryspheretype" => "auxiliaryspheretype",
                var other => other,
            };
            result[key] = value;
        }

        return result;
    }

    private static string Describe(WktNode root, WktNode geog, WktNode? datum, WktNode? spheroid, double? a, double? rf)
    {
        var sb = new StringBuilder();
        sb.Append(root == geog ? "geographic CRS" : "projected CRS");
        sb.Append(" '").Append(root.Name ?? "(unnamed)").Append('\'');
        if (root != geog)
        {
            sb.Append(" based on '").Append(geog.Name ?? "(unnamed)").Append('\'');
        }

        sb.Append(" with datum '").Append(datum?.Name ?? "(none)").Append('\'');
        if (spheroid is not null)
        {
            sb.Append(CultureInfo.InvariantCulture, $" and ellipsoid '{spheroid.Name}' (a = {Format(a)}, 1/f = {Format(rf)})");
        }

        return sb.ToString();
    }

    /// <summary>Lower case, letters and digits only ("D_China_2000" → "dchina2000").</summary>
    private static string Normalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(char.ToLowerInvariant(c));
            }
        }

        return sb.ToString();
    }

    private static string Format(double? value) =>
        value is { } v ? v.ToString("G12", CultureInfo.InvariantCulture) : "?";

    private static string Excerpt(string text)
    {
        var flat = text.Trim().ReplaceLineEndings(" ");
        return flat.Length <= 60 ? flat : flat[..60] + "…";
    }
}
