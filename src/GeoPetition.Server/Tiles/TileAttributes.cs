using GeoPetition.Core.Layers;

namespace GeoPetition.Server.Tiles;

/// <summary>
/// The attributes a map viewer needs, per layer kind: the key, a title-like field, the dates and
/// the class codes that drive styling and the click pop-up. Everything else (areas, owners'
/// names, notice numbers…) is left to OGC API – Features. This is the only place that lists them;
/// every column must exist in the kind's schema (a test checks it).
/// </summary>
public static class TileAttributes
{
    private static readonly Dictionary<LayerKind, string[]> Columns = new()
    {
        [LayerKind.Jurisdiction] = ["xzqdm", "xzqmc", "jb"],
        [LayerKind.ApprovalBatch] = ["pcbm", "bpxmmc", "pzwh", "pzjg", "pzrq", "zsggrq"],
        [LayerKind.LandSupply] = ["dzjgh", "gdfs", "gdrq", "tdyt", "pcbm"],
        [LayerKind.TemporaryLandUse] = ["pzwh", "qsrq", "jzrq", "ytlx"],
        [LayerKind.FacilityAgriculture] = ["bah", "barq", "sslx"],
        [LayerKind.PermanentBasicFarmland] = ["bsm", "dlbm"],
        [LayerKind.EcologicalRedLine] = ["bsm", "hxlx", "hxmc"],
        [LayerKind.LandUse] = ["bsm", "dlbm", "dlmc", "sjnf"],

        // Right holders (qlr) are personal data and stay out of tiles.
        [LayerKind.RegisteredParcel] = ["bsm", "zddm", "qllx", "yt", "qszt"],
        [LayerKind.ChangeSpot] = ["jcbh", "tblx", "qsx", "hsx", "pdjg", "zgzt"],
        [LayerKind.ImageryScene] = ["scene_id", "sensor", "acq_date", "cloud_pct"],
    };

    /// <summary>The tile attributes of a kind, in tile order, as fields of its schema.</summary>
    public static IReadOnlyList<LayerField> For(LayerKindDefinition kind) =>
        Columns.TryGetValue(kind.Kind, out var columns)
            ? columns.Select(c => kind.Field(c) ?? throw new InvalidOperationException($"tile attribute {c} is not a column of {kind.Table}")).ToList()
            : [kind.Key];

    /// <summary>The TileJSON field type ("String", "Number", "Boolean"); dates are ISO 8601 strings.</summary>
    public static string TileJsonType(FieldType type) => type switch
    {
        FieldType.Integer or FieldType.Real => "Number",
        FieldType.Boolean => "Boolean",
        _ => "String",
    };
}
