namespace GeoPetition.Core.Spatial;

/// <summary>
/// One supported coordinate reference system: its EPSG code, EPSG name, family and the parameters
/// that matter for Gauss–Krüger systems (all of them have k0 = 1, latitude of origin 0 and false
/// northing 0 on the CGCS2000 ellipsoid). <see cref="Wkt"/> is OGC WKT1 that ProjNet's
/// <c>CoordinateSystemWktReader</c> parses, with x = longitude/easting first.
/// </summary>
/// <param name="Epsg">EPSG code, also used as the SRID.</param>
/// <param name="Name">EPSG name, e.g. "CGCS2000 / 3-degree Gauss-Kruger zone 35".</param>
/// <param name="Family">Kind of system.</param>
/// <param name="CentralMeridian">Central meridian in degrees east (null for geographic systems).</param>
/// <param name="Zone">Zone number carried in the easting prefix (null when there is no prefix).</param>
/// <param name="FalseEasting">False easting in metres (0 for geographic systems and Web Mercator).</param>
/// <param name="Wkt">OGC WKT1 definition with AUTHORITY["EPSG", code].</param>
public sealed record CrsInfo(
    int Epsg,
    string Name,
    CrsFamily Family,
    double? CentralMeridian,
    int? Zone,
    double FalseEasting,
    string Wkt)
{
    /// <summary>True for the Gauss–Krüger families (3° or 6°, with or without zone prefix).</summary>
    public bool IsGaussKruger => Family is CrsFamily.GaussKruger3 or CrsFamily.GaussKruger3WithZone
        or CrsFamily.GaussKruger6 or CrsFamily.GaussKruger6WithZone;

    /// <summary>True for geographic lon/lat systems (4490, 4326).</summary>
    public bool IsGeographic => Family == CrsFamily.Geographic;

    /// <summary>Width of the Gauss–Krüger zone in degrees (3 or 6); null for other families.</summary>
    public int? ZoneWidthDegrees => Family switch
    {
        CrsFamily.GaussKruger3 or CrsFamily.GaussKruger3WithZone => 3,
        CrsFamily.GaussKruger6 or CrsFamily.GaussKruger6WithZone => 6,
        _ => null,
    };

    /// <summary>"EPSG:4523 (CGCS2000 / 3-degree Gauss-Kruger zone 35)".</summary>
    public override string ToString() => $"EPSG:{Epsg} ({Name})";
}
