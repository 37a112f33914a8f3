namespace GeoPetition.Server.Demo;

/// <summary>How a surface looks on the synthetic imagery (one texture per material).</summary>
internal enum Material
{
    Paddy,
    DryCrop,
    IrrigatedCrop,
    Orchard,
    Forest,
    Bamboo,
    Shrub,
    Grass,
    River,
    Pond,
    Ditch,
    Homestead,
    UrbanResidential,
    Commercial,
    Industrial,
    Public,
    Park,
    Road,
    TownStreet,
    RuralRoad,
    Ridge,
    Greenhouse,
    LivestockSheds,
    Earthworks,
    BareSoil,
    Quarry,
    Solar,
    NewBuildings,
    Hardened,
    RoadWorks,
}

/// <summary>One class of GB/T 21010-2017 as used by the 三调 working classification (TD/T 1055-2019).</summary>
internal sealed record LandUseClass(string Code, string Name, LandGroup Group, Material Material)
{
    /// <summary>耕地 (0101 水田, 0102 水浇地, 0103 旱地).</summary>
    public bool IsCropland => Code.StartsWith("01", StringComparison.Ordinal);

    /// <summary>Construction land (建设用地) in the sense of 土地管理法 Art. 4.</summary>
    public bool IsConstruction => Group == LandGroup.Construction;
}

/// <summary>The three statutory groups (土地管理法 Art. 4).</summary>
internal enum LandGroup
{
    Farmland,
    Construction,
    Unused,
}

/// <summary>The land-use classes the demo county uses, with their Chinese names (dlmc).</summary>
internal static class LandUseClasses
{
    private static readonly LandUseClass[] All =
    [
        new("0101", "水田", LandGroup.Farmland, Material.Paddy),
        new("0102", "水浇地", LandGroup.Farmland, Material.IrrigatedCrop),
        new("0103", "旱地", LandGroup.Farmland, Material.DryCrop),
        new("0201", "果园", LandGroup.Farmland, Material.Orchard),
        new("0204", "其他园地", LandGroup.Farmland, Material.Orchard),
        new("0301", "乔木林地", LandGroup.Farmland, Material.Forest),
        new("0302", "竹林地", LandGroup.Farmland, Material.Bamboo),
        new("0305", "灌木林地", LandGroup.Farmland, Material.Shrub),
        new("0307", "其他林地", LandGroup.Farmland, Material.Shrub),
        new("0404", "其他草地", LandGroup.Farmland, Material.Grass),
        new("05H1", "商业服务业设施用地", LandGroup.Construction, Material.Commercial),
        new("0508", "物流仓储用地", LandGroup.Construction, Material.Industrial),
        new("0601", "工业用地", LandGroup.Construction, Material.Industrial),
        new("0602", "采矿用地", LandGroup.Construction, Material.Quarry),
        new("0701", "城镇住宅用地", LandGroup.Construction, Material.UrbanResidential),
        new("0702", "农村宅基地", LandGroup.Construction, Material.Homestead),
        new("08H1", "机关团体新闻出版用地", LandGroup.Construction, Material.Public),
        new("08H2", "科教文卫用地", LandGroup.Construction, Material.Public),
        new("0810", "公园与绿地", LandGroup.Construction, Material.Park),
        new("1003", "公路用地", LandGroup.Construction, Material.Road),
        new("1004", "城镇村道路用地", LandGroup.Construction, Material.TownStreet),
        new("1006", "农村道路", LandGroup.Farmland, Material.RuralRoad),
        new("1101", "河流水面", LandGroup.Unused, Material.River),
        new("1104", "坑塘水面", LandGroup.Farmland, Material.Pond),
        new("1107", "沟渠", LandGroup.Farmland, Material.Ditch),
        new("1202", "设施农用地", LandGroup.Farmland, Material.Greenhouse),
        new("1203", "田坎", LandGroup.Farmland, Material.Ridge),
        new("1206", "裸土地", LandGroup.Unused, Material.BareSoil),
    ];

    private static readonly Dictionary<string, LandUseClass> ByCode = All.ToDictionary(c => c.Code, StringComparer.Ordinal);

    /// <summary>The class with the given code (throws for a code the demo does not use).</summary>
    public static LandUseClass Get(string code) => ByCode[code];

    /// <summary>The Chinese name (dlmc) of a class code.</summary>
    public static string Name(string code) => ByCode[code].Name;
}
