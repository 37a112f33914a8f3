using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Verification;

/// <summary>
/// A fast exact path for the union of the pieces of one polygon cut by the features of a planar
/// partition (the land-use survey, permanent basic farmland): pieces with disjoint interiors that
/// share whole edges. NTS's coverage union (<see cref="NetTopologySuite.Operation.OverlayNG.CoverageUnion"/>:
/// OverlayNG over the edges that occur once, without noding) unites them without the noding and
/// its validation that a full OverlayNG union spends; its result is accepted only when it is
/// proved to be the union, else <see cref="TryUnion"/> returns null and the caller uses OverlayNG.
/// </summary>
/// <remarks>
/// <para>
/// The proof is a check of boundaries as 1-chains. Orient every ring of every piece with the
/// piece's interior on its left (shells counter-clockwise, holes clockwise) and count each
/// directed segment +1, its reverse −1: the sum C = Σ ∂Pᵢ is the boundary of the winding function
/// W = Σ 1_Pᵢ (how many pieces cover a point). The coverage union R is accepted when
/// (1) it did not throw and is polygonal, (2) R is valid, and (3) ∂R, counted the same way, equals
/// C segment by segment, with exact coordinates. Then 1_R − W has no boundary and bounded support,
/// so it is 0 almost everywhere: W ≤ 1 (the pieces' interiors are disjoint) and R is, as a point
/// set, the union of the pieces (both are closures of their interiors). That is what OverlayNG's
/// union computes, up to its rounding; here no coordinate is computed at all, R's vertices are
/// the pieces' own.
/// </para>
/// <para>
/// Why each part is needed. Without (3), pieces whose shared edges do not have exactly matching
/// vertices (a T-junction, a crossing computed differently on each side) or that overlap leave
/// unmatched or wrongly cancelled segments, and the coverage union, which does no noding, returns
/// a wrong shape; an area check would not see every such case (two overlapping squares come back
/// as a multipolygon of both, whose area is the sum of theirs). Without (2), (3) only says that
/// W is the winding number of R's rings, and overlapping or nested pieces give rings whose winding
/// number reaches 2 (that multipolygon again, invalid). Pieces must be valid polygons, as every
/// geometry of the engine is, so that the winding function of their rings is their indicator.
/// </para>
/// <para>
/// Pieces from adjacent features match on their shared edges: a piece is the polygon, the feature
/// (or its part in the petition) or their intersection, and a crossing of the polygon's edge with
/// an edge shared by two features is computed by <see cref="RobustLineIntersector"/> with the same
/// four points in <see cref="PolygonClip"/> and in OverlayNG's noder; that computation gives the
/// same bits whichever segment comes first and whichever way each segment runs (it is symmetric
/// in its arguments up to exact negations; PieceUnionTests checks it), so both pieces hold the
/// same crossing point.
/// </para>
/// </remarks>
public static class PieceUnion
{
    /// <summary>
    /// The union of <paramref name="pieces"/> (valid polygonal geometries) by coverage union, or
    /// null when it is not proved exact (see the remarks of the class) and OverlayNG must do it.
    /// </summary>
    public static Geometry? TryUnion(IReadOnlyList<Geometry> pieces)
    {
        if (pieces.Count < 2)
        {
            return null;
        }

        var chain = new Dictionary<Segment, int>();
        foreach (var piece in pieces)
        {
            if (piece is not (Polygon or MultiPolygon))
            {
                return null;
            }

            AddBoundary(chain, piece, +1);
        }

        Geometry union;
        try
        {
            union = NetTopologySuite.Operation.OverlayNG.CoverageUnion.Union(pieces[0].Factory.BuildGeometry(pieces));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Outside its contract (pieces that are not a coverage) the coverage union may throw
            // (a TopologyException on about 2 % of the benchmark's piece sets): OverlayNG does it.
            return null;
        }

        if (union is not (Polygon or MultiPolygon) || union.IsEmpty)
        {
            return null;
        }

        AddBoundary(chain, union, -1);
        foreach (var count in chain.Values)
        {
            if (count != 0)
            {
                return null;
            }
        }

        // Last, being the dearest check (a noding of R's boundary).
        return SimplePolygon.IsCertainlyValid(union) || union.IsValid ? union : null;
    }

    /// <summary>An undirected segment, its endpoints in lexicographic order.</summary>
    private readonly record struct Segment(double X0, double Y0, double X1, double Y1);

    /// <summary>Adds <paramref name="sign"/> × the oriented boundary of a polygonal geometry to <paramref name="chain"/>.</summary>
    private static void AddBoundary(Dictionary<Segment, int> chain, Geometry g, int sign)
    {
        for (var i = 0; i < g.NumGeometries; i++)
        {
            var polygon = (Polygon)g.GetGeometryN(i);
            if (polygon.IsEmpty)
            {
                continue;
            }

            AddRing(chain, polygon.ExteriorRing.CoordinateSequence, sign, hole: false);
            for (var h = 0; h < polygon.NumInteriorRings; h++)
            {
                AddRing(chain, polygon.GetInteriorRingN(h).CoordinateSequence, sign, hole: true);
            }
        }
    }

    /// <summary>Adds a ring's segments, directed with the interior on their left, with <paramref name="sign"/>.</summary>
    private static void AddRing(Dictionary<Segment, int> chain, CoordinateSequence ring, int sign, bool hole)
    {
        // Shells counter-clockwise, holes clockwise: a ring the other way counts negated.
        var direction = Orientation.IsCCW(ring) != hole ? sign : -sign;
        for (var k = 0; k + 1 < ring.Count; k++)
        {
            var (x0, y0, x1, y1) = (ring.GetX(k), ring.GetY(k), ring.GetX(k + 1), ring.GetY(k + 1));
            if (x0 == x1 && y0 == y1)
            {
                continue;
            }

            var forward = x0 < x1 || (x0 == x1 && y0 < y1);
            var key = forward ? new Segment(x0, y0, x1, y1) : new Segment(x1, y1, x0, y0);
            var delta = forward ? direction : -direction;
            ref var count = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(chain, key, out _);
            count += delta;
        }
    }
}
