namespace GeoPetition.Core.Spatial;

/// <summary>The kind of a supported coordinate reference system.</summary>
public enum CrsFamily
{
    /// <summary>Geographic lon/lat degrees (EPSG:4490 CGCS2000, EPSG:4326 WGS 84).</summary>
    Geographic,

    /// <summary>WGS 84 / Pseudo-Mercator (EPSG:3857), spherical formulas on a = 6378137.</summary>
    WebMercator,

    /// <summary>CGCS2000 3° Gauss–Krüger with zone prefix in the easting (EPSG:4513–4533, zones 25–45).</summary>
    GaussKruger3WithZone,

    /// <summary>CGCS2000 3° Gauss–Krüger without zone prefix, false easting 500 000 m (EPSG:4534–4554).</summary>
    GaussKruger3,

    /// <summary>CGCS2000 6° Gauss–Krüger with zone prefix in the easting (EPSG:4491–4501, zones 13–23).</summary>
    GaussKruger6WithZone,

    /// <summary>CGCS2000 6° Gauss–Krüger without zone prefix, false easting 500 000 m (EPSG:4502–4512).</summary>
    GaussKruger6,
}
