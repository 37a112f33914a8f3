using System.Buffers;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GeoPetition.Server.Import;

/// <summary>
/// GeoJSON, streamed: a FeatureCollection (RFC 7946; a legacy <c>crs</c> member that comes
/// before <c>features</c> is honoured) or GeoJSONSeq / newline-delimited GeoJSON (RFC 8142: one
/// Feature per line, optionally prefixed by the record separator 0x1E). Without a declared CRS,
/// coordinates are lon/lat (RFC 7946), taken as EPSG:4490 (CGCS2000 ≈ WGS 84 at petition accuracy).
/// </summary>
public sealed class GeoJsonSource : IFeatureSource
{
    private static readonly JsonSerializerOptions GeometryOptions = new() { Converters = { new GeoJsonConverterFactory() } };
    private readonly string _path;
    private readonly bool _sequence;
    private readonly int? _crsMember;

    public GeoJsonSource(string path, bool sequence)
    {
        _path = path;
        _sequence = sequence;
        (FieldNames, _crsMember) = Peek();
    }

    public string Format => _sequence ? "GeoJSONSeq" : "GeoJSON";
    public IReadOnlyList<string> FieldNames { get; }
    public int? DeclaredSrid => _crsMember;
    public GeometryFamily? DeclaredFamily => null;
    public long? Count => null;
    public string? EncodingName => "utf-8";

    private (IReadOnlyList<string> Fields, int? Crs) Peek()
    {
        foreach (var feature in Elements(CancellationToken.None, out var crs))
        {
            using var doc = JsonDocument.Parse(feature);
            var names = doc.RootElement.TryGetProperty("properties", out var p) && p.ValueKind == JsonValueKind.Object
                ? p.EnumerateObject().Select(x => x.Name).ToList()
                : [];
            return (names, crs());
        }

        throw new ImportFileException($"{Path.GetFileName(_path)} contains no features");
    }

    public IEnumerable<SourceFeature> Read(CancellationToken ct)
    {
        long record = 0;
        foreach (var bytes in Elements(ct, out _))
        {
            record++;
            Dictionary<string, object?> attributes;
            Geometry? geometry;
            string? error = null;
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                var root = doc.RootElement;
                if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var type) || type.GetString() != "Feature")
                {
                    throw new JsonException("not a GeoJSON Feature object");
                }

                attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
                if (root.TryGetProperty("properties", out var props) && props.ValueKind == JsonValueKind.Object)
                {
                    foreach (var p in props.EnumerateObject())
                    {
                        attributes[p.Name] = ToClr(p.Value);
                    }
                }

                geometry = root.TryGetProperty("geometry", out var g) && g.ValueKind == JsonValueKind.Object
                    ? g.Deserialize<Geometry>(GeometryOptions)
                    : null;
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException)
            {
                attributes = [];
                geometry = null;
                error = $"invalid GeoJSON feature: {e.Message}";
            }

            yield return new SourceFeature(record, attributes, geometry, error);
        }
    }

    private static object? ToClr(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var l) ? (l is >= int.MinValue and <= int.MaxValue ? (int)l : l) : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    /// <summary>Yields each feature's bytes. <paramref name="crs"/> gives the crs member once it has been seen.</summary>
    private IEnumerable<byte[]> Elements(CancellationToken ct, out Func<int?> crs)
    {
        var holder = new CrsHolder();
        crs = () => holder.Srid;
        return _sequence ? Lines(ct) : CollectionFeatures(holder, ct);
    }

    private sealed class CrsHolder
    {
        public int? Srid { get; set; }
    }

    private IEnumerable<byte[]> Lines(CancellationToken ct)
    {
        using var reader = new StreamReader(_path, Encoding.UTF8);
        string? line;
        long number = 0;
        while ((line = reader.ReadLine()) is not null)
        {
            ct.ThrowIfCancellationRequested();
            number++;
            line = line.Trim('\u001e', ' ', '\t', '\r');
            if (line.Length > 0)
            {
                yield return Encoding.UTF8.GetBytes(line);
            }
        }
    }

    private IEnumerable<byte[]> CollectionFeatures(CrsHolder holder, CancellationToken ct)
    {
        using var stream = File.OpenRead(_path);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var length = 0;
            var final = false;
            var state = new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });

            // Phase: 0 = before the root object, 1 = in the root object, 2 = inside "features".
            var phase = 0;
            string? pendingProperty = null;
            var sawFeatures = false;

            while (true)
            {
                ct.ThrowIfCancellationRequested();
                if (!final && length < buffer.Length)
                {
                    var read = stream.Read(buffer, length, buffer.Length - length);
                    if (read == 0)
                    {
                        final = true;
                    }

                    length += read;
                }

                var consumed = 0;
                var needMore = false;
                var elements = new List<byte[]>();
                var done = false;
                Scan(buffer.AsSpan(0, length), final, ref state, ref phase, ref pendingProperty, ref sawFeatures, holder, elements, ref consumed, ref needMore, ref done);
                foreach (var e in elements)
                {
                    yield return e;
                }

                if (done)
                {
                    break;
                }

                // Keep the unconsumed tail; grow the buffer when one element is larger than it.
                Buffer.BlockCopy(buffer, consumed, buffer, 0, length - consumed);
                length -= consumed;
                if (needMore && final)
                {
                    throw new ImportFileException($"{Path.GetFileName(_path)} ends in the middle of a JSON value; the file is truncated");
                }

                if (length == buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    Buffer.BlockCopy(buffer, 0, bigger, 0, length);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = bigger;
                }
            }

            if (!sawFeatures)
            {
                throw new ImportFileException($"{Path.GetFileName(_path)} is not a GeoJSON FeatureCollection (no \"features\" array); accepted: a FeatureCollection, or GeoJSONSeq with one Feature per line (.geojsonl/.geojsons/.ndjson)");
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void Scan(
        ReadOnlySpan<byte> data, bool final, ref JsonReaderState state, ref int phase, ref string? pendingProperty,
        ref bool sawFeatures, CrsHolder holder, List<byte[]> elements, ref int consumed, ref bool needMore, ref bool done)
    {
        var reader = new Utf8JsonReader(data, final, state);
        try
        {
            while (true)
            {
                var before = reader.CurrentState;
                var beforeConsumed = (int)reader.BytesConsumed;
                if (!reader.Read())
                {
                    needMore = !final;
                    if (final)
                    {
                        done = true;
                    }

                    break;
                }

                switch (phase)
                {
                    case 0:
                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new ImportFileException($"{Path.GetFileName(_path)} is not a GeoJSON object");
                        }

                        phase = 1;
                        break;
                    case 1:
                        if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 0)
                        {
                            done = true;
                            consumed = (int)reader.BytesConsumed;
                            state = reader.CurrentState;
                            return;
                        }

                        if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1)
                        {
                            pendingProperty = reader.GetString();
                            break;
                        }

                        if (pendingProperty == "features" && reader.TokenType == JsonTokenType.StartArray)
                        {
                            sawFeatures = true;
                            phase = 2;
                            pendingProperty = null;
                            break;
                        }

                        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                        {
                            var start = beforeConsumed;
                            if (!reader.TrySkip())
                            {
                                state = before;
                                consumed = beforeConsumed;
                                needMore = true;
                                return;
                            }

                            if (pendingProperty == "crs")
                            {
                                holder.Srid = ParseCrsMember(data[start..(int)reader.BytesConsumed]);
                            }
                        }

                        pendingProperty = null;
                        break;
                    case 2:
                        if (reader.TokenType == JsonTokenType.EndArray)
                        {
                            phase = 1;
                            break;
                        }

                        if (reader.TokenType != JsonTokenType.StartObject)
                        {
                            throw new ImportFileException($"{Path.GetFileName(_path)}: \"features\" must hold Feature objects");
                        }

                        var elementStart = (int)reader.TokenStartIndex;
                        if (!reader.TrySkip())
                        {
                            state = before;
                            consumed = beforeConsumed;
                            needMore = true;
                            return;
                        }

                        elements.Add(data[elementStart..(int)reader.BytesConsumed].ToArray());
                        break;
                }

                consumed = (int)reader.BytesConsumed;
                state = reader.CurrentState;
            }
        }
        catch (JsonException e)
        {
            throw new ImportFileException($"{Path.GetFileName(_path)} is not valid JSON: {e.Message}", e);
        }

        consumed = (int)reader.BytesConsumed;
        state = reader.CurrentState;
    }

    private int? ParseCrsMember(ReadOnlySpan<byte> json)
    {
        using var doc = JsonDocument.Parse(json.ToArray());
        if (doc.RootElement.TryGetProperty("properties", out var p) && p.TryGetProperty("name", out var n) && n.GetString() is { } name)
        {
            return CrsRegistry.TryParseCrs(name, out var epsg) ? epsg : throw new ImportFileException(
                $"{Path.GetFileName(_path)} declares crs '{name}', which is not supported. Supported: {CrsRegistry.SupportedSummary}");
        }

        return null;
    }

    public void Dispose()
    {
    }
}
