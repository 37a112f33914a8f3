using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// One golden verification case as written in <c>Cases/*.json</c> (format: Cases/README.md).
/// Geometries are WKT in metres relative to <see cref="GoldenCaseLoader.OriginEasting"/> /
/// <see cref="GoldenCaseLoader.OriginNorthing"/> of EPSG:4523.
/// </summary>
internal sealed record GoldenCase
{
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Free text: what the case shows and why the expectation holds.</summary>
    [JsonPropertyName("about")]
    public string? About { get; init; }

    /// <summary>Set when the engine is known to get this case wrong; the case still fails and reports it.</summary>
    [JsonPropertyName("knownIssue")]
    public string? KnownIssue { get; init; }

    [JsonPropertyName("claim")]
    public required string Claim { get; init; }

    [JsonPropertyName("checkDate")]
    public required string CheckDate { get; init; }

    [JsonPropertyName("petition")]
    public required string Petition { get; init; }

    /// <summary>pin | drawn | surveyed: the petition tolerance from VerificationOptions.PetitionTolerance.</summary>
    [JsonPropertyName("accuracy")]
    public required string Accuracy { get; init; }

    [JsonPropertyName("text")]
    public string? Text { get; init; }

    [JsonPropertyName("refs")]
    public Dictionary<string, string>? Refs { get; init; }

    [JsonPropertyName("features")]
    public List<GoldenFeature> Features { get; init; } = [];

    [JsonPropertyName("expect")]
    public required GoldenExpectation Expect { get; init; }

    /// <summary>The file the case came from (set by the loader).</summary>
    [JsonIgnore]
    public string File { get; init; } = "";
}

/// <summary>A feature of an authoritative layer: its kind (LayerKind name), key, WKT and attributes.</summary>
internal sealed record GoldenFeature
{
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The feature key; defaults to the kind's key column in <see cref="Attrs"/>.</summary>
    [JsonPropertyName("key")]
    public string? Key { get; init; }

    [JsonPropertyName("wkt")]
    public required string Wkt { get; init; }

    [JsonPropertyName("attrs")]
    public Dictionary<string, JsonElement> Attrs { get; init; } = [];
}

/// <summary>What the engine must return for the case's single claim.</summary>
internal sealed record GoldenExpectation
{
    [JsonPropertyName("finding")]
    public required string Finding { get; init; }

    /// <summary>Absent: not checked; JSON null: the outcome must be null; a name: that outcome.</summary>
    [JsonPropertyName("outcome")]
    public JsonElement Outcome { get; init; }

    /// <summary>Rule ids that must fire (at least one hit each).</summary>
    [JsonPropertyName("rules")]
    public List<string> Rules { get; init; } = [];

    /// <summary>Rule ids that must not fire.</summary>
    [JsonPropertyName("absent")]
    public List<string> Absent { get; init; } = [];

    /// <summary>Rule id → finding that at least one hit of that rule must have.</summary>
    [JsonPropertyName("ruleFindings")]
    public Dictionary<string, string> RuleFindings { get; init; } = [];

    [JsonPropertyName("lead")]
    public bool? Lead { get; init; }

    /// <summary>Rule id → area (m²) that at least one hit of that rule must report, ± <see cref="AreaTolerance"/>.</summary>
    [JsonPropertyName("areaM2")]
    public Dictionary<string, double> AreaM2 { get; init; } = [];

    [JsonPropertyName("areaTolerance")]
    public double? AreaTolerance { get; init; }

    /// <summary>Texts that must occur in the Chinese sentence of some hit.</summary>
    [JsonPropertyName("sentenceContains")]
    public List<string> SentenceContains { get; init; } = [];
}
