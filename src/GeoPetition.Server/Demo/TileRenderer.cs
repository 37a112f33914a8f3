using System.Globalization;
using System.Text.Json;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Renders the synthetic imagery: for each scene, XYZ PNG tiles in WebMercatorQuad (OSM/Google
/// scheme, y from the top) at the highest zoom by sampling the ground as it was on the scene date
/// (the 2019 land use with every change visible on that date on top), then the lower zooms by
/// averaging 2×2 pixels. Pixel centres go Web Mercator → lon/lat (closed formulas) → EPSG:4523
/// (the Gauss–Krüger series of GeoPetition.Core) and are looked up through an STR-tree.
/// </summary>
internal static class TileRenderer
{
    public const int TileSize = 256;

    /// <summary>Renders and writes every tile of every scene; returns the number of files and bytes.</summary>
    public static (int Tiles, long Bytes) RenderAll(DemoWorld world, IReadOnlyList<ImageryScene> scenes, string directory, int minZoom, int maxZoom, TextWriter log, CancellationToken ct)
    {
        var count = 0;
        long bytes = 0;
        for (var s = 0; s < scenes.Count; s++)
        {
            var scene = scenes[s];
            var surface = new SceneSurface(world, scene.Date);
            var folder = Path.Combine(directory, scene.Folder);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }

            var (minX, minY, maxX, maxY) = TileRange(scene.FootprintLonLat.EnvelopeInternal, maxZoom);
            var keys = new List<(int X, int Y)>();
            for (var x = minX; x <= maxX; x++)
            {
                for (var y = minY; y <= maxY; y++)
                {
                    keys.Add((x, y));
                }
            }

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var rendered = new byte[]?[keys.Count];
            Parallel.For(0, keys.Count, new ParallelOptions { CancellationToken = ct }, i => rendered[i] = RenderTile(surface, maxZoom, keys[i].X, keys[i].Y));
            var renderTime = clock.Elapsed;
            var level = new Dictionary<(int X, int Y), byte[]>();
            for (var i = 0; i < keys.Count; i++)
            {
                if (rendered[i] is { } pixels)
                {
                    level[keys[i]] = pixels;
                }
            }

            for (var z = maxZoom; z >= minZoom; z--)
            {
                if (z < maxZoom)
                {
                    level = Downsample(level);
                }

                var entries = level.OrderBy(e => e.Key.X).ThenBy(e => e.Key.Y).ToList();
                var sizes = new long[entries.Count];
                Parallel.For(0, entries.Count, new ParallelOptions { CancellationToken = ct }, i =>
                {
                    var ((x, y), pixels) = entries[i];
                    var path = Path.Combine(folder, z.ToString(CultureInfo.InvariantCulture), x.ToString(CultureInfo.InvariantCulture), y.ToString(CultureInfo.InvariantCulture) + ".png");
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    var png = PngWriter.Encode(pixels, TileSize, TileSize, Palette.Rgb, 0);
                    File.WriteAllBytes(path, png);
                    sizes[i] = png.Length;
                });
                count += entries.Count;
                bytes += sizes.Sum();
            }

            WriteSceneJson(Path.Combine(folder, "scene.json"), scene, minZoom, maxZoom);
            log.WriteLine($"scene {scene.Folder}: z{maxZoom} rendered in {renderTime.TotalSeconds:F1} s, all zooms written in {clock.Elapsed.TotalSeconds:F1} s");
        }

        return (count, bytes);
    }

    private static void WriteSceneJson(string path, ImageryScene scene, int minZoom, int maxZoom)
    {
        var env = scene.FootprintLonLat.EnvelopeInternal;
        using var stream = File.Create(path);
        using var json = new Utf8JsonWriter(stream, DemoGenerator.JsonOptions);
        json.WriteStartObject();
        json.WriteString("id", scene.Id);
        json.WriteString("sensor", scene.Sensor);
        json.WriteString("date", scene.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        json.WriteNumber("resolution_m", scene.ResolutionM);
        json.WriteNumber("cloud_pct", scene.CloudPct);
        json.WriteStartArray("bounds");
        foreach (var v in new[] { env.MinX, env.MinY, env.MaxX, env.MaxY })
        {
            json.WriteNumberValue(Math.Round(v, 7));
        }

        json.WriteEndArray();
        json.WriteNumber("minzoom", minZoom);
        json.WriteNumber("maxzoom", maxZoom);
        json.WriteString("format", "png");
        json.WriteNumber("tileSize", TileSize);
        json.WriteString("tileMatrixSet", "WebMercatorQuad");
        json.WriteString("scheme", "xyz");
        json.WriteString("tiles", "{z}/{x}/{y}.png");
        json.WriteString("attribution", "Synthetic demo imagery generated by geopetition demo generate; not a real satellite image.");
        json.WriteEndObject();
        json.Flush();
        stream.WriteByte((byte)'\n');
    }

    /// <summary>The XYZ tile range covering a lon/lat envelope at zoom z.</summary>
    public static (int MinX, int MinY, int MaxX, int MaxY) TileRange(Envelope lonLat, int z) =>
        (TileX(lonLat.MinX, z), TileY(lonLat.MaxY, z), TileX(lonLat.MaxX, z), TileY(lonLat.MinY, z));

    public static int TileX(double lon, int z) => (int)Math.Floor((lon + 180.0) / 360.0 * (1 << z));

    public static int TileY(double lat, int z)
    {
        var r = lat * Math.PI / 180;
        return (int)Math.Floor((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * (1 << z));
    }

    /// <summary>Lon/lat of a position in tile pixel space (tx, ty in tiles, fractional).</summary>
    private static (double Lon, double Lat) LonLat(double tx, double ty, int z)
    {
        var n = (double)(1 << z);
        var lon = tx / n * 360.0 - 180.0;
        var lat = Math.Atan(Math.Sinh(Math.PI * (1 - 2 * ty / n))) * 180.0 / Math.PI;
        return (lon, lat);
    }

    /// <summary>
    /// Renders one tile as palette indices (0 = transparent), or null when nothing of the county
    /// is in it. The GK position of each pixel centre is interpolated bilinearly from an exact
    /// 17×17 grid of control points (every 16 pixels; the error is below a millimetre at z15).
    /// </summary>
    public static byte[]? RenderTile(SceneSurface surface, int z, int x, int y)
    {
        const int Step = 16;
        const int Grid = TileSize / Step + 1;
        var ce = new double[Grid * Grid];
        var cn = new double[Grid * Grid];
        var env = new Envelope();
        for (var j = 0; j < Grid; j++)
        {
            for (var i = 0; i < Grid; i++)
            {
                var (lon, lat) = LonLat(x + (i * Step + 0.5) / TileSize, y + (j * Step + 0.5) / TileSize, z);
                var (e, n) = DemoFrame.Projection.Forward(lon, lat);
                ce[j * Grid + i] = e - DemoFrame.OriginEasting;
                cn[j * Grid + i] = n - DemoFrame.OriginNorthing;
                env.ExpandToInclude(e, n);
            }
        }

        env.ExpandBy(2);
        var candidates = surface.Candidates(env);
        if (candidates.Base.Length == 0)
        {
            return null;
        }

        var pixels = new byte[TileSize * TileSize];
        var any = false;
        var last = -1;
        for (var py = 0; py < TileSize; py++)
        {
            var gy = py / Step;
            var fy = (py - gy * Step) / (double)Step;
            for (var px = 0; px < TileSize; px++)
            {
                var gx = px / Step;
                var fx = (px - gx * Step) / (double)Step;
                var k = gy * Grid + gx;
                var u = Lerp2(ce[k], ce[k + 1], ce[k + Grid], ce[k + Grid + 1], fx, fy);
                var v = Lerp2(cn[k], cn[k + 1], cn[k + Grid], cn[k + Grid + 1], fx, fy);
                var shape = surface.Find(candidates, u, v, ref last);
                if (shape is null)
                {
                    continue;
                }

                pixels[py * TileSize + px] = Textures.Sample(shape, u, v, surface.Season);
                any = true;
            }
        }

        return any ? pixels : null;
    }

    private static double Lerp2(double a, double b, double c, double d, double fx, double fy) =>
        a + (b - a) * fx + (c - a) * fy + (a - b - c + d) * fx * fy;

    /// <summary>The next lower zoom: each pixel is the mean colour of 2×2 opaque child pixels, re-quantised to the palette.</summary>
    private static Dictionary<(int X, int Y), byte[]> Downsample(Dictionary<(int X, int Y), byte[]> children)
    {
        var parents = children.Keys.Select(k => (k.X >> 1, k.Y >> 1)).Distinct().OrderBy(k => k).ToList();
        var result = new byte[]?[parents.Count];
        Parallel.For(0, parents.Count, i =>
        {
            var (px0, py0) = parents[i];
            var pixels = new byte[TileSize * TileSize];
            var any = false;
            for (var q = 0; q < 4; q++)
            {
                var child = (px0 * 2 + (q & 1), py0 * 2 + (q >> 1));
                if (!children.TryGetValue(child, out var src))
                {
                    continue;
                }

                var ox = (q & 1) * TileSize / 2;
                var oy = (q >> 1) * TileSize / 2;
                for (var y = 0; y < TileSize / 2; y++)
                {
                    for (var x = 0; x < TileSize / 2; x++)
                    {
                        int r = 0, g = 0, b = 0, n = 0;
                        for (var d = 0; d < 4; d++)
                        {
                            var index = src[(2 * y + (d >> 1)) * TileSize + 2 * x + (d & 1)];
                            if (index == 0)
                            {
                                continue;
                            }

                            r += Palette.Rgb[index * 3];
                            g += Palette.Rgb[index * 3 + 1];
                            b += Palette.Rgb[index * 3 + 2];
                            n++;
                        }

                        if (n >= 2)
                        {
                            pixels[(oy + y) * TileSize + ox + x] = Palette.Nearest(r / n, g / n, b / n);
                            any = true;
                        }
                    }
                }
            }

            result[i] = any ? pixels : null;
        });
        var level = new Dictionary<(int X, int Y), byte[]>();
        for (var i = 0; i < parents.Count; i++)
        {
            if (result[i] is { } p)
            {
                level[parents[i]] = p;
            }
        }

        return level;
    }
}

/// <summary>One polygon to paint: rings (local frame), material and texture parameters.</summary>
internal sealed class Shape
{
    public required double[] Xs { get; init; }

    public required double[] Ys { get; init; }

    /// <summary>Start index of each ring in <see cref="Xs"/>/<see cref="Ys"/>, plus the total length at the end.</summary>
    public required int[] Rings { get; init; }

    public required double MinX { get; init; }

    public required double MinY { get; init; }

    public required double MaxX { get; init; }

    public required double MaxY { get; init; }

    public required Material Material { get; init; }

    public required uint Hash { get; init; }

    public required double Cos { get; init; }

    public required double Sin { get; init; }

    public static Shape From(Geometry g, Material material, uint hash, double angle)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        var rings = new List<int>();
        for (var i = 0; i < g.NumGeometries; i++)
        {
            if (g.GetGeometryN(i) is not Polygon p)
            {
                continue;
            }

            foreach (var ring in new[] { p.ExteriorRing }.Concat(p.InteriorRings))
            {
                rings.Add(xs.Count);
                foreach (var c in ring.Coordinates)
                {
                    xs.Add(c.X - DemoFrame.OriginEasting);
                    ys.Add(c.Y - DemoFrame.OriginNorthing);
                }
            }
        }

        rings.Add(xs.Count);
        return new Shape
        {
            Xs = [.. xs],
            Ys = [.. ys],
            Rings = [.. rings],
            MinX = xs.Min(),
            MinY = ys.Min(),
            MaxX = xs.Max(),
            MaxY = ys.Max(),
            Material = material,
            Hash = hash,
            Cos = Math.Cos(angle),
            Sin = Math.Sin(angle),
        };
    }

    /// <summary>Even–odd point-in-polygon over all rings.</summary>
    public bool Contains(double x, double y)
    {
        if (x < MinX || x > MaxX || y < MinY || y > MaxY)
        {
            return false;
        }

        var inside = false;
        for (var r = 0; r < Rings.Length - 1; r++)
        {
            var start = Rings[r];
            var end = Rings[r + 1];
            for (int i = start, j = end - 1; i < end; j = i++)
            {
                if ((Ys[i] > y) != (Ys[j] > y) && x < (Xs[j] - Xs[i]) * (y - Ys[i]) / (Ys[j] - Ys[i]) + Xs[i])
                {
                    inside = !inside;
                }
            }
        }

        return inside;
    }
}

/// <summary>The ground on one date: the 2019 land use plus every change visible on that date (later on top).</summary>
internal sealed class SceneSurface
{
    private readonly Shape[] _base;
    private readonly Shape[] _overlays;
    private readonly STRtree<int> _baseTree = new();
    private readonly STRtree<int> _overlayTree = new();

    public SceneSurface(DemoWorld world, DateOnly date)
    {
        Date = date;
        Season = date.Month is >= 3 and <= 8 ? 1 : 0;
        _base = [.. world.LandUse2019.Select(lp => Shape.From(lp.Geometry, MaterialOf(lp), Noise.Hash(lp.Id, 0x51u), lp.Angle))];
        var visible = world.Changes.Select((c, i) => (Change: c, Index: i)).Where(c => c.Change.VisibleOn(date)).OrderBy(c => c.Change.Date).ToList();
        _overlays = [.. visible.Select(c => Shape.From(c.Change.Geometry, c.Change.Look, Noise.Hash(c.Index, 0xC7u), c.Change.Angle))];
        for (var i = 0; i < _base.Length; i++)
        {
            _baseTree.Insert(new Envelope(_base[i].MinX, _base[i].MaxX, _base[i].MinY, _base[i].MaxY), i);
        }

        for (var i = 0; i < _overlays.Length; i++)
        {
            _overlayTree.Insert(new Envelope(_overlays[i].MinX, _overlays[i].MaxX, _overlays[i].MinY, _overlays[i].MaxY), i);
        }

        _baseTree.Build();
        _overlayTree.Build();
    }

    public DateOnly Date { get; }

    /// <summary>0 = late autumn (harvested fields), 1 = spring (green crops, rapeseed in flower).</summary>
    public int Season { get; }

    private static Material MaterialOf(LandPolygon lp) => lp.Class.Material;

    /// <summary>Shapes whose envelope meets a GK envelope (local-frame query).</summary>
    public (Shape[] Base, Shape[] Overlays) Candidates(Envelope gk)
    {
        var local = new Envelope(gk.MinX - DemoFrame.OriginEasting, gk.MaxX - DemoFrame.OriginEasting, gk.MinY - DemoFrame.OriginNorthing, gk.MaxY - DemoFrame.OriginNorthing);
        var b = _baseTree.Query(local).OrderBy(i => i).Select(i => _base[i]).ToArray();
        var o = _overlayTree.Query(local).OrderBy(i => i).Select(i => _overlays[i]).ToArray();
        return (b, o);
    }

    /// <summary>The shape under a local-frame point: the latest visible change, else the 2019 polygon.</summary>
    public Shape? Find((Shape[] Base, Shape[] Overlays) candidates, double x, double y, ref int last)
    {
        for (var i = candidates.Overlays.Length - 1; i >= 0; i--)
        {
            if (candidates.Overlays[i].Contains(x, y))
            {
                return candidates.Overlays[i];
            }
        }

        var shapes = candidates.Base;
        if (last >= 0 && last < shapes.Length && shapes[last].Contains(x, y))
        {
            return shapes[last];
        }

        for (var i = 0; i < shapes.Length; i++)
        {
            if (shapes[i].Contains(x, y))
            {
                last = i;
                return shapes[i];
            }
        }

        return null;
    }
}
