using static GeoPetition.Core.Layers.FieldType;

namespace GeoPetition.Core.Layers;

/// <summary>
/// The schema of every layer kind, field by field, after domain-rules.md §9. Columns keep the
/// field codes of the national standards (三调 DLTB, 卫片 JCBH/QSX/HSX, 不动产 ZDDM/BDCDYH …) in
/// lower case; the Chinese and English titles are the documented mapping (docs/layers.md).
/// The migration <c>002_layers.sql</c> creates the same columns; a server test checks they agree.
/// </summary>
public static class LayerKinds
{
    public static readonly LayerKindDefinition Jurisdiction = new(
        LayerKind.Jurisdiction, "jurisdiction", "行政区", "Jurisdiction", GeometryFamily.Polygon, "xzqdm",
        [
            new("xzqdm", Text, "行政区代码", "administrative code (6-digit county, 9/12-digit township/village)", Required: true, SourceNames: ["code", "adcode", "XZQHDM"]),
            new("xzqmc", Text, "行政区名称", "name", Required: true, SourceNames: ["name", "XZQHMC"]),
            new("sjxzqdm", Text, "上级行政区代码", "parent code", SourceNames: ["parent", "parent_code"]),
            new("jb", Text, "级别", "level (province/city/county/township)", SourceNames: ["level"]),
        ],
        []);

    public static readonly LayerKindDefinition ApprovalBatch = new(
        LayerKind.ApprovalBatch, "approval_batch", "农用地转用/土地征收批次", "Approval batch", GeometryFamily.Polygon, "pcbm",
        [
            new("pcbm", Text, "批次编码", "batch code", Required: true, SourceNames: ["batch_code"]),
            new("bpxmmc", Text, "报批项目名称", "project name", SourceNames: ["xmmc", "project_name"]),
            new("pclx", Text, "批次类型（批次/单独选址）", "batch type (batch / single site)", SourceNames: ["batch_type"]),
            new("pzwh", Text, "批准文号", "approval number", Required: true, SourceNames: ["approval_no"]),
            new("pzjg", Text, "批准机关（国务院/省人民政府）", "approving authority", SourceNames: ["authority"]),
            new("pzrq", Date, "批准日期", "approval date", Required: true, SourceNames: ["approval_date"]),
            new("pzxmzmj", Real, "批准项目总面积（公顷）", "approved total area (ha)"),
            new("pzzsmj", Real, "批准征收面积（公顷）", "approved acquisition area (ha)"),
            new("pznydmj", Real, "批准农用地面积（公顷）", "approved farmland area (ha)"),
            new("pzgdmj", Real, "批准耕地面积（公顷）", "approved cropland area (ha)"),
            new("pzjbnt", Real, "批准永久基本农田面积（公顷）", "approved permanent basic farmland area (ha)"),
            new("tdyt", Text, "土地用途", "land use purpose"),
            new("zbnd", Integer, "指标年度", "quota year"),
            new("yggrq", Date, "征收预公告日期", "pre-announcement date"),
            new("yggts", Integer, "预公告期（日）", "pre-announcement period (days)"),
            new("faggrq", Date, "补偿安置方案公告日期", "compensation plan notice date"),
            new("faggts", Integer, "方案公告期（日）", "compensation plan notice period (days)"),
            new("tzhrq", Date, "听证日期", "hearing date"),
            new("zsggh", Text, "征收土地公告号", "acquisition notice number"),
            new("zsggrq", Date, "征收土地公告日期", "acquisition notice date"),
        ],
        ["pzrq", "yggrq", "faggrq", "zsggrq"]);

    public static readonly LayerKindDefinition LandSupply = new(
        LayerKind.LandSupply, "land_supply", "供地", "Land supply", GeometryFamily.Polygon, "dzjgh",
        [
            new("dzjgh", Text, "电子监管号", "electronic supervision number", Required: true, SourceNames: ["supervision_no"]),
            new("gdfs", Text, "供地方式（出让/划拨/租赁/作价出资）", "supply type (transfer / allocation / lease / capital contribution)"),
            new("htbh", Text, "合同或划拨决定书编号", "contract or allocation decision number"),
            new("gdrq", Date, "供地日期（合同/划拨日期）", "supply date (contract or allocation)", Required: true, SourceNames: ["supply_date"]),
            new("srr", Text, "受让人/用地单位", "land user"),
            new("tdyt", Text, "土地用途", "land use purpose"),
            new("gdmj", Real, "供地面积（公顷）", "supplied area (ha)"),
            new("pcbm", Text, "关联批次编码", "linked approval batch code"),
        ],
        ["gdrq"]);

    public static readonly LayerKindDefinition TemporaryLandUse = new(
        LayerKind.TemporaryLandUse, "temporary_land_use", "临时用地", "Temporary land use", GeometryFamily.Polygon, "pzwh",
        [
            new("pzwh", Text, "批准文号", "approval number", Required: true),
            new("pzjg", Text, "批准机关", "approving authority"),
            new("qsrq", Date, "起始日期", "start date", Required: true, SourceNames: ["start_date"]),
            new("jzrq", Date, "截止日期", "end date", Required: true, SourceNames: ["end_date"]),
            new("ytlx", Text, "用途（施工/地质勘查）", "purpose (construction works / geological survey)"),
            new("sfcq", FieldType.Boolean, "是否能源交通水利长周期项目", "long-cycle energy, transport or water infrastructure (≤ 4 years)"),
            new("mj", Real, "面积（平方米）", "area (m²)"),
            new("fkysrq", Date, "复垦验收日期", "reclamation acceptance date"),
        ],
        ["qsrq", "jzrq", "fkysrq"]);

    public static readonly LayerKindDefinition FacilityAgriculture = new(
        LayerKind.FacilityAgriculture, "facility_agriculture", "设施农业用地备案", "Facility agriculture registration", GeometryFamily.Polygon, "bah",
        [
            new("bah", Text, "备案号", "registration number", Required: true),
            new("xzmc", Text, "乡镇名称", "township"),
            new("barq", Date, "备案日期", "registration date", Required: true),
            new("sslx", Text, "设施类型（种植/养殖）", "facility type (planting / livestock)"),
            new("mj", Real, "面积（平方米）", "area (m²)"),
            new("sjrkrq", Date, "上图入库日期", "mapped-into-database date"),
        ],
        ["barq"]);

    public static readonly LayerKindDefinition PermanentBasicFarmland = new(
        LayerKind.PermanentBasicFarmland, "permanent_basic_farmland", "永久基本农田", "Permanent basic farmland", GeometryFamily.Polygon, "bsm",
        [
            new("bsm", Text, "标识码", "feature id", Required: true),
            new("dlbm", Text, "地类编码", "land class code"),
            new("mj", Real, "面积（平方米）", "area (m²)", SourceNames: ["jbntmj", "tbmj"]),
            new("hdnd", Integer, "划定年度", "year designated"),
        ],
        []);

    public static readonly LayerKindDefinition EcologicalRedLine = new(
        LayerKind.EcologicalRedLine, "ecological_red_line", "生态保护红线", "Ecological red line", GeometryFamily.Polygon, "bsm",
        [
            new("bsm", Text, "标识码", "feature id", Required: true),
            new("hxlx", Text, "红线类型", "red-line type", SourceNames: ["lx"]),
            new("hxmc", Text, "红线名称", "name"),
            new("mj", Real, "面积（平方米）", "area (m²)"),
        ],
        []);

    public static readonly LayerKindDefinition LandUse = new(
        LayerKind.LandUse, "land_use", "三调/年度变更调查 地类图斑", "Land-use survey polygon", GeometryFamily.Polygon, "bsm",
        [
            new("bsm", Text, "标识码", "feature id", Required: true),
            new("tbbh", Text, "图斑编号", "polygon number"),
            new("dlbm", Text, "地类编码（GB/T 21010）", "land class code (GB/T 21010)", Required: true),
            new("dlmc", Text, "地类名称", "land class name"),
            new("qsxz", Text, "权属性质", "ownership nature"),
            new("qsdwdm", Text, "权属单位代码", "owner unit code"),
            new("qsdwmc", Text, "权属单位名称", "owner unit name"),
            new("zldwdm", Text, "坐落单位代码", "location unit code"),
            new("zldwmc", Text, "坐落单位名称", "location unit name"),
            new("tbmj", Real, "图斑面积（平方米，椭球面积）", "polygon area (m², ellipsoidal)"),
            new("czcsxm", Text, "城镇村属性码", "urban/village attribute code"),
            new("sjnf", Integer, "数据年份（调查年度）", "survey year", Required: true),
        ],
        []);

    public static readonly LayerKindDefinition RegisteredParcel = new(
        LayerKind.RegisteredParcel, "registered_parcel", "宗地", "Registered parcel", GeometryFamily.Polygon, "bsm",
        [
            new("bsm", Text, "标识码", "feature id", Required: true),
            new("zddm", Text, "宗地代码（19位）", "parcel code (19 characters)", Required: true, Length: 19),
            new("bdcdyh", Text, "不动产单元号（28位）", "real-estate unit number (28 characters)", Length: 28),
            new("qllx", Text, "权利类型", "right type"),
            new("qlxz", Text, "权利性质", "right nature"),
            new("qlr", Text, "权利人", "right holder"),
            new("zl", Text, "坐落", "location"),
            new("yt", Text, "用途", "use"),
            new("zdmj", Real, "宗地面积（平方米）", "parcel area (m²)", SourceNames: ["mj"]),
            new("syqqsrq", Date, "使用权起始日期", "term start"),
            new("syqjsrq", Date, "使用权结束日期", "term end"),
            new("bdcqzh", Text, "不动产权证号", "certificate number"),
            new("djsj", Date, "登记时间", "registration date"),
            new("jzdjd", Integer, "界址点精度等级（1/2/3）", "boundary point accuracy grade (1/2/3)"),
            new("qszt", Text, "权属状态（现势/历史）", "status (current / historical)"),
        ],
        ["djsj"]);

    public static readonly LayerKindDefinition ChangeSpot = new(
        LayerKind.ChangeSpot, "change_spot", "卫片图斑", "Change spot", GeometryFamily.Polygon, "jcbh",
        [
            new("jcbh", Text, "监测编号（图斑编号）", "change spot id", Required: true, SourceNames: ["tbbh"]),
            new("xzqdm", Text, "县级行政区代码", "county code"),
            new("xmc", Text, "县名称", "county name"),
            new("tblx", Text, "图斑类型", "change type (TBLX)"),
            new("tz", Text, "图斑特征", "feature"),
            new("qsx", Date, "前时相", "earlier image date", Required: true),
            new("hsx", Date, "后时相", "later image date", Required: true),
            new("xfpc", Text, "下发批次", "issue batch"),
            new("xfrq", Date, "下发日期", "issue date"),
            new("mj", Real, "面积（平方米）", "area (m²)", SourceNames: ["jcmj"]),
            new("dlbm", Text, "原地类编码", "land class before change"),
            new("dlmc", Text, "原地类名称", "land class name before change"),
            new("sfyn", FieldType.Boolean, "是否涉及永久基本农田", "touches permanent basic farmland"),
            new("sfhx", FieldType.Boolean, "是否涉及生态保护红线", "touches ecological red line"),
            new("pdjg", Text, "合法性判定（合法/违法/其他）", "judgement (legal / illegal / other)"),
            new("pdyj", Text, "判定依据（批文号/电子监管号/备案号）", "basis documents"),
            new("hcrq", Date, "实地核查日期", "field check date"),
            new("lah", Text, "立案号", "case number"),
            new("zgzt", Text, "整改状态", "remediation status"),
        ],
        ["qsx", "hsx", "xfrq"]);

    public static readonly LayerKindDefinition ImageryScene = new(
        LayerKind.ImageryScene, "imagery_scene", "影像", "Imagery scene", GeometryFamily.Polygon, "scene_id",
        [
            new("scene_id", Text, "景标识", "scene id", Required: true),
            new("sensor", Text, "传感器", "sensor"),
            new("acq_date", Date, "获取日期", "acquisition date", Required: true),
            new("resolution_m", Real, "分辨率（米）", "resolution (m)", SourceNames: ["resolution", "fbl"]),
            new("cloud_pct", Real, "云量（%）", "cloud cover (%)"),
            new("tile_source", Text, "瓦片来源", "tile source (folder under tiles/ or MBTiles file)", SourceNames: ["tile_src", "tiles"]),
        ],
        ["acq_date"]);

    /// <summary>Every layer kind, in the order the catalog lists them.</summary>
    public static readonly IReadOnlyList<LayerKindDefinition> All =
    [
        Jurisdiction, ApprovalBatch, LandSupply, TemporaryLandUse, FacilityAgriculture,
        PermanentBasicFarmland, EcologicalRedLine, LandUse, RegisteredParcel, ChangeSpot, ImageryScene,
    ];

    public static LayerKindDefinition Get(LayerKind kind) => All.First(d => d.Kind == kind);
}
