using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Dbf.Fields;
using NetTopologySuite.IO.Esri.Shapefiles.Writers;

namespace GeoPetition.Server.Demo;

/// <summary>One feature of a layer: geometry (EPSG:4523) and attribute values keyed by column.</summary>
internal sealed record LayerRow(Geometry Geometry, IReadOnlyDictionary<string, object?> Values);

/// <summary>
/// Writes a layer as a bureau would deliver it: a shapefile set (.shp/.shx/.dbf/.prj, DBF in GBK
/// with language driver 0x4D, no .cpg, DBF field names = the layer kind's columns in upper case)
/// and a GeoJSON copy in EPSG:4490 lon/lat with 7 decimals (RFC 7946).
/// </summary>
internal static class LayerFiles
{
    private static readonly Encoding Gbk = CreateGbk();

    /// <summary>GBK (code page 936), registered from System.Text.Encoding.CodePages.</summary>
    public static Encoding GbkEncoding => Gbk;

    private static Encoding CreateGbk()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding("GBK");
    }

    /// <summary>Writes {directory}/{layerId}.shp/.shx/.dbf/.prj.</summary>
    public static void WriteShapefile(string directory, string layerId, LayerKindDefinition kind, IReadOnlyList<LayerRow> rows)
    {
        var fields = kind.Fields.Select(f => CreateField(f, rows)).ToArray();
        var stem = Path.Combine(directory, layerId);
        var shapeType = rows.Count > 0 && rows[0].Geometry is Point ? ShapeType.Point : ShapeType.Polygon;
        var options = new ShapefileWriterOptions(shapeType, fields) { Encoding = Gbk, Projection = DemoFrame.PrjWkt };
        using (var shp = File.Create(stem + ".shp"))
        using (var shx = File.Create(stem + ".shx"))
        using (var dbf = File.Create(stem + ".dbf"))
        using (var prj = File.Create(stem + ".prj"))
        using (var writer = Shapefile.OpenWrite(shp, shx, dbf, prj, options))
        {
            foreach (var row in rows)
            {
                writer.Geometry = row.Geometry;
                foreach (var field in kind.Fields)
                {
                    writer.Fields[field.Column.ToUpperInvariant()].Value = ToDbfValue(field, row.Values.GetValueOrDefault(field.Column));
                }

                writer.Write();
            }
        }

        // The writer stamps "last update" (DBF bytes 1–3) with the clock; use the data date so the
        // same seed gives identical bytes on any day.
        using var stream = new FileStream(stem + ".dbf", FileMode.Open, FileAccess.Write);
        stream.Position = 1;
        stream.Write([(byte)(DemoFrame.DataDate.Year - 1900), (byte)DemoFrame.DataDate.Month, (byte)DemoFrame.DataDate.Day]);
    }

    private static DbfField CreateField(LayerField field, IReadOnlyList<LayerRow> rows)
    {
        var name = field.Column.ToUpperInvariant();
        return field.Type switch
        {
            FieldType.Text => new DbfCharacterField(name, field.Length ?? Math.Max(1, rows.Select(r => Gbk.GetByteCount(r.Values.GetValueOrDefault(field.Column) as string ?? "")).DefaultIfEmpty(1).Max())),
            FieldType.Integer => new DbfNumericInt32Field(name, Math.Max(1, rows.Select(r => r.Values.GetValueOrDefault(field.Column) is int i ? i.ToString(CultureInfo.InvariantCulture).Length : 1).DefaultIfEmpty(1).Max())),
            FieldType.Real => new DbfNumericDoubleField(name, 16, Decimals(field.Column)),
            FieldType.Date => new DbfDateField(name, 8),
            FieldType.Boolean => new DbfLogicalField(name, 1),
            _ => throw new NotSupportedException(field.Type.ToString()),
        };
    }

    /// <summary>Decimal places of a real column: hectares 4, square metres 2.</summary>
    public static int Decimals(string column) => column is "pzxmzmj" or "pzzsmj" or "pznydmj" or "pzgdmj" or "pzjbnt" or "gdmj" ? 4 : 2;

    private static object? ToDbfValue(LayerField field, object? value) => value switch
    {
        null => field.Type == FieldType.Text ? "" : null,
        DateOnly d => d.ToDateTime(TimeOnly.MinValue),
        double x => Math.Round(x, Decimals(field.Column)),
        _ => value,
    };

    /// <summary>Writes a GeoJSON FeatureCollection in EPSG:4490 (lon/lat, 7 decimals).</summary>
    public static void WriteGeoJson(string path, LayerKindDefinition kind, IReadOnlyList<LayerRow> rows, bool alreadyLonLat = false)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("type", "FeatureCollection");
        json.WriteStartArray("features");
        foreach (var row in rows)
        {
            var lonLat = alreadyLonLat ? row.Geometry : Reprojection.Transform(row.Geometry, DemoFrame.Srid, Srids.Cgcs2000);
            json.WriteStartObject();
            json.WriteString("type", "Feature");
            json.WritePropertyName("properties");
            json.WriteStartObject();
            foreach (var field in kind.Fields)
            {
                json.WritePropertyName(field.Column);
                WriteValue(json, field, row.Values.GetValueOrDefault(field.Column));
            }

            json.WriteEndObject();
            json.WritePropertyName("geometry");
            GeoJsonGeometry.Write(json, lonLat, 7);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter json, LayerField field, object? value)
    {
        switch (value)
        {
            case null:
                json.WriteNullValue();
                break;
            case string s:
                json.WriteStringValue(s);
                break;
            case int i:
                json.WriteNumberValue(i);
                break;
            case double d:
                json.WriteRawValue(Math.Round(d, Decimals(field.Column)).ToString("0.####", CultureInfo.InvariantCulture));
                break;
            case bool b:
                json.WriteBooleanValue(b);
                break;
            case DateOnly date:
                json.WriteStringValue(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException(value.GetType().Name);
        }
    }
}

/// <summary>Writes NTS geometries as RFC 7946 GeoJSON geometry objects with a fixed number of decimals.</summary>
internal static class GeoJsonGeometry
{
    public static void Write(Utf8JsonWriter json, Geometry g, int decimals)
    {
        json.WriteStartObject();
        switch (g)
        {
            case Point p:
                json.WriteString("type", "Point");
                json.WritePropertyName("coordinates");
                Position(json, p.Coordinate, decimals);
                break;
            case LineString l:
                json.WriteString("type", "LineString");
                json.WritePropertyName("coordinates");
                Positions(json, l.Coordinates, decimals);
                break;
            case Polygon poly:
                json.WriteString("type", "Polygon");
                json.WritePropertyName("coordinates");
                Rings(json, poly, decimals);
                break;
            case MultiPolygon mp:
                json.WriteString("type", "MultiPolygon");
                json.WritePropertyName("coordinates");
                json.WriteStartArray();
                foreach (var part in mp.Geometries.Cast<Polygon>())
                {
                    Rings(json, part, decimals);
                }

                json.WriteEndArray();
                break;
            default:
                throw new NotSupportedException(g.GeometryType);
        }

        json.WriteEndObject();
    }

    private static void Rings(Utf8JsonWriter json, Polygon polygon, int decimals)
    {
        json.WriteStartArray();

        // RFC 7946 §3.1.6: exterior rings counter-clockwise, holes clockwise.
        Positions(json, Oriented(polygon.ExteriorRing, ccw: true), decimals);
        foreach (var hole in polygon.InteriorRings)
        {
            Positions(json, Oriented(hole, ccw: false), decimals);
        }

        json.WriteEndArray();
    }

    private static Coordinate[] Oriented(LineString ring, bool ccw)
    {
        var coords = ring.Coordinates;
        return NetTopologySuite.Algorithm.Orientation.IsCCW(coords) == ccw ? coords : coords.Reverse().ToArray();
    }

    private static void Positions(Utf8JsonWriter json, Coordinate[] coords, int decimals)
    {
        json.WriteStartArray();
        foreach (var c in coords)
        {
            Position(json, c, decimals);
        }

        json.WriteEndArray();
    }

    private static void Position(Utf8JsonWriter json, Coordinate c, int decimals)
    {
        var format = "0." + new string('#', decimals);
        json.WriteStartArray();
        json.WriteRawValue(Math.Round(c.X, decimals).ToString(format, CultureInfo.InvariantCulture));
        json.WriteRawValue(Math.Round(c.Y, decimals).ToString(format, CultureInfo.InvariantCulture));
        json.WriteEndArray();
    }
}
