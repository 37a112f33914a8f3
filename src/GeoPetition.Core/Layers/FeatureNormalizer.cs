using System.Globalization;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;

namespace GeoPetition.Core.Layers;

/// <summary>A delivered feature after normalisation: typed values in column order and storage geometry.</summary>
public sealed record NormalizedFeature(string Key, object?[] Values, Geometry Geometry, string? Repair);

/// <summary>
/// Turns one delivered feature (attributes as read from the file, geometry in the source CRS) into
/// a row for its layer table: maps fields by name (the field map first, then the column name and
/// its known source names, case-insensitively), coerces types, checks required fields and keys,
/// validates and if needed repairs the geometry, and reprojects it to <see cref="Srids.Storage"/>.
/// Pure: no I/O. One instance per import (it remembers keys to detect duplicates).
/// </summary>
public sealed class FeatureNormalizer
{
    private static readonly string[] DateFormats =
        ["yyyy-MM-dd", "yyyyMMdd", "yyyy/MM/dd", "yyyy/M/d", "yyyy-M-d", "yyyy年M月d日", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-dd HH:mm:ss", "yyyy.MM.dd"];

    private readonly LayerKindDefinition _kind;
    private readonly int _sourceSrid;
    private readonly GeometryFactory _storageFactory = new(new PrecisionModel(), Srids.Storage);
    private readonly HashSet<string> _keys = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _columnBySourceName;

    /// <param name="kind">The layer kind receiving the features.</param>
    /// <param name="sourceSrid">EPSG code of the delivered coordinates (must be supported).</param>
    /// <param name="sourceFieldNames">Field names present in the delivered file.</param>
    /// <param name="fieldMap">Optional explicit map: source field name → column.</param>
    public FeatureNormalizer(LayerKindDefinition kind, int sourceSrid, IEnumerable<string> sourceFieldNames, IReadOnlyDictionary<string, string>? fieldMap = null)
    {
        _kind = kind;
        _sourceSrid = sourceSrid;
        _ = CrsRegistry.Get(sourceSrid);
        _columnBySourceName = MapFields(kind, sourceFieldNames, fieldMap, out var missing, out var unmapped);
        MissingRequiredColumns = missing;
        UnmappedSourceFields = unmapped;
    }

    /// <summary>Required columns that no source field maps to: the import cannot proceed.</summary>
    public IReadOnlyList<string> MissingRequiredColumns { get; }

    /// <summary>Source fields that map to no column (ignored; reported as a warning).</summary>
    public IReadOnlyList<string> UnmappedSourceFields { get; }

    /// <summary>The key column of the layer kind.</summary>
    public string KeyColumn => _kind.KeyColumn;

    /// <summary>Source field name (as in the file) → column.</summary>
    public IReadOnlyDictionary<string, string> ColumnBySourceName => _columnBySourceName;

    private static Dictionary<string, string> MapFields(
        LayerKindDefinition kind, IEnumerable<string> sourceFieldNames, IReadOnlyDictionary<string, string>? fieldMap,
        out IReadOnlyList<string> missing, out IReadOnlyList<string> unmapped)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var names = sourceFieldNames.ToList();
        if (fieldMap is not null)
        {
            foreach (var (source, column) in fieldMap)
            {
                var field = kind.Field(column) ?? throw new ArgumentException(
                    $"fieldMap maps '{source}' to unknown column '{column}'; columns of {kind.Table} are: {string.Join(", ", kind.Fields.Select(f => f.Column))}");
                var actual = names.FirstOrDefault(n => string.Equals(n, source, StringComparison.OrdinalIgnoreCase)) ?? throw new ArgumentException(
                    $"fieldMap names source field '{source}', which the file does not have; its fields are: {string.Join(", ", names)}");
                result[actual] = field.Column;
                taken.Add(field.Column);
            }
        }

        foreach (var field in kind.Fields.Where(f => !taken.Contains(f.Column)))
        {
            foreach (var candidate in field.AllSourceNames())
            {
                var actual = names.FirstOrDefault(n => string.Equals(n, candidate, StringComparison.OrdinalIgnoreCase));
                if (actual is not null && !result.ContainsKey(actual))
                {
                    result[actual] = field.Column;
                    taken.Add(field.Column);
                    break;
                }
            }
        }

        missing = kind.Fields.Where(f => f.Required && !taken.Contains(f.Column)).Select(f => f.Column).ToList();
        unmapped = names.Where(n => !result.ContainsKey(n)).ToList();
        return result;
    }

    /// <summary>
    /// Normalises one feature. Returns the row, or null with <paramref name="rejection"/> set.
    /// </summary>
    public NormalizedFeature? Normalize(IReadOnlyDictionary<string, object?> attributes, Geometry? geometry, out string? rejection)
    {
        var values = new object?[_kind.Fields.Count];
        foreach (var (source, raw) in attributes)
        {
            if (!_columnBySourceName.TryGetValue(source, out var column))
            {
                continue;
            }

            var index = IndexOf(column);
            var field = _kind.Fields[index];
            if (!TryConvert(raw, field, out var value, out var problem))
            {
                rejection = $"field {source} ({field.TitleZh}): {problem}";
                return null;
            }

            values[index] = value;
        }

        for (var i = 0; i < values.Length; i++)
        {
            var field = _kind.Fields[i];
            if (field.Required && values[i] is null)
            {
                rejection = $"required field {field.Column} ({field.TitleZh}) is empty";
                return null;
            }

            if (field.Length is int length && values[i] is string s && s.Length != length)
            {
                rejection = $"field {field.Column} ({field.TitleZh}) must have {length} characters, has {s.Length}: '{s}'";
                return null;
            }
        }

        var key = (string)values[IndexOf(_kind.KeyColumn)]!;
        if (!_keys.Add(key))
        {
            rejection = $"duplicate key {_kind.KeyColumn} = '{key}' (keys must be unique within one import)";
            return null;
        }

        var stored = PrepareGeometry(geometry, out var repair, out rejection);
        if (stored is null)
        {
            _keys.Remove(key);
            return null;
        }

        return new NormalizedFeature(key, values, stored, repair);
    }

    private int IndexOf(string column)
    {
        for (var i = 0; i < _kind.Fields.Count; i++)
        {
            if (_kind.Fields[i].Column == column)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"{_kind.Table} has no column {column}");
    }

    private Geometry? PrepareGeometry(Geometry? geometry, out string? repair, out string? rejection)
    {
        repair = null;
        rejection = null;
        if (geometry is null || geometry.IsEmpty)
        {
            rejection = "geometry is empty";
            return null;
        }

        if (!GeometryChecks.AllCoordinatesFinite(geometry))
        {
            rejection = "geometry has NaN or infinite coordinates";
            return null;
        }

        if (!GeometryChecks.MatchesFamily(geometry, _kind.Geometry))
        {
            rejection = $"geometry is {geometry.GeometryType}; layer kind {_kind.Kind} takes {_kind.Geometry} geometries";
            return null;
        }

        if (!CrsRegistry.IsPlausibleForChina(_sourceSrid, geometry.EnvelopeInternal))
        {
            rejection = $"coordinates {Describe(geometry.EnvelopeInternal)} cannot belong to EPSG:{_sourceSrid} ({CrsRegistry.Get(_sourceSrid).Name}): transformed they fall outside China or the easting does not match the zone";
            return null;
        }

        var lonLat = Reprojection.Transform(geometry, _sourceSrid, Srids.Storage);
        if (!lonLat.IsValid)
        {
            var reason = GeometryChecks.DescribeInvalidity(lonLat);
            var fixedGeometry = GeometryFixer.Fix(lonLat);
            if (fixedGeometry.IsEmpty || !GeometryChecks.MatchesFamily(fixedGeometry, _kind.Geometry))
            {
                rejection = $"invalid geometry ({reason}) that cannot be repaired";
                return null;
            }

            repair = $"{reason}; repaired with GeometryFixer (make-valid)";
            lonLat = fixedGeometry;
        }

        return GeometryChecks.ToMulti(lonLat, _storageFactory, _kind.Geometry);
    }

    private static string Describe(Envelope e) =>
        string.Create(CultureInfo.InvariantCulture, $"[{e.MinX:0.###} {e.MinY:0.###}, {e.MaxX:0.###} {e.MaxY:0.###}]");

    private static bool TryConvert(object? raw, LayerField field, out object? value, out string? problem)
    {
        value = null;
        problem = null;
        if (raw is null || raw is DBNull)
        {
            return true;
        }

        if (raw is string text)
        {
            text = text.Trim();
            if (text.Contains('\uFFFD'))
            {
                problem = "text cannot be decoded in the declared encoding (GBK unless a .cpg or the encoding option says otherwise)";
                return false;
            }

            if (text.Length == 0)
            {
                return true;
            }

            raw = text;
        }

        switch (field.Type)
        {
            case FieldType.Text:
                value = raw is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : raw.ToString();
                return true;
            case FieldType.Integer:
                switch (raw)
                {
                    case int or long or short or byte:
                        value = Convert.ToInt32(raw, CultureInfo.InvariantCulture);
                        return true;
                    case double or float or decimal:
                        var d = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                        if (d == Math.Floor(d) && Math.Abs(d) < int.MaxValue)
                        {
                            value = (int)d;
                            return true;
                        }

                        break;
                    case string s when int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i):
                        value = i;
                        return true;
                }

                problem = $"'{raw}' is not a whole number";
                return false;
            case FieldType.Real:
                switch (raw)
                {
                    case int or long or short or byte or double or float or decimal:
                        value = Convert.ToDouble(raw, CultureInfo.InvariantCulture);
                        return double.IsFinite((double)value) || Fail($"'{raw}' is not a finite number", out problem);
                    case string s when double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var r) && double.IsFinite(r):
                        value = r;
                        return true;
                }

                problem = $"'{raw}' is not a number";
                return false;
            case FieldType.Date:
                switch (raw)
                {
                    case DateTime dt:
                        value = DateOnly.FromDateTime(dt);
                        return true;
                    case DateOnly dateOnly:
                        value = dateOnly;
                        return true;
                    case string s when DateOnly.TryParseExact(s, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                        value = date;
                        return true;
                    case string s when DateTime.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var dateTime):
                        value = DateOnly.FromDateTime(dateTime);
                        return true;
                }

                problem = $"'{raw}' is not a date (accepted: YYYY-MM-DD, YYYYMMDD, YYYY/MM/DD, YYYY年M月D日, or a DBF date)";
                return false;
            case FieldType.Boolean:
                switch (raw)
                {
                    case bool b:
                        value = b;
                        return true;
                    case int or long or short or byte or double:
                        value = Convert.ToDouble(raw, CultureInfo.InvariantCulture) != 0;
                        return true;
                    case string s:
                        var t = s.Trim().ToUpperInvariant();
                        if (t is "1" or "Y" or "T" or "TRUE" or "YES" or "是")
                        {
                            value = true;
                            return true;
                        }

                        if (t is "0" or "N" or "F" or "FALSE" or "NO" or "否")
                        {
                            value = false;
                            return true;
                        }

                        break;
                }

                problem = $"'{raw}' is not a yes/no value (accepted: 是/否, Y/N, 1/0, true/false)";
                return false;
            default:
                problem = "unsupported field type";
                return false;
        }
    }

    private static bool Fail(string message, out string? problem)
    {
        problem = message;
        return false;
    }
}
