using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Verification;

/// <summary>
/// A quick, conservative validity test for the common feature: one polygon without holes (a
/// land-use cell, a change spot, a parcel, a farmland patch). The engine checks every feature it
/// projects into the working zone (<see cref="Overlay.Project"/>); NTS's <c>IsValid</c> builds a
/// noding index and a topology graph for that, which costs more than testing the pairs of
/// segments that can meet (all pairs for a few dozen vertices, those sharing a grid cell beyond).
/// <see cref="IsCertainlyValid"/> returns true only when the ring is proved simple; anything it
/// cannot prove (holes, several parts, very many vertices, repeated vertices, spikes, touching or
/// crossing segments) returns false and the caller asks NTS.
/// </summary>
/// <remarks>
/// A polygon without holes is valid when its shell is a simple closed ring of at least three
/// distinct vertices: that is what is proved here, with NTS's exact orientation predicate
/// (<see cref="Orientation.Index"/>, robust by double-double arithmetic). Two consecutive
/// segments share exactly their common vertex when the next vertex is not collinear with the
/// segment, or is and continues it (the common vertex strictly between the other two: a straight
/// run, not a spike); two other segments
/// are disjoint when they do not even touch: their boxes are disjoint, or one segment's endpoints
/// lie strictly on one side of the other's line. With every pair so, the ring is simple, and a
/// simple ring with at least one non-collinear corner encloses a positive area.
/// </remarks>
public static class SimplePolygon
{
    /// <summary>Rings of up to this many vertices have every pair of segments tested.</summary>
    public const int MaxVertices = 64;

    /// <summary>
    /// Larger rings, up to this many vertices, have only the pairs of segments in a common cell of a
    /// grid over the ring tested (segments in no common cell have disjoint boxes); larger ones go to NTS.
    /// </summary>
    public const int MaxIndexedVertices = 200_000;

    /// <summary>Above this many cell entries per segment (long segments across many cells) the ring goes to NTS.</summary>
    private const int MaxEntriesPerSegment = 8;

    /// <summary>True only when <paramref name="g"/> is a polygon without holes whose shell is proved simple.</summary>
    public static bool IsCertainlyValid(Geometry g)
    {
        if (g is not Polygon { NumInteriorRings: 0 } polygon || polygon.IsEmpty)
        {
            return false;
        }

        var ring = polygon.ExteriorRing.CoordinateSequence;
        var n = ring.Count - 1; // segments; the last coordinate repeats the first
        if (n < 3 || n > MaxIndexedVertices)
        {
            return false;
        }

        Span<double> x = n <= MaxVertices ? stackalloc double[n + 1] : new double[n + 1];
        Span<double> y = n <= MaxVertices ? stackalloc double[n + 1] : new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            x[i] = ring.GetX(i);
            y[i] = ring.GetY(i);
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]))
            {
                return false;
            }
        }

        if (x[0] != x[n] || y[0] != y[n])
        {
            return false;
        }

        var corner = false;
        for (var i = 0; i < n; i++)
        {
            // Consecutive segments i and i+1 (cyclically) share only their common vertex when the
            // vertex after is not collinear, or when it is and the common vertex lies strictly
            // between the other two (a straight run, as a shared boundary with a neighbour's
            // vertex on it gives); not a spike folding back, not a repeated vertex.
            var j = (i + 1) % n;
            if (Orient(x[i], y[i], x[i + 1], y[i + 1], x[j + 1], y[j + 1]) != 0)
            {
                corner = true;
            }
            else if (!StrictlyBetween(x[i], y[i], x[i + 1], y[i + 1], x[j + 1], y[j + 1]))
            {
                return false;
            }
        }

        if (!corner)
        {
            return false;
        }

        if (n > MaxVertices)
        {
            return IndexedPairsDisjoint(x, y, n);
        }

        for (var i = 0; i < n; i++)
        {
            // Segments i+2 … (the one before i, cyclically) are not adjacent to i.
            var last = i == 0 ? n - 2 : n - 1;
            for (var k = i + 2; k <= last; k++)
            {
                if (!Disjoint(x, y, i, k))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Every two non-adjacent segments of a large ring are disjoint, testing only those in a common
    /// cell of a grid of about as many cells as segments (each pair once, in the first cell both
    /// occupy); false also when long segments would fill too many cells (NTS decides then).
    /// </summary>
    private static bool IndexedPairsDisjoint(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int n)
    {
        if (SegmentGrid.Cells(x, y, MaxEntriesPerSegment) is not { } grid)
        {
            return false;
        }

        for (var r = 0; r < grid.Rows; r++)
        {
            for (var c = 0; c < grid.Columns; c++)
            {
                var cell = grid.Segments(c, r);
                for (var a = 0; a < cell.Length; a++)
                {
                    for (var b = a + 1; b < cell.Length; b++)
                    {
                        var (i, k) = (cell[a], cell[b]);
                        var adjacent = k == i + 1 || (i == 0 && k == n - 1);
                        if (adjacent || Math.Max(grid.FirstColumn(i), grid.FirstColumn(k)) != c || Math.Max(grid.FirstRow(i), grid.FirstRow(k)) != r)
                        {
                            continue;
                        }

                        if (!Disjoint(x, y, i, k))
                        {
                            return false;
                        }
                    }
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Segments i and k of the ring do not even touch: their boxes are disjoint, or one lies
    /// strictly on one side of the other's line.
    /// </summary>
    private static bool Disjoint(ReadOnlySpan<double> x, ReadOnlySpan<double> y, int i, int k)
    {
        var (ax0, ay0, ax1, ay1) = (x[i], y[i], x[i + 1], y[i + 1]);
        var (bx0, by0, bx1, by1) = (x[k], y[k], x[k + 1], y[k + 1]);
        if (Math.Max(bx0, bx1) < Math.Min(ax0, ax1) || Math.Min(bx0, bx1) > Math.Max(ax0, ax1)
            || Math.Max(by0, by1) < Math.Min(ay0, ay1) || Math.Min(by0, by1) > Math.Max(ay0, ay1))
        {
            return true;
        }

        // Disjoint when b lies strictly on one side of a's line, or a strictly on one side of b's.
        var b0 = Orient(ax0, ay0, ax1, ay1, bx0, by0);
        var b1 = Orient(ax0, ay0, ax1, ay1, bx1, by1);
        if (b0 * b1 > 0)
        {
            return true;
        }

        var a0 = Orient(bx0, by0, bx1, by1, ax0, ay0);
        var a1 = Orient(bx0, by0, bx1, by1, ax1, ay1);
        return a0 * a1 > 0;
    }

    /// <summary>
    /// For three exactly collinear points: q lies strictly between p and r. Exact: comparisons of
    /// coordinates only (on a line, both coordinates run monotonically).
    /// </summary>
    private static bool StrictlyBetween(double px, double py, double qx, double qy, double rx, double ry) =>
        !(qx == px && qy == py) && !(qx == rx && qy == ry)
        && ((px <= qx && qx <= rx) || (px >= qx && qx >= rx))
        && ((py <= qy && qy <= ry) || (py >= qy && qy >= ry));

    /// <summary>The exact orientation of r against the line p→q: 1 left, −1 right, 0 collinear (as <see cref="Orientation.Index"/>).</summary>
    private static int Orient(double px, double py, double qx, double qy, double rx, double ry) =>
        CGAlgorithmsDD.OrientationIndex(px, py, qx, qy, rx, ry);
}
