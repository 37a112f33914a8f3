using System.Text;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace GeoPetition.Server.Import;

/// <summary>
/// ESRI Shapefile (.shp/.shx/.dbf/.prj/.cpg). Attribute text is decoded with the encoding option,
/// else the .cpg, else GBK (code page 936): Chinese bureau data without a .cpg are GBK in practice.
/// Bytes that are not valid in that encoding become U+FFFD, which the normalizer rejects per feature.
/// </summary>
public sealed class ShapefileSource : IFeatureSource
{
    private readonly ShapefileReader _reader;
    private readonly string _shpPath;

    static ShapefileSource() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public ShapefileSource(string shpPath, string? encodingOption)
    {
        _shpPath = shpPath;
        var baseName = Path.Combine(Path.GetDirectoryName(shpPath)!, Path.GetFileNameWithoutExtension(shpPath));
        var dbf = FindSibling(baseName, ".dbf") ?? throw new ImportFileException(
            $"{Path.GetFileName(shpPath)} has no .dbf beside it; a shapefile needs .shp, .shx and .dbf (and .prj for its CRS)");
        _ = FindSibling(baseName, ".shx") ?? throw new ImportFileException(
            $"{Path.GetFileName(shpPath)} has no .shx beside it; a shapefile needs .shp, .shx and .dbf (and .prj for its CRS)");

        CheckLengths(shpPath, dbf);
        var cpg = FindSibling(baseName, ".cpg");
        var encoding = ResolveEncoding(encodingOption ?? (cpg is null ? null : File.ReadAllText(cpg).Trim()));
        EncodingName = encoding.CodePage == 54936 && (encodingOption ?? (cpg is null ? "GBK" : File.ReadAllText(cpg).Trim())).ToUpperInvariant() is not ("GB18030" or "54936") ? "GBK" : encoding.WebName;
        try
        {
            _reader = Shapefile.OpenRead(shpPath, new ShapefileReaderOptions
            {
                Encoding = encoding,
                GeometryBuilderMode = GeometryBuilderMode.IgnoreInvalidShapes,
            });
        }
        catch (Exception e) when (e is not ImportFileException)
        {
            throw new ImportFileException($"{Path.GetFileName(shpPath)} cannot be read as a shapefile ({e.Message}); it may be corrupt or truncated", e);
        }

        FieldNames = _reader.Fields.Select(f => f.Name).ToList();
        DeclaredFamily = _reader.ShapeType switch
        {
            ShapeType.Polygon or ShapeType.PolygonM or ShapeType.PolygonZM => GeometryFamily.Polygon,
            ShapeType.PolyLine or ShapeType.PolyLineM or ShapeType.PolyLineZM => GeometryFamily.Line,
            ShapeType.Point or ShapeType.PointM or ShapeType.PointZM or ShapeType.MultiPoint or ShapeType.MultiPointM or ShapeType.MultiPointZM => GeometryFamily.Point,
            _ => null,
        };
        ShapeTypeName = _reader.ShapeType.ToString();
        Count = _reader.RecordCount;
        var prj = FindSibling(baseName, ".prj");
        if (prj is not null)
        {
            PrjText = File.ReadAllText(prj);
        }

        _ = dbf;
    }

    public string Format => "ESRI Shapefile";
    public IReadOnlyList<string> FieldNames { get; }
    public GeometryFamily? DeclaredFamily { get; }
    public string ShapeTypeName { get; }
    public long? Count { get; }
    public string? EncodingName { get; }

    /// <summary>The .prj text, if there is one.</summary>
    public string? PrjText { get; }

    public int? DeclaredSrid
    {
        get
        {
            if (PrjText is null)
            {
                return null;
            }

            var id = CrsRegistry.IdentifyPrj(PrjText);
            return id.Success ? id.Epsg : throw new ImportFileException(
                $"the .prj of {Path.GetFileName(_shpPath)} names a coordinate system that is not supported: {id.Error}. Give the crs option to override.");
        }
    }

    public IEnumerable<SourceFeature> Read(CancellationToken ct)
    {
        long record = 0;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            bool more;
            bool deleted;
            try
            {
                more = _reader.Read(out deleted);
            }
            catch (Exception e)
            {
                throw new ImportFileException($"{Path.GetFileName(_shpPath)} is corrupt or truncated at record {record + 1}: {e.Message}", e);
            }

            if (!more)
            {
                break;
            }

            record++;
            if (deleted)
            {
                continue;
            }

            var attributes = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
            foreach (var field in _reader.Fields)
            {
                attributes[field.Name] = field.Value;
            }

            yield return new SourceFeature(record, attributes, _reader.Geometry);
        }

        if (Count is long expected && record < expected)
        {
            throw new ImportFileException($"{Path.GetFileName(_shpPath)} ended after {record} of the {expected} records its header announces; the file is truncated");
        }
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>
    /// A truncated .shp or .dbf is refused up front: the .shp header states the file length
    /// (bytes 24–27, big-endian, in 16-bit words) and the .dbf header its record count and sizes.
    /// (The shapefile reader would otherwise return empty or garbage records past the end.)
    /// </summary>
    private static void CheckLengths(string shpPath, string dbfPath)
    {
        var shp = new FileInfo(shpPath);
        Span<byte> header = stackalloc byte[32];
        using (var stream = shp.OpenRead())
        {
            if (stream.Read(header[..28]) < 28)
            {
                throw new ImportFileException($"{shp.Name} is shorter than a shapefile header (100 bytes); the file is truncated or not a shapefile");
            }
        }

        if (System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header) != 9994)
        {
            throw new ImportFileException($"{shp.Name} does not start with the shapefile signature (9994); it is corrupt or not a shapefile");
        }

        var declared = 2L * System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(header[24..]);
        if (declared != shp.Length)
        {
            throw new ImportFileException($"{shp.Name} is {shp.Length} bytes but its header declares {declared}; the file is truncated or corrupt");
        }

        var dbf = new FileInfo(dbfPath);
        using var dbfStream = dbf.OpenRead();
        if (dbfStream.Read(header) < 12)
        {
            throw new ImportFileException($"{dbf.Name} is shorter than a dBASE header; the file is truncated");
        }

        var records = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        var headerLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
        var recordLength = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
        var expected = headerLength + ((long)records * recordLength);
        if (dbf.Length < expected)
        {
            throw new ImportFileException($"{dbf.Name} is {dbf.Length} bytes but its header announces {records} records of {recordLength} bytes after a {headerLength}-byte header ({expected} bytes); the file is truncated");
        }
    }

    /// <summary>Maps an encoding name (.cpg content or option) to an encoding that marks undecodable bytes with U+FFFD.</summary>
    public static Encoding ResolveEncoding(string? name)
    {
        var normalized = (name ?? "GBK").Trim().ToUpperInvariant();
        Encoding encoding;
        try
        {
            encoding = normalized switch
            {
                "UTF-8" or "UTF8" or "65001" => new UTF8Encoding(false),
                // GBK is decoded with GB18030 (a superset): code page 936 maps the invalid bytes 0x80 and
                // 0xFF to € and a private-use character instead of reporting them.
                "GBK" or "CP936" or "936" or "GB2312" or "ANSI 936" => Encoding.GetEncoding(54936),
                "GB18030" or "54936" => Encoding.GetEncoding(54936),
                _ when int.TryParse(normalized, out var cp) => Encoding.GetEncoding(cp),
                _ => Encoding.GetEncoding(name!.Trim()),
            };
        }
        catch (ArgumentException)
        {
            throw new ImportFileException($"unknown text encoding '{name}'; accepted: GBK (default), GB18030, UTF-8, or a Windows code page number");
        }

        return Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ReplacementFallback, new DecoderReplacementFallback("\uFFFD"));
    }

    private static string? FindSibling(string baseName, string extension)
    {
        foreach (var candidate in new[] { baseName + extension, baseName + extension.ToUpperInvariant() })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
