using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>A demo petition (信访件) with the findings the verification engine should reach.</summary>
internal sealed class Petition
{
    public required string Scenario { get; init; }

    public required string Title { get; init; }

    public required string Channel { get; init; }

    public required string Category { get; init; }

    public required string Subject { get; init; }

    public required DateOnly ReceivedAt { get; init; }

    public required List<Petitioner> Petitioners { get; init; }

    public bool IsCollective { get; init; }

    /// <summary>How many people came or signed (collective petitions; the petitioners are the representatives, ≤ 5).</summary>
    public int? Headcount { get; init; }

    public required string Text { get; init; }

    /// <summary>Location in <see cref="LocationCrs"/> coordinates (x = lon/easting), or null.</summary>
    public Geometry? Location { get; init; }

    /// <summary>EPSG:4490, GCJ-02, BD-09 or EPSG:4523.</summary>
    public string LocationCrs { get; init; } = "EPSG:4490";

    /// <summary>pin, surveyed or drawn.</summary>
    public string LocationAccuracy { get; init; } = "pin";

    public required List<PetitionClaim> Claims { get; init; }

    public required List<ExpectedFinding> Expected { get; init; }
}

/// <summary>One petitioner (or representative of a collective petition).</summary>
internal sealed record Petitioner(string Name, string IdNumber, string Phone, string Address);

/// <summary>One claim: illegal_occupation, land_acquisition or registration, with document references.</summary>
internal sealed record PetitionClaim(string Type, string Text, IReadOnlyDictionary<string, string> Refs);

/// <summary>The finding expected for one claim, the rule ids that justify it, and an explanatory note.</summary>
internal sealed record ExpectedFinding(int Claim, string Finding, IReadOnlyList<string> Rules, string Note);
