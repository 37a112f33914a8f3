using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Petitions;

/// <summary>
/// Converts a petitioner-supplied location to the storage CRS: any supported EPSG system, or the
/// consumer-map offsets GCJ-02 (AMap, Tencent) and BD-09 (Baidu), inverted iteratively (domain-rules §3.2).
/// </summary>
public static class LocationInput
{
    public static string AcceptedCrs => $"{PetitionVocabulary.Gcj02} (AMap/Tencent), {PetitionVocabulary.Bd09} (Baidu), or {CrsRegistry.SupportedSummary}";

    /// <summary>Converts <paramref name="geometry"/> given in <paramref name="crs"/> to EPSG:4490, or explains why not.</summary>
    public static Geometry? ToStorage(Geometry geometry, string? crs, out string? problem)
    {
        problem = null;
        if (geometry.IsEmpty)
        {
            problem = "the geometry is empty";
            return null;
        }

        if (!GeometryChecks.AllCoordinatesFinite(geometry))
        {
            problem = "the geometry has NaN or infinite coordinates";
            return null;
        }

        var name = string.IsNullOrWhiteSpace(crs) ? "EPSG:4490" : crs.Trim();
        Geometry result;
        if (name.Equals(PetitionVocabulary.Gcj02, StringComparison.OrdinalIgnoreCase) || name.Equals("GCJ02", StringComparison.OrdinalIgnoreCase))
        {
            if (!InLonLatRange(geometry, out problem))
            {
                return null;
            }

            result = ChineseOffsets.ToCgcs2000(geometry, PositionSource.Gcj02);
        }
        else if (name.Equals(PetitionVocabulary.Bd09, StringComparison.OrdinalIgnoreCase) || name.Equals("BD09", StringComparison.OrdinalIgnoreCase))
        {
            if (!InLonLatRange(geometry, out problem))
            {
                return null;
            }

            result = ChineseOffsets.ToCgcs2000(geometry, PositionSource.Bd09);
        }
        else if (CrsRegistry.TryParseCrs(name, out var epsg) && CrsRegistry.IsSupported(epsg))
        {
            var info = CrsRegistry.Get(epsg);
            if (info.Family == CrsFamily.Geographic && !InLonLatRange(geometry, out problem))
            {
                return null;
            }

            if (!CrsRegistry.IsPlausibleForChina(epsg, geometry.EnvelopeInternal))
            {
                problem = $"the coordinates cannot belong to EPSG:{epsg} ({info.Name}) in China (for lon/lat, give longitude first)";
                return null;
            }

            result = Reprojection.Transform(geometry, epsg, Srids.Storage);
        }
        else
        {
            problem = $"unsupported CRS '{crs}'; accepted: {AcceptedCrs}";
            return null;
        }

        var e = result.EnvelopeInternal;
        if (e.MinX < CrsRegistry.ChinaMinLongitude || e.MaxX > CrsRegistry.ChinaMaxLongitude || e.MinY < CrsRegistry.ChinaMinLatitude || e.MaxY > CrsRegistry.ChinaMaxLatitude)
        {
            problem = "the location is outside China (for lon/lat, give longitude first)";
            return null;
        }

        if (!result.IsValid)
        {
            problem = $"the geometry is not valid: {GeometryChecks.DescribeInvalidity(result)}";
            return null;
        }

        result.SRID = Srids.Storage;
        return result;
    }

    private static bool InLonLatRange(Geometry g, out string? problem)
    {
        foreach (var c in g.Coordinates)
        {
            if (c.X is < -180 or > 180 || c.Y is < -90 or > 90)
            {
                problem = $"coordinate ({c.X}, {c.Y}) is out of range for longitude/latitude (−180…180, −90…90)";
                return false;
            }
        }

        problem = null;
        return true;
    }
}
