using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Valid;

namespace GeoPetition.Core.Layers;

/// <summary>Small geometry predicates and conversions shared by import and intake.</summary>
public static class GeometryChecks
{
    public static bool AllCoordinatesFinite(Geometry geometry)
    {
        foreach (var c in geometry.Coordinates)
        {
            if (!double.IsFinite(c.X) || !double.IsFinite(c.Y))
            {
                return false;
            }
        }

        return true;
    }

    public static bool MatchesFamily(Geometry geometry, GeometryFamily family) => family switch
    {
        GeometryFamily.Polygon => geometry is Polygon or MultiPolygon,
        GeometryFamily.Line => geometry is LineString or MultiLineString,
        GeometryFamily.Point => geometry is Point or MultiPoint,
        _ => false,
    };

    /// <summary>The family of a geometry, or null for a mixed collection.</summary>
    public static GeometryFamily? FamilyOf(Geometry geometry) => geometry switch
    {
        Polygon or MultiPolygon => GeometryFamily.Polygon,
        LineString or MultiLineString => GeometryFamily.Line,
        Point or MultiPoint => GeometryFamily.Point,
        _ => null,
    };

    public static string DescribeInvalidity(Geometry geometry)
    {
        var error = new IsValidOp(geometry).ValidationError;
        return error is null ? "invalid geometry" : $"{error.Message} at ({error.Coordinate?.X:0.######} {error.Coordinate?.Y:0.######})";
    }

    /// <summary>Promotes a single geometry to its multi form (tables store Multi* only), with the factory's SRID.</summary>
    public static Geometry ToMulti(Geometry geometry, GeometryFactory factory, GeometryFamily family)
    {
        switch (family)
        {
            case GeometryFamily.Polygon:
                var polygons = new List<Polygon>();
                for (var i = 0; i < geometry.NumGeometries; i++)
                {
                    if (geometry.GetGeometryN(i) is Polygon p && !p.IsEmpty)
                    {
                        polygons.Add((Polygon)factory.CreateGeometry(p));
                    }
                }

                return factory.CreateMultiPolygon([.. polygons]);
            case GeometryFamily.Line:
                var lines = new List<LineString>();
                for (var i = 0; i < geometry.NumGeometries; i++)
                {
                    if (geometry.GetGeometryN(i) is LineString l && !l.IsEmpty)
                    {
                        lines.Add((LineString)factory.CreateGeometry(l));
                    }
                }

                return factory.CreateMultiLineString([.. lines]);
            default:
                var points = new List<Point>();
                for (var i = 0; i < geometry.NumGeometries; i++)
                {
                    if (geometry.GetGeometryN(i) is Point p && !p.IsEmpty)
                    {
                        points.Add((Point)factory.CreateGeometry(p));
                    }
                }

                return factory.CreateMultiPoint([.. points]);
        }
    }
}
