using System.Text.Json;
using System.Text.Json.Serialization;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Verification;

/// <summary>What to verify: a location (EPSG:4490), its tolerance, the claims and the check date.</summary>
public sealed record VerificationRequest(Geometry Location, double ToleranceM, IReadOnlyList<ClaimInput> Claims, DateOnly CheckDate, bool AsOf = false);

/// <summary>
/// The verification engine: fetches candidate features from an <see cref="ILayerSource"/>, drops
/// those that did not exist yet on the check date, runs the rule set of each claim (§7) and
/// combines the rules that fired into one finding per claim. Pure apart from the source.
/// </summary>
public sealed class Verifier(VerificationOptions options)
{
    private static readonly JsonSerializerOptions CanonicalJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Converters = { new JsonStringEnumConverter() },
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The writer settings <see cref="JsonSerializer.SerializeToUtf8Bytes{TValue}(TValue, JsonSerializerOptions?)"/> derives from <see cref="CanonicalJson"/>.</summary>
    private static readonly JsonWriterOptions CanonicalWriter = new()
    {
        Encoder = CanonicalJson.Encoder,
        Indented = CanonicalJson.WriteIndented,
        MaxDepth = CanonicalJson.MaxDepth,
    };

    public VerificationOptions Options => options;

    /// <summary>The layer kinds each claim type's rules read.</summary>
    public static IReadOnlyList<LayerKind> KindsFor(ClaimType type) => type switch
    {
        ClaimType.IllegalOccupation or ClaimType.Planning or ClaimType.Mining =>
        [
            LayerKind.ChangeSpot, LayerKind.ApprovalBatch, LayerKind.LandSupply, LayerKind.TemporaryLandUse,
            LayerKind.FacilityAgriculture, LayerKind.PermanentBasicFarmland, LayerKind.EcologicalRedLine, LayerKind.LandUse,
        ],
        ClaimType.LandAcquisition =>
            [LayerKind.ChangeSpot, LayerKind.ApprovalBatch, LayerKind.LandSupply, LayerKind.PermanentBasicFarmland, LayerKind.LandUse],
        ClaimType.Compensation => [LayerKind.ApprovalBatch],
        ClaimType.Registration or ClaimType.BoundaryDispute => [LayerKind.RegisteredParcel],
        _ => [],
    };

    public async Task<VerificationResult> VerifyAsync(VerificationRequest request, ILayerSource source, CancellationToken ct)
    {
        var overlay = new Overlay(request.Location, request.ToleranceM, options);

        // Search a little beyond the petition so that neighbouring parcels (D3) and features just
        // outside a shrunk boundary are seen; the rules decide what is significant.
        var search = Reprojection.Transform(overlay.Petition.Buffer(Math.Max(2.0, options.RemoteSensingToleranceM)), overlay.Zone, Srids.Storage);
        var features = new Dictionary<LayerKind, IReadOnlyList<LayerFeature>>();
        // The kinds with many small features first: their overlaps take longest and start while
        // the rest are read (the order of reading changes nothing else).
        var kinds = request.Claims.SelectMany(c => KindsFor(c.Type)).Distinct()
            .OrderBy(k => k switch { LayerKind.LandUse => 0, LayerKind.ChangeSpot => 1, LayerKind.RegisteredParcel => 2, _ => 3 }).ToList();

        // Every claim's evidence lists the overlap of every feature it reads: compute them before
        // the rules ask for them, in parallel (each depends on its feature alone), each kind while
        // the next kinds are still being read. The kinds are overlaid one after another (each on up
        // to MaxParallelism threads), so the verification keeps to its threads.
        var parallel = options.MaxParallelism > 1;
        var prepared = Task.CompletedTask;
        try
        {
            await foreach (var (kind, found) in source.StreamManyAsync(kinds, search, ct))
            {
                var existing = new FeatureSet(found.Where(f => ExistedOn(f, request.CheckDate)));
                features[kind] = existing;
                if (parallel)
                {
                    prepared = PrepareAfterAsync(prepared, overlay, existing);
                }
            }
        }
        catch
        {
            await prepared.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }

        await prepared;
        if (!parallel)
        {
            overlay.PrepareHits(features.Values.SelectMany(fs => fs).ToList());
        }

        var claims = new List<ClaimResult>();
        foreach (var claim in request.Claims)
        {
            var context = new RuleContext(overlay, features, claim, request.CheckDate, options);
            var hits = Evaluate(context).Select(MarkLead).ToList();
            var finding = Combine(hits);
            var isLead = finding is Finding.Substantiated or Finding.PartlySubstantiated
                && hits.Where(h => h.Finding is Finding.Substantiated or Finding.PartlySubstantiated).All(h => h.IsLead);
            var evidence = KindsFor(claim.Type)
                .SelectMany(k => features.TryGetValue(k, out var fs) ? fs : [])
                .Select(overlay.Hit)
                .Where(h => h.AreaM2 > 0)
                // Largest overlap first, compared to the mm² (two features of identical geometry
                // can get areas a few ulps apart from different vertex orders; they then go by fid).
                .OrderBy(h => h.Kind).ThenByDescending(h => Math.Round(h.AreaM2, 6)).ThenBy(h => h.Fid)
                .ToList();
            claims.Add(new ClaimResult(claim.Index, claim.Type, finding, FindingLabels.OutcomeOf(finding), isLead, hits, evidence));
        }

        var result = new VerificationResult(
            request.CheckDate, request.AsOf, overlay.Zone, Math.Round(overlay.PetitionAreaM2, 3), request.ToleranceM,
            source.Versions, claims, "");
        return result with { Sha256 = Hash(result) };
    }

    /// <summary>The hits of <paramref name="features"/>, on the thread pool, once <paramref name="before"/> is done.</summary>
    private static async Task PrepareAfterAsync(Task before, Overlay overlay, IReadOnlyList<LayerFeature> features)
    {
        await before;
        await Task.Run(() => overlay.PrepareHits(features));
    }

    /// <summary>
    /// SHA-256 of the canonical JSON of a result, without its own hash: the bytes
    /// <c>JsonSerializer.SerializeToUtf8Bytes(result, JsonOptions)</c> gives, hashed as they are
    /// written (<see cref="HashingBufferWriter"/>) instead of collected first.
    /// </summary>
    public static string Hash(VerificationResult result)
    {
        using var sink = new HashingBufferWriter();
        using (var writer = new Utf8JsonWriter(sink, CanonicalWriter))
        {
            JsonSerializer.Serialize(writer, result with { Sha256 = "" }, CanonicalJson);
        }

        return sink.Finish();
    }

    public static JsonSerializerOptions JsonOptions => CanonicalJson;

    private static List<RuleHit> Evaluate(RuleContext c) => c.Claim.Type switch
    {
        ClaimType.IllegalOccupation or ClaimType.Planning or ClaimType.Mining => IllegalOccupationRules.Evaluate(c),
        ClaimType.LandAcquisition => AcquisitionRules.Evaluate(c),
        ClaimType.Compensation => AcquisitionRules.EvaluateCompensation(c),
        ClaimType.Registration => RegistrationRules.Evaluate(c),
        ClaimType.BoundaryDispute => RegistrationRules.EvaluateBoundary(c),
        _ =>
        [
            new RuleHit("G0", Finding.FieldCheckNeeded,
                "该类诉求无可用的空间核查规则：按一般程序调查核实。",
                "No spatial rule covers this kind of claim: investigate it by the ordinary procedure.",
                "信访工作条例 第三十一条第（六）项", []),
        ],
    };

    /// <summary>A finding drawn from imagery alone is a lead until a field check is recorded (自然资发〔2023〕258号).</summary>
    private static RuleHit MarkLead(RuleHit h) => h.IsLead
        ? h with { SentenceZh = h.SentenceZh + "（线索，须实地核查）", SentenceEn = h.SentenceEn + " (a lead from imagery: a field check is required)" }
        : h;

    /// <summary>
    /// One finding per claim from the rules that fired: forwarding and statutory channels decide
    /// the route; a violation (属实) stands unless another part is lawful (不属实), which makes the
    /// claim 部分属实; rules that find a part (R3, R6, Z3) give 部分属实 on their own.
    /// </summary>
    public static Finding Combine(IReadOnlyList<RuleHit> hits)
    {
        bool Any(Finding f) => hits.Any(h => h.Finding == f);
        if (Any(Finding.Forward))
        {
            return Finding.Forward;
        }

        if (Any(Finding.StatutoryChannel))
        {
            return Finding.StatutoryChannel;
        }

        if (Any(Finding.Substantiated))
        {
            // A violation found on one part while another part is lawful makes the claim partly true.
            return Any(Finding.NotSubstantiated) ? Finding.PartlySubstantiated : Finding.Substantiated;
        }

        if (Any(Finding.PartlySubstantiated))
        {
            return Finding.PartlySubstantiated;
        }

        if (Any(Finding.FieldCheckNeeded))
        {
            return Finding.FieldCheckNeeded;
        }

        return Any(Finding.NotSubstantiated) ? Finding.NotSubstantiated : Finding.FieldCheckNeeded;
    }

    /// <summary>
    /// Whether a feature existed on a date (for as-of verification): approvals from their approval
    /// date, supplies from their supply date, change spots from their issue date (else the later
    /// image), temporary land and facility registrations from their start/registration, parcels
    /// from registration, surveys from their year. Features without the date count as existing.
    /// </summary>
    public static bool ExistedOn(LayerFeature f, DateOnly date) => f.Kind switch
    {
        LayerKind.ApprovalBatch => f.Date("pzrq") is not DateOnly d || d <= date,
        LayerKind.LandSupply => f.Date("gdrq") is not DateOnly d || d <= date,
        LayerKind.ChangeSpot => (f.Date("xfrq") ?? f.Date("hsx")) is not DateOnly d || d <= date,
        LayerKind.TemporaryLandUse => f.Date("qsrq") is not DateOnly d || d <= date,
        LayerKind.FacilityAgriculture => f.Date("barq") is not DateOnly d || d <= date,
        LayerKind.RegisteredParcel => f.Date("djsj") is not DateOnly d || d <= date,
        LayerKind.LandUse => f.Number("sjnf") is not double y || y <= date.Year,
        LayerKind.ImageryScene => f.Date("acq_date") is not DateOnly d || d <= date,
        _ => true,
    };
}
