using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using NetTopologySuite.LinearReferencing;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Projects and violations: the approval chain of the towns (批次 → 供地 → 建设), the new road,
/// temporary land, facility agriculture and the rural cases, each with the change spot that the
/// monitoring would have issued. Scenario sites are remembered by tag for the petitions.
/// </summary>
internal sealed partial class WorldBuilder
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The last day a change can happen and still be seen by scene C (2026-03-10).</summary>
    private static readonly DateOnly LastChange = new(2026, 3, 1);

    private readonly List<DateOnly> _images = [];
    private readonly Dictionary<string, int> _spotSerials = [];
    private readonly Dictionary<string, int> _batchSerials = [];
    private readonly Dictionary<int, int> _pzwhSerials = [];
    private readonly Dictionary<string, int> _supplySerials = [];
    private readonly Dictionary<string, int> _docSerials = [];
    private STRtree<LandPolygon> _index2019 = null!;

    /// <summary>Scenario spots, batches, temporary lands, facilities and bare places by tag.</summary>
    private readonly Dictionary<string, ChangeSpot> _scenarioSpots = [];
    private readonly Dictionary<string, ApprovalBatch> _scenarioBatches = [];
    private readonly Dictionary<string, TemporaryLand> _scenarioTemps = [];
    private readonly Dictionary<string, FacilityRegistration> _scenarioFacilities = [];
    private readonly Dictionary<string, (Geometry Place, Village Village)> _scenarioPlaces = [];

    private void BuildProjects()
    {
        _index2019 = new STRtree<LandPolygon>();
        foreach (var lp in _world.LandUse2019)
        {
            _index2019.Insert(lp.Geometry.EnvelopeInternal, lp);
        }

        _index2019.Build();
        MarkRedLine();
        BuildTimeline();
        BuildHistoricalBatches();
        BuildExpansionSites();
        BuildRoadProject();
        BuildFarmlandBatch();
        BuildRuralCases();
        BuildFacilities();
        BuildTemporaryLands();
    }

    private void MarkRedLine()
    {
        var prepared = _world.RedLines.Select(r => NetTopologySuite.Geometries.Prepared.PreparedGeometryFactory.Prepare(r.Geometry)).ToList();
        foreach (var lp in _world.LandUse2019)
        {
            var p = lp.Geometry.InteriorPoint;
            lp.RedLine = prepared.Any(r => r.Contains(p));
        }
    }

    // ---------------------------------------------------------------- monitoring timeline

    /// <summary>
    /// Image dates of the monitoring: the 2019 base image (scene A), the 2020 annual image, then one
    /// image a month from January 2021 (monthly 卫片 since 2021), with scene B as the November 2023
    /// image and scene C (2026-03-10) as the last. A change on day d falls in the window (qsx, hsx]
    /// of the two images around it.
    /// </summary>
    private void BuildTimeline()
    {
        _images.Add(DemoFrame.SceneA);
        _images.Add(new DateOnly(2020, 10, 16));
        _images.Add(new DateOnly(2021, 1, 8));
        for (var m = new DateOnly(2021, 2, 1); m < new DateOnly(2026, 3, 1); m = m.AddMonths(1))
        {
            _images.Add(m.Year == 2023 && m.Month == 11 ? DemoFrame.SceneB : new DateOnly(m.Year, m.Month, _rng.Int(4, 13)));
        }

        _images.Add(DemoFrame.SceneC);
    }

    private (DateOnly Qsx, DateOnly Hsx) Window(DateOnly date)
    {
        for (var k = 1; k < _images.Count; k++)
        {
            if (date <= _images[k])
            {
                return (_images[k - 1], _images[k]);
            }
        }

        throw new InvalidOperationException($"change date {date} is after the last image");
    }

    // ---------------------------------------------------------------- helpers

    private int NextSerial(Dictionary<string, int> serials, string key, int start = 1)
    {
        serials[key] = serials.TryGetValue(key, out var n) ? n + 1 : start;
        return serials[key];
    }

    private static County CountyOf(Village v) => v.Township.County;

    private LandChange AddChange(Geometry geometry, string newDlbm, Material look, DateOnly date, Village village, double angle, bool toState = false, DateOnly? revert = null)
    {
        var cls = LandUseClasses.Get(newDlbm);
        var change = new LandChange
        {
            Geometry = geometry,
            NewDlbm = newDlbm,
            Look = look,
            Date = date,
            RevertDate = revert,
            ToState = toState,
            Czcsxm = toState && cls.IsConstruction ? "202" : newDlbm == "0702" ? "203" : null,
            Village = village,
            Angle = angle,
        };
        _world.Changes.Add(change);
        return change;
    }

    /// <summary>
    /// A change spot over a change (or, for a false change, over unchanged ground): the window
    /// around <paramref name="date"/>, the issue batch and date (about two weeks after hsx), and a
    /// number county + SJBG + yy + batch + serial. The polygon is the change shrunk by 1 m, as an
    /// interpreter digitises it on the image.
    /// </summary>
    private ChangeSpot AddSpot(LandChange? change, Geometry geometry, County county, string tblx, DateOnly date, string pdjg = "", string scenario = "")
    {
        var (qsx, hsx) = Window(date);
        DateOnly xfrq;
        string xfpc;
        int batchNo;
        if (hsx.Year == 2020)
        {
            xfrq = new DateOnly(2020, 11, 6);
            xfpc = "2020年度";
            batchNo = 1;
        }
        else
        {
            xfrq = hsx.AddDays(_rng.Int(12, 19));
            batchNo = hsx.Month;
            xfpc = $"{hsx.Year}年第{batchNo}批";
        }

        var yy = (hsx.Year % 100).ToString("D2", Inv);
        var serial = NextSerial(_spotSerials, county.Code + yy + batchNo, _rng.Int(1, 40));
        var shrunk = Geo.MitreBuffer(geometry, -1.0);
        var spot = new ChangeSpot
        {
            Jcbh = $"{county.Code}SJBG{yy}{batchNo:D2}{serial:D4}",
            County = county,
            Tblx = tblx,
            Qsx = qsx,
            Hsx = hsx,
            Xfpc = xfpc,
            Xfrq = xfrq,
            Geometry = Geo.Polygonal(shrunk.IsEmpty || shrunk.Area < 0.5 * geometry.Area ? geometry : shrunk),
            Change = change,
            Pdjg = pdjg,
            Scenario = scenario,
        };
        if (pdjg.Length > 0)
        {
            spot.Hcrq = Min(xfrq.AddDays(_rng.Int(10, 45)), DemoFrame.DataDate);
        }

        _world.Spots.Add(spot);
        if (scenario.Length > 0)
        {
            _scenarioSpots[scenario] = spot;
        }

        return spot;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private string CaseNumber(County county, DateOnly date) =>
        $"{county.Short}自然资立〔{date.Year}〕{NextSerial(_docSerials, county.Code + "立" + date.Year, _rng.Int(3, 20))}号";

    private ApprovalBatch NewBatch(Geometry geometry, County county, DateOnly pzrq, string authority, string type, string? name, string tdyt, bool historical)
    {
        var year = pzrq.Year;
        var serial = NextSerial(_batchSerials, county.Code + year, 1);
        string pzwh;
        if (authority == "国务院")
        {
            pzwh = $"自然资函〔{year}〕{_rng.Int(300, 900)}号";
        }
        else
        {
            if (!_pzwhSerials.TryGetValue(year, out var n))
            {
                n = _rng.Int(60, 160);
            }

            n += _rng.Int(1, 9);
            _pzwhSerials[year] = n;
            pzwh = $"川府土〔{year}〕{n}号";
        }

        var batch = new ApprovalBatch
        {
            Pcbm = $"{county.Code}{year}{serial:D3}",
            Name = name ?? $"{county.Name}{year}年度第{serial}批次城镇建设用地",
            Type = type,
            Pzwh = pzwh,
            Pzjg = authority == "国务院" ? "国务院" : "四川省人民政府",
            Pzrq = pzrq,
            Geometry = Geo.Polygonal(geometry),
            County = county,
            Tdyt = tdyt,
            QuotaYear = _rng.Chance(0.7) ? year : year - 1,
        };
        ComputeBatchAreas(batch, historical);
        SetNotices(batch, historical);
        _world.Batches.Add(batch);
        return batch;
    }

    /// <summary>Approved areas in hectares from the geometry and the 2019 land use under it.</summary>
    private void ComputeBatchAreas(ApprovalBatch batch, bool historical)
    {
        var total = DemoAreas.Ellipsoidal(batch.Geometry);
        batch.TotalHa = Math.Round(total / 10_000, 4);
        if (historical)
        {
            // Built before the 2019 survey: the land before approval is not in the demo data; assume
            // mostly cropland, as typical for town growth in the Sichuan basin.
            batch.AcquiredHa = Math.Round(batch.TotalHa * 0.92, 4);
            batch.FarmlandHa = Math.Round(batch.TotalHa * 0.86, 4);
            batch.CroplandHa = Math.Round(batch.TotalHa * 0.71, 4);
            batch.PbfHa = 0;
            return;
        }

        double planar = 0, collective = 0, farmland = 0, cropland = 0;
        foreach (var lp in _index2019.Query(batch.Geometry.EnvelopeInternal))
        {
            if (!lp.Geometry.Intersects(batch.Geometry))
            {
                continue;
            }

            var a = Geo.Intersection(lp.Geometry, batch.Geometry).Area;
            planar += a;
            if (!lp.State)
            {
                collective += a;
            }

            if (lp.Class.Group == LandGroup.Farmland)
            {
                farmland += a;
            }

            if (lp.Class.IsCropland)
            {
                cropland += a;
            }
        }

        var pbf = _world.Farmland.Where(f => f.Geometry.EnvelopeInternal.Intersects(batch.Geometry.EnvelopeInternal) && f.Geometry.Intersects(batch.Geometry))
            .Sum(f => Geo.Intersection(f.Geometry, batch.Geometry).Area);
        var scale = planar > 0 ? total / planar / 10_000 : 0;
        batch.AcquiredHa = Math.Round(collective * scale, 4);
        batch.FarmlandHa = Math.Round(farmland * scale, 4);
        batch.CroplandHa = Math.Round(cropland * scale, 4);
        batch.PbfHa = Math.Round(pbf * scale, 4);
    }

    /// <summary>
    /// 征收 notices. Since 2020 (实施条例 2021 Arts. 26–31): 预公告 ≥ 10 working days (stored as 15
    /// calendar days), 补偿安置方案公告 ≥ 30 days, both before approval; 征收土地公告 within 15
    /// working days after approval (here 4–13 calendar days). Before 2020 ("两公告一登记"): the
    /// 征收土地公告 and then the 方案公告 after approval, no 预公告.
    /// </summary>
    private void SetNotices(ApprovalBatch batch, bool historical)
    {
        var county = batch.County;
        if (batch.Pzrq.Year < 2020 || historical)
        {
            batch.NoticeDate = batch.Pzrq.AddDays(_rng.Int(4, 14));
            batch.PlanNoticeDate = batch.NoticeDate.Value.AddDays(_rng.Int(10, 30));
            batch.PlanNoticeDays = 30;
        }
        else
        {
            batch.PreNoticeDate = batch.Pzrq.AddDays(-_rng.Int(150, 260));
            batch.PreNoticeDays = 15;
            batch.PlanNoticeDate = batch.PreNoticeDate.Value.AddDays(_rng.Int(35, 80));
            batch.PlanNoticeDays = _rng.Int(30, 36);
            if (_rng.Chance(0.2))
            {
                batch.HearingDate = batch.PlanNoticeDate.Value.AddDays(_rng.Int(36, 50));
            }

            batch.NoticeDate = batch.Pzrq.AddDays(_rng.Int(4, 14));
        }

        batch.NoticeNumber = $"{county.Short}府征〔{batch.NoticeDate.Value.Year}〕{NextSerial(_docSerials, county.Code + "征" + batch.NoticeDate.Value.Year, _rng.Int(1, 10))}号";
    }

    private LandSupply NewSupply(Geometry geometry, County county, DateOnly gdrq, string tdyt, ApprovalBatch? batch, string? gdfs = null)
    {
        gdfs ??= tdyt is "公共管理与公共服务用地" or "交通运输用地" or "公园与绿地"
            ? "划拨"
            : _rng.Weighted(("出让", 92.0), ("作价出资", 3.0), ("租赁", 5.0));
        var year = gdrq.Year;
        var serial = NextSerial(_supplySerials, county.Code + year, _rng.Int(10, 80));
        var htbh = gdfs == "划拨"
            ? $"{county.Short}府划〔{year}〕{NextSerial(_docSerials, county.Code + "划" + year, 1)}号"
            : $"{county.Code}-{year}-{(gdfs == "租赁" ? "ZL" : "CR")}-{NextSerial(_docSerials, county.Code + "CR" + year, 1):D4}";
        var srr = tdyt switch
        {
            "城镇住宅用地" => Names.Developer(_rng, county),
            "公共管理与公共服务用地" => county.Name + _rng.Pick(["教育局", "卫生健康局", "人民政府", "文化广播电视和旅游局"]),
            "交通运输用地" => "示例市交通建设投资集团有限公司",
            "公园与绿地" => county.Name + "住房和城乡建设局",
            _ => Names.Company(_rng, county),
        };
        var supply = new LandSupply
        {
            Dzjgh = $"{county.Code}{year}B{serial:D5}",
            Gdfs = gdfs,
            Htbh = htbh,
            Gdrq = gdrq,
            Srr = srr,
            Tdyt = tdyt,
            Geometry = Geo.Polygonal(geometry),
            Batch = batch,
            County = county,
        };
        _world.Supplies.Add(supply);
        return supply;
    }

    private static string Purpose(string dlbm) => dlbm switch
    {
        "0701" => "城镇住宅用地",
        "05H1" => "商服用地",
        "0601" => "工业用地",
        "0508" => "仓储用地",
        "0602" => "采矿用地",
        "08H1" or "08H2" => "公共管理与公共服务用地",
        "0810" => "公园与绿地",
        "1003" => "交通运输用地",
        _ => "城镇建设用地",
    };

    private static string Tblx(Material look) => look switch
    {
        Material.Hardened => "YH",
        Material.Earthworks or Material.BareSoil => "DT",
        Material.RoadWorks => "DL2",
        Material.Road => "DL1",
        Material.Quarry => "CK",
        Material.Solar => "GF",
        Material.Pond => "KT",
        Material.Orchard => "02",
        Material.Forest => "03",
        Material.Park => "LD",
        Material.RuralRoad => "ND",
        _ => "20",
    };

    private static Geometry UnionOf(IEnumerable<LandPolygon> polygons) => Geo.Union(polygons.Select(p => (Geometry)p.Geometry));

    private void Reserve(IEnumerable<LandPolygon> polygons, bool busyCells = true)
    {
        foreach (var lp in polygons)
        {
            lp.Reserved = true;
            if (busyCells && lp.Cell is { } c)
            {
                c.Busy = true;
                foreach (var n in Neighbours(c))
                {
                    n.Busy = true;
                }
            }
        }
    }

    // ---------------------------------------------------------------- towns

    private static string TownClass(DemoRandom rng, TownArea town) => town.Industrial
        ? rng.Weighted(("0601", 80.0), ("0508", 20.0))
        : rng.Weighted(("0701", 45.0), ("05H1", 20.0), ("0601", 15.0), ("08H2", 10.0), ("0810", 5.0), ("08H1", 5.0));

    /// <summary>Town blocks built 2015–2019: each ring cell is one batch with one or two supplies.</summary>
    private void BuildHistoricalBatches()
    {
        foreach (var cell in _world.Cells.Where(c => c.Zone == CellZone.TownRing))
        {
            var blocks = cell.Fields.Where(f => f.Class.IsConstruction && f.Dlbm != "1004").ToList();
            if (blocks.Count == 0)
            {
                continue;
            }

            var county = CountyOf(cell.Village);
            var pzrq = _rng.Date(new DateOnly(2015, 1, 10), new DateOnly(2018, 12, 20));
            var batch = NewBatch(UnionOf(blocks), county, pzrq, "四川省人民政府", "批次", null, Purpose(blocks[0].Dlbm), historical: true);
            var groups = blocks.Count > 1 && _rng.Chance(0.1) ? blocks.Select(b => new[] { b }).ToList() : [[.. blocks]];
            foreach (var group in groups)
            {
                var gdrq = Min(pzrq.AddDays(_rng.Int(60, 360)), new DateOnly(2019, 10, 31));
                NewSupply(UnionOf(group), county, gdrq, Purpose(group[0].Dlbm), batch);
            }

            Reserve(blocks, busyCells: false);
        }
    }

    private enum SiteKind
    {
        Legal,
        RecentLegal,
        ApprovedNotSupplied,
        BuiltBeforeApproval,
        AmbiguousTiming,
        BeyondExtent,
        NotBuilt,
    }

    /// <summary>
    /// Town growth 2020–2025 on the expansion ring (cropland in 2019): approved batches with
    /// supplies and construction (legal, R2), plus the deliberate defects: approved but not
    /// supplied (R3), built before approval (R5), approval inside the monitoring window (R5
    /// ambiguous), built beyond the approved extent (R6), and batches not yet built.
    /// </summary>
    private void BuildExpansionSites()
    {
        var sites = new List<List<LandPolygon>>();
        foreach (var cell in _world.Cells.Where(c => c.Zone == CellZone.Expansion))
        {
            var fields = cell.Fields.Where(f => f.Class.IsCropland && !f.Reserved).ToList();
            if (fields.Count == 0)
            {
                continue;
            }

            if (fields.Count == 1 || _rng.Chance(0.5))
            {
                sites.Add(fields);
            }
            else
            {
                foreach (var f in fields)
                {
                    if (f.Tbmj < 8_000 && sites.Count > 0 && sites[^1][0].Cell == cell)
                    {
                        sites[^1].Add(f);
                    }
                    else
                    {
                        sites.Add([f]);
                    }
                }
            }
        }

        _rng.Shuffle(sites);
        var plan = new List<SiteKind>();
        plan.AddRange(Enumerable.Repeat(SiteKind.BeyondExtent, 5));
        plan.AddRange(Enumerable.Repeat(SiteKind.ApprovedNotSupplied, 8));
        plan.AddRange(Enumerable.Repeat(SiteKind.BuiltBeforeApproval, 4));
        plan.AddRange(Enumerable.Repeat(SiteKind.AmbiguousTiming, 3));
        plan.AddRange(Enumerable.Repeat(SiteKind.NotBuilt, 25));
        plan.AddRange(Enumerable.Repeat(SiteKind.RecentLegal, 10));
        var counters = new Dictionary<SiteKind, int>();
        var siteIndex = 0;
        foreach (var kind in plan)
        {
            // Beyond-extent needs a site of two or more adjacent fields.
            var index = kind == SiteKind.BeyondExtent
                ? sites.FindIndex(siteIndex, s => s.Count >= 2 && s.All(f => f.Cell == s[0].Cell))
                : siteIndex;
            if (index < 0)
            {
                continue;
            }

            (sites[siteIndex], sites[index]) = (sites[index], sites[siteIndex]);
            counters[kind] = counters.GetValueOrDefault(kind) + 1;
            BuildSite(sites[siteIndex++], kind, counters[kind]);
        }

        var legal = 0;
        for (; siteIndex < sites.Count && legal < 70; siteIndex++)
        {
            legal++;
            BuildSite(sites[siteIndex], SiteKind.Legal, legal);
        }
    }

    private void BuildSite(List<LandPolygon> fields, SiteKind kind, int ordinal)
    {
        Reserve(fields, busyCells: false);
        var cell = fields[0].Cell!;
        var town = cell.Town!;
        var county = CountyOf(cell.Village);
        var dlbm = TownClass(_rng, town);
        var look = LandUseClasses.Get(dlbm).Material;
        if (dlbm == "0508" && _rng.Chance(0.5))
        {
            look = Material.Hardened;
        }

        var purpose = Purpose(dlbm);
        var site = UnionOf(fields);
        var angle = fields[0].Angle;
        switch (kind)
        {
            case SiteKind.Legal:
                {
                    var pzrq = _rng.Date(new DateOnly(2019, 9, 1), new DateOnly(2022, 6, 30));
                    var batch = NewBatch(site, county, pzrq, "四川省人民政府", "批次", null, purpose, historical: false);
                    var gdrq = pzrq.AddDays(_rng.Int(60, 300));
                    var supply = NewSupply(site, county, gdrq, purpose, batch);
                    var date = gdrq.AddDays(_rng.Int(30, 180));
                    var change = AddChange(site, dlbm, look, date, cell.Village, angle, toState: true);
                    var judged = _rng.Chance(0.9) || ordinal <= 2;
                    var spot = AddSpot(change, site, county, Tblx(look), date, judged ? "合法" : "", ordinal == 1 ? "r2_legal_supplied" : ordinal == 2 ? "r2_legal_supplied_b" : "");
                    spot.Pdyj = judged ? $"{batch.Pzwh}；{supply.Dzjgh}" : "";
                    if (ordinal > 2 && pzrq.Year >= 2020 && judged)
                    {
                        if (!_scenarioBatches.ContainsKey("z2_proper"))
                        {
                            _scenarioBatches["z2_proper"] = batch;
                            _scenarioSpots["z2_proper"] = spot;
                        }
                        else if (!_scenarioBatches.ContainsKey("z2_late_notice"))
                        {
                            // 征收土地公告 issued long after the 15 working days of 实施条例 Art. 31.
                            batch.NoticeDate = pzrq.AddDays(_rng.Int(45, 70));
                            _scenarioBatches["z2_late_notice"] = batch;
                            _scenarioSpots["z2_late_notice"] = spot;
                        }
                        else if (!_scenarioBatches.ContainsKey("z2_short_notice"))
                        {
                            // 补偿安置方案 published for less than the 30 days of 土地管理法 Art. 47.
                            batch.PlanNoticeDays = 20;
                            _scenarioBatches["z2_short_notice"] = batch;
                            _scenarioSpots["z2_short_notice"] = spot;
                        }
                    }

                    break;
                }

            case SiteKind.RecentLegal:
                {
                    var pzrq = _rng.Date(new DateOnly(2023, 1, 10), new DateOnly(2024, 9, 30));
                    var batch = NewBatch(site, county, pzrq, "四川省人民政府", "批次", null, purpose, historical: false);
                    var gdrq = pzrq.AddDays(_rng.Int(60, 200));
                    var supply = NewSupply(site, county, gdrq, purpose, batch);
                    var date = Min(Max(gdrq.AddDays(_rng.Int(30, 200)), new DateOnly(2024, 2, 1)), LastChange.AddDays(-_rng.Int(0, 60)));
                    var recentLook = date > new DateOnly(2025, 6, 1) ? Material.Earthworks : look;
                    var change = AddChange(site, recentLook == Material.Earthworks ? "1206" : dlbm, recentLook, date, cell.Village, angle, toState: true);
                    var spot = AddSpot(change, site, county, Tblx(recentLook), date);
                    if (spot.Xfrq.Year <= 2025)
                    {
                        spot.Pdjg = "合法";
                        spot.Pdyj = $"{batch.Pzwh}；{supply.Dzjgh}";
                        spot.Hcrq = spot.Xfrq.AddDays(_rng.Int(10, 45));
                    }

                    break;
                }

            case SiteKind.ApprovedNotSupplied:
                {
                    var pzrq = _rng.Date(new DateOnly(2020, 3, 1), new DateOnly(2022, 3, 31));
                    var batch = NewBatch(site, county, pzrq, "四川省人民政府", "批次", null, purpose, historical: false);
                    var date = pzrq.AddDays(_rng.Int(90, 400));
                    var change = AddChange(site, dlbm, look, date, cell.Village, angle, toState: true);
                    var scenario = ordinal == 1 ? "r3_approved_not_supplied" : "";
                    var spot = AddSpot(change, site, county, Tblx(look), date, scenario: scenario);
                    if (ordinal > 2)
                    {
                        spot.Pdjg = "违法";
                        spot.Pdyj = $"{batch.Pzwh}（已批未供）";
                        spot.Zgzt = "补办供地手续中";
                        spot.Hcrq = spot.Xfrq.AddDays(_rng.Int(10, 45));
                    }

                    break;
                }

            case SiteKind.BuiltBeforeApproval:
                {
                    var date = _rng.Date(new DateOnly(2020, 6, 1), new DateOnly(2022, 10, 31));
                    var change = AddChange(site, dlbm, look, date, cell.Village, angle, toState: true);
                    var pzrq = _rng.Date(new DateOnly(2024, 1, 10), new DateOnly(2025, 6, 30));
                    var batch = NewBatch(site, county, pzrq, "四川省人民政府", "批次", null, purpose, historical: false);
                    var gdrq = pzrq.AddDays(_rng.Int(60, 200));
                    if (gdrq < new DateOnly(2026, 2, 28))
                    {
                        NewSupply(site, county, gdrq, purpose, batch);
                    }

                    var scenario = ordinal switch { 1 => "r5_built_before_approval", 2 => "z2_occupied_before_approval", _ => "" };
                    var spot = AddSpot(change, site, county, Tblx(look), date, scenario: scenario);
                    if (scenario.Length == 0)
                    {
                        spot.Pdjg = "违法";
                        spot.Lah = CaseNumber(county, spot.Xfrq);
                        spot.Zgzt = "已补办用地手续";
                        spot.Hcrq = spot.Xfrq.AddDays(_rng.Int(10, 45));
                    }

                    if (scenario.Length > 0)
                    {
                        _scenarioBatches[scenario] = batch;
                    }

                    break;
                }

            case SiteKind.AmbiguousTiming:
                {
                    var date = _rng.Date(new DateOnly(2021, 3, 1), new DateOnly(2023, 6, 30));
                    var (qsx, hsx) = Window(date);
                    var pzrq = qsx.AddDays(_rng.Int(1, Math.Max(2, hsx.DayNumber - qsx.DayNumber)));
                    var batch = NewBatch(site, county, pzrq, "四川省人民政府", "批次", null, purpose, historical: false);
                    var change = AddChange(site, dlbm, look, date, cell.Village, angle, toState: true);
                    var spot = AddSpot(change, site, county, Tblx(look), date, scenario: ordinal == 1 ? "r5_ambiguous_timing" : "");

                    // Supplied within days of the approval (a fast-tracked project), before the spot was issued.
                    NewSupply(site, county, pzrq.AddDays(_rng.Int(1, Math.Max(2, spot.Xfrq.DayNumber - pzrq.DayNumber))), purpose, batch);
                    if (ordinal == 1)
                    {
                        _scenarioBatches["r5_ambiguous_timing"] = batch;
                    }

                    break;
                }

            case SiteKind.BeyondExtent:
                {
                    var approved = fields.Take(fields.Count - 1).ToList();
                    var outside = fields[^1];
                    var approvedGeometry = UnionOf(approved);
                    var excess = Geo.Intersection(outside.Geometry, Geo.MitreBuffer(approvedGeometry, 45));
                    var built = Geo.Union(approvedGeometry, excess);
                    var pzrq = _rng.Date(new DateOnly(2020, 1, 10), new DateOnly(2022, 3, 31));
                    var batch = NewBatch(approvedGeometry, county, pzrq, "四川省人民政府", "批次", null, purpose, historical: false);
                    var gdrq = pzrq.AddDays(_rng.Int(60, 240));
                    NewSupply(approvedGeometry, county, gdrq, purpose, batch);
                    var date = gdrq.AddDays(_rng.Int(30, 200));
                    var change = AddChange(built, dlbm, look, date, cell.Village, angle, toState: true);
                    var scenario = ordinal switch { 1 => "r6_beyond_extent", 2 => "z3_beyond_extent", _ => "" };
                    var spot = AddSpot(change, built, county, Tblx(look), date, scenario: scenario);
                    if (scenario.Length == 0)
                    {
                        spot.Pdjg = "违法";
                        spot.Pdyj = $"{batch.Pzwh}（超出批准范围部分）";
                        spot.Lah = CaseNumber(county, spot.Xfrq);
                        spot.Zgzt = "整改中";
                        spot.Hcrq = spot.Xfrq.AddDays(_rng.Int(10, 45));
                    }
                    else
                    {
                        _scenarioBatches[scenario] = batch;
                    }

                    break;
                }

            case SiteKind.NotBuilt:
                {
                    var pzrq = _rng.Date(new DateOnly(2023, 3, 1), new DateOnly(2025, 10, 31));
                    var batch = NewBatch(site, county, pzrq, "四川省人民政府", "批次", null, purpose, historical: false);
                    if (_rng.Chance(0.3) && pzrq < new DateOnly(2025, 6, 1))
                    {
                        NewSupply(site, county, pzrq.AddDays(_rng.Int(60, 200)), purpose, batch);
                    }

                    if (ordinal == 1 && pzrq.Year >= 2020)
                    {
                        batch.Scenario = "z5_compensation_standard";
                        _scenarioBatches["z5_compensation_standard"] = batch;
                    }

                    break;
                }
        }
    }

    // ---------------------------------------------------------------- the new road (国务院, 单独选址)

    private Geometry _newRoad = DemoFrame.Factory.CreatePolygon();

    /// <summary>
    /// A 30 m road built 2021–2022 under a 国务院 approval (it crosses permanent basic farmland,
    /// which only the State Council may approve, 土地管理法 Art. 44): allocated (划拨) in 2020,
    /// spots "DL2 在建道路" in 2021, finished road in the 2023 survey; construction yards on
    /// temporary land beside it.
    /// </summary>
    private void BuildRoadProject()
    {
        var road = Geo.Difference(Geo.Intersection(Geo.FlatBuffer(_newRoadLine, 15), _world.Area), _river);
        _newRoad = road;
        var east = _world.Counties[1];
        var pzrq = new DateOnly(2020, 9, 18);
        var batch = NewBatch(road, east, pzrq, "国务院", "单独选址", "示范至样例快速通道建设项目", "交通运输用地", historical: false);
        batch.Scenario = "z4_state_council_ok";
        _scenarioBatches["z4_state_council_ok"] = batch;
        var supply = NewSupply(road, east, new DateOnly(2020, 12, 22), "交通运输用地", batch, "划拨");

        // Segments of about 800 m, each with its own start of works and spot.
        var indexed = new LengthIndexedLine(_newRoadLine);
        var length = _newRoadLine.Length;
        var count = (int)Math.Ceiling(length / 800);
        Geometry done = DemoFrame.Factory.CreatePolygon();
        for (var k = 0; k < count; k++)
        {
            var sub = indexed.ExtractLine(k * length / count, (k + 1) * length / count);
            var segment = Geo.Difference(Geo.Intersection(road, Geo.FlatBuffer(sub, 25)), done);
            done = Geo.Union(done, segment);
            if (segment.Area < 500)
            {
                continue;
            }

            var centre = segment.InteriorPoint.Coordinate;
            var cell = _world.Cells.MinBy(c => Dist2((c.U, c.V), (DemoFrame.U(centre.X), DemoFrame.V(centre.Y))))!;
            var start = _rng.Date(new DateOnly(2021, 3, 15), new DateOnly(2021, 8, 31));
            var works = AddChange(segment, "1003", Material.RoadWorks, start, cell.Village, 0, toState: true);
            AddChange(segment, "1003", Material.Road, _rng.Date(new DateOnly(2022, 8, 1), new DateOnly(2022, 11, 30)), cell.Village, 0, toState: true);
            var spot = AddSpot(works, segment, CountyOf(cell.Village), "DL2", start, "合法", k == 1 ? "z4_state_council_road" : "");
            spot.Pdyj = $"{batch.Pzwh}；{supply.Dzjgh}";
        }

        foreach (var lp in _index2019.Query(road.EnvelopeInternal).Where(l => l.Geometry.Intersects(road)))
        {
            lp.Reserved = true;
        }
    }

    // ---------------------------------------------------------------- 省政府 approval on permanent basic farmland (Z4)

    private void BuildFarmlandBatch()
    {
        var target = _world.LandUse2019
            .Where(l => l.Farmland && !l.Reserved && l.Cell!.Zone == CellZone.Rural && !l.Cell.Busy)
            .MinBy(l => Dist2((_eastPark.U + 900, _eastPark.V - 300), (l.Cell!.U, l.Cell.V)))!;
        var fields = target.Cell!.Fields.Where(f => f.Class.IsCropland && !f.Reserved).ToList();
        Reserve(fields);
        var site = UnionOf(fields);
        var county = CountyOf(target.Village);
        var pzrq = new DateOnly(2021, 6, 18);
        var batch = NewBatch(site, county, pzrq, "四川省人民政府", "批次", null, "工业用地", historical: false);
        _scenarioBatches["z4_provincial_on_farmland"] = batch;
        var supply = NewSupply(site, county, new DateOnly(2021, 10, 12), "工业用地", batch, "出让");
        var date = new DateOnly(2022, 4, 20);
        var change = AddChange(site, "0601", Material.Industrial, date, target.Village, target.Angle, toState: true);
        var spot = AddSpot(change, site, county, "20", date, "合法", "z4_provincial_on_farmland");
        spot.Pdyj = $"{batch.Pzwh}；{supply.Dzjgh}";
    }
}
