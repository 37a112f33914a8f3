using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>What one generator run wrote.</summary>
internal sealed record DemoSummary(IReadOnlyList<(string Layer, int Count)> Layers, int Petitions, int Tiles, long TileBytes, TimeSpan WorldTime, TimeSpan TileTime)
{
    public string Describe()
    {
        var sb = new StringBuilder();
        foreach (var (layer, count) in Layers)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {layer,-28} {count,7}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"  {"petitions",-28} {Petitions,7}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  {"tiles",-28} {Tiles,7} ({TileBytes / 1048576.0:F1} MiB)");
        sb.Append(CultureInfo.InvariantCulture, $"  world + layers {WorldTime.TotalSeconds:F1} s, tiles {TileTime.TotalSeconds:F1} s");
        return sb.ToString();
    }
}

/// <summary>Builds the world for a seed and writes every output.</summary>
internal static class DemoGenerator
{
    /// <summary>JSON options of petitions.json, manifest.json and scene.json: indented, Chinese unescaped.</summary>
    public static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The three imagery scenes (before the 2019 survey, before the 2023 survey, latest).</summary>
    public static IReadOnlyList<ImageryScene> Scenes(DemoWorld world)
    {
        var env = Reprojection.TransformEnvelope(world.Area.EnvelopeInternal, DemoFrame.Srid, Srids.Cgcs2000, 16);
        var f = new GeometryFactory(new PrecisionModel(), Srids.Cgcs2000);
        var footprint = f.ToGeometry(env);
        return
        [
            new("GF2_PMS_20191120_DEMO", "GF-2", DemoFrame.SceneA, 0.8, 1.6, "gf2_20191120", footprint),
            new("BJ3_PMS_20231116_DEMO", "BJ-3", DemoFrame.SceneB, 0.5, 3.2, "bj3_20231116", footprint),
            new("GF2_PMS_20260310_DEMO", "GF-2", DemoFrame.SceneC, 0.8, 4.8, "gf2_20260310", footprint),
        ];
    }

    public static DemoSummary Generate(DemoOptions options, TextWriter log, CancellationToken ct = default) =>
        Generate(options, log, WorldBuilder.Build(options.Seed), ct);

    public static DemoSummary Generate(DemoOptions options, TextWriter log, DemoWorld world, CancellationToken ct = default)
    {
        var clock = Stopwatch.StartNew();
        log.WriteLine($"world built: {world.Cells.Count} cells, {world.LandUse2019.Count} land-use polygons (2019), {world.Spots.Count} change spots");
        var demo = Path.Combine(options.DataDirectory, "demo");
        var geojson = Path.Combine(demo, "geojson");
        Directory.CreateDirectory(geojson);
        var scenes = Scenes(world);
        var layers = DemoLayers.All(world, scenes);
        Parallel.ForEach(layers, new ParallelOptions { CancellationToken = ct }, layer =>
        {
            if (layer.ShapefileToo)
            {
                LayerFiles.WriteShapefile(demo, layer.Id, layer.Kind, layer.Rows);
            }

            LayerFiles.WriteGeoJson(Path.Combine(geojson, layer.Id + ".geojson"), layer.Kind, layer.Rows, alreadyLonLat: !layer.ShapefileToo);
        });
        WriteManifest(Path.Combine(demo, "manifest.json"), layers);
        PetitionFile.Write(Path.Combine(demo, "petitions.json"), world.Petitions);
        var worldTime = clock.Elapsed;
        log.WriteLine($"layers written in {worldTime.TotalSeconds:F1} s");

        var tiles = 0;
        long bytes = 0;
        clock.Restart();
        if (options.WriteTiles)
        {
            (tiles, bytes) = TileRenderer.RenderAll(world, scenes, options.TilesDirectory, options.MinZoom, options.MaxZoom, log, ct);
        }

        return new DemoSummary([.. layers.Select(l => (l.Id, l.Rows.Count))], world.Petitions.Count, tiles, bytes, worldTime, clock.Elapsed);
    }

    private static void WriteManifest(string path, IReadOnlyList<DemoLayer> layers)
    {
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, JsonOptions);
        json.WriteStartArray();
        foreach (var layer in layers)
        {
            json.WriteStartObject();
            json.WriteString("layerId", layer.Id);
            json.WriteString("kind", layer.Kind.Kind.ToString());
            json.WriteString("title", layer.Title);
            json.WriteStartArray("files");
            json.WriteStringValue(layer.ShapefileToo ? $"demo/{layer.Id}.shp" : $"demo/geojson/{layer.Id}.geojson");
            json.WriteEndArray();
            json.WriteString("crs", layer.ShapefileToo ? "EPSG:4523" : "EPSG:4490");
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }
}
