using System.Globalization;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Ogc;

/// <summary>A bad query parameter: which one, and what is accepted.</summary>
public sealed record ParameterError(string Parameter, string Message);

/// <summary>
/// A <c>datetime</c> value as a closed or half-open range of calendar dates; a null bound is open
/// (<c>..</c> or empty). An instant is the range of that one day. Both bounds are inclusive.
/// </summary>
public sealed record DateRange(DateOnly? Start, DateOnly? End)
{
    /// <summary>True when neither bound is set (<c>../..</c>): nothing is filtered.</summary>
    public bool IsUnbounded => Start is null && End is null;
}

/// <summary>One simple property filter (<c>?pzjg=国务院</c>): a catalog column and a typed value.</summary>
public sealed record PropertyFilter(LayerField Field, object Value);

/// <summary>
/// Parsing of the OGC API – Features query parameters. Pure functions; every failure names the
/// parameter and says what is accepted.
/// </summary>
public static class OgcParameters
{
    /// <summary>Items per page when <c>limit</c> is not given.</summary>
    public const int DefaultLimit = 10;

    /// <summary>The largest <c>limit</c> accepted; more is a 400, not a silent clamp.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Largest |x| and |y| of EPSG:3857 (the square of WebMercatorQuad), metres.</summary>
    public const double WebMercatorBound = 20037508.342789244;

    /// <summary>The parameters every items request may carry (besides property filters).</summary>
    public static readonly IReadOnlyList<string> ItemsParameters =
        ["f", "bbox", "bbox-crs", "datetime", "datetime-property", "limit", "after", "crs", "filter", "filter-lang", "filter-crs"];

    /// <summary>Parses <c>limit</c>: 1 … <see cref="MaxLimit"/>, default <see cref="DefaultLimit"/>.</summary>
    public static bool TryParseLimit(string? text, out int limit, out ParameterError? error)
    {
        limit = DefaultLimit;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > MaxLimit)
        {
            error = new ParameterError("limit", $"limit '{text}' must be a whole number from 1 to {MaxLimit}");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Parses <c>bbox</c> (4 numbers, or 6 with heights that are ignored) in the axis order of
    /// <paramref name="crs"/>, checks it against the CRS's range, and returns it as a lon/lat
    /// envelope in the storage CRS (EPSG:4490). A projected box is transformed by sampling its
    /// edges, so the result covers the whole box.
    /// </summary>
    public static bool TryParseBbox(string text, OgcCrs crs, out Envelope storageEnvelope, out ParameterError? error)
    {
        storageEnvelope = new Envelope();
        error = null;
        var parts = text.Split(',');
        var values = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                error = new ParameterError("bbox", $"bbox value '{parts[i]}' is not a number; {BboxHelp(crs)}");
                return false;
            }
        }

        if (values.Length is not (4 or 6))
        {
            error = new ParameterError("bbox", $"bbox has {values.Length} numbers; it takes 4 (or 6 with heights); {BboxHelp(crs)}");
            return false;
        }

        var (a1, b1, a2, b2) = values.Length == 4 ? (values[0], values[1], values[2], values[3]) : (values[0], values[1], values[3], values[4]);
        var (minX, minY, maxX, maxY) = crs.NorthingFirst ? (b1, a1, b2, a2) : (a1, b1, a2, b2);
        if (minX > maxX || minY > maxY)
        {
            error = new ParameterError("bbox", $"bbox '{text}' has a minimum above its maximum; {BboxHelp(crs)}");
            return false;
        }

        var info = CrsRegistry.Get(crs.Epsg);
        if (info.IsGeographic)
        {
            if (minX < -180 || maxX > 180 || minY < -90 || maxY > 90)
            {
                error = new ParameterError("bbox", $"bbox '{text}' is outside longitude −180…180 / latitude −90…90; {BboxHelp(crs)}");
                return false;
            }

            storageEnvelope = new Envelope(minX, maxX, minY, maxY);
            return true;
        }

        if (info.Family == CrsFamily.WebMercator)
        {
            if (Math.Abs(minX) > WebMercatorBound || Math.Abs(maxX) > WebMercatorBound || Math.Abs(minY) > WebMercatorBound || Math.Abs(maxY) > WebMercatorBound)
            {
                error = new ParameterError("bbox", $"bbox '{text}' is outside the EPSG:3857 square ±{WebMercatorBound:0.###} m; {BboxHelp(crs)}");
                return false;
            }
        }
        else if (!CrsRegistry.IsPlausibleForChina(crs.Epsg, new Envelope(minX, maxX, minY, maxY)))
        {
            error = new ParameterError("bbox", $"bbox '{text}' is outside the area of {info} (its zone, within China); {BboxHelp(crs)}");
            return false;
        }

        storageEnvelope = Reprojection.TransformEnvelope(new Envelope(minX, maxX, minY, maxY), crs.Epsg, Srids.Storage);
        return true;
    }

    private static string BboxHelp(OgcCrs crs) => crs.IsCrs84
        ? "give minLon,minLat,maxLon,maxLat in CRS84 degrees, e.g. 104.0,30.5,104.2,30.7 (or name another CRS with bbox-crs)"
        : crs.NorthingFirst
            ? $"with bbox-crs {crs.Uri} give min{(crs.IsGeographic ? "Lat" : "Northing")},min{(crs.IsGeographic ? "Lon" : "Easting")},max{(crs.IsGeographic ? "Lat" : "Northing")},max{(crs.IsGeographic ? "Lon" : "Easting")} (the CRS's axis order)"
            : $"with bbox-crs {crs.Uri} give minEasting,minNorthing,maxEasting,maxNorthing";

    /// <summary>
    /// Parses <c>datetime</c> (RFC 3339 / OGC API – Features): an instant (<c>2020-01-01</c> or
    /// <c>2020-01-01T08:00:00+08:00</c>) or an interval <c>start/end</c> where either end may be
    /// <c>..</c> or empty (open). Date-times are taken as the calendar date written in them (the
    /// layers hold dates in China Standard Time). A start after the end is an error.
    /// </summary>
    public static bool TryParseDatetime(string text, out DateRange range, out ParameterError? error)
    {
        range = new DateRange(null, null);
        error = null;
        var parts = text.Split('/');
        if (parts.Length > 2 || (parts.Length == 1 && !TryParseInstant(parts[0], out _)))
        {
            error = DatetimeError(text);
            return false;
        }

        if (parts.Length == 1)
        {
            TryParseInstant(parts[0], out var day);
            range = new DateRange(day, day);
            return true;
        }

        if (!TryParseBound(parts[0], out var start) || !TryParseBound(parts[1], out var end))
        {
            error = DatetimeError(text);
            return false;
        }

        if (start is not null && end is not null && start > end)
        {
            error = new ParameterError("datetime", $"datetime '{text}' starts after it ends");
            return false;
        }

        range = new DateRange(start, end);
        return true;
    }

    private static ParameterError DatetimeError(string text) => new(
        "datetime",
        $"datetime '{text}' is not an RFC 3339 date or date-time, or an interval of them; accepted: 2020-01-01, 2020-01-01T08:00:00Z, 2019-01-01/2020-12-31, ../2020-01-01, 2020-01-01/..");

    private static bool TryParseBound(string text, out DateOnly? day)
    {
        day = null;
        if (text.Length == 0 || text == "..")
        {
            return true;
        }

        if (TryParseInstant(text, out var value))
        {
            day = value;
            return true;
        }

        return false;
    }

    private static bool TryParseInstant(string text, out DateOnly day)
    {
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
        {
            return true;
        }

        // RFC 3339 date-time: a 'T' (or 't'), a time and a zone (Z or ±hh:mm) are required.
        if (text.Length >= 20 && (text[10] == 'T' || text[10] == 't')
            && (text.EndsWith('Z') || text.EndsWith('z') || text[^6] is '+' or '-')
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            day = DateOnly.FromDateTime(instant.DateTime);
            return true;
        }

        day = default;
        return false;
    }

    /// <summary>
    /// Parses a simple property filter value by the field's type: text as given, whole numbers,
    /// numbers, dates (YYYY-MM-DD) and booleans (true/false).
    /// </summary>
    public static bool TryParsePropertyValue(LayerField field, string text, out PropertyFilter? filter, out ParameterError? error)
    {
        filter = null;
        error = null;
        object? value = field.Type switch
        {
            FieldType.Text => text,
            FieldType.Integer => int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i) ? i : null,
            FieldType.Real => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d : null,
            FieldType.Date => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            FieldType.Boolean => bool.TryParse(text, out var b) ? b : text switch { "1" => true, "0" => false, _ => null },
            _ => null,
        };
        if (value is null)
        {
            var expected = field.Type switch
            {
                FieldType.Integer => "a whole number",
                FieldType.Real => "a number",
                FieldType.Date => "a date YYYY-MM-DD",
                FieldType.Boolean => "true or false",
                _ => "text",
            };
            error = new ParameterError(field.Column, $"{field.Column} ({field.TitleEn}) is {field.Type}: '{text}' is not {expected}");
            return false;
        }

        filter = new PropertyFilter(field, value);
        return true;
    }

    /// <summary>Parses the <c>after</c> keyset cursor (the id of the last feature of the previous page).</summary>
    public static bool TryParseAfter(string? text, out long after, out ParameterError? error)
    {
        after = 0;
        error = null;
        if (string.IsNullOrEmpty(text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out after))
        {
            error = new ParameterError("after", $"after '{text}' must be a feature id (a whole number) as given in a next link");
            return false;
        }

        return true;
    }
}
