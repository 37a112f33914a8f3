using System.Text;
using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GeoPetition.Server.Import;

/// <summary>
/// CSV (RFC 4180: comma-separated, double-quoted fields may hold commas, quotes and line breaks)
/// with a header row and a WKT geometry column named WKT, GEOM, GEOMETRY, THE_GEOM or SHAPE.
/// UTF-8 unless the encoding option says otherwise (a UTF-8 byte-order mark is honoured).
/// </summary>
public sealed class CsvWktSource : IFeatureSource
{
    private static readonly string[] GeometryColumns = ["wkt", "geom", "geometry", "the_geom", "shape"];
    private readonly string _path;
    private readonly Encoding _encoding;
    private readonly string[] _header;
    private readonly int _geometryIndex;

    public CsvWktSource(string path, string? encodingOption)
    {
        _path = path;
        _encoding = encodingOption is null ? new UTF8Encoding(false) : ShapefileSource.ResolveEncoding(encodingOption);
        using var reader = new StreamReader(path, _encoding, detectEncodingFromByteOrderMarks: true);
        _header = ReadRecord(reader)?.ToArray() ?? throw new ImportFileException($"{Path.GetFileName(path)} is empty; a CSV needs a header row");
        _geometryIndex = Array.FindIndex(_header, h => GeometryColumns.Contains(h.Trim().ToLowerInvariant()));
        if (_geometryIndex < 0)
        {
            throw new ImportFileException($"{Path.GetFileName(path)} has no WKT geometry column; name one of: {string.Join(", ", GeometryColumns)} (its columns are: {string.Join(", ", _header)})");
        }

        FieldNames = _header.Where((_, i) => i != _geometryIndex).Select(h => h.Trim()).ToList();
    }

    public string Format => "CSV";
    public IReadOnlyList<string> FieldNames { get; }
    public int? DeclaredSrid => null;
    public GeometryFamily? DeclaredFamily => null;
    public long? Count => null;
    public string? EncodingName => _encoding.WebName;

    public IEnumerable<SourceFeature> Read(CancellationToken ct)
    {
        using var reader = new StreamReader(_path, _encoding, detectEncodingFromByteOrderMarks: true);
        _ = ReadRecord(reader);
        var wkt = new WKTReader();
        long record = 0;
        while (ReadRecord(reader) is { } fields)
        {
            ct.ThrowIfCancellationRequested();
            record++;
            var attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            if (fields.Count != _header.Length)
            {
                yield return new SourceFeature(record, attributes, null, $"row has {fields.Count} fields, the header has {_header.Length}");
                continue;
            }

            for (var i = 0; i < fields.Count; i++)
            {
                if (i != _geometryIndex)
                {
                    attributes[_header[i].Trim()] = fields[i];
                }
            }

            Geometry? geometry = null;
            string? error = null;
            try
            {
                geometry = string.IsNullOrWhiteSpace(fields[_geometryIndex]) ? null : wkt.Read(fields[_geometryIndex]);
            }
            catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
            {
                error = $"column {_header[_geometryIndex]} is not valid WKT: {e.Message}";
            }

            yield return new SourceFeature(record, attributes, geometry, error);
        }
    }

    /// <summary>Reads one RFC 4180 record, or null at the end of the file.</summary>
    private static List<string>? ReadRecord(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var inQuotes = false;
        var any = false;
        while (true)
        {
            var c = reader.Read();
            if (c < 0)
            {
                if (!any)
                {
                    return null;
                }

                fields.Add(field.ToString());
                return fields;
            }

            any = true;
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"':
                    inQuotes = true;
                    break;
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    fields.Add(field.ToString());
                    return fields;
                default:
                    field.Append(ch);
                    break;
            }
        }
    }

    public void Dispose()
    {
    }
}
