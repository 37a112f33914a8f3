using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Fixed frame of the synthetic demo county: where it lies, in which CRS it is built, and the
/// dates that tie the layers together (survey years, imagery scenes, the "as of" date of the data).
/// </summary>
/// <remarks>
/// All geometry is generated directly in EPSG:4523 (CGCS2000 3-degree Gauss–Krüger zone 35,
/// central meridian 105°E, false easting 35 500 000 m; x = easting with the zone prefix,
/// y = northing). The local frame used while building is (u, v) = (easting − <see cref="OriginEasting"/>,
/// northing − <see cref="OriginNorthing"/>) in metres, u east, v north, both in [0, 20 000] × [0, 15 000].
/// </remarks>
internal static class DemoFrame
{
    /// <summary>EPSG code of every shapefile and of the world model.</summary>
    public const int Srid = 4523;

    /// <summary>Easting of the local origin (south-west corner of the 20 km × 15 km frame), metres.</summary>
    public const double OriginEasting = 35_518_000;

    /// <summary>Northing of the local origin, metres.</summary>
    public const double OriginNorthing = 3_368_000;

    /// <summary>Width of the frame (east–west), metres.</summary>
    public const double Width = 20_000;

    /// <summary>Height of the frame (north–south), metres.</summary>
    public const double Height = 15_000;

    /// <summary>
    /// ESRI WKT of EPSG:4523 as written into every .prj, verbatim from
    /// <c>gdalsrsinfo -o wkt_esri --single-line EPSG:4523</c> (GDAL 3.6.2), which is what ArcGIS writes.
    /// </summary>
    public const string PrjWkt =
        "PROJCS[\"CGCS2000_3_Degree_GK_Zone_35\",GEOGCS[\"GCS_China_Geodetic_Coordinate_System_2000\",DATUM[\"D_China_2000\",SPHEROID[\"CGCS2000\",6378137.0,298.257222101]],PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]],PROJECTION[\"Gauss_Kruger\"],PARAMETER[\"False_Easting\",35500000.0],PARAMETER[\"False_Northing\",0.0],PARAMETER[\"Central_Meridian\",105.0],PARAMETER[\"Scale_Factor\",1.0],PARAMETER[\"Latitude_Of_Origin\",0.0],UNIT[\"Meter\",1.0]]";

    /// <summary>Date of the first imagery scene (GF-2); matches the 2019 三调 land use.</summary>
    public static readonly DateOnly SceneA = new(2019, 11, 20);

    /// <summary>Date of the second imagery scene (BJ-3); matches the 2023 annual change survey.</summary>
    public static readonly DateOnly SceneB = new(2023, 11, 16);

    /// <summary>Date of the third imagery scene (GF-2); the latest image, also the hsx of the last monitoring window.</summary>
    public static readonly DateOnly SceneC = new(2026, 3, 10);

    /// <summary>
    /// "As of" date of the delivered data: written into the DBF header (bytes 1–3) instead of the
    /// writer's clock, so that the same seed gives byte-identical files on any day.
    /// </summary>
    public static readonly DateOnly DataDate = new(2026, 3, 31);

    /// <summary>Geometry factory of the world model: EPSG:4523, coordinates on a 1 mm grid.</summary>
    public static readonly GeometryFactory Factory = new(new PrecisionModel(1000), Srid);

    /// <summary>The projection of EPSG:4523 (the same series as <see cref="Reprojection"/> uses).</summary>
    public static readonly GaussKruger Projection = new(105.0, 35_500_000);

    /// <summary>A point of the local frame as a GK coordinate, rounded to the millimetre.</summary>
    public static Coordinate ToGk(double u, double v) =>
        new(Math.Round(OriginEasting + u, 3), Math.Round(OriginNorthing + v, 3));

    /// <summary>Local u of a GK easting.</summary>
    public static double U(double easting) => easting - OriginEasting;

    /// <summary>Local v of a GK northing.</summary>
    public static double V(double northing) => northing - OriginNorthing;
}
