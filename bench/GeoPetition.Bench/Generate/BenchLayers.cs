using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Union;

namespace GeoPetition.Bench.Generate;

/// <summary>One generated feature: attribute values in the order of the kind's fields, and its storage geometry.</summary>
internal sealed record BenchRow(object?[] Values, MultiPolygon Geometry);

/// <summary>One generated layer: its id, kind, title, feature count and a pure builder of feature <c>i</c>.</summary>
internal sealed record BenchLayer(string Id, LayerKindDefinition Kind, string Title, int Count, Func<int, BenchRow> Build);

/// <summary>
/// The benchmark layers. Counts at scale 1: 1,000,000 each for land use, registered parcels and
/// change spots; 20,000 approval batches, 15,000 land supplies, ~50,000 permanent basic farmland
/// polygons, 1,000 ecological red-line polygons, 5,000 temporary land uses and 5,000 facility
/// agriculture registrations. Every feature is a pure function of (seed, layer, index).
/// </summary>
internal sealed class BenchLayers(BenchFrame frame)
{
    private const int LandUseTag = 1;
    private const int ParcelTag = 2;
    private const int SpotTag = 3;
    private const int ApprovalTag = 4;
    private const int SupplyTag = 5;
    private const int FarmlandTag = 6;
    private const int RedLineTag = 7;
    private const int TemporaryTag = 8;
    private const int FacilityTag = 9;

    private static readonly (string Code, string Name)[] Urban =
    [
        ("0701", "城镇住宅用地"), ("05H1", "商业服务业设施用地"), ("0601", "工业用地"), ("0702", "农村宅基地"), ("1003", "公路用地"),
        ("0810", "公园与绿地"), ("0809", "公用设施用地"), ("1201", "空闲地"), ("0101", "水田"), ("0103", "旱地"), ("1104", "坑塘水面"),
    ];

    private static readonly double[] UrbanWeights = [25, 10, 20, 10, 8, 5, 4, 3, 5, 5, 5];

    private static readonly (string Code, string Name)[] Farm =
    [
        ("0101", "水田"), ("0103", "旱地"), ("0102", "水浇地"), ("0702", "农村宅基地"), ("0201", "果园"), ("0204", "其他园地"),
        ("1006", "农村道路"), ("1104", "坑塘水面"), ("1107", "沟渠"), ("0301", "乔木林地"), ("1202", "设施农用地"), ("1101", "河流水面"),
    ];

    private static readonly double[] FarmWeights = [30, 25, 3, 10, 5, 3, 5, 5, 3, 6, 2, 3];

    private static readonly (string Code, string Name)[] Hill =
    [
        ("0301", "乔木林地"), ("0305", "灌木林地"), ("0307", "其他林地"), ("0103", "旱地"), ("0404", "其他草地"), ("0702", "农村宅基地"),
        ("1006", "农村道路"), ("0201", "果园"), ("1101", "河流水面"),
    ];

    private static readonly double[] HillWeights = [40, 10, 10, 15, 5, 5, 5, 5, 5];

    private static readonly (string Tblx, string Tz, double Weight)[] ChangeTypes =
    [
        ("20", "新增建（构）筑物", 30), ("YH", "推填土硬化", 12), ("DT", "推土挖填", 10), ("TD", "推土", 5), ("DL1", "新建道路", 5),
        ("GF", "光伏板", 3), ("CK", "采矿", 2), ("02", "耕地改园地", 8), ("03", "耕地改林地", 7), ("04", "耕地改草地", 4),
        ("KT", "挖塘", 6), ("SM", "耕地改水面", 2), ("JC", "建设中", 3), ("WH", "围合", 3),
    ];

    private static readonly DateOnly CheckDay = new(2026, 6, 1);

    private readonly BenchFrame _f = frame;

    /// <summary>Land-use grid size: n × n cells of 100 m (1,000,000 at scale 1).</summary>
    private int LandUseN => (int)Math.Round(1000 * Math.Sqrt(_f.Scale));

    /// <summary>Farmland grid: about 50,000 cells of ~430 m outside towns at scale 1.</summary>
    private int FarmlandN => Math.Max(2, (int)Math.Round(233 * Math.Sqrt(_f.Scale)));

    public IReadOnlyList<BenchLayer> All() =>
    [
        new("bench_land_use", LayerKinds.LandUse, "基准测试 三调地类图斑 2019", LandUseN * LandUseN, LandUse),
        new("bench_registered_parcel", LayerKinds.RegisteredParcel, "基准测试 宗地", _f.Count(1_000_000), Parcel),
        new("bench_change_spot", LayerKinds.ChangeSpot, "基准测试 卫片图斑", _f.Count(1_000_000), ChangeSpot),
        new("bench_approval_batch", LayerKinds.ApprovalBatch, "基准测试 农转用/征收批次", _f.Count(20_000), ApprovalBatch),
        new("bench_land_supply", LayerKinds.LandSupply, "基准测试 供地", _f.Count(15_000), LandSupply),
        new("bench_permanent_basic_farmland", LayerKinds.PermanentBasicFarmland, "基准测试 永久基本农田", FarmlandCells().Count, Farmland),
        new("bench_ecological_red_line", LayerKinds.EcologicalRedLine, "基准测试 生态保护红线", _f.Count(1_000), RedLine),
        new("bench_temporary_land_use", LayerKinds.TemporaryLandUse, "基准测试 临时用地", _f.Count(5_000), Temporary),
        new("bench_facility_agriculture", LayerKinds.FacilityAgriculture, "基准测试 设施农业用地备案", _f.Count(5_000), Facility),
    ];

    private static object?[] Values(LayerKindDefinition kind, Dictionary<string, object?> values)
    {
        var row = new object?[kind.Fields.Count];
        for (var i = 0; i < kind.Fields.Count; i++)
        {
            row[i] = values.Remove(kind.Fields[i].Column, out var v) ? v : null;
        }

        return values.Count == 0 ? row : throw new InvalidOperationException($"{kind.Table} has no column {string.Join(", ", values.Keys)}");
    }

    private double Ha(Geometry storage) => Math.Round(Areas.EllipsoidalArea(storage) / 10_000, 4);

    private static double M2(Geometry storage) => Math.Round(Areas.EllipsoidalArea(storage), 2);

    /// <summary>三调 polygon: a 100 m cell of a jittered grid (16 vertices), class by region.</summary>
    private BenchRow LandUse(int index)
    {
        var n = LandUseN;
        var (i, j) = (index % n, index / n);
        var local = _f.Polygon(Shapes.GridCell(_f.Seed, LandUseTag, i, j, 100, 40, 10, 3));
        var geometry = _f.ToStorage(local);
        var (cx, cy) = ((i + 0.5) * 100, (j + 0.5) * 100);
        var region = _f.Region(cx, cy);
        var rng = new Rng(_f.Seed, LandUseTag, index);
        var (classes, weights) = region switch
        {
            RegionType.Urban => (Urban, UrbanWeights),
            RegionType.Farm => (Farm, FarmWeights),
            _ => (Hill, HillWeights),
        };
        var (dlbm, dlmc) = rng.Pick(classes.Select((c, k) => (c, weights[k])).ToList());
        var county = _f.County(cx, cy);
        var town = (int)(cx / 5000) % 16;
        var village = (int)(cy / 2500) % 16;
        var state = region == RegionType.Urban ? rng.Chance(0.7) : rng.Chance(0.1);
        var owner = $"{county.Code}{town + 100:D3}{village + 200:D3}{rng.Int(1, 12):D2}00000";
        var ownerName = state ? $"{county.Name}人民政府" : $"{Names.Towns[town]}镇{Names.Villages[village]}村{rng.Int(1, 12)}组";
        var construction = dlbm[..2] is "05" or "06" or "07" or "08" or "09" or "10" || dlbm == "1201";
        return new(Values(LayerKinds.LandUse, new()
        {
            ["bsm"] = $"{county.Code}{index:D12}",
            ["tbbh"] = (index % 100_000).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["dlbm"] = dlbm,
            ["dlmc"] = dlmc,
            ["qsxz"] = state ? "20" : "30",
            ["qsdwdm"] = owner,
            ["qsdwmc"] = ownerName,
            ["zldwdm"] = owner,
            ["zldwmc"] = ownerName,
            ["tbmj"] = M2(geometry),
            ["czcsxm"] = construction && dlbm != "1006" ? region == RegionType.Urban ? "202" : "203" : null,
            ["sjnf"] = 2019,
        }), geometry);
    }

    /// <summary>
    /// The 2 km blocks that hold parcels, towns first, then villages in hash order; each block is a
    /// 63 × 63 grid of ~0.1 ha parcels, and a village block also has one collective ownership parcel
    /// (JA) around the whole block, which the use-right parcels nest in.
    /// </summary>
    private List<(int Bi, int Bj, RegionType Region)> ParcelBlocks()
    {
        var blocks = (int)Math.Floor(_f.Side / BenchFrame.BlockM);
        var all = new List<(int, int, RegionType, double)>();
        for (var bj = 0; bj < blocks; bj++)
        {
            for (var bi = 0; bi < blocks; bi++)
            {
                var region = _f.Region((bi + 0.5) * BenchFrame.BlockM, (bj + 0.5) * BenchFrame.BlockM);
                all.Add((bi, bj, region, Rng.Unit(_f.Seed, ParcelTag, 77, bi, bj)));
            }
        }

        return all.OrderBy(b => b.Item3 == RegionType.Urban ? 0 : 1).ThenBy(b => b.Item4).Select(b => (b.Item1, b.Item2, b.Item3)).ToList();
    }

    private List<(int Bi, int Bj, RegionType Region)>? _parcelBlocks;

    private const int ParcelsPerRow = 63;
    private const int ParcelsPerBlock = (ParcelsPerRow * ParcelsPerRow) + 1;

    private BenchRow Parcel(int index)
    {
        var blocks = _parcelBlocks ??= ParcelBlocks();
        var b = index / ParcelsPerBlock;
        var k = index % ParcelsPerBlock;
        var (bi, bj, region) = blocks[b % blocks.Count];
        var rng = new Rng(_f.Seed, ParcelTag, index);
        var (ox, oy) = (bi * BenchFrame.BlockM, bj * BenchFrame.BlockM);
        var county = _f.County(ox + 1000, oy + 1000);
        var blockInCounty = ((bj % 13) * 13) + (bi % 13);
        var prefix = $"{county.Code}{(blockInCounty / 100) + 1:D3}{(blockInCounty % 100) + 1:D3}";
        var urban = region == RegionType.Urban;
        Polygon local;
        string feature;
        if (k == ParcelsPerBlock - 1)
        {
            // The village's collective ownership parcel around the block (a town block gets a state parcel the same way).
            var side = BenchFrame.BlockM;
            local = _f.Polygon(Shapes.Rectangle(ref rng, ox + (side / 2), oy + (side / 2), side - 0.5, side - 0.5, 0, 8, 0));
            feature = urban ? "GA" : "JA";
        }
        else
        {
            var cells = Shapes.GridCell(_f.Seed, ParcelTag + (1000 * (b + 1)), k % ParcelsPerRow, k / ParcelsPerRow, BenchFrame.BlockM / ParcelsPerRow, 6, 0, 0);
            local = _f.Polygon(cells.Select(c => new Coordinate(ox + Math.Clamp(c.X, 0.3, BenchFrame.BlockM - 0.3), oy + Math.Clamp(c.Y, 0.3, BenchFrame.BlockM - 0.3))).ToList());
            feature = urban ? rng.Pick<string>([("GB", 80.0), ("GS", 5.0), ("GX", 3.0), ("JC", 12.0)]) : rng.Pick<string>([("JC", 85.0), ("JB", 10.0), ("JD", 5.0)]);
        }

        var geometry = _f.ToStorage(local);
        var zddm = $"{prefix}{feature}{k + 1:D5}";
        var ownership = feature[1] == 'A';
        var registered = rng.Date(new DateOnly(2016, 1, 1), new DateOnly(2025, 12, 31));
        var stateLand = feature[0] == 'G';
        var (qllx, yt) = feature[1] switch
        {
            'A' => (stateLand ? "国家土地所有权" : "集体土地所有权", "综合"),
            'C' => ("宅基地使用权/房屋所有权", "农村宅基地"),
            'D' => ("土地承包经营权", "耕地"),
            _ => (stateLand ? "国有建设用地使用权/房屋所有权" : "集体建设用地使用权", rng.Pick<string>(["城镇住宅用地", "商服用地", "工业用地"])),
        };
        var person = $"{rng.Pick(Names.Surnames)}{rng.Pick(Names.Given)}";
        return new(Values(LayerKinds.RegisteredParcel, new()
        {
            ["bsm"] = $"{county.Code}ZD{index:D10}",
            ["zddm"] = zddm,
            ["bdcdyh"] = zddm + (ownership ? "W00000000" : feature[1] is 'C' or 'B' ? $"F{rng.Int(1, 9):D4}{rng.Int(1, 30):D4}" : "W00000000"),
            ["qllx"] = qllx,
            ["qlxz"] = stateLand ? rng.Pick<string>(["出让", "划拨"]) : "集体",
            ["qlr"] = ownership ? $"{Names.Villages[(bi + bj) % 16]}村农民集体" : feature[0] == 'G' && rng.Chance(0.4) ? rng.Pick(Names.Companies) : person,
            ["zl"] = $"{county.Name}{Names.Towns[bi % 16]}镇{Names.Villages[bj % 16]}村{k % 40 + 1}组",
            ["yt"] = yt,
            ["zdmj"] = M2(geometry),
            ["syqqsrq"] = stateLand && !ownership ? registered.AddDays(-rng.Int(0, 400)) : null,
            ["syqjsrq"] = stateLand && !ownership ? registered.AddYears(rng.Pick<int>([40, 50, 70])) : null,
            ["bdcqzh"] = $"川（{registered.Year}）{county.Name}不动产权第{index % 10_000_000:D7}号",
            ["djsj"] = registered,
            ["jzdjd"] = rng.Pick<int>([(1, 10.0), (2, 80.0), (3, 10.0)]),
            ["qszt"] = "现势",
        }), geometry);
    }

    /// <summary>卫片图斑: a blob of 0.05–1 ha (log-uniform) anywhere, dated 2018–2026, judged when old enough.</summary>
    private BenchRow ChangeSpot(int index)
    {
        var rng = new Rng(_f.Seed, SpotTag, index);
        var (cx, cy) = (rng.Range(0, _f.Side), rng.Range(0, _f.Side));
        var local = _f.Polygon(Shapes.Blob(ref rng, cx, cy, rng.LogRange(500, 10_000), rng.Int(7, 14), 0.5, 0.03));
        var geometry = _f.ToStorage(local);
        var county = _f.County(cx, cy);
        var (tblx, tz, _) = rng.Pick(ChangeTypes.Select(t => (t, t.Weight)).ToList());
        var qsx = rng.Date(new DateOnly(2018, 7, 1), new DateOnly(2025, 9, 30));
        var hsx = qsx.AddDays(rng.Int(60, 330));
        var xfrq = hsx.AddDays(rng.Int(20, 60));
        var judged = xfrq < new DateOnly(2025, 1, 1)
            ? rng.Pick<string?>([("合法", 45.0), ("违法", 20.0), ("其他", 15.0), (null, 20.0)])
            : rng.Pick<string?>([(null, 80.0), ("合法", 10.0), ("违法", 5.0), ("其他", 5.0)]);
        var checkedOn = judged is null ? (DateOnly?)null : xfrq.AddDays(rng.Int(30, 120));
        var (dlbm, dlmc) = rng.Pick(Farm.Select((c, k) => (c, FarmWeights[k])).ToList());
        return new(Values(LayerKinds.ChangeSpot, new()
        {
            ["jcbh"] = $"{county.Code}{hsx.Year}{index:D8}",
            ["xzqdm"] = county.Code,
            ["xmc"] = county.Name,
            ["tblx"] = tblx,
            ["tz"] = tz,
            ["qsx"] = qsx,
            ["hsx"] = hsx,
            ["xfpc"] = $"{hsx.Year}年第{((hsx.Month - 1) / 3) + 1}季度",
            ["xfrq"] = xfrq,
            ["mj"] = M2(geometry),
            ["dlbm"] = dlbm,
            ["dlmc"] = dlmc,
            ["sfyn"] = rng.Chance(0.2),
            ["sfhx"] = rng.Chance(0.05),
            ["pdjg"] = judged,
            ["pdyj"] = judged == "合法" ? $"川府土〔{hsx.Year - 1}〕{rng.Int(1, 400)}号" : judged == "其他" ? "实地伪变化" : null,
            ["hcrq"] = checkedOn > CheckDay ? null : checkedOn,
            ["lah"] = judged == "违法" ? $"{county.Name}自然资源罚〔{xfrq.Year}〕{rng.Int(1, 999)}号" : null,
            ["zgzt"] = judged == "违法" ? rng.Pick<string>(["已整改", "整改中", "未整改"]) : null,
        }), geometry);
    }

    /// <summary>An approval batch in local metres: 1–3 rotated rectangles of 80–350 m (unioned where they touch).</summary>
    private (Geometry Local, double Cx, double Cy, DateOnly Approved) ApprovalLocal(int index)
    {
        var rng = new Rng(_f.Seed, ApprovalTag, index);
        var (cx, cy) = (rng.Range(0, _f.Side), rng.Range(0, _f.Side));
        var parts = rng.Pick<int>([(1, 60.0), (2, 30.0), (3, 10.0)]);
        var polygons = new List<Geometry>();
        for (var p = 0; p < parts; p++)
        {
            var (px, py) = p == 0 ? (cx, cy) : (cx + rng.Range(-500, 500), cy + rng.Range(-500, 500));
            polygons.Add(_f.Polygon(Shapes.Rectangle(ref rng, px, py, rng.Range(80, 350), rng.Range(80, 350), rng.Range(0, Math.PI / 2), 2, 2)));
        }

        var local = polygons.Count == 1 ? polygons[0] : UnaryUnionOp.Union(polygons);
        var approved = rng.Date(new DateOnly(2010, 1, 1), new DateOnly(2025, 12, 31));
        return (local, cx, cy, approved);
    }

    private BenchRow ApprovalBatch(int index)
    {
        var (local, cx, cy, pzrq) = ApprovalLocal(index);
        var rng = new Rng(_f.Seed, ApprovalTag, index, 1);
        var geometry = _f.ToStorage(local);
        var county = _f.County(cx, cy);
        var stateCouncil = rng.Chance(0.05);
        var single = rng.Chance(0.15);
        var area = Ha(geometry);
        var pre = pzrq.AddDays(-rng.Int(60, 120));
        var plan = pre.AddDays(rng.Int(15, 40));
        return new(Values(LayerKinds.ApprovalBatch, new()
        {
            ["pcbm"] = $"{county.Code}{pzrq.Year}{index:D6}",
            ["bpxmmc"] = single ? $"{county.Name}{rng.Pick(Names.Projects)}" : $"{county.Name}{pzrq.Year}年度第{rng.Int(1, 30)}批次城镇建设用地",
            ["pclx"] = single ? "单独选址" : "批次",
            ["pzwh"] = stateCouncil ? $"国函〔{pzrq.Year}〕{rng.Int(1, 200)}号" : $"川府土〔{pzrq.Year}〕{rng.Int(1, 999)}号",
            ["pzjg"] = stateCouncil ? "国务院" : "四川省人民政府",
            ["pzrq"] = pzrq,
            ["pzxmzmj"] = area,
            ["pzzsmj"] = Math.Round(area * rng.Range(0.6, 1.0), 4),
            ["pznydmj"] = Math.Round(area * rng.Range(0.5, 0.9), 4),
            ["pzgdmj"] = Math.Round(area * rng.Range(0.2, 0.6), 4),
            ["pzjbnt"] = stateCouncil ? Math.Round(area * rng.Range(0.1, 0.3), 4) : 0.0,
            ["tdyt"] = rng.Pick<string>(["城镇住宅用地", "工业用地", "商服用地", "交通运输用地", "公共管理与公共服务用地"]),
            ["zbnd"] = pzrq.Year,
            ["yggrq"] = pre,
            ["yggts"] = rng.Chance(0.05) ? 7 : rng.Int(10, 15),
            ["faggrq"] = plan,
            ["faggts"] = rng.Chance(0.05) ? 20 : 30,
            ["tzhrq"] = rng.Chance(0.5) ? plan.AddDays(rng.Int(10, 20)) : null,
            ["zsggh"] = $"{county.Name}征告〔{pzrq.Year}〕{rng.Int(1, 300)}号",
            ["zsggrq"] = pzrq.AddDays(rng.Int(5, 40)),
        }), geometry);
    }

    /// <summary>供地: 80 % a slice of an approval batch supplied 1–30 months after approval; 20 % stock land.</summary>
    private BenchRow LandSupply(int index)
    {
        var rng = new Rng(_f.Seed, SupplyTag, index);
        var batches = _f.Count(20_000);
        Geometry local;
        DateOnly gdrq;
        string? pcbm = null;
        double cx, cy;
        if (rng.Chance(0.8))
        {
            var b = rng.Int(0, batches - 1);
            var (batch, bx, by, approved) = ApprovalLocal(b);
            var part = batch.GetGeometryN(0);
            var e = part.EnvelopeInternal;
            var cut = e.MinX + (e.Width * rng.Range(0.4, 1.0));
            local = part.Intersection(_f.Local.ToGeometry(new Envelope(e.MinX - 1, cut, e.MinY - 1, e.MaxY + 1)));
            if (local.IsEmpty)
            {
                local = part;
            }

            gdrq = approved.AddDays(rng.Int(30, 900));
            (cx, cy) = (bx, by);
            pcbm = $"{_f.County(bx, by).Code}{approved.Year}{b:D6}";
        }
        else
        {
            (cx, cy) = (rng.Range(0, _f.Side), rng.Range(0, _f.Side));
            local = _f.Polygon(Shapes.Rectangle(ref rng, cx, cy, rng.Range(60, 180), rng.Range(60, 180), rng.Range(0, Math.PI / 2), 1, 1));
            gdrq = rng.Date(new DateOnly(2008, 1, 1), new DateOnly(2025, 12, 31));
        }

        var geometry = _f.ToStorage(local);
        var county = _f.County(cx, cy);
        return new(Values(LayerKinds.LandSupply, new()
        {
            ["dzjgh"] = $"{county.Code}{gdrq.Year}{index:D6}",
            ["gdfs"] = rng.Pick<string>([("出让", 60.0), ("划拨", 35.0), ("租赁", 5.0)]),
            ["htbh"] = $"{county.Code}-{gdrq.Year}-{index:D5}",
            ["gdrq"] = gdrq,
            ["srr"] = rng.Pick(Names.Companies),
            ["tdyt"] = rng.Pick<string>(["城镇住宅用地", "工业用地", "商服用地", "公共管理与公共服务用地"]),
            ["gdmj"] = Ha(geometry),
            ["pcbm"] = pcbm,
        }), geometry);
    }

    /// <summary>The farmland cells: a jittered grid of ~430 m, leaving out town blocks.</summary>
    private List<(int I, int J)> FarmlandCells() => _farmlandCells ??= BuildFarmlandCells();

    private List<(int I, int J)>? _farmlandCells;

    private List<(int I, int J)> BuildFarmlandCells()
    {
        var n = FarmlandN;
        var cell = _f.Side / n;
        var cells = new List<(int, int)>();
        for (var j = 0; j < n; j++)
        {
            for (var i = 0; i < n; i++)
            {
                if (_f.Region((i + 0.5) * cell, (j + 0.5) * cell) != RegionType.Urban)
                {
                    cells.Add((i, j));
                }
            }
        }

        return cells;
    }

    /// <summary>永久基本农田: a ~18 ha cell with 100 boundary vertices; a quarter have a village hole.</summary>
    private BenchRow Farmland(int index)
    {
        var (i, j) = FarmlandCells()[index];
        var cell = _f.Side / FarmlandN;
        var rng = new Rng(_f.Seed, FarmlandTag, index);
        var shell = Shapes.GridCell(_f.Seed, FarmlandTag, i, j, cell, cell * 0.25, 12, 24);
        var local = rng.Chance(0.25)
            ? _f.Polygon(shell, Shapes.Hole((i + 0.5) * cell, (j + 0.5) * cell, rng.Range(30, 70), 12))
            : _f.Polygon(shell);
        var geometry = _f.ToStorage(local);
        var county = _f.County((i + 0.5) * cell, (j + 0.5) * cell);
        return new(Values(LayerKinds.PermanentBasicFarmland, new()
        {
            ["bsm"] = $"{county.Code}JB{index:D7}",
            ["dlbm"] = rng.Pick<string>([("0101", 55.0), ("0103", 40.0), ("0102", 5.0)]),
            ["mj"] = M2(geometry),
            ["hdnd"] = rng.Chance(0.7) ? 2017 : 2022,
        }), geometry);
    }

    /// <summary>生态保护红线: a large blob of 10–1,500 ha with a vertex every ~12 m of boundary (200–3,000).</summary>
    private BenchRow RedLine(int index)
    {
        var rng = new Rng(_f.Seed, RedLineTag, index);
        var (cx, cy) = (rng.Range(0, _f.Side), rng.Range(0, _f.Side));
        var area = rng.LogRange(100_000, 15_000_000);
        var vertices = Math.Clamp((int)(2 * Math.PI * Math.Sqrt(area / Math.PI) * 1.3 / 12), 200, 3000);
        // Per-vertex noise of about ±2 m: a digitised boundary, not a saw blade.
        var local = _f.Polygon(Shapes.Blob(ref rng, cx, cy, area, vertices, 0.6, 2 / Math.Sqrt(area / Math.PI)));
        var geometry = _f.ToStorage(local);
        var county = _f.County(cx, cy);
        return new(Values(LayerKinds.EcologicalRedLine, new()
        {
            ["bsm"] = $"{county.Code}HX{index:D6}",
            ["hxlx"] = rng.Pick(Names.RedLineTypes),
            ["hxmc"] = $"{rng.Pick(Names.RedLineNames)}{rng.Pick(Names.RedLineTypes)}生态保护红线",
            ["mj"] = M2(geometry),
        }), geometry);
    }

    /// <summary>临时用地: a 50–220 m rectangle for 1–4 years since 2017; most expired ones reclaimed.</summary>
    private BenchRow Temporary(int index)
    {
        var rng = new Rng(_f.Seed, TemporaryTag, index);
        var (cx, cy) = (rng.Range(0, _f.Side), rng.Range(0, _f.Side));
        var local = _f.Polygon(Shapes.Rectangle(ref rng, cx, cy, rng.Range(50, 220), rng.Range(50, 220), rng.Range(0, Math.PI / 2), 1, 1));
        var geometry = _f.ToStorage(local);
        var county = _f.County(cx, cy);
        var start = rng.Date(new DateOnly(2017, 1, 1), new DateOnly(2025, 12, 31));
        var longCycle = rng.Chance(0.15);
        var end = start.AddDays(longCycle ? rng.Int(730, 1460) : rng.Int(180, rng.Chance(0.1) ? 1100 : 730));
        var reclaimed = end < new DateOnly(2025, 6, 1) && rng.Chance(0.6) ? end.AddDays(rng.Int(30, 400)) : (DateOnly?)null;
        return new(Values(LayerKinds.TemporaryLandUse, new()
        {
            ["pzwh"] = $"{county.Name}临用〔{start.Year}〕{index:D5}号",
            ["pzjg"] = $"{county.Name}自然资源局",
            ["qsrq"] = start,
            ["jzrq"] = end,
            ["ytlx"] = rng.Pick<string>([("施工", 80.0), ("地质勘查", 20.0)]),
            ["sfcq"] = longCycle,
            ["mj"] = M2(geometry),
            ["fkysrq"] = reclaimed > CheckDay ? null : reclaimed,
        }), geometry);
    }

    /// <summary>设施农业用地备案: a 30–170 m rectangle registered since 2015.</summary>
    private BenchRow Facility(int index)
    {
        var rng = new Rng(_f.Seed, FacilityTag, index);
        var (cx, cy) = (rng.Range(0, _f.Side), rng.Range(0, _f.Side));
        var local = _f.Polygon(Shapes.Rectangle(ref rng, cx, cy, rng.Range(30, 170), rng.Range(30, 170), rng.Range(0, Math.PI / 2), 1, 1));
        var geometry = _f.ToStorage(local);
        var county = _f.County(cx, cy);
        var registered = rng.Date(new DateOnly(2015, 1, 1), new DateOnly(2025, 12, 31));
        return new(Values(LayerKinds.FacilityAgriculture, new()
        {
            ["bah"] = $"{county.Code}SN{registered.Year}{index:D5}",
            ["xzmc"] = $"{Names.Towns[(int)(cx / 5000) % 16]}镇",
            ["barq"] = registered,
            ["sslx"] = rng.Pick<string>([("种植设施", 60.0), ("养殖设施", 40.0)]),
            ["mj"] = M2(geometry),
            ["sjrkrq"] = registered.AddDays(rng.Int(10, 90)),
        }), geometry);
    }
}
