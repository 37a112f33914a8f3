namespace GeoPetition.Core.Spatial;

/// <summary>
/// Named spatial reference identifiers (EPSG codes). Every geometry carries one of these as its
/// SRID; never write a bare number. See domain-rules.md §3.1 and <see cref="CrsRegistry"/> for the
/// full list of supported systems, including the CGCS2000 Gauss–Krüger zones 4491–4554.
/// </summary>
/// <remarks>
/// Axis order: throughout the code, x is longitude or easting and y is latitude or northing,
/// whatever order the EPSG database declares (it declares latitude first for 4490/4326 and
/// northing first for the Gauss–Krüger systems). This is the "traditional GIS order" of GDAL and
/// of Shapefile/GeoJSON data.
/// </remarks>
public static class Srids
{
    /// <summary>CGCS2000 geographic (China Geodetic Coordinate System 2000), lon/lat degrees.</summary>
    public const int Cgcs2000 = 4490;

    /// <summary>WGS 84 geographic, lon/lat degrees. Treated as identical to CGCS2000 (cm level).</summary>
    public const int Wgs84 = 4326;

    /// <summary>WGS 84 / Pseudo-Mercator (Web Mercator), metres, as used by web map tiles.</summary>
    public const int WebMercator = 3857;

    /// <summary>
    /// The storage SRID: all layers are stored in CGCS2000 geographic lon/lat (EPSG:4490).
    /// Data delivered in Gauss–Krüger zones are reprojected to this at import.
    /// </summary>
    public const int Storage = Cgcs2000;

    /// <summary>
    /// OGC CRS84 (<c>http://www.opengis.net/def/crs/OGC/1.3/CRS84</c>), the default CRS of GeoJSON
    /// (RFC 7946) and OGC API – Features. It is WGS 84 with lon/lat order, so it is handled as 4326
    /// (our code is lon/lat everywhere).
    /// </summary>
    public const int Crs84 = Wgs84;

    /// <summary>First CGCS2000 6° Gauss–Krüger system with zone prefix (zone 13, CM 75°E).</summary>
    public const int GaussKruger6WithZoneFirst = 4491;

    /// <summary>First CGCS2000 6° Gauss–Krüger system without zone prefix (CM 75°E).</summary>
    public const int GaussKruger6First = 4502;

    /// <summary>First CGCS2000 3° Gauss–Krüger system with zone prefix (zone 25, CM 75°E).</summary>
    public const int GaussKruger3WithZoneFirst = 4513;

    /// <summary>First CGCS2000 3° Gauss–Krüger system without zone prefix (CM 75°E).</summary>
    public const int GaussKruger3First = 4534;

    /// <summary>Last CGCS2000 3° Gauss–Krüger system without zone prefix (CM 135°E).</summary>
    public const int GaussKruger3Last = 4554;
}
