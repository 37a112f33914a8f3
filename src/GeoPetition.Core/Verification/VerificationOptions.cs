using GeoPetition.Core.Layers;

namespace GeoPetition.Core.Verification;

/// <summary>How precisely the petitioner's location is known; sets the petition's own tolerance.</summary>
public enum LocationAccuracy
{
    /// <summary>A pin on a consumer map (TOL_PIN, 10–30 m).</summary>
    Pin,

    /// <summary>Drawn by an officer on imagery (about the imagery resolution).</summary>
    Drawn,

    /// <summary>Surveyed boundary points (TOL_CAD, grade 2: 0.15 m).</summary>
    Surveyed,
}

/// <summary>
/// Tolerances and thresholds of domain-rules §7.0, all configurable (section <c>GeoPetition:Verification</c>).
/// Distances are metres in the petition's 3° Gauss–Krüger zone.
/// </summary>
public sealed class VerificationOptions
{
    /// <summary>TOL_PIN: positional tolerance of a consumer-map pin (10–30 m).</summary>
    public double PinToleranceM { get; set; } = 20;

    /// <summary>Tolerance of a geometry drawn on imagery.</summary>
    public double DrawnToleranceM { get; set; } = 2;

    /// <summary>TOL_CAD: grade-2 boundary point tolerance (grade 1: 0.10 m, grade 3: 0.20 m).</summary>
    public double CadastralToleranceM { get; set; } = 0.15;

    /// <summary>TOL_RS: remote-sensing polygons (image resolution and registration, 1–2 m).</summary>
    public double RemoteSensingToleranceM { get; set; } = 1.5;

    /// <summary>AREA_EPS floor: 0.01 亩 = 6.67 m².</summary>
    public double AreaEpsilonM2 { get; set; } = 10000.0 / 15.0 / 100.0;

    /// <summary>AREA_EPS share of the petition area: 0.1 %.</summary>
    public double AreaEpsilonShare { get; set; } = 0.001;

    /// <summary>Days after the 征收土地公告 is due (15 working days ≈ 21 calendar days; 实施条例 Art. 31).</summary>
    public int AcquisitionNoticeDays { get; set; } = 21;

    /// <summary>Shortest 补偿安置方案公告 period in days (实施条例 Art. 27: 30 日).</summary>
    public int PlanNoticeMinDays { get; set; } = 30;

    /// <summary>Shortest 预公告 period in days (实施条例 Art. 26: 10 个工作日, taken as 10).</summary>
    public int PreNoticeMinDays { get; set; } = 10;

    /// <summary>Cropland above which only the State Council may approve acquisition (土地管理法 Art. 46: 35 ha).</summary>
    public double StateCouncilCroplandHa { get; set; } = 35;

    /// <summary>Other land above which only the State Council may approve acquisition (Art. 46: 70 ha).</summary>
    public double StateCouncilOtherLandHa { get; set; } = 70;

    /// <summary>Years after the end of temporary use within which it must be reclaimed (实施条例 Art. 20).</summary>
    public int TemporaryReclaimYears { get; set; } = 1;

    /// <summary>
    /// Threads one verification may use for its independent geometry work (each feature's clip and
    /// overlap, each polygon of a change). 1 runs everything on the calling thread; the results are
    /// the same either way. Default: the machine's processor count.
    /// </summary>
    public int MaxParallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>
    /// Threads one verification of a batch job may use (<see cref="MaxParallelism"/> for batches).
    /// Jobs run one at a time, so a monthly batch of thousands of spots takes at most this many
    /// processors from the checks case officers are waiting for. Default 1.
    /// </summary>
    public int JobMaxParallelism { get; set; } = 1;

    /// <summary>A copy of these options with another <see cref="MaxParallelism"/>.</summary>
    public VerificationOptions WithMaxParallelism(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        var copy = (VerificationOptions)MemberwiseClone();
        copy.MaxParallelism = threads;
        return copy;
    }

    public double PetitionTolerance(LocationAccuracy accuracy) => accuracy switch
    {
        LocationAccuracy.Pin => PinToleranceM,
        LocationAccuracy.Drawn => DrawnToleranceM,
        _ => CadastralToleranceM,
    };

    /// <summary>Boundary tolerance of a layer kind: surveyed boundaries TOL_CAD, imagery-derived TOL_RS.</summary>
    public double LayerTolerance(LayerKind kind) => kind switch
    {
        LayerKind.ChangeSpot or LayerKind.LandUse or LayerKind.PermanentBasicFarmland or LayerKind.EcologicalRedLine
            or LayerKind.ImageryScene or LayerKind.Jurisdiction => RemoteSensingToleranceM,
        _ => CadastralToleranceM,
    };
}
