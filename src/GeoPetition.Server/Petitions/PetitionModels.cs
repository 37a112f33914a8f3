using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeoPetition.Server.Petitions;

/// <summary>A petitioner (信访人). Personal data: see docs/security.md for masking and encryption.</summary>
public sealed record PetitionerDto(string? Name, string? IdNumber, string? Phone, string? Address);

/// <summary>One claim (诉求) with the references the petitioner gave.</summary>
public sealed record ClaimDto(string? Type, string? Text, Dictionary<string, string>? Refs);

/// <summary>
/// The intake request of <c>POST /api/petitions</c>. <see cref="Location"/> is a GeoJSON geometry in
/// <see cref="LocationCrs"/> (EPSG:4490 by default; GCJ-02 and BD-09 accepted), or null when a claim
/// reference (bdcdyh, zddm, jcbh, pzwh, dzjgh) identifies the place.
/// </summary>
public sealed record PetitionRequest(
    string? Channel, string? Category, string? Subject, DateOnly? ReceivedAt,
    List<PetitionerDto>? Petitioners, bool IsCollective, int? Headcount, string? Text,
    JsonElement? Location, string? LocationCrs, string? LocationAccuracy, List<ClaimDto>? Claims);

/// <summary>A stored petition as the API returns it. Open311 GeoReport v2 names where they fit.</summary>
public sealed record PetitionDto(
    long Id,
    [property: JsonPropertyName("service_request_id")] string CaseNo,
    string Channel, string Category, string Subject, DateOnly ReceivedAt,
    [property: JsonPropertyName("requested_datetime")] DateTimeOffset RegisteredAt,
    string Status, string? Xzqdm, bool RoutingReview,
    IReadOnlyList<PetitionerDto> Petitioners, bool IsCollective, int? Headcount, string? Text,
    string LocationSource, string? LocationCrs, string LocationAccuracy, double ToleranceM,
    JsonElement Location, double Lon, double Lat,
    IReadOnlyList<ClaimDto> Claims, string? LatestFinding)
{
    /// <summary>
    /// The next statutory deadline of the open case (its case clock as of today, as
    /// <c>GET /api/petitions/{id}/case</c> gives it); null for a closed case. Filled by the petition
    /// endpoints, not stored.
    /// </summary>
    public Cases.ClockDto? NextDeadline { get; init; }
}
