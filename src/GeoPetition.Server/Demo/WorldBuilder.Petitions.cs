using System.Globalization;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;
using NetTopologySuite.Simplify;

namespace GeoPetition.Server.Demo;

/// <summary>
/// The demo petitions: one or more per rule scenario of domain-rules.md §7, each placed on the
/// site built for it, with the finding and rule ids the verification engine should reach.
/// </summary>
internal sealed partial class WorldBuilder
{
    private const string Substantiated = "Substantiated";
    private const string Partly = "PartlySubstantiated";
    private const string NotSubstantiated = "NotSubstantiated";
    private const string FieldCheck = "FieldCheckNeeded";
    private const string Forward = "Forward";
    private const string Statutory = "StatutoryChannel";

    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), Srids.Cgcs2000);

    private Petitioner NewPetitioner(Village village)
    {
        var county = village.Township.County;
        var group = _rng.Int(1, village.GroupCount + 1);
        return new Petitioner(
            Names.Person(_rng),
            Names.IdNumber(_rng, county.Code),
            Names.Phone(_rng),
            $"{county.Name}{village.Township.Name}{village.Name}{Names.ChineseNumber(group)}组{_rng.Int(1, 60)}号");
    }

    private List<Petitioner> People(Village village, int count) => [.. Enumerable.Range(0, count).Select(_ => NewPetitioner(village))];

    private DateOnly Received(DateOnly from, DateOnly to) => _rng.Date(from, to);

    private DateOnly Received() => _rng.Date(new DateOnly(2026, 1, 5), new DateOnly(2026, 5, 20));

    private static string Mu(double squareMetres) => (squareMetres / (10_000.0 / 15)).ToString("F1", CultureInfo.InvariantCulture);

    private static string D(DateOnly d) => d.ToString("yyyy年M月d日", CultureInfo.InvariantCulture);

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private Village VillageAt(Geometry g)
    {
        var p = g.InteriorPoint;
        return (_index2019.Query(p.EnvelopeInternal).FirstOrDefault(l => l.Geometry.Contains(p))
            ?? _index2019.Query(g.EnvelopeInternal).First()).Village;
    }

    /// <summary>A pin a few metres off the interior point (users tap imprecisely), in CGCS2000 lon/lat.</summary>
    private (double Lon, double Lat) PinLonLat(Geometry gk)
    {
        var p = gk.InteriorPoint.Coordinate;
        var angle = _rng.Range(0, 2 * Math.PI);
        var r = _rng.Range(0, 4);
        return DemoFrame.Projection.Inverse(p.X + r * Math.Cos(angle), p.Y + r * Math.Sin(angle));
    }

    private (Geometry Location, string Crs, string Accuracy) Pin(Geometry gk, string crs)
    {
        var (lon, lat) = PinLonLat(gk);
        (lon, lat) = crs switch
        {
            "GCJ-02" => ChineseOffsets.Wgs84ToGcj02(lon, lat),
            "BD-09" => ChineseOffsets.Wgs84ToBd09(lon, lat),
            _ => (lon, lat),
        };
        var decimals = crs == "EPSG:4490" ? 7 : 6;
        return (LonLat.CreatePoint(new Coordinate(Math.Round(lon, decimals), Math.Round(lat, decimals))), crs, "pin");
    }

    /// <summary>A polygon drawn around a site on a map (buffered 8 m, simplified), CGCS2000 lon/lat.</summary>
    private static (Geometry Location, string Crs, string Accuracy) Drawn(Geometry gk)
    {
        var rough = DouglasPeuckerSimplifier.Simplify(Geo.MitreBuffer(gk.ConvexHull(), 8), 5);
        return (Reprojection.Transform(rough, DemoFrame.Srid, Srids.Cgcs2000), "EPSG:4490", "drawn");
    }

    private static (Geometry? Location, string Crs, string Accuracy) NoLocation => (null, "EPSG:4490", "pin");

    private void Add(
        string scenario, string title, string channel, string category, string subject, DateOnly received,
        List<Petitioner> people, string text, (Geometry? Location, string Crs, string Accuracy) location,
        List<PetitionClaim> claims, List<ExpectedFinding> expected, bool collective = false)
    {
        _world.Petitions.Add(new Petition
        {
            Scenario = scenario,
            Title = title,
            Channel = channel,
            Category = category,
            Subject = subject,
            ReceivedAt = received,
            Petitioners = people,
            IsCollective = collective,
            Headcount = collective ? people.Count * _rng.Int(3, 8) : null,
            Text = text,
            Location = location.Location,
            LocationCrs = location.Crs,
            LocationAccuracy = location.Accuracy,
            Claims = claims,
            Expected = expected,
        });
    }

    private static PetitionClaim Claim(string type, string text, params (string Key, string Value)[] refs) =>
        new(type, text, refs.ToDictionary(r => r.Key, r => r.Value));

    private static ExpectedFinding Expect(int claim, string finding, string note, params string[] rules) => new(claim, finding, rules, note);

    private static string Place(Village v) => v.Township.Name + v.Name;

    private void BuildPetitions()
    {
        IllegalOccupationPetitions();
        AcquisitionPetitions();
        RegistrationPetitions();
        OtherPetitions();
    }

    private void IllegalOccupationPetitions()
    {
        const string Io = "illegal_occupation";
        const string Report = "检举控告";

        // ---- R1: a spot already judged illegal
        var s = _scenarioSpots["r1_known_illegal"];
        var v = VillageAt(s.Geometry);
        var people = People(v, 1);
        Add("r1_known_illegal", $"举报{Place(v)}耕地上违法修建厂房", "12336", Report, Io, Received(Max(s.Xfrq.AddDays(30), new DateOnly(2026, 1, 5)), new DateOnly(2026, 3, 31)), people,
            $"我是{v.Name}村民。{s.Qsx.Year}年以来有人在我们组的{LandUseClasses.Name(s.Dlbm)}上修建钢结构厂房，占地约{Mu(s.Mj)}亩，一直没有拆除，请求依法查处。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "耕地上未经批准修建厂房，要求查处")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh} is already judged 违法 (case {s.Lah}, {s.Zgzt}); report the case number and remediation status.", "R1")]);
        Add("r1_known_illegal_repeat", $"再次举报{Place(v)}违法厂房未拆除", "网上", Report, Io, Received(new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 20)), people,
            $"我{D(_world.Petitions[^1].ReceivedAt)}已经反映过{v.Name}耕地上修建厂房的问题，至今仍未拆除，再次请求查处并答复。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "同一违法厂房再次举报")],
            [Expect(0, Substantiated, $"Same spot {s.Jcbh} and same petitioner as r1_known_illegal (a repeat petition: link as related case).", "R1")]);

        s = _scenarioSpots["r1_known_illegal_ref"];
        v = VillageAt(s.Geometry);
        Add("r1_known_illegal_ref", $"询问卫片图斑{s.Jcbh}的查处情况", "网上", Report, Io, Received(), People(v, 1),
            $"{s.Xfpc}下发的卫片图斑{s.Jcbh}位于{Place(v)}，该处违法建设仍在使用，请说明查处进展。",
            NoLocation,
            [Claim(Io, "卫片图斑所在地违法建设未查处", ("jcbh", s.Jcbh))],
            [Expect(0, Substantiated, $"Reference only: spot {s.Jcbh} is judged 违法, case {s.Lah} ({s.Zgzt}).", "R1")]);

        // ---- R2: legal, supplied before the spot was issued
        s = _scenarioSpots["r2_legal_supplied"];
        v = VillageAt(s.Geometry);
        var batch = BatchUnder(s.Geometry)!;
        var supply = SupplyUnder(s.Geometry)!;
        Add("r2_legal_supplied", $"举报{Place(v)}工地占用耕地", "12345", Report, Io, Received(), People(v, 1),
            $"{Place(v)}原来是一片水田，{s.Hsx.Year}年开始大面积施工建设，怀疑未经批准占用耕地，请核查。",
            Pin(s.Geometry, "EPSG:4490"),
            [Claim(Io, "怀疑未经批准占用耕地建设")],
            [Expect(0, NotSubstantiated, $"Lawful: batch {batch.Pzwh} ({Iso(batch.Pzrq)}) and supply {supply.Dzjgh} ({Iso(supply.Gdrq)}) cover spot {s.Jcbh}; supply date before the issue date {Iso(s.Xfrq)}.", "R2")]);

        s = _scenarioSpots["r2_legal_supplied_b"];
        v = VillageAt(s.Geometry);
        batch = BatchUnder(s.Geometry)!;
        supply = SupplyUnder(s.Geometry)!;
        Add("r2_legal_supplied_b", $"反映{v.Township.Name}企业占用农田建厂", "领导信箱", Report, Io, Received(), People(v, 1),
            $"{v.Township.Name}{v.Name}附近新建了一个项目，听说电子监管号是{supply.Dzjgh}，但占的都是好田，请领导关注是否合法。",
            Pin(s.Geometry, "BD-09"),
            [Claim(Io, "企业占用农田建厂是否合法", ("dzjgh", supply.Dzjgh))],
            [Expect(0, NotSubstantiated, $"BD-09 pin. Batch {batch.Pzwh} and supply {supply.Dzjgh} ({Iso(supply.Gdrq)}, before issue {Iso(s.Xfrq)}) cover the site.", "R2")]);

        // ---- R3: approved, not supplied
        s = _scenarioSpots["r3_approved_not_supplied"];
        v = VillageAt(s.Geometry);
        batch = BatchUnder(s.Geometry)!;
        Add("r3_approved_not_supplied", $"反映{Place(v)}项目未公开出让即开工", "来信", Report, Io, Received(), People(v, 1),
            $"{Place(v)}的地{D(batch.Pzrq)}前后被征收，后来就开始修房子，但一直没有看到土地出让的公告，请查一查是否合法。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "征收后未经供地即开工建设")],
            [Expect(0, Partly, $"Batch {batch.Pzwh} covers spot {s.Jcbh} but no land supply does: conversion without supply is not 合法 under the 2022 判定规则 (procedure incomplete).", "R3")]);

        // ---- R4: occupation without approval (+ cropland, + permanent basic farmland, + red line, mining)
        s = _scenarioSpots["r4_unapproved_cropland"];
        v = VillageAt(s.Geometry);
        Add("r4_unapproved_cropland", $"举报{Place(v)}耕地被硬化堆放建材", "网上", Report, Io, Received(Max(s.Xfrq.AddDays(3), new DateOnly(2026, 1, 5)), new DateOnly(2026, 5, 20)), People(v, 1),
            $"{Place(v)}有人把承包地推平硬化，用来堆放建材和停放车辆，面积大约{Mu(s.Mj)}亩，没有看到任何审批手续。",
            Drawn(s.Geometry),
            [Claim(Io, "未经批准占用耕地硬化堆放建材")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh} ({s.Tblx}, not yet judged) on {LandUseClasses.Name(s.Dlbm)}; no batch, supply, temporary land or facility covers it: 占用耕地 {Mu(s.Mj)} 亩.", "R4")]);

        s = _scenarioSpots["r4_unapproved_farmland"];
        v = VillageAt(s.Geometry);
        Add("r4_unapproved_farmland", $"举报{Place(v)}基本农田被占用建设", "12336", Report, Io, Received(Max(s.Xfrq.AddDays(3), new DateOnly(2026, 1, 5)), new DateOnly(2026, 5, 20)), People(v, 1),
            $"{Place(v)}的基本农田被人挖土修建房屋，村里立的基本农田保护牌就在旁边，请求制止。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "占用永久基本农田建设")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh} without approval, on permanent basic farmland (SFYN true): aggravation 占用永久基本农田; only 国务院 could approve (Art. 44).", "R4")]);

        s = _scenarioSpots["r4_unapproved_redline"];
        v = VillageAt(s.Geometry);
        Add("r4_unapproved_redline", $"反映{v.Township.Name}山上林地被毁建房", "来电", Report, Io, Received(Max(s.Xfrq.AddDays(3), new DateOnly(2026, 1, 5)), new DateOnly(2026, 5, 20)), People(v, 1),
            $"{v.Township.Name}{v.Name}后山的林子被砍了一片，正在修房子，那里是生态保护区，请派人查看。",
            Pin(s.Geometry, "EPSG:4490"),
            [Claim(Io, "生态保护红线内毁林建房")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh} without approval on forest inside the ecological red line (SFHX true).", "R4")]);

        s = _scenarioSpots["r4_mining_redline"];
        v = VillageAt(s.Geometry);
        Add("r4_mining_redline", $"举报{v.Township.Name}山上非法开采石料", "12336", Report, "mining", Received(Max(s.Xfrq.AddDays(3), new DateOnly(2026, 1, 5)), new DateOnly(2026, 5, 20)), People(v, 1),
            $"{v.Township.Name}{v.Name}附近的山上有人用挖掘机开山采石，晚上也有大车拉石头，山体已经挖出一个大坑。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim("mining", "无证开采石料、破坏林地")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh} (CK 采矿) without approval inside the red line; also a mining-right matter (no 采矿许可证 in the demo data).", "R4")]);

        s = _scenarioSpots["r4_collective_complaint"];
        v = VillageAt(s.Geometry);
        Add("r4_collective_complaint", $"{v.Name}村民集体反映村组土地被企业占用", "来访", Report, Io, Received(Max(s.Xfrq.AddDays(3), new DateOnly(2026, 1, 5)), new DateOnly(2026, 5, 20)), People(v, 5),
            $"我们是{Place(v)}村民代表。一家企业没有任何手续，租用我们组的耕地修建厂房和堆场，村民多次阻止无效，请求依法处理。",
            Drawn(s.Geometry),
            [Claim(Io, "企业未经批准占用集体耕地建设")],
            [Expect(0, Substantiated, $"Collective visit (5 representatives). Spot {s.Jcbh}: no approval, cropland {Mu(s.Mj)} 亩.", "R4")],
            collective: true);

        // ---- R5: built before approval; ambiguous timing
        s = _scenarioSpots["r5_built_before_approval"];
        v = VillageAt(s.Geometry);
        batch = _scenarioBatches["r5_built_before_approval"];
        Add("r5_built_before_approval", $"反映{Place(v)}项目先建后批", "来信", Report, Io, Received(), People(v, 1),
            $"{Place(v)}的项目{s.Hsx.Year}年就建起来了，去年才拿到批文，属于未批先建，请求追究责任。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "未批先建")],
            [Expect(0, Substantiated, $"Construction visible by {Iso(s.Hsx)} (spot {s.Jcbh}, window {Iso(s.Qsx)}–{Iso(s.Hsx)}); batch {batch.Pzwh} approved {Iso(batch.Pzrq)}: 未批先建, later regularised (违法后补办).", "R5")]);

        s = _scenarioSpots["r5_ambiguous_timing"];
        v = VillageAt(s.Geometry);
        batch = _scenarioBatches["r5_ambiguous_timing"];
        Add("r5_ambiguous_timing", $"反映{Place(v)}项目批准前已开工", "网上", Report, Io, Received(), People(v, 1),
            $"{Place(v)}的项目在批准之前就已经动工了，我{D(batch.Pzrq.AddDays(-3))}左右就看到在挖地基。",
            Drawn(s.Geometry),
            [Claim(Io, "批准前已开工建设")],
            [Expect(0, FieldCheck, $"Approval {batch.Pzwh} on {Iso(batch.Pzrq)} lies inside the spot window ({Iso(s.Qsx)}, {Iso(s.Hsx)}]: imagery cannot tell which came first.", "R5")]);

        // ---- R6: beyond the approved extent
        s = _scenarioSpots["r6_beyond_extent"];
        v = VillageAt(s.Geometry);
        batch = _scenarioBatches["r6_beyond_extent"];
        var excess = Geo.Difference(s.Geometry, batch.Geometry).Area;
        Add("r6_beyond_extent", $"反映{Place(v)}企业超出批准范围占地", "来访", Report, Io, Received(), People(v, 2),
            $"{Place(v)}的企业围墙往外扩了一大块，把旁边的田也圈进去修了厂房，超出了当初批准的范围。附图标出了围墙范围。",
            Drawn(s.Geometry),
            [Claim(Io, "超出批准范围占地（批少占多）")],
            [Expect(0, Partly, $"Batch {batch.Pzwh} approves {batch.TotalHa:F4} ha; spot {s.Jcbh} extends about {Mu(excess)} 亩 beyond it: the excess is illegal occupation (Art. 77 ¶2).", "R6")]);

        // ---- R7: temporary land
        s = _scenarioSpots["r7_temporary_valid"];
        v = VillageAt(s.Geometry);
        var temp = _scenarioTemps["r7_temporary_valid"];
        Add("r7_temporary_valid", $"举报{Place(v)}田里挖土堆土", "12345", Report, Io, Received(), People(v, 1),
            $"{Place(v)}的田里最近在挖土、堆土，还搭了工棚，怀疑有人违法占地。",
            Pin(s.Geometry, "BD-09"),
            [Claim(Io, "耕地上挖土堆土")],
            [Expect(0, NotSubstantiated, $"Inside temporary land {temp.Pzwh} valid {Iso(temp.Start)}–{Iso(temp.End)}; earthworks only, no permanent building.", "R7")]);

        s = _scenarioSpots["r7_temporary_expired"];
        v = VillageAt(s.Geometry);
        temp = _scenarioTemps["r7_temporary_expired"];
        Add("r7_temporary_expired", $"反映{Place(v)}临时用地到期未复垦", "网上", Report, Io, Received(), People(v, 1),
            $"修快速通道时临时占用了我们组的耕地做施工场地，说好两年后复垦还田，现在已经过了期限，地还是一片烂泥和碎石。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "临时用地到期未复垦")],
            [Expect(0, Substantiated, $"Temporary land {temp.Pzwh} ended {Iso(temp.End)}; more than one year later no reclamation accepted and the 2023 survey and the 2026 image show bare ground (实施条例 Arts. 20, 56).", "R7")]);

        s = _scenarioSpots["r7_temporary_building"];
        v = VillageAt(s.Geometry);
        temp = _scenarioTemps["r7_temporary_building"];
        Add("r7_temporary_building", $"反映{Place(v)}临时用地上修建永久厂房", "来信", Report, Io, Received(), People(v, 1),
            $"{Place(v)}有一块临时用地，本来是施工堆料场，后来在上面修了砖混结构的厂房，现在还在使用。",
            Pin(s.Geometry, "EPSG:4490"),
            [Claim(Io, "临时用地上修建永久性建筑")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh} (TBLX 20, a building) inside temporary land {temp.Pzwh} (Art. 57; 实施条例 Art. 52).", "R7")]);

        s = _scenarioSpots["r7_temporary_long_cycle"];
        v = VillageAt(s.Geometry);
        temp = _scenarioTemps["r7_temporary_long_cycle"];
        Add("r7_temporary_long_cycle", $"反映{Place(v)}大桥施工占地超过两年", "12345", Report, Io, Received(), People(v, 1),
            $"沱溪河大桥施工占用{Place(v)}的地已经三年多了，临时用地不是只能用两年吗？",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "临时用地超期使用")],
            [Expect(0, NotSubstantiated, $"Temporary land {temp.Pzwh} is a long-cycle transport project (sfcq): up to 4 years, valid until {Iso(temp.End)}.", "R7")]);

        // ---- R8: facility agriculture
        s = _scenarioSpots["r8_facility_registered"];
        v = VillageAt(s.Geometry);
        var facility = _scenarioFacilities["r8_facility_registered"];
        Add("r8_facility_registered", $"举报{Place(v)}耕地上修建大棚", "12345", Report, Io, Received(), People(v, 1),
            $"{Place(v)}的耕地上建了一片大棚，是不是改变了耕地用途？",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "耕地上修建设施农业大棚")],
            [Expect(0, NotSubstantiated, $"Registered facility agriculture {facility.Bah} ({facility.Type}), not on permanent basic farmland; production use.", "R8")]);

        s = _scenarioSpots["r8_facility_on_farmland"];
        v = VillageAt(s.Geometry);
        facility = _scenarioFacilities["r8_facility_on_farmland"];
        Add("r8_facility_on_farmland", $"举报{Place(v)}永久基本农田上建设大棚", "12336", Report, Io, Received(), People(v, 1),
            $"{Place(v)}是永久基本农田保护区，有合作社在里面修了钢架大棚，地面也硬化了。",
            Pin(s.Geometry, "EPSG:4490"),
            [Claim(Io, "设施农业占用永久基本农田")],
            [Expect(0, Substantiated, $"Facility {facility.Bah} lies on permanent basic farmland, which 自然资规〔2019〕4号 excludes.", "R8")]);

        // ---- R9: cropland to orchard / pond
        s = _scenarioSpots["r9_orchard_on_farmland"];
        v = VillageAt(s.Geometry);
        Add("r9_orchard_on_farmland", $"反映{Place(v)}基本农田栽种果树", "网上", Report, Io, Received(), People(v, 1),
            $"{Place(v)}的基本农田被流转后全部栽上了果树，已经不能种粮食了。",
            Drawn(s.Geometry),
            [Claim(Io, "永久基本农田种植果树")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh}: cropland to orchard inside permanent basic farmland (土地管理法 Art. 37; 实施条例 Art. 51).", "R9")]);

        s = _scenarioSpots["r9_pond_outside_farmland"];
        v = VillageAt(s.Geometry);
        Add("r9_pond_outside_farmland", $"反映{Place(v)}水田被挖成鱼塘", "来电", Report, Io, Received(), People(v, 1),
            $"{Place(v)}有人把水田挖成了鱼塘，这样做合法吗？",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "耕地挖塘养鱼")],
            [Expect(0, NotSubstantiated, $"Spot {s.Jcbh}: cropland to pond outside permanent basic farmland: 耕地流出, to be monitored (耕地卫片监督, 进出平衡), not necessarily illegal.", "R9")]);

        s = _scenarioSpots["r9_pond_on_farmland"];
        v = VillageAt(s.Geometry);
        Add("r9_pond_on_farmland", $"举报{Place(v)}永久基本农田被挖塘养鱼", "12336", Report, Io, Received(), People(v, 1),
            $"{Place(v)}的永久基本农田被挖成了几口鱼塘，请求恢复耕种。",
            Pin(s.Geometry, "BD-09"),
            [Claim(Io, "永久基本农田挖塘养鱼")],
            [Expect(0, Substantiated, $"Spot {s.Jcbh}: cropland to pond inside permanent basic farmland (Art. 37).", "R9")]);

        // ---- R10: false change
        s = _scenarioSpots["r10_false_change"];
        v = VillageAt(s.Geometry);
        Add("r10_false_change", $"举报{Place(v)}耕地上动土建房", "网上", Report, Io, Received(), People(v, 1),
            $"网上看到{Place(v)}有一个卫片图斑，是不是有人在那里违法建房？请核实。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "耕地上疑似违法建设")],
            [Expect(0, NotSubstantiated, $"Spot {s.Jcbh} was field-checked as 其他: {s.Pdyj}; the 2026 image shows no change.", "R10")]);

        // ---- R11: a villager's house
        s = _scenarioSpots["r11_rural_house"];
        v = VillageAt(s.Geometry);
        Add("r11_rural_house", $"举报{Place(v)}村民在承包地上建房", "12345", Report, Io, Received(Max(s.Xfrq.AddDays(3), new DateOnly(2026, 1, 5)), new DateOnly(2026, 5, 20)), People(v, 1),
            $"我们组村民在自家承包的耕地上新修了两层楼房，没有办理宅基地审批。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(Io, "村民建房未办理宅基地审批，占用耕地")],
            [Expect(0, Forward, $"A villager's house (spot {s.Jcbh}, 农村宅基地 context): forward to the 农业农村 department (Art. 78); keep the cropland-conversion part.", "R11")]);

        // ---- R12: no spot, no imagery after the claimed date
        var place = _scenarioPlaces["r12_no_spot"];
        Add("r12_no_spot", $"举报{Place(place.Village)}耕地上开挖地基", "12336", Report, Io, new DateOnly(2026, 4, 16), People(place.Village, 1),
            $"这半个月{Place(place.Village)}有人在耕地里开挖地基，准备修厂房，请尽快制止。",
            Pin(place.Place, "GCJ-02"),
            [Claim(Io, "耕地上开挖地基")],
            [Expect(0, FieldCheck, "No spot near the pin and the latest image (2026-03-10) predates the claimed works: field check, request imagery for the period.", "R12")]);

        place = _scenarioPlaces["r12_no_spot_b"];
        Add("r12_no_spot_b", $"举报{Place(place.Village)}夜间倾倒建筑垃圾", "来电", Report, Io, new DateOnly(2026, 5, 8), People(place.Village, 1),
            $"最近一段时间晚上有车往{Place(place.Village)}的耕地里倾倒建筑垃圾，已经堆了很高。",
            Pin(place.Place, "BD-09"),
            [Claim(Io, "耕地被倾倒建筑垃圾")],
            [Expect(0, FieldCheck, "No spot; no image after the claimed dumping (latest 2026-03-10).", "R12")]);

        // ---- a known illegal quarry (mining subject, R1)
        var quarry = _world.Spots.FirstOrDefault(x => x.Tblx == "CK" && x.Pdjg == "违法");
        if (quarry is not null)
        {
            v = VillageAt(quarry.Geometry);
            Add("r1_mining_known", $"反映{v.Township.Name}非法采石场仍在生产", "来信", Report, "mining", Received(), People(v, 1),
                $"{Place(v)}的采石场没有手续，前几年被处罚过，现在晚上还在偷偷开采。",
                Pin(quarry.Geometry, "EPSG:4490"),
                [Claim("mining", "无证采石场违法占地")],
                [Expect(0, Substantiated, $"Spot {quarry.Jcbh} (CK) judged 违法, case {quarry.Lah} ({quarry.Zgzt}).", "R1")]);
        }
    }

    private ApprovalBatch? BatchUnder(Geometry g) =>
        _world.Batches.Where(b => b.Geometry.EnvelopeInternal.Intersects(g.EnvelopeInternal) && b.Geometry.Intersects(g)).MaxBy(b => Geo.Intersection(b.Geometry, g).Area);

    private LandSupply? SupplyUnder(Geometry g) =>
        _world.Supplies.Where(b => b.Geometry.EnvelopeInternal.Intersects(g.EnvelopeInternal) && b.Geometry.Intersects(g)).MaxBy(b => Geo.Intersection(b.Geometry, g).Area);

    private void AcquisitionPetitions()
    {
        const string La = "land_acquisition";
        const string Appeal = "申诉求决";

        var s = _scenarioSpots["z1_occupied_without_approval"];
        var v = VillageAt(s.Geometry);
        Add("z1_occupied_without_approval", $"{v.Name}村民反映土地未经批准被征占", "来访", Appeal, La, Received(), People(v, 3),
            $"{Place(v)}的耕地{s.Hsx.Year}年被镇上的公司占去修了厂房，说是征地，但我们从来没有见过征地批文和公告，也没签补偿协议。",
            Drawn(s.Geometry),
            [Claim(La, "未经批准征收占用集体土地")],
            [Expect(0, Substantiated, $"No approved batch covers spot {s.Jcbh}; the land is built on: 未批先占, treat as illegal occupation (R4); collective land without supply also suggests 以租代征 (Z7).", "Z1")],
            collective: true);

        var place = _scenarioPlaces["z1_planned_acquisition"];
        Add("z1_planned_acquisition", $"反映{Place(place.Village)}拟征地未批先征", "网上", Appeal, La, Received(), People(place.Village, 1),
            $"村里贴出了征收土地预公告，说要征收我们组的地，还让我们签补偿协议。国务院和省政府都还没有批准，这是不是未批先征？",
            Pin(place.Place, "GCJ-02"),
            [Claim(La, "征地未批先征（预公告阶段签协议）")],
            [Expect(0, NotSubstantiated, "No batch and no occupation at the pin: a planned acquisition; signing agreements before approval is the lawful 2020 procedure (Art. 47).", "Z1")]);

        s = _scenarioSpots["z2_occupied_before_approval"];
        v = VillageAt(s.Geometry);
        var batch = _scenarioBatches["z2_occupied_before_approval"];
        Add("z2_occupied_before_approval", $"反映{Place(v)}征地未批先占", "来信", Appeal, La, Received(), People(v, 1),
            $"{Place(v)}的地{s.Hsx.Year}年就被推平建房了，直到{batch.Pzrq.Year}年才批下来征地文件（{batch.Pzwh}），属于先占后批。",
            Pin(s.Geometry, "GCJ-02"),
            [Claim(La, "未批先占", ("pzwh", batch.Pzwh))],
            [Expect(0, Substantiated, $"Occupation visible by {Iso(s.Hsx)} (spot {s.Jcbh}); batch {batch.Pzwh} approved {Iso(batch.Pzrq)}.", "Z2")]);

        batch = _scenarioBatches["z2_late_notice"];
        v = VillageAt(batch.Geometry);
        Add("z2_late_notice", $"反映{batch.Pzwh}征收土地公告发布滞后", "网上", Appeal, La, Received(), People(v, 1),
            $"{batch.Pzwh}批准征收我们组的土地，批准后一个多月才张贴征收土地公告，程序违法。",
            NoLocation,
            [Claim(La, "征收土地公告超期发布", ("pzwh", batch.Pzwh))],
            [Expect(0, Substantiated, $"征收土地公告 {batch.NoticeNumber} on {Iso(batch.NoticeDate!.Value)}, {batch.NoticeDate!.Value.DayNumber - batch.Pzrq.DayNumber} days after approval ({Iso(batch.Pzrq)}): beyond 15 working days (实施条例 Art. 31).", "Z2")]);

        batch = _scenarioBatches["z2_short_notice"];
        v = VillageAt(batch.Geometry);
        Add("z2_short_notice", $"{v.Name}村民反映补偿安置方案公告期不足", "来访", Appeal, La, Received(), People(v, 5),
            $"{Place(v)}的征地补偿安置方案从{D(batch.PlanNoticeDate!.Value)}起只公告了{batch.PlanNoticeDays}天就撤了，很多村民来不及提意见。",
            Pin(batch.Geometry, "GCJ-02"),
            [Claim(La, "补偿安置方案公告期不足30日", ("pzwh", batch.Pzwh))],
            [Expect(0, Substantiated, $"Batch {batch.Pzwh}: 方案公告 {batch.PlanNoticeDays} days < 30 (土地管理法 Art. 47; 实施条例 Art. 28).", "Z2")],
            collective: true);

        batch = _scenarioBatches["z2_proper"];
        v = VillageAt(batch.Geometry);
        Add("z2_proper_procedure", $"反映{Place(v)}征地程序违法", "来信", Appeal, La, Received(), People(v, 1),
            $"{Place(v)}征地的时候没有按规定公告，程序违法，请求撤销征地决定。",
            Pin(batch.Geometry, "EPSG:4490"),
            [Claim(La, "征地公告程序违法", ("pzwh", batch.Pzwh))],
            [Expect(0, NotSubstantiated, $"Batch {batch.Pzwh}: 预公告 {Iso(batch.PreNoticeDate!.Value)} ({batch.PreNoticeDays} days), 方案公告 {Iso(batch.PlanNoticeDate!.Value)} ({batch.PlanNoticeDays} days), 征收土地公告 {Iso(batch.NoticeDate!.Value)}, all within the limits.", "Z2")]);

        s = _scenarioSpots["z3_beyond_extent"];
        v = VillageAt(s.Geometry);
        batch = _scenarioBatches["z3_beyond_extent"];
        var excess = Geo.Difference(s.Geometry, batch.Geometry).Area;
        Add("z3_beyond_extent", $"反映{Place(v)}超范围征地", "来访", Appeal, La, Received(), People(v, 2),
            $"{batch.Pzwh}批准征收的范围不包括我家的承包地，但施工单位把我家的地也圈进了围挡，没有任何补偿。附图标出了围挡范围。",
            Drawn(s.Geometry),
            [Claim(La, "超出批准范围征占土地", ("pzwh", batch.Pzwh))],
            [Expect(0, Partly, $"About {Mu(excess)} 亩 of spot {s.Jcbh} lie outside batch {batch.Pzwh}: 非法占地 (Art. 77 ¶2).", "Z3")]);

        batch = _scenarioBatches["z4_provincial_on_farmland"];
        v = VillageAt(batch.Geometry);
        Add("z4_provincial_on_farmland", $"{v.Name}村民反映省政府批准征收永久基本农田", "来信", Appeal, La, Received(), People(v, 4),
            $"{batch.Pzwh}征收了我们组的永久基本农田修工厂，永久基本农田只能由国务院批准，省政府的批复是越权的。",
            Pin(batch.Geometry, "GCJ-02"),
            [Claim(La, "越权批准征收永久基本农田", ("pzwh", batch.Pzwh))],
            [Expect(0, Substantiated, $"Batch {batch.Pzwh} ({batch.Pzjg}) overlaps permanent basic farmland ({batch.PbfHa:F4} ha): 越权批准 (Arts. 44, 46, 79).", "Z4")],
            collective: true);

        batch = _scenarioBatches["z4_state_council_ok"];
        s = _scenarioSpots["z4_state_council_road"];
        v = VillageAt(s.Geometry);
        Add("z4_state_council_road", $"反映快速通道占用基本农田", "网上", Appeal, La, Received(), People(v, 1),
            $"示范至样例快速通道从{Place(v)}的基本农田中间穿过，占了很多好田，是否经过国务院批准？",
            Pin(s.Geometry, "EPSG:4490"),
            [Claim(La, "征收永久基本农田审批权限", ("pzwh", batch.Pzwh))],
            [Expect(0, NotSubstantiated, $"Batch {batch.Pzwh} was approved by 国务院 on {Iso(batch.Pzrq)} (单独选址), which may approve permanent basic farmland: Z4 does not fire; the procedure check (Z2) finds nothing either.", "Z2")]);

        batch = _scenarioBatches["z5_compensation_standard"];
        v = VillageAt(batch.Geometry);
        Add("z5_compensation_standard", $"{v.Name}村民反映征地补偿标准过低", "来访", Appeal, La, Received(), People(v, 5),
            $"{batch.Pzwh}征收我们组的土地，按区片综合地价补偿每亩不到五万元，周边县都比我们高，请求提高补偿标准。",
            Pin(batch.Geometry, "GCJ-02"),
            [Claim("compensation", "征地补偿标准（区片综合地价）过低", ("pzwh", batch.Pzwh), ("dispute", "standard"))],
            [Expect(0, Statutory, "A dispute over the 区片综合地价 standard, paid as published: outcome 解释说明; send to the 协调裁决 channel (Art. 31(4)).", "Z5")],
            collective: true);
    }

    private void RegistrationPetitions()
    {
        const string Reg = "registration";
        const string Appeal = "申诉求决";

        var (a, b) = _scenarioParcels["d1_overlap"];
        var v = VillageAt(a.Geometry);
        var overlap = Geo.Intersection(a.Geometry, b!.Geometry).Area;
        Add("d1_overlap", "反映邻居宅基地登记范围压占我家宅基地", "来信", Appeal, Reg, Received(), [new Petitioner(a.Qlr, Names.IdNumber(_rng, a.Zddm[..6]), Names.Phone(_rng), a.Zl)],
            $"我家宅基地（不动产单元号{a.Bdcdyh}）与邻居{b.Qlr}家相邻，邻居{b.Djsj.Year}年办的不动产权证把我家的院坝也登记进去了，一块地发了两个证。",
            Pin(a.Geometry, "GCJ-02"),
            [Claim(Reg, "宅基地重复登记（一地两证）", ("bdcdyh", a.Bdcdyh), ("zddm", a.Zddm))],
            [Expect(0, Substantiated, $"Current homestead parcels {a.Zddm} and {b.Zddm} overlap by {overlap:F1} m² (after shrinking by TOL_CAD): 登记重叠, remedy 更正登记.", "D1")]);

        (a, b) = _scenarioParcels["d1_nested_ownership"];
        Add("d1_nested_ownership", "询问集体土地所有权证是否与宅基地证重复", "网上", Appeal, Reg, Received(), [new Petitioner(a.Qlr, Names.IdNumber(_rng, a.Zddm[..6]), Names.Phone(_rng), a.Zl)],
            $"村集体的土地所有权证（{b!.Zddm}）范围把我的宅基地也包括进去了，我的宅基地（{a.Zddm}）是不是被重复登记了？",
            NoLocation,
            [Claim(Reg, "集体土地所有权与宅基地使用权重复登记", ("zddm", a.Zddm))],
            [Expect(0, NotSubstantiated, $"Parcel {a.Zddm} (JC, use right) lies inside {b.Zddm} (JA, ownership): a legitimate nesting of ownership and use right, not an overlap.", "D1")]);

        (a, b) = _scenarioParcels["d2_duplicate_unit"];
        Add("d2_duplicate_unit", "反映同一不动产单元登记两个权利人", "来访", Appeal, Reg, Received(), [new Petitioner(a.Qlr, Names.IdNumber(_rng, a.Zddm[..6]), Names.Phone(_rng), a.Zl)],
            $"我的房产（不动产单元号{a.Bdcdyh}）{a.Djsj.Year}年就登记在我名下，最近查询发现同一个单元号又登记给了{b!.Qlr}。",
            NoLocation,
            [Claim(Reg, "同一不动产单元重复登记", ("bdcdyh", a.Bdcdyh))],
            [Expect(0, Substantiated, $"Unit {a.Bdcdyh} has two current records ({a.Qlr}, {b.Qlr}) of an exclusive right: 重复登记.", "D2")]);

        (a, b) = _scenarioParcels["d2_history_version"];
        Add("d2_history_version", "反映已购房产仍登记在原房主名下", "网上", Appeal, Reg, Received(), [new Petitioner(a.Qlr, Names.IdNumber(_rng, a.Zddm[..6]), Names.Phone(_rng), a.Zl)],
            $"我{a.Djsj.Year}年买的房子（不动产单元号{a.Bdcdyh}），查询时还能看到原房主{b!.Qlr}的登记信息，是不是重复登记了？",
            NoLocation,
            [Claim(Reg, "同一单元存在两条登记", ("bdcdyh", a.Bdcdyh))],
            [Expect(0, NotSubstantiated, $"Unit {a.Bdcdyh}: {b.Qlr}'s record is 历史 (transferred), {a.Qlr}'s is 现势: versions of one unit, not a duplicate (D2 does not fire; the engine reports no overlap, duplicate or area error: D1 negative).", "D1")]);

        foreach (var (tag, offset) in new[] { ("d3_boundary_within_tolerance", 0.08), ("d3_boundary_beyond_tolerance", 1.6) })
        {
            (a, b) = _scenarioParcels[tag];
            var edge = SharedEdge(a, b!);
            var dx = edge[1].X - edge[0].X;
            var dy = edge[1].Y - edge[0].Y;
            var len = Math.Sqrt(dx * dx + dy * dy);
            var (nx, ny) = (dy / len, -dx / len);
            var centreB = b!.Geometry.Centroid.Coordinate;
            if ((centreB.X - edge[0].X) * nx + (centreB.Y - edge[0].Y) * ny < 0)
            {
                (nx, ny) = (-nx, -ny);
            }

            // The petitioner's surveyed parcel: the registered one with the shared edge moved into the neighbour.
            var ring = a.Geometry.Coordinates.Take(4).Select(c => new Coordinate(c.X, c.Y)).ToList();
            foreach (var c in ring.Where(c => c.Equals2D(edge[0]) || c.Equals2D(edge[1])))
            {
                c.X = Math.Round(c.X + offset * nx, 3);
                c.Y = Math.Round(c.Y + offset * ny, 3);
            }

            var claimed = Geo.PolygonGk(ring);
            var within = offset < 0.15;
            Add(tag, within ? "反映宅基地界址被邻居侵占（实测偏差较小）" : "反映宅基地界址被邻居侵占", "来访", Appeal, Reg, Received(), [new Petitioner(a.Qlr, Names.IdNumber(_rng, a.Zddm[..6]), Names.Phone(_rng), a.Zl)],
                $"我请测绘公司实测了我家宅基地（{a.Zddm}）的界址，与邻居{b.Qlr}家（{b.Zddm}）之间的界线与登记的界址线不一致，认为邻居侵占了我家的地，附实测界址坐标。",
                (claimed, "EPSG:4523", "surveyed"),
                [Claim("boundary_dispute", "界址争议", ("zddm", a.Zddm))],
                [within
                    ? Expect(0, NotSubstantiated, $"The surveyed line lies {offset:F2} m from the registered boundary, within the grade-2 tolerance (0.15 m).", "D3")
                    : Expect(0, Statutory, $"The surveyed line lies {offset:F2} m into {b.Zddm}, beyond the grade-2 tolerance, and the neighbour's registration covers the strip: 权属争议 procedure (土地管理法 Art. 14); the current use must not change meanwhile.", "D3")]);
        }

        (a, _) = _scenarioParcels["d4_area_mismatch"];
        Add("d4_area_mismatch", "反映不动产权证记载面积与实际不符", "来信", Appeal, Reg, Received(), [new Petitioner(a.Qlr, Names.IdNumber(_rng, a.Zddm[..6]), Names.Phone(_rng), a.Zl)],
            $"我家宅基地证（宗地代码{a.Zddm}）上写的面积是{a.Zdmj:F2}平方米，但我自己量只有大约{a.Geometry.Area:F0}平方米，请更正。",
            NoLocation,
            [Claim(Reg, "登记面积与实际不符，申请更正", ("zddm", a.Zddm))],
            [Expect(0, Substantiated, $"Recorded {a.Zdmj:F2} m², registered boundary encloses {a.Geometry.Area:F2} m²: 面积记载误差, 更正登记.", "D4")]);

        (a, _) = _scenarioParcels["d4_area_ok"];
        Add("d4_area_ok", "质疑宅基地登记面积偏小", "12345", Appeal, Reg, Received(), [new Petitioner(a.Qlr, Names.IdNumber(_rng, a.Zddm[..6]), Names.Phone(_rng), a.Zl)],
            $"我家宅基地（{a.Zddm}）登记面积{a.Zdmj:F2}平方米，我觉得少登记了，请核实。",
            Pin(a.Geometry, "GCJ-02"),
            [Claim(Reg, "登记面积偏小", ("zddm", a.Zddm))],
            [Expect(0, NotSubstantiated, $"Recorded {a.Zdmj:F2} m² equals the area of the registered boundary within AREA_EPS (D4 does not fire; the engine's catch-all negative is D1).", "D1")]);
    }

    private static Coordinate[] SharedEdge(RegisteredParcel a, RegisteredParcel b)
    {
        var cs = a.Geometry.Coordinates;
        return [cs[1], cs[2]];
    }

    private void OtherPetitions()
    {
        // A petition with two claims and different findings.
        var s = _scenarioSpots["z2_short_notice"];
        var batch = _scenarioBatches["z2_short_notice"];
        var v = VillageAt(s.Geometry);
        Add("multi_claim_occupation_and_notice", $"反映{Place(v)}征地建厂的两个问题", "来信", "申诉求决", "land_acquisition", Received(), People(v, 1),
            $"一是{Place(v)}的耕地被征收后修了厂房，怀疑违法占地；二是征地补偿安置方案公告时间太短。",
            Pin(s.Geometry, "EPSG:4490"),
            [Claim("illegal_occupation", "征收后建厂是否违法占地"), Claim("land_acquisition", "补偿安置方案公告期不足", ("pzwh", batch.Pzwh))],
            [
                Expect(0, NotSubstantiated, $"Spot {s.Jcbh} is covered by batch {batch.Pzwh} and its supply, supplied before issue.", "R2"),
                Expect(1, Substantiated, $"方案公告 {batch.PlanNoticeDays} days < 30.", "Z2"),
            ]);

        var town = _world.Villages.First(x => x.IsCommunity && x.Township.County == _world.Counties[0]);
        var seat = _world.LandUse2019.FirstOrDefault(l => l.Village == town && l.Dlbm == "08H1")
            ?? _world.LandUse2019.First(l => l.Village == town && !l.IsLinear);
        Add("suggestion_open_data", "建议公开征地批次和卫片图斑信息", "领导信箱", "建议意见", "other", Received(), People(town, 1),
            "建议在县政府网站上公开征地批次、供地和卫片执法图斑的位置，方便群众监督。",
            Pin(seat.Geometry, "EPSG:4490"),
            [Claim("other", "公开征地、供地和卫片图斑信息的建议")],
            [Expect(0, FieldCheck, "No spatial rule applies to a suggestion: handled by the ordinary procedure (Art. 29).", "G0")]);

        var east = _world.Villages.First(x => x.IsCommunity && x.Township.County == _world.Counties[1]);
        var block = _world.LandUse2019.First(l => l.Village == east && l.Dlbm == "0701");
        Add("planning_daylight", $"反映{east.Township.Name}新建住宅影响采光", "来电", "申诉求决", "planning", Received(), People(east, 1),
            "小区旁边新建的高层住宅离我家太近，严重影响采光，请查一查规划许可是否合法。",
            Pin(block.Geometry, "GCJ-02"),
            [Claim("planning", "新建住宅是否符合规划许可")],
            [Expect(0, FieldCheck, "Town residential land since before 2019, no change spot and no change between the surveys: nothing to see on the map; check the planning permit on file.", "R12")]);
    }
}
