using GeoPetition.Core.Layers;

namespace GeoPetition.Core.Verification;

/// <summary>What one claim asks to be checked.</summary>
public sealed record ClaimInput(int Index, ClaimType Type, string? Text, IReadOnlyDictionary<string, string> Refs);

/// <summary>
/// One overlapping feature: layer, key, the attributes that matter, intersection area (m²,
/// ellipsoidal, of the untrimmed geometries) and its share of the petition area.
/// </summary>
public sealed record FeatureHit(
    string LayerId, int VersionId, long Fid, LayerKind Kind, string Key,
    double AreaM2, double AreaMu, double Share, bool Significant, IReadOnlyDictionary<string, string?> Attributes);

/// <summary>One rule that fired: its id, the finding it supports, why (zh/en), its legal basis, the features and dates that decided it.</summary>
public sealed record RuleHit(
    string RuleId, Finding Finding, string SentenceZh, string SentenceEn, string LegalBasis,
    IReadOnlyList<string> FeatureKeys, double? AreaM2 = null, bool IsLead = false,
    IReadOnlyDictionary<string, string>? Dates = null);

/// <summary>The verification of one claim.</summary>
public sealed record ClaimResult(
    int Index, ClaimType Type, Finding Finding, Outcome? Outcome, bool IsLead,
    IReadOnlyList<RuleHit> Rules, IReadOnlyList<FeatureHit> Evidence);

/// <summary>
/// The result of verifying a petition or an ad-hoc geometry: the claims' findings, the petition
/// area, the check date and the layer versions consulted. <see cref="Sha256"/> hashes the
/// canonical content (everything except when it was computed), so an identical re-run gives the
/// same hash.
/// </summary>
public sealed record VerificationResult(
    DateOnly CheckDate, bool AsOf, int Zone, double PetitionAreaM2, double ToleranceM,
    IReadOnlyList<LayerVersionRef> Versions, IReadOnlyList<ClaimResult> Claims, string Sha256);
