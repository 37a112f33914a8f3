using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>
/// The synthetic demo county in memory: administrative units, the 2019 and 2023 land use, the
/// control lines, the approval chain (批/供/用), registrations and the change spots, plus the
/// list of scenario sites that the petitions refer to. Every geometry is EPSG:4523.
/// </summary>
internal sealed class DemoWorld
{
    public required int Seed { get; init; }

    public List<County> Counties { get; } = [];

    public List<Township> Townships { get; } = [];

    public List<Village> Villages { get; } = [];

    public List<Cell> Cells { get; } = [];

    public List<LandPolygon> LandUse2019 { get; } = [];

    public List<LandPolygon> LandUse2023 { get; } = [];

    public List<LandChange> Changes { get; } = [];

    public List<ChangeSpot> Spots { get; } = [];

    public List<ApprovalBatch> Batches { get; } = [];

    public List<LandSupply> Supplies { get; } = [];

    public List<TemporaryLand> TemporaryLands { get; } = [];

    public List<FacilityRegistration> Facilities { get; } = [];

    public List<FarmlandPolygon> Farmland { get; } = [];

    public List<RedLinePolygon> RedLines { get; } = [];

    public List<RegisteredParcel> Parcels { get; } = [];

    public List<Petition> Petitions { get; } = [];

    /// <summary>Union of all counties (the demo area).</summary>
    public Geometry Area { get; set; } = DemoFrame.Factory.CreatePolygon();
}

/// <summary>A county (县级行政区).</summary>
internal sealed class County(string code, string name, string shortName)
{
    public string Code { get; } = code;

    public string Name { get; } = name;

    /// <summary>One-character abbreviation used in document numbers (示/样).</summary>
    public string Short { get; } = shortName;

    public Geometry Geometry { get; set; } = DemoFrame.Factory.CreatePolygon();
}

/// <summary>A township (乡镇), 9-digit code.</summary>
internal sealed class Township(string code, string name, County county)
{
    public string Code { get; } = code;

    public string Name { get; } = name;

    public County County { get; } = county;

    /// <summary>The 3-digit part used as 地籍区 in 宗地代码.</summary>
    public string CadastralDistrict => Code[6..];

    public Geometry Geometry { get; set; } = DemoFrame.Factory.CreatePolygon();

    public List<Village> Villages { get; } = [];

    /// <summary>The 19-character 权属单位代码 of state land in this township.</summary>
    public string StateOwnerCode => Code + "0000000000";
}

/// <summary>A village (村) or community (社区), 12-digit code; collectively owned land belongs to its groups.</summary>
internal sealed class Village(string code, string name, Township township, bool isCommunity)
{
    public string Code { get; } = code;

    public string Name { get; } = name;

    public Township Township { get; } = township;

    public bool IsCommunity { get; } = isCommunity;

    public List<Cell> Cells { get; } = [];

    public int GroupCount { get; set; } = 1;

    /// <summary>Settlement (林盘) centre, local frame.</summary>
    public (double U, double V) Seed { get; set; }

    /// <summary>The 19-character 权属单位代码 of a 村民小组 (group 1…n).</summary>
    public string GroupOwnerCode(int group) => Code + group.ToString("D2", System.Globalization.CultureInfo.InvariantCulture) + "00000";

    /// <summary>The 19-character 坐落单位代码 of the village.</summary>
    public string LocationCode => Code + "0000000";

    /// <summary>Name of a 村民小组, e.g. 白鹤村三组.</summary>
    public string GroupName(int group) => Name + Names.ChineseNumber(group) + "组";
}

/// <summary>Where a grid cell lies in the planning sense.</summary>
internal enum CellZone
{
    Rural,
    TownCore,
    TownRing,
    Expansion,
}

/// <summary>A cell of the jittered grid that every polygon of the land use is cut from.</summary>
internal sealed class Cell
{
    public required int Index { get; init; }

    public required int I { get; init; }

    public required int J { get; init; }

    /// <summary>Corners (GK) counter-clockwise: (i,j), (i+1,j), (i+1,j+1), (i,j+1).</summary>
    public required Coordinate[] Corners { get; init; }

    public required Polygon Quad { get; init; }

    public required double U { get; init; }

    public required double V { get; init; }

    public Township Township { get; set; } = null!;

    public Village Village { get; set; } = null!;

    public int Group { get; set; } = 1;

    public CellZone Zone { get; set; }

    /// <summary>The town (or industrial park) the cell belongs to, when not rural.</summary>
    public TownArea? Town { get; set; }

    /// <summary>Hill intensity 0…1 (forest above ~0.62).</summary>
    public double Hill { get; set; }

    /// <summary>A scenario uses this cell: rural pickers keep one cell apart from it.</summary>
    public bool Busy { get; set; }

    /// <summary>Village settlement cell (林盘 cluster).</summary>
    public bool Settlement { get; set; }

    /// <summary>Linear features (river, roads, streets, ditches) overlapping this cell.</summary>
    public List<LandPolygon> Linear { get; } = [];

    /// <summary>Land-use polygons (2019) cut from this cell (fields, blocks).</summary>
    public List<LandPolygon> Fields { get; } = [];
}

/// <summary>A town or industrial park: an elliptical zone of old core, 2015–2019 ring and expansion.</summary>
internal sealed record TownArea(string Name, double U, double V, double RadiusU, double RadiusV, bool Industrial)
{
    /// <summary>Elliptical distance (1 = edge of the built-up area in 2019).</summary>
    public double Metric(double u, double v)
    {
        var x = (u - U) / RadiusU;
        var y = (v - V) / RadiusV;
        return Math.Sqrt(x * x + y * y);
    }
}

/// <summary>A land-use polygon (地类图斑, DLTB) of one survey year.</summary>
internal sealed class LandPolygon
{
    public int Id { get; set; }

    public required Polygon Geometry { get; set; }

    public required string Dlbm { get; set; }

    public required Village Village { get; set; }

    public int Group { get; set; } = 1;

    /// <summary>State-owned (国有, qsxz 10) rather than collective (村民小组, qsxz 31).</summary>
    public bool State { get; set; }

    /// <summary>城镇村属性码 (201/202/203 …) or null.</summary>
    public string? Czcsxm { get; set; }

    /// <summary>Direction of furrows / rows / buildings, radians (for the imagery only).</summary>
    public double Angle { get; set; }

    public Cell? Cell { get; set; }

    /// <summary>Inside permanent basic farmland (set for 2019 cropland).</summary>
    public bool Farmland { get; set; }

    /// <summary>Inside an ecological red line (interior point test).</summary>
    public bool RedLine { get; set; }

    /// <summary>Taken by a scenario or project; the site pickers skip it.</summary>
    public bool Reserved { get; set; }

    /// <summary>Linear feature (road, river, ditch, street).</summary>
    public bool IsLinear { get; set; }

    /// <summary>For pieces of a grid-line feature: which line they belong to (pieces of one line never overlap).</summary>
    public int LineKey { get; set; } = -1;

    public string Bsm { get; set; } = "";

    public string Tbbh { get; set; } = "";

    public double Tbmj { get; set; }

    public LandUseClass Class => LandUseClasses.Get(Dlbm);
}

/// <summary>
/// A real change of the ground between two dates (or, for a false change, none): the source of a
/// change spot, of the 2023 land use and of the imagery.
/// </summary>
internal sealed class LandChange
{
    public required Geometry Geometry { get; set; }

    /// <summary>Class after the change as the 2023 survey records it.</summary>
    public required string NewDlbm { get; init; }

    /// <summary>How it looks on imagery after <see cref="Date"/>.</summary>
    public required Material Look { get; init; }

    /// <summary>Day the change happened (visible on every image taken on or after it).</summary>
    public required DateOnly Date { get; init; }

    /// <summary>Restored (demolished/reclaimed) on this day: the ground looks as before again.</summary>
    public DateOnly? RevertDate { get; init; }

    /// <summary>Land becomes state-owned (征收).</summary>
    public bool ToState { get; init; }

    public string? Czcsxm { get; init; }

    public required Village Village { get; init; }

    public double Angle { get; init; }

    /// <summary>Recorded by the 2023 annual change survey (happened before scene B and not reverted by then).</summary>
    public bool InSurvey2023 => Date <= DemoFrame.SceneB && (RevertDate is null || RevertDate > DemoFrame.SceneB);

    /// <summary>Visible on an image of this date.</summary>
    public bool VisibleOn(DateOnly date) => Date <= date && (RevertDate is null || RevertDate > date);
}

/// <summary>A remote-sensing change spot (卫片图斑).</summary>
internal sealed class ChangeSpot
{
    public required string Jcbh { get; init; }

    public required County County { get; init; }

    public required string Tblx { get; init; }

    public string Tz { get; set; } = "";

    public required DateOnly Qsx { get; init; }

    public required DateOnly Hsx { get; init; }

    public required string Xfpc { get; init; }

    public required DateOnly Xfrq { get; init; }

    public required Geometry Geometry { get; init; }

    public string Dlbm { get; set; } = "";

    public bool Sfyn { get; set; }

    public bool Sfhx { get; set; }

    public string Pdjg { get; set; } = "";

    public string Pdyj { get; set; } = "";

    public DateOnly? Hcrq { get; set; }

    public string Lah { get; set; } = "";

    public string Zgzt { get; set; } = "";

    public double Mj { get; set; }

    public LandChange? Change { get; init; }

    /// <summary>Scenario tag (for the petitions and the README), e.g. "r4_pbf".</summary>
    public string Scenario { get; set; } = "";
}

/// <summary>农用地转用/土地征收批次.</summary>
internal sealed class ApprovalBatch
{
    public required string Pcbm { get; init; }

    public required string Name { get; init; }

    public required string Type { get; init; }

    public required string Pzwh { get; init; }

    public required string Pzjg { get; init; }

    public required DateOnly Pzrq { get; init; }

    public required Geometry Geometry { get; set; }

    public required County County { get; init; }

    public string Tdyt { get; set; } = "";

    public double TotalHa { get; set; }

    public double AcquiredHa { get; set; }

    public double FarmlandHa { get; set; }

    public double CroplandHa { get; set; }

    public double PbfHa { get; set; }

    public int QuotaYear { get; set; }

    public DateOnly? PreNoticeDate { get; set; }

    public int? PreNoticeDays { get; set; }

    public DateOnly? PlanNoticeDate { get; set; }

    public int? PlanNoticeDays { get; set; }

    public DateOnly? HearingDate { get; set; }

    public string NoticeNumber { get; set; } = "";

    public DateOnly? NoticeDate { get; set; }

    public string Scenario { get; set; } = "";
}

/// <summary>供地 (出让/划拨 …) with its 电子监管号.</summary>
internal sealed class LandSupply
{
    public required string Dzjgh { get; init; }

    public required string Gdfs { get; init; }

    public required string Htbh { get; init; }

    public required DateOnly Gdrq { get; init; }

    public required string Srr { get; init; }

    public required string Tdyt { get; init; }

    public required Geometry Geometry { get; init; }

    public ApprovalBatch? Batch { get; init; }

    public required County County { get; init; }
}

/// <summary>临时用地.</summary>
internal sealed class TemporaryLand
{
    public required string Pzwh { get; init; }

    public required string Pzjg { get; init; }

    public required DateOnly Start { get; init; }

    public required DateOnly End { get; init; }

    public required string Purpose { get; init; }

    public bool LongCycle { get; init; }

    public DateOnly? Reclaimed { get; init; }

    public required Geometry Geometry { get; init; }

    public string Scenario { get; set; } = "";
}

/// <summary>设施农业用地备案.</summary>
internal sealed class FacilityRegistration
{
    public required string Bah { get; init; }

    public required Township Township { get; init; }

    public required DateOnly Date { get; init; }

    public required string Type { get; init; }

    public required DateOnly MappedDate { get; init; }

    public required Geometry Geometry { get; init; }

    public string Scenario { get; set; } = "";
}

/// <summary>永久基本农田 polygon.</summary>
internal sealed class FarmlandPolygon
{
    public required string Bsm { get; init; }

    public required string Dlbm { get; init; }

    public required int Year { get; init; }

    public required Geometry Geometry { get; init; }
}

/// <summary>生态保护红线 polygon.</summary>
internal sealed class RedLinePolygon
{
    public required string Bsm { get; init; }

    public required string Type { get; init; }

    public required string Name { get; init; }

    public required Geometry Geometry { get; init; }
}

/// <summary>宗地 / 不动产单元 registration record.</summary>
internal sealed class RegisteredParcel
{
    public string Bsm { get; set; } = "";

    public required string Zddm { get; init; }

    public required string Bdcdyh { get; init; }

    public required string Qllx { get; init; }

    public required string Qlxz { get; init; }

    public required string Qlr { get; init; }

    public required string Zl { get; init; }

    public required string Yt { get; init; }

    public required Geometry Geometry { get; set; }

    /// <summary>Recorded area (zdmj), m²; normally the planar area of the geometry.</summary>
    public double Zdmj { get; set; }

    public DateOnly? TermStart { get; init; }

    public DateOnly? TermEnd { get; init; }

    public required string Bdcqzh { get; init; }

    public required DateOnly Djsj { get; set; }

    public required int Jzdjd { get; set; }

    public string Qszt { get; init; } = "现势";

    public string Scenario { get; set; } = "";
}
