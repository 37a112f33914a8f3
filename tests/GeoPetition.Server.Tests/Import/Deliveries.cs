using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GeoPetition.Server.Tests.Import;

/// <summary>
/// One approval batch (农用地转用/土地征收批次) as a bureau delivers it: attributes under the
/// upper-case field codes of the delivered .dbf, geometry in EPSG:4523 (CGCS2000 3° Gauss–Krüger
/// zone 35, central meridian 105°E, false easting 35 500 000 m, x = easting).
/// </summary>
internal sealed record DeliveredBatch(
    string Pcbm, string Name, string BatchType, string ApprovalNumber, string Authority, DateOnly ApprovalDate,
    DateOnly? HearingDate, double Area, int QuotaYear, Geometry Geometry)
{
    /// <summary>The attributes as delivered; <paramref name="without"/> drops fields (to make a file lack them).</summary>
    public Dictionary<string, object?> Properties(params string[] without)
    {
        var all = new Dictionary<string, object?>
        {
            ["PCBM"] = Pcbm,
            ["BPXMMC"] = Name,
            ["PCLX"] = BatchType,
            ["PZWH"] = ApprovalNumber,
            ["PZJG"] = Authority,
            ["PZRQ"] = ApprovalDate,
            ["PZXMZMJ"] = Area,
            ["ZBND"] = QuotaYear,
            ["TZHRQ"] = HearingDate,
        };
        foreach (var name in without)
        {
            all.Remove(name);
        }

        return all;
    }
}

/// <summary>A written shapefile: its parts (the .cpg is removed, as bureaus deliver them).</summary>
internal sealed record ShapefileParts(string Shp, string Shx, string Dbf, string Prj)
{
    public IReadOnlyList<string> Files => [Shp, Shx, Dbf, Prj];

    public IReadOnlyList<string> FilesWithoutPrj => [Shp, Shx, Dbf];
}

/// <summary>
/// Builds delivered files deterministically (seeded): approval batches near 105.3°E 30.5°N
/// (Chengdu, Sichuan) with Chinese attribute text, as GeoJSON, GeoJSONSeq, CSV+WKT or a GBK
/// shapefile written by ogr2ogr — an independent writer, so the importer reads what GDAL writes.
/// </summary>
internal static class Deliveries
{
    /// <summary>EPSG:4523, CGCS2000 3° GK zone 35 with zone prefix.</summary>
    public const int Zone35 = 4523;

    /// <summary>South-west corner of the generated grid in EPSG:4523 (≈ 105.29°E 30.49°N).</summary>
    public const double OriginEasting = 35_528_000;

    /// <inheritdoc cref="OriginEasting"/>
    public const double OriginNorthing = 3_375_000;

    /// <summary>Grid cell size (m); each feature stays inside its cell, so no two features overlap.</summary>
    public const double Cell = 300;

    /// <summary>Features per grid row.</summary>
    public const int Columns = 20;

    private static readonly GeometryFactory Gk35 = new(new PrecisionModel(), Zone35);
    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), 4490);
    private static readonly JsonSerializerOptions GeometryJson = new() { Converters = { new GeoJsonConverterFactory() } };
    private static readonly string[] Districts = ["锦江区", "青羊区", "金牛区", "武侯区", "成华区", "龙泉驿区", "双流区"];
    private static readonly string[] Purposes = ["城镇建设用地", "村庄建设用地", "交通运输用地（成渝高速扩容）", "水利设施用地", "教育用地·第三小学"];

    static Deliveries() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// <paramref name="count"/> approval batches on a grid of <see cref="Cell"/>-metre cells:
    /// a third simple polygons, a third polygons with a hole, a third two-part multipolygons (one part with a hole).
    /// </summary>
    public static List<DeliveredBatch> Batches(int count, int seed, int first = 0)
    {
        var rng = new Random(seed);
        var result = new List<DeliveredBatch>(count);
        for (var n = 0; n < count; n++)
        {
            var i = first + n;
            var cx = OriginEasting + (i % Columns * Cell) + (Cell / 2) + Jitter(rng, 20);
            var cy = OriginNorthing + (i / Columns * Cell) + (Cell / 2) + Jitter(rng, 20);
            Geometry geometry = (i % 3) switch
            {
                0 => Gk35.CreatePolygon(Ring(cx, cy, 90 + (rng.NextDouble() * 30), rng, clockwise: false)),
                1 => Gk35.CreatePolygon(
                    Ring(cx, cy, 90 + (rng.NextDouble() * 30), rng, clockwise: false),
                    [Ring(cx + Jitter(rng, 5), cy + Jitter(rng, 5), 30 + (rng.NextDouble() * 15), rng, clockwise: true)]),
                _ => Gk35.CreateMultiPolygon(
                [
                    Gk35.CreatePolygon(Ring(cx - 65, cy, 50 + (rng.NextDouble() * 10), rng, clockwise: false)),
                    Gk35.CreatePolygon(
                        Ring(cx + 65, cy, 50 + (rng.NextDouble() * 10), rng, clockwise: false),
                        [Ring(cx + 65, cy, 15 + (rng.NextDouble() * 5), rng, clockwise: true)]),
                ]),
            };
            var district = Districts[rng.Next(Districts.Length)];
            result.Add(new DeliveredBatch(
                Pcbm: string.Create(CultureInfo.InvariantCulture, $"5101042020{i:D4}"),
                Name: string.Create(CultureInfo.InvariantCulture, $"成都市{district}2020年度第{i + 1}批次{Purposes[rng.Next(Purposes.Length)]}"),
                BatchType: i % 3 == 2 ? "单独选址" : "批次",
                ApprovalNumber: string.Create(CultureInfo.InvariantCulture, $"川府土〔2020〕{i + 1}号"),
                Authority: i % 7 == 0 ? "国务院" : "四川省人民政府",
                ApprovalDate: new DateOnly(2020, 1, 1).AddDays(rng.Next(365)),
                HearingDate: i % 5 == 0 ? null : new DateOnly(2019, 6, 1).AddDays(rng.Next(180)),
                Area: Math.Round(rng.NextDouble() * 25, 4),
                QuotaYear: 2019 + (i % 2),
                Geometry: geometry));
        }

        return result;
    }

    /// <summary>A simple jittered octagon (star-shaped around its centre, hence simple), EPSG:4523.</summary>
    public static LinearRing Ring(double cx, double cy, double radius, Random rng, bool clockwise)
    {
        var points = new Coordinate[9];
        for (var k = 0; k < 8; k++)
        {
            var angle = ((k * 45) + Jitter(rng, 5)) * Math.PI / 180;
            var r = radius * (0.85 + (rng.NextDouble() * 0.15));
            points[k] = new Coordinate(Math.Round(cx + (r * Math.Cos(angle)), 3), Math.Round(cy + (r * Math.Sin(angle)), 3));
        }

        points[8] = points[0].Copy();
        if (clockwise)
        {
            Array.Reverse(points);
        }

        return Gk35.CreateLinearRing(points);
    }

    /// <summary>An axis-aligned square in lon/lat (EPSG:4490), counter-clockwise.</summary>
    public static Polygon LonLatSquare(double minLon, double minLat, double size) => LonLat.CreatePolygon(
    [
        new(minLon, minLat), new(minLon + size, minLat), new(minLon + size, minLat + size), new(minLon, minLat + size), new(minLon, minLat),
    ]);

    /// <summary>A regular polygon of <paramref name="vertices"/> vertices in EPSG:4523 (a large feature).</summary>
    public static Polygon Circle(double cx, double cy, double radius, int vertices)
    {
        var points = new Coordinate[vertices + 1];
        for (var k = 0; k < vertices; k++)
        {
            var angle = 2 * Math.PI * k / vertices;
            points[k] = new Coordinate(cx + (radius * Math.Cos(angle)) + 0.0001234, cy + (radius * Math.Sin(angle)) + 0.0005678);
        }

        points[vertices] = points[0].Copy();
        return Gk35.CreatePolygon(points);
    }

    /// <summary>A LineString in EPSG:4523.</summary>
    public static LineString Line(double x, double y) =>
        Gk35.CreateLineString([new(x, y), new(x + 80, y + 10), new(x + 150, y + 60)]);

    /// <summary>A bow-tie: one ring crossing itself in the middle (invalid; make-valid gives two triangles).</summary>
    public static Polygon BowTie(double x, double y) =>
        Gk35.CreatePolygon([new(x, y), new(x + 100, y + 100), new(x + 100, y), new(x, y + 100), new(x, y)]);

    /// <summary>
    /// Writes a GeoJSON FeatureCollection; <paramref name="crsName"/> adds the legacy (GeoJSON 2008)
    /// <c>crs</c> member before <c>features</c>, as GDAL and ArcGIS write it.
    /// </summary>
    public static string WriteGeoJson(string path, IEnumerable<(IReadOnlyDictionary<string, object?> Properties, Geometry Geometry)> features, string? crsName = null)
    {
        using var stream = File.Create(path);
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        writer.WriteString("type", "FeatureCollection");
        writer.WriteString("name", Path.GetFileNameWithoutExtension(path));
        if (crsName is not null)
        {
            writer.WriteStartObject("crs");
            writer.WriteString("type", "name");
            writer.WriteStartObject("properties");
            writer.WriteString("name", crsName);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        writer.WriteStartArray("features");
        foreach (var (properties, geometry) in features)
        {
            WriteFeature(writer, properties, geometry);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
        return path;
    }

    /// <summary>Writes GeoJSONSeq (RFC 8142): each feature on its own line after a record separator (0x1E).</summary>
    public static string WriteGeoJsonSeq(string path, IEnumerable<(IReadOnlyDictionary<string, object?> Properties, Geometry Geometry)> features)
    {
        using var stream = File.Create(path);
        foreach (var (properties, geometry) in features)
        {
            stream.WriteByte(0x1E);
            using (var writer = new Utf8JsonWriter(stream))
            {
                WriteFeature(writer, properties, geometry);
            }

            stream.Write("\r\n\n"u8);
        }

        return path;
    }

    private static void WriteFeature(Utf8JsonWriter writer, IReadOnlyDictionary<string, object?> properties, Geometry geometry)
    {
        writer.WriteStartObject();
        writer.WriteString("type", "Feature");
        writer.WriteStartObject("properties");
        foreach (var (name, value) in properties)
        {
            switch (value)
            {
                case null:
                    writer.WriteNull(name);
                    break;
                case string s:
                    writer.WriteString(name, s);
                    break;
                case int i:
                    writer.WriteNumber(name, i);
                    break;
                case double d:
                    writer.WriteNumber(name, d);
                    break;
                case DateOnly date:
                    writer.WriteString(name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                    break;
                default:
                    throw new ArgumentException($"unsupported property type {value.GetType()}");
            }
        }

        writer.WriteEndObject();
        writer.WritePropertyName("geometry");
        JsonSerializer.Serialize(writer, geometry, GeometryJson);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Writes a shapefile with ogr2ogr from a GeoJSON of the features (EPSG:4523 coordinates),
    /// attribute text encoded as <paramref name="encoding"/>, then deletes the .cpg so that the
    /// importer must assume the bureau default (GBK).
    /// </summary>
    public static ShapefileParts WriteShapefile(
        string directory, string name, IEnumerable<(IReadOnlyDictionary<string, object?> Properties, Geometry Geometry)> features,
        string encoding = "CP936", string geometryType = "MULTIPOLYGON")
    {
        var source = WriteGeoJson(Path.Combine(directory, name + ".source.geojson"), features);
        var shp = Path.Combine(directory, name + ".shp");
        Tools.Run("ogr2ogr", ["-f", "ESRI Shapefile", "-a_srs", "EPSG:4523", "-lco", "ENCODING=" + encoding, "-nlt", geometryType, shp, source]);
        File.Delete(source);
        var stem = Path.Combine(directory, name);
        File.Delete(stem + ".cpg");
        var parts = new ShapefileParts(shp, stem + ".shx", stem + ".dbf", stem + ".prj");
        Assert.All(parts.Files, f => Assert.True(File.Exists(f), $"ogr2ogr did not write {f}"));
        return parts;
    }

    /// <summary>The features of approval batches, ready for the writers.</summary>
    public static IEnumerable<(IReadOnlyDictionary<string, object?> Properties, Geometry Geometry)> AsFeatures(this IEnumerable<DeliveredBatch> batches, params string[] without) =>
        batches.Select(b => ((IReadOnlyDictionary<string, object?>)b.Properties(without), b.Geometry));

    /// <summary>Zips files flat into <paramref name="zipPath"/>.</summary>
    public static string Zip(string zipPath, IEnumerable<string> files)
    {
        using var zip = ZipFile.Open(zipPath, ZipArchiveMode.Create);
        foreach (var file in files)
        {
            zip.CreateEntryFromFile(file, Path.GetFileName(file));
        }

        return zipPath;
    }

    /// <summary>Cuts a file to <paramref name="fraction"/> of its length (a delivery interrupted mid-copy).</summary>
    public static void Truncate(string path, double fraction)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Write);
        stream.SetLength((long)(stream.Length * fraction));
    }

    private static double Jitter(Random rng, double amplitude) => ((rng.NextDouble() * 2) - 1) * amplitude;
}

/// <summary>A temporary folder for one test class, deleted on dispose.</summary>
internal sealed class TempDir : IDisposable
{
    public TempDir(string label)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"gp-{label}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A fresh sub-folder (one per test, so file names never collide).</summary>
    public string Sub(string name) => Directory.CreateDirectory(System.IO.Path.Combine(Path, name)).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
