using System.Globalization;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Imagery;
using GeoPetition.Server.Tiles;
using NetTopologySuite.Geometries;
using SkiaSharp;

namespace GeoPetition.Server.Evidence;

/// <summary>
/// Renders the evidence map of a petition with SkiaSharp: the petition over the layers its
/// findings consulted, drawn in the local CGCS2000 3° Gauss–Krüger zone (metres, grid north up)
/// with a kilometre-style grid labelled in zone coordinates and corner coordinates in CGCS2000
/// degrees, a north arrow turned by the grid convergence, a scale bar, a legend, photo and
/// field-check positions, and the before/after imagery (WebMercatorQuad tiles) with their dates.
/// </summary>
public sealed class EvidenceMapRenderer(ImageryTileStore tiles, EvidenceFonts fonts)
{
    public const int Width = 1640;
    public const int Height = 1000;

    private static readonly SKRect Frame = new(110, 120, 910, 920);
    private static readonly SKColor Petition = new(0xE6, 0x00, 0x00);
    private static readonly SKColor Photo = new(0x00, 0x5A, 0xD2);

    /// <summary>Colour of each layer kind (context fill is this at low alpha; cited features stronger).</summary>
    public static SKColor ColorOf(LayerKind kind) => kind switch
    {
        LayerKind.ApprovalBatch => new SKColor(0x1F, 0x77, 0xB4),
        LayerKind.LandSupply => new SKColor(0x94, 0x67, 0xBD),
        LayerKind.TemporaryLandUse => new SKColor(0x8C, 0x56, 0x4B),
        LayerKind.FacilityAgriculture => new SKColor(0xBC, 0xBD, 0x22),
        LayerKind.PermanentBasicFarmland => new SKColor(0x2C, 0xA0, 0x2C),
        LayerKind.EcologicalRedLine => new SKColor(0xE3, 0x77, 0xC2),
        LayerKind.LandUse => new SKColor(0x7F, 0x7F, 0x7F),
        LayerKind.RegisteredParcel => new SKColor(0x33, 0x33, 0x33),
        LayerKind.ChangeSpot => new SKColor(0xFF, 0x7F, 0x0E),
        _ => new SKColor(0x55, 0x55, 0x55),
    };

    public async Task<byte[]> RenderAsync(EvidenceMapScene d, DateTimeOffset generatedAt, CancellationToken ct)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height, SKColorType.Rgba8888, SKAlphaType.Premul));
        var c = surface.Canvas;
        c.Clear(SKColors.White);
        using var title = fonts.Font(26, bold: true);
        using var text = fonts.Font(16);
        using var small = fonts.Font(13);
        using var ink = new SKPaint { Color = new SKColor(0x22, 0x22, 0x22), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(0x66, 0x66, 0x66), IsAntialias = true };

        c.DrawText(d.Title, Frame.Left, 48, SKTextAlign.Left, title, ink);
        c.DrawText(d.Subtitle, Frame.Left, 78, SKTextAlign.Left, text, grey);

        // Main map in the local 3° Gauss–Krüger zone (with zone prefix: easting = zone × 10⁶ + 500 000 + x).
        var centre = d.Geometry.InteriorPoint.Coordinate;
        var epsg = CrsRegistry.ThreeDegreeZoneEpsg(centre.X, withZonePrefix: true);
        var zone = epsg - Srids.GaussKruger3WithZoneFirst + 25;
        var world = Reprojection.TransformEnvelope(EvidenceDossierLoader.MapExtent(d.Geometry), Srids.Storage, epsg);
        var side = Math.Max(world.Width, world.Height);
        world = new Envelope(world.Centre.X - (side / 2), world.Centre.X + (side / 2), world.Centre.Y - (side / 2), world.Centre.Y + (side / 2));
        var scale = Frame.Width / side;
        SKPoint Px(double x, double y) => new((float)(Frame.Left + ((x - world.MinX) * scale)), (float)(Frame.Bottom - ((y - world.MinY) * scale)));
        SKPath PathOf(Geometry lonLat)
        {
            var g = Reprojection.Transform(lonLat, Srids.Storage, epsg);
            return ToPath(g, Px);
        }

        using (var bg = new SKPaint { Color = new SKColor(0xF6, 0xF4, 0xEE) })
        {
            c.DrawRect(Frame, bg);
        }

        c.Save();
        c.ClipRect(Frame);
        foreach (var f in d.Features.OrderBy(f => f.IsHit).ThenBy(f => f.Kind))
        {
            var colour = ColorOf(f.Kind);
            using var path = PathOf(f.Geometry);
            using var fill = new SKPaint { Color = colour.WithAlpha(f.IsHit ? (byte)110 : (byte)40), Style = SKPaintStyle.Fill, IsAntialias = true };
            using var stroke = new SKPaint { Color = colour.WithAlpha(f.IsHit ? (byte)255 : (byte)170), Style = SKPaintStyle.Stroke, StrokeWidth = f.IsHit ? 2.5f : 1.2f, IsAntialias = true };
            if (f.Kind != LayerKind.RegisteredParcel || f.IsHit)
            {
                c.DrawPath(path, fill);
            }

            c.DrawPath(path, stroke);
        }

        using (var path = PathOf(d.Geometry))
        using (var halo = new SKPaint { Color = SKColors.Yellow.WithAlpha(200), Style = SKPaintStyle.Stroke, StrokeWidth = 7, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round })
        using (var line = new SKPaint { Color = Petition, Style = SKPaintStyle.Stroke, StrokeWidth = 3, IsAntialias = true, StrokeJoin = SKStrokeJoin.Round })
        using (var fill = new SKPaint { Color = Petition.WithAlpha(35), Style = SKPaintStyle.Fill, IsAntialias = true })
        {
            if (d.Geometry is Point or MultiPoint)
            {
                foreach (var pt in d.Geometry.Coordinates)
                {
                    var gk = Reprojection.Transform(pt, Srids.Storage, epsg);
                    var at = Px(gk.X, gk.Y);
                    c.DrawCircle(at, 9, halo);
                    c.DrawCircle(at, 9, line);
                }
            }
            else
            {
                c.DrawPath(path, fill);
                c.DrawPath(path, halo);
                c.DrawPath(path, line);
            }
        }

        var positioned = d.Attachments.Where(a => a is { Lon: not null, Lat: not null }).ToList();
        using (var dot = new SKPaint { Color = Photo, IsAntialias = true })
        using (var white = new SKPaint { Color = SKColors.White, IsAntialias = true })
        {
            foreach (var a in positioned)
            {
                var gk = Reprojection.Transform(new Coordinate(a.Lon!.Value, a.Lat!.Value), Srids.Storage, epsg);
                var at = Px(gk.X, gk.Y);
                c.DrawCircle(at, 11, white);
                c.DrawCircle(at, 9, dot);
                c.DrawText(a.Id.ToString(CultureInfo.InvariantCulture), at.X, at.Y + 4.5f, SKTextAlign.Center, small, white);
            }
        }

        DrawGrid(c, world, scale, Px, epsg, small, grey);
        c.Restore();
        using (var frame = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1.5f })
        {
            c.DrawRect(Frame, frame);
        }

        DrawGridLabels(c, world, Px, epsg, small, grey);
        DrawNorthArrow(c, centre, epsg, text);
        DrawScaleBar(c, side, small);
        c.DrawText($"坐标系 CRS: CGCS2000 / 3° Gauss–Krüger 第{zone}带 zone {zone} (EPSG:{epsg}), 中央经线 CM {zone * 3}°E；方格网为高斯平面坐标(米), 角点为 CGCS2000 经纬度 (EPSG:4490)",
            Frame.Left, Frame.Bottom + 62, SKTextAlign.Left, small, grey);

        DrawLegend(c, d, positioned.Count, text, small, ink, grey);
        await DrawImageryAsync(c, d, new SKRect(950, 575, 1270, 895), d.Before, "前时相 Before", small, text, ink, ct);
        await DrawImageryAsync(c, d, new SKRect(1290, 575, 1610, 895), d.After, "后时相 After", small, text, ink, ct);
        foreach (var (line, i) in PdfLayout.Wrap("影像选取 imagery: " + d.Window.Reason, small, 660).Take(2).Select((l, i) => (l, i)))
        {
            c.DrawText(line, 950, 918 + (i * 17), SKTextAlign.Left, small, grey);
        }

        c.DrawText($"生成 generated {generatedAt.ToOffset(TimeSpan.FromHours(8)):yyyy-MM-dd HH:mm} (UTC+8) · GeoPetition", Width - 30, Height - 24, SKTextAlign.Right, small, grey);

        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    private static SKPath ToPath(Geometry g, Func<double, double, SKPoint> px)
    {
        using var path = new SKPathBuilder { FillType = SKPathFillType.EvenOdd };
        void Ring(Coordinate[] coords, bool close)
        {
            for (var i = 0; i < coords.Length; i++)
            {
                var p = px(coords[i].X, coords[i].Y);
                if (i == 0)
                {
                    path.MoveTo(p);
                }
                else
                {
                    path.LineTo(p);
                }
            }

            if (close)
            {
                path.Close();
            }
        }

        void Add(Geometry part)
        {
            switch (part)
            {
                case Polygon poly:
                    Ring(poly.ExteriorRing.Coordinates, true);
                    foreach (var hole in poly.InteriorRings)
                    {
                        Ring(hole.Coordinates, true);
                    }

                    break;
                case LineString line:
                    Ring(line.Coordinates, false);
                    break;
                case GeometryCollection many:
                    foreach (var child in many.Geometries)
                    {
                        Add(child);
                    }

                    break;
            }
        }

        Add(g);
        return path.Detach();
    }

    /// <summary>A grid step giving four to eight lines across <paramref name="side"/> metres.</summary>
    public static double GridStep(double side) =>
        new[] { 50.0, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10000, 20000, 50000 }.FirstOrDefault(s => side / s <= 8, 100000);

    private static void DrawGrid(SKCanvas c, Envelope world, double scale, Func<double, double, SKPoint> px, int epsg, SKFont font, SKPaint paint)
    {
        var step = GridStep(world.Width);
        using var line = new SKPaint { Color = new SKColor(0x44, 0x44, 0x44, 0x70), Style = SKPaintStyle.Stroke, StrokeWidth = 0.8f, PathEffect = SKPathEffect.CreateDash([6, 4], 0) };
        for (var x = Math.Ceiling(world.MinX / step) * step; x <= world.MaxX; x += step)
        {
            c.DrawLine(px(x, world.MinY), px(x, world.MaxY), line);
        }

        for (var y = Math.Ceiling(world.MinY / step) * step; y <= world.MaxY; y += step)
        {
            c.DrawLine(px(world.MinX, y), px(world.MaxX, y), line);
        }
    }

    private static void DrawGridLabels(SKCanvas c, Envelope world, Func<double, double, SKPoint> px, int epsg, SKFont font, SKPaint paint)
    {
        var step = GridStep(world.Width);
        for (var x = Math.Ceiling(world.MinX / step) * step; x <= world.MaxX; x += step)
        {
            var at = px(x, world.MinY);
            c.DrawText(x.ToString("0", CultureInfo.InvariantCulture), at.X, Frame.Bottom + 18, SKTextAlign.Center, font, paint);
            if (at.X > Frame.Left + 40)
            {
                // (not under the "Y (m)" label at the top-left corner)
                c.DrawText(x.ToString("0", CultureInfo.InvariantCulture), at.X, Frame.Top - 6, SKTextAlign.Center, font, paint);
            }
        }

        for (var y = Math.Ceiling(world.MinY / step) * step; y <= world.MaxY; y += step)
        {
            var at = px(world.MinX, y);
            c.DrawText(y.ToString("0", CultureInfo.InvariantCulture), Frame.Left - 6, at.Y + 4, SKTextAlign.Right, font, paint);
        }

        c.DrawText($"X (m, 第{epsg - Srids.GaussKruger3WithZoneFirst + 25}带)", Frame.Right, Frame.Bottom + 36, SKTextAlign.Right, font, paint);
        c.DrawText("Y (m)", Frame.Left - 6, Frame.Top - 6, SKTextAlign.Right, font, paint);

        // Corner coordinates in CGCS2000 degrees.
        var sw = Reprojection.Transform(world.MinX, world.MinY, epsg, Srids.Storage);
        var ne = Reprojection.Transform(world.MaxX, world.MaxY, epsg, Srids.Storage);
        c.DrawText($"{Dms(sw.Y, 'N', 'S')} {Dms(sw.X, 'E', 'W')}", Frame.Left, Frame.Bottom + 36, SKTextAlign.Left, font, paint);
        c.DrawText($"{Dms(ne.Y, 'N', 'S')} {Dms(ne.X, 'E', 'W')}", Frame.Right, Frame.Top - 24, SKTextAlign.Right, font, paint);
    }

    /// <summary>Degrees as 30°30′12.3″N.</summary>
    public static string Dms(double value, char positive, char negative)
    {
        var v = Math.Abs(value);
        var d = Math.Floor(v);
        var m = Math.Floor((v - d) * 60);
        var s = (((v - d) * 60) - m) * 60;
        if (s >= 59.95)
        {
            s = 0;
            m++;
        }

        if (m >= 60)
        {
            m = 0;
            d++;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{d:0}°{m:00}′{s:00.0}″{(value >= 0 ? positive : negative)}");
    }

    private void DrawNorthArrow(SKCanvas c, Coordinate centre, int epsg, SKFont font)
    {
        // True north differs from grid north by the meridian convergence (about Δλ·sin φ).
        var a = Reprojection.Transform(centre, Srids.Storage, epsg);
        var b = Reprojection.Transform(new Coordinate(centre.X, centre.Y + 0.01), Srids.Storage, epsg);
        var degrees = (float)(Math.Atan2(b.X - a.X, b.Y - a.Y) * 180 / Math.PI);
        var at = new SKPoint(Frame.Right - 45, Frame.Top + 60);
        using var back = new SKPaint { Color = SKColors.White.WithAlpha(220), IsAntialias = true };
        c.DrawCircle(at, 36, back);
        c.Save();
        c.RotateDegrees(degrees, at.X, at.Y);
        using var dark = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var light = new SKPaint { Color = SKColors.White, IsAntialias = true };
        using var outline = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1.2f, IsAntialias = true };
        using (var leftBuilder = new SKPathBuilder())
        using (var rightBuilder = new SKPathBuilder())
        {
            var left = leftBuilder;
            var right = rightBuilder;
            left.MoveTo(at.X, at.Y - 26);
            left.LineTo(at.X - 10, at.Y + 14);
            left.LineTo(at.X, at.Y + 6);
            left.Close();
            right.MoveTo(at.X, at.Y - 26);
            right.LineTo(at.X + 10, at.Y + 14);
            right.LineTo(at.X, at.Y + 6);
            right.Close();
            using var leftPath = left.Detach();
            using var rightPath = right.Detach();
            c.DrawPath(leftPath, dark);
            c.DrawPath(rightPath, light);
            c.DrawPath(rightPath, outline);
        }

        c.DrawText("N", at.X, at.Y - 30, SKTextAlign.Center, font, dark);
        c.Restore();
        using var small = fonts.Font(11);
        using var grey = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        c.DrawText(string.Create(CultureInfo.InvariantCulture, $"真北 γ={degrees:0.00}°"), at.X, at.Y + 50, SKTextAlign.Center, small, grey);
    }

    private static void DrawScaleBar(SKCanvas c, double side, SKFont font)
    {
        var metres = new[] { 10.0, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000 }.LastOrDefault(m => m <= side / 4, 5);
        var px = (float)(metres / side * Frame.Width);
        var x0 = Frame.Left + 20;
        var y0 = Frame.Bottom - 30;
        using var back = new SKPaint { Color = SKColors.White.WithAlpha(220) };
        c.DrawRect(new SKRect(x0 - 10, y0 - 26, x0 + px + 50, y0 + 14), back);
        using var black = new SKPaint { Color = SKColors.Black, IsAntialias = true };
        using var white = new SKPaint { Color = SKColors.White };
        using var outline = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        c.DrawRect(new SKRect(x0, y0, x0 + (px / 2), y0 + 6), black);
        c.DrawRect(new SKRect(x0 + (px / 2), y0, x0 + px, y0 + 6), white);
        c.DrawRect(new SKRect(x0, y0, x0 + px, y0 + 6), outline);
        c.DrawText("0", x0, y0 - 6, SKTextAlign.Center, font, black);
        c.DrawText(metres >= 1000 ? $"{metres / 1000:0.#} km" : $"{metres:0} m", x0 + px, y0 - 6, SKTextAlign.Center, font, black);
    }

    private static void DrawLegend(SKCanvas c, EvidenceMapScene d, int positioned, SKFont text, SKFont small, SKPaint ink, SKPaint grey)
    {
        float x = 950, y = 140;
        using var heading = new SKFont(text.Typeface, 20);
        c.DrawText("图例 Legend", x, y, SKTextAlign.Left, heading, ink);
        y += 30;
        void Swatch(SKColor colour, byte alpha, float width, string label, string? note)
        {
            using var fill = new SKPaint { Color = colour.WithAlpha(alpha), IsAntialias = true };
            using var stroke = new SKPaint { Color = colour, Style = SKPaintStyle.Stroke, StrokeWidth = width, IsAntialias = true };
            var r = new SKRect(x, y - 14, x + 34, y + 4);
            c.DrawRect(r, fill);
            c.DrawRect(r, stroke);
            c.DrawText(label, x + 46, y, SKTextAlign.Left, text, ink);
            if (note is not null)
            {
                c.DrawText(note, 1610, y, SKTextAlign.Right, small, grey);
            }

            y += 28;
        }

        Swatch(Petition, 35, 3, d.LocationLabel, d.Accuracy);
        foreach (var layer in d.Features.GroupBy(f => (f.LayerId, f.Kind, f.Title)).OrderBy(g => g.Key.Kind))
        {
            var cited = layer.Count(f => f.IsHit);
            Swatch(ColorOf(layer.Key.Kind), cited > 0 ? (byte)110 : (byte)40, cited > 0 ? 2.5f : 1.2f,
                layer.Key.Title, cited > 0 ? $"{cited} 处被引用 cited" : $"{layer.Count()} 个要素");
            if (y > 500)
            {
                break;
            }
        }

        if (positioned > 0)
        {
            using var dot = new SKPaint { Color = Photo, IsAntialias = true };
            c.DrawCircle(x + 17, y - 5, 9, dot);
            c.DrawText("照片/实地核查位置 Photo / field check (附件号)", x + 46, y, SKTextAlign.Left, text, ink);
            y += 28;
        }

        if (d.Features.Count == 0)
        {
            c.DrawText("附近无相关图层要素 no layer features nearby", x, y, SKTextAlign.Left, small, grey);
        }
    }

    private async Task DrawImageryAsync(SKCanvas c, EvidenceMapScene d, SKRect panel, ImageryScene? scene, string label, SKFont small, SKFont text, SKPaint ink, CancellationToken ct)
    {
        c.DrawText(label, panel.Left, panel.Top - 30, SKTextAlign.Left, text, ink);
        using var grey = new SKPaint { Color = new SKColor(0x55, 0x55, 0x55), IsAntialias = true };
        using var back = new SKPaint { Color = new SKColor(0xDD, 0xDD, 0xDD) };
        c.DrawRect(panel, back);
        if (scene is null || scene.TileSource is null)
        {
            c.DrawText("无可用影像 no clear scene", panel.MidX, panel.MidY, SKTextAlign.Center, small, grey);
        }
        else
        {
            c.DrawText($"{scene.SceneId} · {scene.AcquisitionDate:yyyy-MM-dd}{(scene.Sensor is null ? "" : " · " + scene.Sensor)}", panel.Left, panel.Top - 10, SKTextAlign.Left, small, grey);
            var mercator = Reprojection.TransformEnvelope(EvidenceDossierLoader.MapExtent(d.Geometry), Srids.Storage, Srids.WebMercator);
            var side = Math.Max(mercator.Width, mercator.Height);
            var world = new Envelope(mercator.Centre.X - (side / 2), mercator.Centre.X + (side / 2), mercator.Centre.Y - (side / 2), mercator.Centre.Y + (side / 2));
            const double half = 20037508.342789244;
            var scale = panel.Width / side;
            SKPoint Px(double x, double y) => new((float)(panel.Left + ((x - world.MinX) * scale)), (float)(panel.Bottom - ((y - world.MinY) * scale)));
            c.Save();
            c.ClipRect(panel);
            var drawn = false;
            for (var z = Math.Min(15, (int)Math.Ceiling(Math.Log2(2 * half * panel.Width / (256 * side)))); z >= 8 && !drawn; z--)
            {
                var n = 1 << z;
                var tileSize = 2 * half / n;
                int Col(double x) => Math.Clamp((int)Math.Floor((x + half) / tileSize), 0, n - 1);
                int Row(double y) => Math.Clamp((int)Math.Floor((half - y) / tileSize), 0, n - 1);
                for (var tx = Col(world.MinX); tx <= Col(world.MaxX); tx++)
                {
                    for (var ty = Row(world.MaxY); ty <= Row(world.MinY); ty++)
                    {
                        var tile = await tiles.ReadAsync(scene.TileSource, new TileCoordinate(z, tx, ty), "png", ct)
                            ?? await tiles.ReadAsync(scene.TileSource, new TileCoordinate(z, tx, ty), "jpg", ct);
                        if (tile is null)
                        {
                            continue;
                        }

                        using var bitmap = tile.Bytes is { } bytes ? SKBitmap.Decode(bytes) : SKBitmap.Decode(tile.Path!);
                        if (bitmap is null)
                        {
                            continue;
                        }

                        var topLeft = Px((tx * tileSize) - half, half - (ty * tileSize));
                        var bottomRight = Px(((tx + 1) * tileSize) - half, half - ((ty + 1) * tileSize));
                        using var paint = new SKPaint { IsAntialias = true };
                        using var image = SKImage.FromBitmap(bitmap);
                        c.DrawImage(image, new SKRect(topLeft.X, topLeft.Y, bottomRight.X, bottomRight.Y), new SKSamplingOptions(SKFilterMode.Linear), paint);
                        drawn = true;
                    }
                }
            }

            if (!drawn)
            {
                c.DrawText("影像瓦片缺失 tiles missing", panel.MidX, panel.MidY, SKTextAlign.Center, small, grey);
            }

            var g = Reprojection.Transform(d.Geometry, Srids.Storage, Srids.WebMercator);
            using var path = ToPath(g, Px);
            using var line = new SKPaint { Color = SKColors.Yellow, Style = SKPaintStyle.Stroke, StrokeWidth = 2.5f, IsAntialias = true };
            if (d.Geometry is Point or MultiPoint)
            {
                foreach (var pt in g.Coordinates)
                {
                    c.DrawCircle(Px(pt.X, pt.Y), 7, line);
                }
            }
            else
            {
                c.DrawPath(path, line);
            }

            c.Restore();
        }

        using var frame = new SKPaint { Color = SKColors.Black, Style = SKPaintStyle.Stroke, StrokeWidth = 1 };
        c.DrawRect(panel, frame);
    }
}
