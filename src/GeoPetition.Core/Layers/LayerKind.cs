namespace GeoPetition.Core.Layers;

/// <summary>
/// The kinds of authoritative layer a bureau keeps. Each kind has one table; a bureau may hold
/// several layers of one kind (for example the land-use survey of 2019 and of 2020).
/// </summary>
public enum LayerKind
{
    /// <summary>行政区: administrative unit with its 6-digit (county) or 9/12-digit code.</summary>
    Jurisdiction,

    /// <summary>农用地转用/土地征收批次: approved conversion or acquisition batch (§9.3).</summary>
    ApprovalBatch,

    /// <summary>供地: allocation or sale of approved land, keyed by 电子监管号 (§9.4).</summary>
    LandSupply,

    /// <summary>临时用地: time-limited use that must be restored (§9.5).</summary>
    TemporaryLandUse,

    /// <summary>设施农业用地备案: registered farm-facility land (§9.6).</summary>
    FacilityAgriculture,

    /// <summary>永久基本农田: protected cropland (§9.7).</summary>
    PermanentBasicFarmland,

    /// <summary>生态保护红线: ecological protection boundary (§9.7).</summary>
    EcologicalRedLine,

    /// <summary>三调/年度变更调查 地类图斑: land-use survey polygon of one survey year (§9.8).</summary>
    LandUse,

    /// <summary>宗地: registered parcel (§9.9).</summary>
    RegisteredParcel,

    /// <summary>卫片图斑: remote-sensing change spot (§9.2).</summary>
    ChangeSpot,

    /// <summary>影像: a dated imagery scene, its footprint and its tile source (§9.10).</summary>
    ImageryScene,
}
