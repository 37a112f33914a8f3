using System.Runtime.CompilerServices;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Verification;

/// <summary>
/// A fast exact path for the most frequent overlay of the engine: the intersection of two polygons
/// without holes (a drawn petition, a feature, a clipped part of one) or of such a polygon with a
/// multipolygon whose polygons have no holes. The boundaries are cut where they properly cross and
/// the inside chains of the subject are joined along the window's boundary (Weiler–Atherton): a few
/// orientation tests per segment pair instead of an OverlayNG graph with validated noding.
/// </summary>
/// <remarks>
/// <para>
/// Why the walk is right: both rings are simple and oriented counter-clockwise, so each region lies to
/// the left of its boundary. Where the subject's boundary leaves the window, the window's boundary
/// continues inside the subject up to the next crossing along it, where the subject's boundary
/// enters again; the crossings alternate along both rings. Every ring so formed bounds a component
/// of the intersection with the region on its left, and no component has a hole: the intersection
/// of two simply connected planar regions has simply connected components (Mayer–Vietoris), and the
/// crossings being proper, components do not touch.
/// </para>
/// <para>
/// The path is taken only when that topology is unambiguous; otherwise <see cref="TryIntersection"/>
/// returns null and the caller uses OverlayNG. It declines when: either side has holes or is not
/// polygonal; any vertex of one side lies within <c>ε</c> of the other side's boundary (touching or
/// shared edges, vertices on the boundary); two crossings are closer than <c>ε</c>; the crossings do
/// not alternate in and out; the inputs are large (quadratic tests). <c>ε</c> = 10⁻¹² × the largest
/// absolute coordinate (≈ 3 µm in a Gauss–Krüger zone), a thousand times the rounding error of a
/// computed crossing, so every crossing point and the order of the crossings along each edge are the
/// exact ones. Crossing points are computed by the <see cref="RobustLineIntersector"/> that OverlayNG's
/// noder uses. Both inputs must be valid (simple rings), as every geometry of the engine is; a built
/// ring that is not valid (an input valid only by a rounding error, such as a spike folding back
/// onto its own edge) makes it decline as well.
/// </para>
/// </remarks>
public static class PolygonClip
{
    /// <summary>Above this many segment pairs the fast path is not tried (its tests are quadratic).</summary>
    private const long MaxSegmentPairs = 60_000;

    /// <summary>
    /// window ∩ subject, or null when the fast path does not apply (see the remarks of the class).
    /// <paramref name="window"/> must be a valid polygon without holes; <paramref name="subject"/>
    /// a valid polygon or multipolygon. The result is built with the window's factory.
    /// </summary>
    public static Geometry? TryIntersection(Polygon window, Geometry subject)
    {
        if (window.IsEmpty || window.NumInteriorRings > 0)
        {
            return null;
        }

        var polygons = new List<Polygon>();
        if (subject is Polygon sp)
        {
            polygons.Add(sp);
        }
        else if (subject is MultiPolygon mp)
        {
            for (var i = 0; i < mp.NumGeometries; i++)
            {
                polygons.Add((Polygon)mp.GetGeometryN(i));
            }
        }
        else
        {
            return null;
        }

        var w = Windows.GetValue(window, static p => Window.Of(p));
        if (w is null)
        {
            return null;
        }

        var factory = window.Factory;
        var results = new List<Polygon>();
        foreach (var p in polygons)
        {
            if (p.IsEmpty)
            {
                continue;
            }

            if (p.NumInteriorRings > 0)
            {
                return null;
            }

            var rings = ClipShell(w, p.ExteriorRing.Coordinates);
            if (rings is null)
            {
                return null;
            }

            foreach (var ring in rings)
            {
                if (ReferenceEquals(ring, WholeSubject) || ReferenceEquals(ring, WholeWindow))
                {
                    results.Add(ReferenceEquals(ring, WholeSubject) ? p : window);
                    continue;
                }

                // A nearly degenerate input (a spike folding back onto its own edge, a vertex a
                // rounding error off an edge of the same ring) passes through unchanged where
                // OverlayNG's noding would merge it: such a result is left to OverlayNG.
                var polygon = factory.CreatePolygon(ring);
                if (!SimplePolygon.IsCertainlyValid(polygon) && !polygon.IsValid)
                {
                    return null;
                }

                results.Add(polygon);
            }
        }

        return results.Count switch
        {
            0 => factory.CreatePolygon(),
            1 => results[0],
            _ => factory.CreateMultiPolygon(results.ToArray()),
        };
    }

    private static readonly Coordinate[] WholeSubject = [new Coordinate()];
    private static readonly Coordinate[] WholeWindow = [new Coordinate()];

    /// <summary>
    /// The prepared window of each polygon clipped against (weakly keyed by reference): the
    /// engine cuts one part against many features in turn, so its ring is oriented and indexed once.
    /// A polygon that cannot be a window maps to null.
    /// </summary>
    private static readonly ConditionalWeakTable<Polygon, Window?> Windows = new();

    /// <summary>
    /// The window's ring, counter-clockwise, with its bounds and its edges indexed in a grid of
    /// cells, so that a subject's vertex or segment is tested only against the window edges whose
    /// boxes meet its own (every pair the tests below need, each once; far fewer than all), and a
    /// point is located by the edges of its row alone.
    /// </summary>
    private sealed class Window
    {
        /// <summary>Above this many cell entries per edge the grid keeps one column (long edges across many cells).</summary>
        private const int MaxEntriesPerEdge = 8;

        /// <summary>The ring's edges in a grid (horizontal strips when long edges would fill too many cells).</summary>
        private readonly SegmentGrid _grid;

        private Window(Coordinate[] ring)
        {
            Ring = ring;
            N = ring.Length - 1;
            Envelope = new Envelope(ring);
            var (x, y) = (new double[ring.Length], new double[ring.Length]);
            for (var i = 0; i < ring.Length; i++)
            {
                (x[i], y[i]) = (ring[i].X, ring[i].Y);
                Scale = Math.Max(Scale, Math.Max(Math.Abs(x[i]), Math.Abs(y[i])));
            }

            _grid = SegmentGrid.Cells(x, y, MaxEntriesPerEdge) ?? SegmentGrid.Strips(x, y);
        }

        /// <summary>The window of a polygon without holes, or null when it cannot be one.</summary>
        public static Window? Of(Polygon polygon)
        {
            if (polygon.IsEmpty || polygon.NumInteriorRings > 0)
            {
                return null;
            }

            var c = polygon.ExteriorRing.Coordinates;
            if (c.Length < 4)
            {
                return null;
            }

            if (!Orientation.IsCCW(c))
            {
                c = c.Reverse().ToArray();
            }

            return new Window(c);
        }

        public Coordinate[] Ring { get; }

        public int N { get; }

        public Envelope Envelope { get; }

        /// <summary>The largest absolute coordinate of the ring, at least 1.</summary>
        public double Scale { get; } = 1.0;

        /// <summary>
        /// Inside the ring; only called for points ε away from it. Counted as
        /// <see cref="PointLocation.IsInRing(Coordinate, Coordinate[])"/> counts (<see cref="RayCrossingCounter"/>, a ray to the right), over the edges of the
        /// point's row right of its column: the only edges that can meet that ray.
        /// </summary>
        public bool Contains(Coordinate p)
        {
            if (!Envelope.Intersects(p))
            {
                return false;
            }

            var counter = new RayCrossingCounter(p);
            var (c0, r) = (_grid.Column(p.X), _grid.Row(p.Y));
            for (var c = c0; c < _grid.Columns; c++)
            {
                foreach (var i in _grid.Segments(c, r))
                {
                    if (Math.Max(_grid.FirstColumn(i), c0) == c)
                    {
                        counter.CountSegment(Ring[i], Ring[i + 1]);
                    }
                }
            }

            return counter.Location != Location.Exterior;
        }

        /// <summary>
        /// Each edge i (from Ring[i] to Ring[i + 1]) whose cells meet the box, once, added to
        /// <paramref name="edges"/> (cleared first); a superset of the edges whose envelopes meet it.
        /// </summary>
        public void EdgesMeeting(double minX, double minY, double maxX, double maxY, List<int> edges)
        {
            edges.Clear();
            if (maxX < Envelope.MinX || minX > Envelope.MaxX || maxY < Envelope.MinY || minY > Envelope.MaxY)
            {
                return;
            }

            var (c0, c1, r0, r1) = (_grid.Column(minX), _grid.Column(maxX), _grid.Row(minY), _grid.Row(maxY));
            for (var r = r0; r <= r1; r++)
            {
                for (var c = c0; c <= c1; c++)
                {
                    foreach (var i in _grid.Segments(c, r))
                    {
                        // An edge in several cells is reported from the first of them the query meets.
                        if (Math.Max(_grid.FirstColumn(i), c0) == c && Math.Max(_grid.FirstRow(i), r0) == r)
                        {
                            edges.Add(i);
                        }
                    }
                }
            }
        }
    }

    /// <summary>A point where the subject's boundary properly crosses the window's boundary.</summary>
    private sealed class Crossing
    {
        public required Coordinate Point { get; init; }

        /// <summary>Window edge and the position along it (0–1).</summary>
        public required int WindowEdge { get; init; }

        public required double WindowT { get; init; }

        /// <summary>Subject edge and the position along it (0–1).</summary>
        public required int SubjectEdge { get; init; }

        public required double SubjectT { get; init; }

        /// <summary>True when the subject's boundary enters the window here.</summary>
        public required bool Entry { get; init; }

        /// <summary>The next crossing along the subject ring (an exit after an entry).</summary>
        public Crossing? NextOnSubject { get; set; }

        /// <summary>The next crossing counter-clockwise along the window.</summary>
        public Crossing? NextOnWindow { get; set; }

        public bool Used { get; set; }
    }

    /// <summary>
    /// The rings of window ∩ shell, <see cref="WholeSubject"/> or <see cref="WholeWindow"/> for the
    /// cases without crossings, or null when the fast path declines.
    /// </summary>
    private static List<Coordinate[]>? ClipShell(Window window, Coordinate[] s)
    {
        var n = s.Length - 1;
        if (n < 3 || (long)n * window.N > MaxSegmentPairs)
        {
            return null;
        }

        if (!Orientation.IsCCW(s))
        {
            s = s.Reverse().ToArray();
        }

        var w = window.Ring;
        var scale = window.Scale;
        foreach (var p in s)
        {
            scale = Math.Max(scale, Math.Max(Math.Abs(p.X), Math.Abs(p.Y)));
        }

        var eps = 1e-12 * scale;
        var near = new Envelope(window.Envelope);
        near.ExpandBy(eps * 2);

        // Subject vertices away from the window's boundary.
        var edges = new List<int>();
        for (var k = 0; k < n; k++)
        {
            var p = s[k];
            if (!near.Intersects(p))
            {
                continue;
            }

            window.EdgesMeeting(p.X - (2 * eps), p.Y - (2 * eps), p.X + (2 * eps), p.Y + (2 * eps), edges);
            foreach (var i in edges)
            {
                if (NearSegment(p, w[i], w[i + 1], eps))
                {
                    return null;
                }
            }
        }

        var li = new RobustLineIntersector();
        var crossings = new List<Crossing>();
        var subjectEnvelope = new Envelope();
        for (var k = 0; k < n; k++)
        {
            var (p, q) = (s[k], s[k + 1]);
            subjectEnvelope.ExpandToInclude(p);
            var (minX, maxX, minY, maxY) = (Math.Min(p.X, q.X), Math.Max(p.X, q.X), Math.Min(p.Y, q.Y), Math.Max(p.Y, q.Y));
            if (maxX < near.MinX || minX > near.MaxX || maxY < near.MinY || minY > near.MaxY)
            {
                continue;
            }

            window.EdgesMeeting(minX, minY, maxX, maxY, edges);
            foreach (var i in edges)
            {
                var (a, b) = (w[i], w[i + 1]);
                if (!Envelope.Intersects(p, q, a, b))
                {
                    continue;
                }

                var sp = Orientation.Index(a, b, p);
                var sq = Orientation.Index(a, b, q);
                if (sp == sq || sp == OrientationIndex.Collinear || sq == OrientationIndex.Collinear)
                {
                    continue;
                }

                var sa = Orientation.Index(p, q, a);
                var sb = Orientation.Index(p, q, b);
                if (sa == sb || sa == OrientationIndex.Collinear || sb == OrientationIndex.Collinear)
                {
                    continue;
                }

                li.ComputeIntersection(p, q, a, b);
                if (!li.IsProper || li.IntersectionNum != 1)
                {
                    return null;
                }

                var x = li.GetIntersection(0).Copy();
                var tw = Param(a, b, x);
                var ts = Param(p, q, x);
                if (tw <= 0 || tw >= 1 || ts <= 0 || ts >= 1)
                {
                    return null;
                }

                crossings.Add(new Crossing
                {
                    Point = x,
                    WindowEdge = i,
                    WindowT = tw,
                    SubjectEdge = k,
                    SubjectT = ts,
                    Entry = sp == OrientationIndex.Clockwise,
                });
            }
        }

        // Window vertices away from the subject's edges: vertex i starts edge i, so the edges that
        // meet the subject's box (grown by 2ε) start at every vertex that can be near it.
        window.EdgesMeeting(subjectEnvelope.MinX - (2 * eps), subjectEnvelope.MinY - (2 * eps), subjectEnvelope.MaxX + (2 * eps), subjectEnvelope.MaxY + (2 * eps), edges);
        foreach (var i in edges)
        {
            var a = w[i];
            if (a.X < subjectEnvelope.MinX - (2 * eps) || a.X > subjectEnvelope.MaxX + (2 * eps)
                || a.Y < subjectEnvelope.MinY - (2 * eps) || a.Y > subjectEnvelope.MaxY + (2 * eps))
            {
                continue;
            }

            for (var k = 0; k < n; k++)
            {
                if (NearSegment(a, s[k], s[k + 1], eps))
                {
                    return null;
                }
            }
        }

        if (crossings.Count == 0)
        {
            if (window.Contains(s[0]))
            {
                return [WholeSubject];
            }

            // The window inside the subject, or the two apart (no vertex of either is near the other's boundary).
            return PointLocation.IsInRing(w[0], s) ? [WholeWindow] : [];
        }

        if (crossings.Count % 2 != 0)
        {
            return null;
        }

        // Order along the subject ring and along the window; both must alternate entry/exit with ε gaps.
        var bySubject = crossings.OrderBy(x => x.SubjectEdge).ThenBy(x => x.SubjectT).ToList();
        var byWindow = crossings.OrderBy(x => x.WindowEdge).ThenBy(x => x.WindowT).ToList();
        for (var j = 0; j < bySubject.Count; j++)
        {
            var (x, y) = (bySubject[j], bySubject[(j + 1) % bySubject.Count]);
            if (x.Entry == y.Entry || x.Point.Distance(y.Point) < eps)
            {
                return null;
            }

            x.NextOnSubject = y;
            var (u, v) = (byWindow[j], byWindow[(j + 1) % byWindow.Count]);
            if (u.Entry == v.Entry || u.Point.Distance(v.Point) < eps)
            {
                return null;
            }

            u.NextOnWindow = v;
        }

        var rings = new List<Coordinate[]>();
        foreach (var start in bySubject)
        {
            if (!start.Entry || start.Used)
            {
                continue;
            }

            var ring = new List<Coordinate>();
            var entry = start;
            while (true)
            {
                entry.Used = true;
                var exit = entry.NextOnSubject!;
                if (exit.Used || exit.Entry)
                {
                    return null;
                }

                // The subject from the entry to the exit: the vertices after the entry's edge up to the
                // exit's edge (all of them when the exit lies before the entry on the same edge).
                ring.Add(entry.Point.Copy());
                var count = ((exit.SubjectEdge - entry.SubjectEdge) % n + n) % n;
                if (count == 0 && exit.SubjectT < entry.SubjectT)
                {
                    count = n;
                }

                for (var j = 1; j <= count; j++)
                {
                    ring.Add(s[(entry.SubjectEdge + j) % n].Copy());
                }

                exit.Used = true;
                ring.Add(exit.Point.Copy());

                // The window counter-clockwise from the exit to the next entry.
                var next = exit.NextOnWindow!;
                if (!next.Entry)
                {
                    return null;
                }

                var wraps = next.WindowEdge < exit.WindowEdge || (next.WindowEdge == exit.WindowEdge && next.WindowT < exit.WindowT);
                var last = next.WindowEdge + (wraps ? window.N : 0);
                for (var i = exit.WindowEdge + 1; i <= last; i++)
                {
                    ring.Add(w[i % window.N].Copy());
                }

                if (ReferenceEquals(next, start))
                {
                    break;
                }

                if (next.Used || ring.Count > 4 * (n + window.N + crossings.Count))
                {
                    return null;
                }

                entry = next;
            }

            ring.Add(ring[0].Copy());
            if (ring.Count < 4)
            {
                return null;
            }

            // Clockwise shells, as OverlayNG builds them.
            ring.Reverse();
            rings.Add(ring.ToArray());
        }

        return rings;
    }

    /// <summary>
    /// True when p lies within <paramref name="eps"/> of the segment a–b: a box test first (a
    /// point that near lies in the segment's box grown by ε), then the distance.
    /// </summary>
    private static bool NearSegment(Coordinate p, Coordinate a, Coordinate b, double eps) =>
        p.X >= Math.Min(a.X, b.X) - eps && p.X <= Math.Max(a.X, b.X) + eps
        && p.Y >= Math.Min(a.Y, b.Y) - eps && p.Y <= Math.Max(a.Y, b.Y) + eps
        && DistanceComputer.PointToSegment(p, a, b) < eps;

    /// <summary>Position of <paramref name="x"/> along a → b (projection, 0 at a, 1 at b).</summary>
    private static double Param(Coordinate a, Coordinate b, Coordinate x)
    {
        var (dx, dy) = (b.X - a.X, b.Y - a.Y);
        return (((x.X - a.X) * dx) + ((x.Y - a.Y) * dy)) / ((dx * dx) + (dy * dy));
    }
}
