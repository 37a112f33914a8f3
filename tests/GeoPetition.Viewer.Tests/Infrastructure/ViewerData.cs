using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace GeoPetition.Viewer.Tests.Infrastructure;

/// <summary>
/// A small county loaded through the public API, as a bureau would: two counties (示范县 510991,
/// 样例县 510992) on [105.28, 105.36] × [30.48, 30.52], a 40 × 40 land-use grid (1 600 polygons, so
/// the viewer draws it from vector tiles), two change spots on cropland, an approval batch, a
/// parcel, farmland, two dated imagery scenes with real PNG tiles (z 8–17), and four petitions.
/// </summary>
public sealed class ViewerData
{
    public const double West = 105.28;
    public const double South = 30.48;
    public const double East = 105.36;
    public const double North = 30.52;

    public const string OldScene = "S20240501_GF2";
    public const string NewScene = "S20260301_BJ3";
    public const string OldSceneDate = "2024-05-01";
    public const string NewSceneDate = "2026-03-01";

    public const int MinTileZoom = 8;
    public const int MaxTileZoom = 17;

    /// <summary>Petition on change spot 1 (cropland, no approval): not verified at start.</summary>
    public long UnverifiedPetition { get; private set; }

    /// <summary>Petition on change spot 2: verified at start (属实).</summary>
    public long VerifiedPetition { get; private set; }

    public long AcquisitionPetition { get; private set; }

    public long RegistrationPetition { get; private set; }

    public string UnverifiedCaseNo { get; private set; } = "";

    public static string[] LayerIds =>
        ["jurisdiction", "land_use_2019", "change_spot", "approval_batch", "registered_parcel", "permanent_basic_farmland", "imagery_scene"];

    internal static double[][][] Box(double x0, double y0, double x1, double y1) => [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]];

    private static object Feature(double[][][] polygon, object properties) =>
        new { type = "Feature", properties, geometry = new { type = "Polygon", coordinates = polygon } };

    public static async Task<ViewerData> LoadAsync(HttpClient http, string tilesDir)
    {
        WriteTiles(tilesDir);
        var data = new ViewerData();
        await Load(http, "jurisdiction", "Jurisdiction", "行政区（测试）", [
            Feature(Box(West, South, 105.32, North), new { xzqdm = "510991", xzqmc = "示范县", jb = "县" }),
            Feature(Box(105.32, South, East, North), new { xzqdm = "510992", xzqmc = "样例县", jb = "县" }),
        ]);
        await Load(http, "land_use_2019", "LandUse", "2019年度国土调查地类图斑", LandUseGrid());
        await Load(http, "change_spot", "ChangeSpot", "卫片执法图斑", [
            Feature(Box(105.300, 30.500, 105.301, 30.501), new { jcbh = "510991SJBG26210001", tblx = "20", qsx = "2025-03-01", hsx = "2025-09-01", xfrq = "2025-10-10", dlbm = "0103", dlmc = "旱地" }),
            Feature(Box(105.305, 30.505, 105.306, 30.506), new { jcbh = "510991SJBG26210002", tblx = "20", qsx = "2025-03-01", hsx = "2025-09-01", xfrq = "2025-10-10", dlbm = "0103", dlmc = "旱地" }),
        ]);
        await Load(http, "approval_batch", "ApprovalBatch", "农用地转用和土地征收批次", [
            Feature(Box(105.310, 30.488, 105.316, 30.494), new { pcbm = "5109912024001", bpxmmc = "示范县2024年度第1批次城镇建设用地", pzwh = "川府土〔2024〕101号", pzjg = "省人民政府", pzrq = "2024-06-01", zsggrq = "2024-07-15" }),
        ]);
        await Load(http, "registered_parcel", "RegisteredParcel", "不动产登记宗地", [
            Feature(Box(105.310, 30.510, 105.3105, 30.5105), new { bsm = "Q1", zddm = "510991001001JC00001", bdcdyh = "510991001001JC00001F00010001", qlr = "张三", zdmj = 2500.0, qszt = "现势" }),
        ]);
        await Load(http, "permanent_basic_farmland", "PermanentBasicFarmland", "永久基本农田", [
            Feature(Box(105.285, 30.484, 105.296, 30.492), new { bsm = "JB1", dlbm = "0101" }),
        ]);
        var footprint = Box(West, South, East, North);
        await Load(http, "imagery_scene", "ImageryScene", "卫星影像景", [
            Feature(footprint, new { scene_id = OldScene, sensor = "GF-2", acq_date = OldSceneDate, resolution_m = 0.8, cloud_pct = 2.0, tile_source = "s2024" }),
            Feature(footprint, new { scene_id = NewScene, sensor = "BJ-3", acq_date = NewSceneDate, resolution_m = 0.5, cloud_pct = 1.0, tile_source = "s2026" }),
        ]);

        var received = DateTime.Today.AddDays(-5).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var (id1, case1) = await Petition(http, 1, "illegal_occupation", received, "村口耕地上有人建厂房，请核查是否违法占地",
            Square(105.2999, 30.4999, 0.0015), [new { type = "illegal_occupation", text = "耕地上新建厂房", refs = new { } }]);
        data.UnverifiedPetition = id1;
        data.UnverifiedCaseNo = case1;
        (data.VerifiedPetition, _) = await Petition(http, 2, "illegal_occupation", received, "河边耕地被推平建房",
            Square(105.3049, 30.5049, 0.0015), [new { type = "illegal_occupation", text = "耕地被推平建房", refs = new { } }]);
        (data.AcquisitionPetition, _) = await Petition(http, 3, "land_acquisition", DateTime.Today.AddDays(-90).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            "我家承包地被征收，怀疑没有批准手续", new { type = "Point", coordinates = new[] { 105.3125, 30.4905 } },
            [new { type = "land_acquisition", text = "征地是否经过批准", refs = new { } }]);
        (data.RegistrationPetition, _) = await Petition(http, 4, "registration", received, "我家宅基地被登记到别人名下", null,
            [new { type = "registration", text = "宗地登记权利人有误", refs = new { bdcdyh = "510991001001JC00001F00010001" } }]);

        foreach (var id in new[] { data.VerifiedPetition, data.AcquisitionPetition })
        {
            var run = await http.PostAsJsonAsync($"/api/petitions/{id}/verifications", new { });
            if (run.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"verifying petition {id}: {run.StatusCode} {await run.Content.ReadAsStringAsync()}");
            }
        }

        return data;
    }

    private static object Square(double lon, double lat, double d) => new { type = "Polygon", coordinates = Box(lon, lat, lon + d, lat + d) };

    /// <summary>A 40 × 40 grid of land-use polygons: cropland, with forest, a village block and a river row.</summary>
    private static object[] LandUseGrid()
    {
        var features = new List<object>();
        const double dx = (East - West) / 40, dy = (North - South) / 40;
        for (var j = 0; j < 40; j++)
        {
            for (var i = 0; i < 40; i++)
            {
                var nearSpots = i is >= 8 and <= 14 && j is >= 18 and <= 27;
                var (code, name) = nearSpots ? ("0103", "旱地")
                    : j == 5 ? ("1101", "河流水面")
                    : i is >= 30 and <= 34 && j is >= 30 and <= 34 ? ("0702", "农村宅基地")
                    : (i * 7 + j * 3) % 11 == 0 ? ("0301", "乔木林地")
                    : (i + j) % 5 == 0 ? ("0201", "果园")
                    : ("0103", "旱地");
                var bsm = $"51099120190{j * 40 + i:D4}";
                features.Add(Feature(
                    Box(West + i * dx, South + j * dy, West + (i + 1) * dx, South + (j + 1) * dy),
                    new { bsm, tbbh = (j * 40 + i).ToString(CultureInfo.InvariantCulture), dlbm = code, dlmc = name, qsxz = "30", zldwmc = "示范县某村", sjnf = 2019 }));
            }
        }

        return [.. features];
    }

    private static async Task Load(HttpClient http, string id, string kind, string title, object[] features)
    {
        var created = await http.PostAsJsonAsync("/api/layers", new { id, kind, title });
        if (created.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"creating layer {id}: {created.StatusCode} {await created.Content.ReadAsStringAsync()}");
        }

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { type = "FeatureCollection", features })));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(file, "files", id + ".geojson");
        var response = await http.PostAsync($"/api/layers/{id}/imports", form);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"importing {id}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task<(long Id, string CaseNo)> Petition(HttpClient http, int n, string subject, string received, string text, object? location, object[] claims)
    {
        var response = await http.PostAsJsonAsync("/api/petitions", new
        {
            channel = "网上",
            category = "检举控告",
            subject,
            receivedAt = received,
            petitioners = new[] { new { name = $"测试信访人{n}", idNumber = IdNumber(n), phone = "13800000000", address = "示范县某村" } },
            isCollective = false,
            text,
            location,
            locationCrs = "EPSG:4490",
            claims,
        });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"petition {n}: {response.StatusCode} {body}");
        }

        using var doc = JsonDocument.Parse(body);
        return (doc.RootElement.GetProperty("id").GetInt64(), doc.RootElement.GetProperty("service_request_id").GetString()!);
    }

    /// <summary>A valid resident id number (GB 11643 check character) differing by <paramref name="n"/>.</summary>
    private static string IdNumber(int n)
    {
        var body = "5101031980010" + n.ToString("D4", CultureInfo.InvariantCulture);
        int[] w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
        var sum = body.Select((c, i) => (c - '0') * w[i]).Sum();
        return body + "10X98765432"[sum % 11];
    }

    // ---- imagery tiles -------------------------------------------------------------------------

    /// <summary>Bump when the tiles change: they are generated once per version and kept in the temp folder.</summary>
    private const string TilesVersion = "v1";

    /// <summary>The tiles folder: {temp}/geopetition-viewer-tiles-{version}, reused across runs once complete.</summary>
    public static string TilesDirectory() => Path.Combine(Path.GetTempPath(), "geopetition-viewer-tiles-" + TilesVersion);

    /// <summary>
    /// XYZ PNG tiles of both scenes over the footprint, z 8–17: the older scene green fields, the
    /// newer one with a bare-soil patch where the change spots are, so the swipe shows a difference.
    /// Written into a fresh folder that is renamed into place when complete, so concurrent runs and
    /// interrupted runs never see half a pyramid.
    /// </summary>
    private static void WriteTiles(string tilesDir)
    {
        if (File.Exists(Path.Combine(tilesDir, "complete")))
        {
            return;
        }

        var staging = tilesDir + "-" + Guid.NewGuid().ToString("N")[..8];
        WritePyramids(staging);
        File.WriteAllText(Path.Combine(staging, "complete"), TilesVersion);
        try
        {
            if (Directory.Exists(tilesDir))
            {
                Directory.Delete(tilesDir, recursive: true);
            }

            Directory.Move(staging, tilesDir);
        }
        catch (IOException) when (File.Exists(Path.Combine(tilesDir, "complete")))
        {
            // Another run finished first: its tiles are the same.
            Directory.Delete(staging, recursive: true);
        }
    }

    private static void WritePyramids(string tilesDir)
    {
        foreach (var (folder, newer) in new[] { ("s2024", false), ("s2026", true) })
        {
            for (var z = MinTileZoom; z <= MaxTileZoom; z++)
            {
                var (x0, y0) = TileAt(West, North, z);
                var (x1, y1) = TileAt(East, South, z);
                Parallel.For(x0, x1 + 1, x =>
                {
                    var dir = Path.Combine(tilesDir, folder, z.ToString(CultureInfo.InvariantCulture), x.ToString(CultureInfo.InvariantCulture));
                    Directory.CreateDirectory(dir);
                    var n = 256.0 * (1 << z);
                    var lons = Enumerable.Range(0, 256).Select(px => (x * 256 + px) / n * 360 - 180).ToArray();
                    for (var y = y0; y <= y1; y++)
                    {
                        var lats = Enumerable.Range(0, 256).Select(py => Math.Atan(Math.Sinh(Math.PI * (1 - 2 * (y * 256 + py) / n))) * 180 / Math.PI).ToArray();
                        var png = Png.Encode(256, 256, (px, py) => Pixel(newer, lons[px], lats[py]));
                        File.WriteAllBytes(Path.Combine(dir, $"{y}.png"), png);
                    }
                });
            }
        }
    }

    private static (byte, byte, byte) Pixel(bool newer, double lon, double lat)
    {
        var field = (int)Math.Floor((lon - West) / 0.002) + (int)Math.Floor((lat - South) / 0.001) * 3;
        var shade = (byte)(field % 4 * 12);
        var onSpots = lon is >= 105.298 and <= 105.308 && lat is >= 30.498 and <= 30.508;
        if (newer && onSpots)
        {
            return ((byte)(178 + shade / 2), (byte)(150 + shade / 2), 112);
        }

        return newer ? ((byte)(70 + shade), (byte)(112 + shade), (byte)(58 + shade / 2)) : ((byte)(48 + shade), (byte)(96 + shade), (byte)(52 + shade / 2));
    }

    public static (int X, int Y) TileAt(double lon, double lat, int z)
    {
        var n = 1 << z;
        var x = (int)Math.Floor((lon + 180) / 360 * n);
        var r = lat * Math.PI / 180;
        var y = (int)Math.Floor((1 - Math.Log(Math.Tan(r) + 1 / Math.Cos(r)) / Math.PI) / 2 * n);
        return (Math.Clamp(x, 0, n - 1), Math.Clamp(y, 0, n - 1));
    }
}
