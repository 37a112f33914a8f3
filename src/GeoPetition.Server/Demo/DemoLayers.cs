using GeoPetition.Core.Layers;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>One output layer: its id (file name), kind, title and rows.</summary>
internal sealed record DemoLayer(string Id, LayerKindDefinition Kind, string Title, IReadOnlyList<LayerRow> Rows, bool ShapefileToo = true);

/// <summary>Turns the world model into layer rows whose keys are exactly the columns of <see cref="LayerKinds"/>.</summary>
internal static class DemoLayers
{
    /// <summary>The layers in load order (jurisdiction first).</summary>
    public static IReadOnlyList<DemoLayer> All(DemoWorld world, IReadOnlyList<ImageryScene> scenes) =>
    [
        new("jurisdiction", LayerKinds.Jurisdiction, "行政区（示范县、样例县及乡镇，合成数据）", Jurisdiction(world)),
        new("land_use_2019", LayerKinds.LandUse, "2019年度国土调查（三调）地类图斑", LandUse(world.LandUse2019, 2019)),
        new("land_use_2023", LayerKinds.LandUse, "2023年度国土变更调查地类图斑", LandUse(world.LandUse2023, 2023)),
        new("permanent_basic_farmland", LayerKinds.PermanentBasicFarmland, "永久基本农田", Farmland(world)),
        new("ecological_red_line", LayerKinds.EcologicalRedLine, "生态保护红线", RedLines(world)),
        new("approval_batch", LayerKinds.ApprovalBatch, "农用地转用和土地征收批次", Batches(world)),
        new("land_supply", LayerKinds.LandSupply, "供地（出让、划拨）", Supplies(world)),
        new("temporary_land_use", LayerKinds.TemporaryLandUse, "临时用地", TemporaryLands(world)),
        new("facility_agriculture", LayerKinds.FacilityAgriculture, "设施农业用地备案", Facilities(world)),
        new("registered_parcel", LayerKinds.RegisteredParcel, "不动产登记宗地", Parcels(world)),
        new("change_spot", LayerKinds.ChangeSpot, "卫片执法图斑", Spots(world)),
        new("imagery_scene", LayerKinds.ImageryScene, "卫星影像景", Scenes(scenes), ShapefileToo: false),
    ];

    private static Dictionary<string, object?> Row(params (string Column, object? Value)[] values) =>
        values.ToDictionary(v => v.Column, v => v.Value);

    private static IReadOnlyList<LayerRow> Jurisdiction(DemoWorld world)
    {
        var rows = new List<LayerRow>
        {
            new(world.Area, Row(("xzqdm", "510000"), ("xzqmc", "四川省"), ("sjxzqdm", null), ("jb", "省"))),
            new(world.Area, Row(("xzqdm", "510900"), ("xzqmc", "示例市"), ("sjxzqdm", "510000"), ("jb", "市"))),
        };
        rows.AddRange(world.Counties.Select(c => new LayerRow(c.Geometry, Row(("xzqdm", c.Code), ("xzqmc", c.Name), ("sjxzqdm", "510900"), ("jb", "县")))));
        rows.AddRange(world.Townships.Select(t => new LayerRow(t.Geometry, Row(("xzqdm", t.Code), ("xzqmc", t.Name), ("sjxzqdm", t.County.Code), ("jb", "乡镇")))));
        return rows;
    }

    private static IReadOnlyList<LayerRow> LandUse(IEnumerable<LandPolygon> polygons, int year) =>
        polygons.Select(lp => new LayerRow(lp.Geometry, Row(
            ("bsm", lp.Bsm),
            ("tbbh", lp.Tbbh),
            ("dlbm", lp.Dlbm),
            ("dlmc", LandUseClasses.Name(lp.Dlbm)),
            ("qsxz", lp.State ? "10" : "31"),
            ("qsdwdm", lp.State ? lp.Village.Township.StateOwnerCode : lp.Village.GroupOwnerCode(lp.Group)),
            ("qsdwmc", lp.State ? lp.Village.Township.Name + "国有" : lp.Village.GroupName(lp.Group)),
            ("zldwdm", lp.Village.LocationCode),
            ("zldwmc", lp.Village.Township.Name + lp.Village.Name),
            ("tbmj", lp.Tbmj),
            ("czcsxm", lp.Czcsxm),
            ("sjnf", year)))).ToList();

    private static IReadOnlyList<LayerRow> Farmland(DemoWorld world) =>
        world.Farmland.Select(f => new LayerRow(f.Geometry, Row(
            ("bsm", f.Bsm), ("dlbm", f.Dlbm), ("mj", Math.Round(DemoAreas.Ellipsoidal(f.Geometry), 2)), ("hdnd", f.Year)))).ToList();

    private static IReadOnlyList<LayerRow> RedLines(DemoWorld world) =>
        world.RedLines.Select(r => new LayerRow(r.Geometry, Row(
            ("bsm", r.Bsm), ("hxlx", r.Type), ("hxmc", r.Name), ("mj", Math.Round(DemoAreas.Ellipsoidal(r.Geometry), 2))))).ToList();

    private static IReadOnlyList<LayerRow> Batches(DemoWorld world) =>
        world.Batches.Select(b => new LayerRow(b.Geometry, Row(
            ("pcbm", b.Pcbm),
            ("bpxmmc", b.Name),
            ("pclx", b.Type),
            ("pzwh", b.Pzwh),
            ("pzjg", b.Pzjg),
            ("pzrq", b.Pzrq),
            ("pzxmzmj", b.TotalHa),
            ("pzzsmj", b.AcquiredHa),
            ("pznydmj", b.FarmlandHa),
            ("pzgdmj", b.CroplandHa),
            ("pzjbnt", b.PbfHa),
            ("tdyt", b.Tdyt),
            ("zbnd", b.QuotaYear),
            ("yggrq", b.PreNoticeDate),
            ("yggts", b.PreNoticeDays),
            ("faggrq", b.PlanNoticeDate),
            ("faggts", b.PlanNoticeDays),
            ("tzhrq", b.HearingDate),
            ("zsggh", b.NoticeNumber),
            ("zsggrq", b.NoticeDate)))).ToList();

    private static IReadOnlyList<LayerRow> Supplies(DemoWorld world) =>
        world.Supplies.Select(s => new LayerRow(s.Geometry, Row(
            ("dzjgh", s.Dzjgh),
            ("gdfs", s.Gdfs),
            ("htbh", s.Htbh),
            ("gdrq", s.Gdrq),
            ("srr", s.Srr),
            ("tdyt", s.Tdyt),
            ("gdmj", Math.Round(DemoAreas.Ellipsoidal(s.Geometry) / 10_000, 4)),
            ("pcbm", s.Batch?.Pcbm)))).ToList();

    private static IReadOnlyList<LayerRow> TemporaryLands(DemoWorld world) =>
        world.TemporaryLands.Select(t => new LayerRow(t.Geometry, Row(
            ("pzwh", t.Pzwh),
            ("pzjg", t.Pzjg),
            ("qsrq", t.Start),
            ("jzrq", t.End),
            ("ytlx", t.Purpose),
            ("sfcq", t.LongCycle),
            ("mj", Math.Round(DemoAreas.Ellipsoidal(t.Geometry), 2)),
            ("fkysrq", t.Reclaimed)))).ToList();

    private static IReadOnlyList<LayerRow> Facilities(DemoWorld world) =>
        world.Facilities.Select(f => new LayerRow(f.Geometry, Row(
            ("bah", f.Bah),
            ("xzmc", f.Township.Name),
            ("barq", f.Date),
            ("sslx", f.Type),
            ("mj", Math.Round(DemoAreas.Ellipsoidal(f.Geometry), 2)),
            ("sjrkrq", f.MappedDate)))).ToList();

    private static IReadOnlyList<LayerRow> Parcels(DemoWorld world) =>
        world.Parcels.Select(p => new LayerRow(p.Geometry, Row(
            ("bsm", p.Bsm),
            ("zddm", p.Zddm),
            ("bdcdyh", p.Bdcdyh),
            ("qllx", p.Qllx),
            ("qlxz", p.Qlxz),
            ("qlr", p.Qlr),
            ("zl", p.Zl),
            ("yt", p.Yt),
            ("zdmj", p.Zdmj),
            ("syqqsrq", p.TermStart),
            ("syqjsrq", p.TermEnd),
            ("bdcqzh", p.Bdcqzh),
            ("djsj", p.Djsj),
            ("jzdjd", p.Jzdjd),
            ("qszt", p.Qszt)))).ToList();

    private static IReadOnlyList<LayerRow> Spots(DemoWorld world) =>
        world.Spots.Select(s => new LayerRow(s.Geometry, Row(
            ("jcbh", s.Jcbh),
            ("xzqdm", s.County.Code),
            ("xmc", s.County.Name),
            ("tblx", s.Tblx),
            ("tz", s.Tz),
            ("qsx", s.Qsx),
            ("hsx", s.Hsx),
            ("xfpc", s.Xfpc),
            ("xfrq", s.Xfrq),
            ("mj", s.Mj),
            ("dlbm", s.Dlbm),
            ("dlmc", LandUseClasses.Name(s.Dlbm)),
            ("sfyn", s.Sfyn),
            ("sfhx", s.Sfhx),
            ("pdjg", s.Pdjg),
            ("pdyj", s.Pdyj),
            ("hcrq", s.Hcrq),
            ("lah", s.Lah),
            ("zgzt", s.Zgzt)))).ToList();

    private static IReadOnlyList<LayerRow> Scenes(IReadOnlyList<ImageryScene> scenes) =>
        scenes.Select(s => new LayerRow(s.FootprintLonLat, Row(
            ("scene_id", s.Id),
            ("sensor", s.Sensor),
            ("acq_date", s.Date),
            ("resolution_m", s.ResolutionM),
            ("cloud_pct", s.CloudPct),
            ("tile_source", s.Folder)))).ToList();
}

/// <summary>An imagery scene of the demo: date, sensor, footprint (EPSG:4490) and tile folder.</summary>
internal sealed record ImageryScene(string Id, string Sensor, DateOnly Date, double ResolutionM, double CloudPct, string Folder, Geometry FootprintLonLat);
