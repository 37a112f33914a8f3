using System.Globalization;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.IO.Converters;

namespace GeoPetition.Server.Imagery;

/// <summary>Parsing of the imagery query parameters (pure). Failures say what is accepted.</summary>
public static class ImageryParameters
{
    private static readonly JsonSerializerOptions GeoJson = new() { Converters = { new GeoJsonConverterFactory() } };

    /// <summary>
    /// Parses a geometry in EPSG:4490 lon/lat given as GeoJSON (a geometry object) or WKT (an
    /// EWKT <c>SRID=4490;</c> or <c>SRID=4326;</c> prefix is accepted). It must be non-empty, with
    /// finite coordinates within lon −180…180 and lat −90…90, and valid (OGC simple features).
    /// </summary>
    public static bool TryParseGeometry(string? text, out Geometry geometry, out string problem)
    {
        geometry = Point.Empty;
        problem = "";
        if (string.IsNullOrWhiteSpace(text))
        {
            problem = "geometry is required: GeoJSON or WKT in EPSG:4490 lon/lat, e.g. POINT(104.06 30.65)";
            return false;
        }

        Geometry? parsed;
        try
        {
            var trimmed = text.Trim();
            if (trimmed.StartsWith('{'))
            {
                parsed = JsonSerializer.Deserialize<Geometry>(trimmed, GeoJson);
            }
            else
            {
                var reader = new WKTReader { IsOldNtsCoordinateSyntaxAllowed = false };
                parsed = reader.Read(trimmed);
                if (parsed.SRID is not (0 or -1 or Srids.Cgcs2000 or Srids.Wgs84))
                {
                    problem = $"geometry is declared in EPSG:{parsed.SRID}; give it in EPSG:4490 lon/lat";
                    return false;
                }
            }
        }
        catch (Exception e) when (e is ParseException or JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            problem = $"geometry is neither GeoJSON nor WKT ({e.Message}); e.g. POINT(104.06 30.65) or {{\"type\":\"Point\",\"coordinates\":[104.06,30.65]}}";
            return false;
        }

        if (parsed is null || parsed.IsEmpty)
        {
            problem = "geometry is empty";
            return false;
        }

        if (!GeometryChecks.AllCoordinatesFinite(parsed) || parsed.Coordinates.Any(c => c.X is < -180 or > 180 || c.Y is < -90 or > 90))
        {
            problem = "geometry coordinates must be finite EPSG:4490 lon/lat (lon −180…180, lat −90…90)";
            return false;
        }

        if (!parsed.IsValid)
        {
            problem = $"geometry is not valid: {GeometryChecks.DescribeInvalidity(parsed)}";
            return false;
        }

        parsed.SRID = Srids.Storage;
        geometry = parsed;
        return true;
    }

    /// <summary>Parses a date YYYY-MM-DD.</summary>
    public static bool TryParseDate(string? text, out DateOnly date) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
}
