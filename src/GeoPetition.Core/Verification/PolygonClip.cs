using System.Runtime.CompilerServices;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Verification;

/// <summary>
/// A fast exact path for the most frequent overlays of the engine: the intersection of two polygons
/// without holes (a drawn petition, a feature, a clipped part of one) or of such a polygon with a
/// multipolygon whose polygons have no holes, and by the same walk their difference
/// (<see cref="TryDifference"/>) and the union of overlapping ones (<see cref="TryUnion"/>). The
/// boundaries are cut where they properly cross and the inside chains of the subject are joined
/// along the window's boundary (Weiler–Atherton): a few orientation tests per segment pair instead
/// of an OverlayNG graph with validated noding.
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
/// Where the boundaries meet without crossing (shared vertices, a vertex of one on an edge of the
/// other, shared edges: pieces of a change cut along survey boundaries against the survey polygons),
/// the noded walk (<c>NodedWalk</c>) takes over: both rings are cut at every point where they meet,
/// each piece between two such nodes lies inside, outside, or along the other ring, and the
/// intersection's boundary is linked from the pieces inside and the shared edges run the same way.
/// A vertex within <c>ε</c> of the other side's edge (a crossing computed by an earlier overlay lies a
/// rounding error off the edge it was cut on) is put on that edge, as OverlayNG's noder does; the
/// edge moves by less than <c>ε</c>, and results differ from OverlayNG's by rounding (slivers of no
/// measurable area that OverlayNG may keep there are not made).
/// </para>
/// <para>
/// The path is taken only when that topology is unambiguous; otherwise <see cref="TryIntersection"/>
/// returns null and the caller uses OverlayNG. It declines when: either side has holes or is not
/// polygonal; a vertex of one side lies within <c>ε</c> of a vertex of the other without being equal
/// to it, or within <c>ε</c> of two of its edges; two points of a cut ring are closer than <c>ε</c>;
/// the crossings do not alternate in and out; a piece of one ring cannot be located <c>ε</c> away
/// from the other; a result would have a hole touching its shell at a node, or a union would
/// enclose a hole; the inputs are large (quadratic tests). Parts of a result that meet at a node
/// are built as separate polygons touching there, as OverlayNG builds them. <c>ε</c> = 10⁻¹² × the
/// largest absolute coordinate (≈ 3 µm in a Gauss–Krüger zone), a thousand times the rounding error
/// of a computed crossing, so every crossing point and the order of the crossings along each edge
/// are the exact ones. Crossing
/// points are computed by the <see cref="RobustLineIntersector"/> that OverlayNG's noder uses. Both
/// inputs must be valid (simple rings), as every geometry of the engine is; a built ring that is not
/// valid (an input valid only by a rounding error, such as a spike folding back onto its own edge)
/// makes it decline as well.
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

    /// <summary>The subject strictly inside the window (a difference: the window with a hole).</summary>
    private static readonly Coordinate[] SubjectHole = [new Coordinate()];

    /// <summary>
    /// window − subject, or null when the fast path does not apply (see the remarks of the class):
    /// the subject's polygons subtracted one after another by the same noded walk, the window's
    /// pieces outside each of them kept with the subject's pieces inside the window reversed.
    /// <paramref name="window"/> must be a valid polygon without holes; <paramref name="subject"/> a
    /// valid polygon or multipolygon whose polygons have no holes. A subject polygon strictly inside
    /// the window becomes a hole of the part of the result around it, once every other polygon has
    /// been subtracted (null when it then touches that part's boundary or a hole near it).
    /// The result is built with the window's factory.
    /// </summary>
    public static Geometry? TryDifference(Polygon window, Geometry subject)
    {
        if (window.IsEmpty || window.NumInteriorRings > 0 || subject is not (Polygon or MultiPolygon))
        {
            return null;
        }

        var factory = window.Factory;
        var current = new List<Polygon> { window };
        var inside = new List<Polygon>();
        for (var k = 0; k < subject.NumGeometries; k++)
        {
            var q = (Polygon)subject.GetGeometryN(k);
            if (q.IsEmpty)
            {
                continue;
            }

            if (q.NumInteriorRings > 0)
            {
                return null;
            }

            var qEnvelope = CachedEnvelope.Of(q);
            var next = new List<Polygon>(current.Count + 1);
            foreach (var p in current)
            {
                if (!CachedEnvelope.Of(p).Intersects(qEnvelope))
                {
                    next.Add(p);
                    continue;
                }

                var rings = Walk(p, q, Operation.Difference);
                if (rings is null)
                {
                    return null;
                }

                foreach (var ring in rings)
                {
                    if (ReferenceEquals(ring, WholeWindow))
                    {
                        next.Add(p);
                    }
                    else if (ReferenceEquals(ring, SubjectHole))
                    {
                        // Strictly inside p, so apart from every other part: a hole, made last.
                        next.Add(p);
                        inside.Add(q);
                    }
                    else
                    {
                        var polygon = factory.CreatePolygon(ring);
                        if (!SimplePolygon.IsCertainlyValid(polygon) && !polygon.IsValid)
                        {
                            return null;
                        }

                        next.Add(polygon);
                    }
                }
            }

            current = next;
        }

        if (inside.Count > 0)
        {
            // Each hole in the part that still holds it strictly; holes of one part with disjoint
            // boxes, so that no two of them touch.
            var holes = new Dictionary<Polygon, List<Polygon>>(ReferenceEqualityComparer.Instance);
            foreach (var q in inside)
            {
                var around = current.FirstOrDefault(p => CachedEnvelope.Of(p).Contains(CachedEnvelope.Of(q))
                    && Walk(p, q, Operation.Difference) is [var marker] && ReferenceEquals(marker, SubjectHole));
                if (around is null)
                {
                    return null;
                }

                if (!holes.TryGetValue(around, out var list))
                {
                    holes[around] = list = [];
                }

                if (list.Any(h => CachedEnvelope.Of(h).Intersects(CachedEnvelope.Of(q))))
                {
                    return null;
                }

                list.Add(q);
            }

            for (var i = 0; i < current.Count; i++)
            {
                if (holes.TryGetValue(current[i], out var list))
                {
                    // Shells clockwise and holes counter-clockwise, as OverlayNG builds them.
                    var shell = current[i].Shell.IsCCW ? (LinearRing)current[i].Shell.Reverse() : current[i].Shell;
                    current[i] = factory.CreatePolygon(shell, list.Select(h => h.Shell.IsCCW ? h.Shell : (LinearRing)h.Shell.Reverse()).ToArray());
                }
            }
        }

        return current.Count switch
        {
            0 => factory.CreatePolygon(),
            1 => current[0],
            _ => factory.CreateMultiPolygon(current.ToArray()),
        };
    }

    /// <summary>
    /// The union of polygons without holes, or null when the fast path does not apply: each polygon
    /// merged by the noded walk into those of the result it overlaps or shares an edge with, in
    /// turn (parts that only touch at a point stay apart, as OverlayNG leaves them). Declines where
    /// a union would enclose a hole, or a walk declines. Built with the first polygon's factory.
    /// </summary>
    public static Geometry? TryUnion(IReadOnlyList<Polygon> polygons)
    {
        if (polygons.Count == 0 || polygons.Any(p => p.IsEmpty || p.NumInteriorRings > 0))
        {
            return null;
        }

        var factory = polygons[0].Factory;
        var result = new List<Polygon>();
        foreach (var q in polygons)
        {
            var merged = q;
            for (var changed = true; changed;)
            {
                changed = false;
                for (var i = 0; i < result.Count; i++)
                {
                    var p = result[i];
                    if (!CachedEnvelope.Of(p).Intersects(CachedEnvelope.Of(merged)))
                    {
                        continue;
                    }

                    var rings = Walk(p, merged, Operation.Union);
                    if (rings is null)
                    {
                        return null;
                    }

                    if (rings.Count != 1)
                    {
                        // Apart, or touching at points only: both stay.
                        continue;
                    }

                    var ring = rings[0];
                    merged = ReferenceEquals(ring, WholeWindow) ? p : ReferenceEquals(ring, WholeSubject) ? merged : factory.CreatePolygon(ring);
                    if (!ReferenceEquals(merged, p) && !ReferenceEquals(ring, WholeSubject) && !SimplePolygon.IsCertainlyValid(merged) && !merged.IsValid)
                    {
                        return null;
                    }

                    result.RemoveAt(i);
                    changed = true;
                    break;
                }
            }

            result.Add(merged);
        }

        return result.Count == 1 ? result[0] : factory.CreateMultiPolygon(result.ToArray());
    }

    /// <summary>The rings of p − q or p ∪ q (see <see cref="ClipShell"/>), or null when the walk declines.</summary>
    private static List<Coordinate[]>? Walk(Polygon p, Polygon q, Operation operation) =>
        Windows.GetValue(p, static x => Window.Of(x)) is { } w ? ClipShell(w, q.ExteriorRing.Coordinates, operation) : null;

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
    /// The rings of window ∩ shell (window − shell, window ∪ shell for the other operations),
    /// <see cref="WholeSubject"/>, <see cref="WholeWindow"/> or <see cref="SubjectHole"/> for the
    /// cases without crossings, or null when the fast path declines.
    /// </summary>
    private static List<Coordinate[]>? ClipShell(Window window, Coordinate[] s, Operation operation = Operation.Intersection)
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

        // Subject vertices away from the window's boundary, or on it within ε (then nodes of the noded walk).
        var touches = new Touches();
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
                if (NearSegment(p, w[i], w[i + 1], eps) && !touches.AddSubjectVertex(k, i, p, w[i], w[i + 1], window.N))
                {
                    return null;
                }
            }
        }

        var subjectEnvelope = new Envelope();
        for (var k = 0; k < n; k++)
        {
            subjectEnvelope.ExpandToInclude(s[k]);
        }

        // Window vertices away from the subject's edges, or on them (before the crossings, which skip
        // the edges that meet at such a node): vertex i starts edge i, so the edges that meet the
        // subject's box (grown by 2ε) start at every vertex that can be near it.
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
                if (NearSegment(a, s[k], s[k + 1], eps) && !touches.AddWindowVertex(i, k, a, s[k], s[k + 1]))
                {
                    return null;
                }
            }
        }

        var li = new RobustLineIntersector();
        var crossings = new List<Crossing>();
        for (var k = 0; k < n; k++)
        {
            var (p, q) = (s[k], s[k + 1]);
            var (minX, maxX, minY, maxY) = (Math.Min(p.X, q.X), Math.Max(p.X, q.X), Math.Min(p.Y, q.Y), Math.Max(p.Y, q.Y));
            if (maxX < near.MinX || minX > near.MaxX || maxY < near.MinY || minY > near.MaxY)
            {
                continue;
            }

            window.EdgesMeeting(minX, minY, maxX, maxY, edges);
            foreach (var i in edges)
            {
                var (a, b) = (w[i], w[i + 1]);
                if (!Envelope.Intersects(p, q, a, b) || (touches.Any && touches.Adjacent(k, i, n, window.N)))
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

        if (touches.Any || (operation != Operation.Intersection && crossings.Count > 0))
        {
            return NodedWalk(window, s, eps, crossings, touches, operation);
        }

        if (operation != Operation.Intersection)
        {
            // No crossing and no vertex near the other boundary: inside, around, or apart.
            var subjectInside = window.Contains(s[0]);
            var windowInside = !subjectInside && PointLocation.IsInRing(w[0], s);
            return operation == Operation.Difference
                ? subjectInside ? [SubjectHole] : windowInside ? [] : [WholeWindow]
                : subjectInside ? [WholeWindow] : windowInside ? [WholeSubject] : [WholeWindow, WholeSubject];
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
    /// Where the two boundaries meet rather than cross: vertices of one side that are vertices of the
    /// other, or that lie on one of its edges, or within ε of its interior (a crossing computed by an
    /// earlier overlay lies a rounding error off the edge it was cut on). Such a vertex becomes a
    /// node of the noded walk and is inserted into that edge, as OverlayNG's noder would; it moves the
    /// edge by less than ε. A vertex within ε of another vertex, or of two edges, is not recorded:
    /// the fast path declines it.
    /// </summary>
    private sealed class Touches
    {
        /// <summary>Subject vertices that are nodes: the window edge they lie on, or -1 when they are a window vertex.</summary>
        public Dictionary<int, int> SubjectNodes { get; } = [];

        /// <summary>Window vertices that are nodes: the subject edge they lie on, or -1 when they are a subject vertex.</summary>
        public Dictionary<int, int> WindowNodes { get; } = [];

        public bool Any => SubjectNodes.Count > 0 || WindowNodes.Count > 0;

        /// <summary>Subject vertex k (p) within ε of window edge i (a → b): recorded, or false to decline.</summary>
        public bool AddSubjectVertex(int k, int i, Coordinate p, Coordinate a, Coordinate b, int windowN)
        {
            if (p.Equals2D(a) || p.Equals2D(b))
            {
                var vertex = p.Equals2D(a) ? i : (i + 1) % windowN;
                return Shared(SubjectNodes, k) && Shared(WindowNodes, vertex);
            }

            return OnEdgeInterior(p, a, b) && Add(SubjectNodes, k, i);
        }

        /// <summary>Window vertex i (a) within ε of subject edge k (p → q): recorded, or false to decline.</summary>
        public bool AddWindowVertex(int i, int k, Coordinate a, Coordinate p, Coordinate q)
        {
            if (a.Equals2D(p) || a.Equals2D(q))
            {
                // Recorded from the subject's side: a subject vertex equal to a window vertex is near both its edges.
                return WindowNodes.TryGetValue(i, out var on) && on == -1;
            }

            return OnEdgeInterior(a, p, q) && Add(WindowNodes, i, k);
        }

        /// <summary>
        /// True when subject edge k and window edge i meet at a recorded node (an end of one on the
        /// other): their one common point is that node, not a crossing to compute.
        /// </summary>
        public bool Adjacent(int k, int i, int subjectN, int windowN) =>
            (SubjectNodes.TryGetValue(k, out var e) && e == i)
            || (SubjectNodes.TryGetValue((k + 1) % subjectN, out e) && e == i)
            || (WindowNodes.TryGetValue(i, out e) && e == k)
            || (WindowNodes.TryGetValue((i + 1) % windowN, out e) && e == k);

        private static bool Shared(Dictionary<int, int> nodes, int vertex) =>
            nodes.TryAdd(vertex, -1) || nodes[vertex] == -1;

        /// <summary>One edge per vertex: a vertex near two edges is near their common vertex, and declined.</summary>
        private static bool Add(Dictionary<int, int> nodes, int vertex, int edge) =>
            nodes.TryAdd(vertex, edge) || nodes[vertex] == edge;

        /// <summary>Strictly between the ends of a → b (the caller knows it is within ε of the segment).</summary>
        private static bool OnEdgeInterior(Coordinate x, Coordinate a, Coordinate b)
        {
            var t = Param(a, b, x);
            return t > 0 && t < 1;
        }
    }

    /// <summary>What the walk builds from the window and the subject.</summary>
    private enum Operation
    {
        Intersection,
        Difference,
        Union,
    }

    /// <summary>How a chain of one ring between two nodes lies with respect to the other ring.</summary>
    private enum Side
    {
        Inside,
        Outside,

        /// <summary>An edge of both rings, run the same way (both regions on its left).</summary>
        Same,

        /// <summary>An edge of both rings, run opposite ways (the regions on either side).</summary>
        Opposite,
    }

    /// <summary>A piece of a noded ring from one node to the next, both included.</summary>
    private sealed class Chain
    {
        public required List<Coordinate> Points { get; init; }

        public required int From { get; init; }

        public required int To { get; init; }

        public Side Side { get; set; }

        public bool Used { get; set; }
    }

    /// <summary>
    /// window ∩ shell (or −, ∪) when the boundaries meet at shared vertices, at vertices on the
    /// other's edges or along shared edges, and for every difference and union: the noded form of
    /// the walk. Both rings are cut at every point where they meet (nodes, equal coordinates on
    /// both); each piece of a ring between two nodes then lies wholly inside or outside the other
    /// ring, or is an edge of both. The boundary of the intersection is made of the subject's pieces
    /// inside the window, the window's pieces inside the subject and the shared edges run the same
    /// way; of the difference, the window's pieces outside, the shared edges run opposite ways and
    /// the subject's pieces inside reversed; of the union, the pieces outside the other ring and the
    /// shared edges run the same way. They are linked at the nodes into rings. Declines (null) when
    /// a piece cannot be located ε away from the other boundary, when two points of a noded ring
    /// are closer than ε, or when a ring comes out clockwise (a hole).
    /// </summary>
    private static List<Coordinate[]>? NodedWalk(Window window, Coordinate[] s, double eps, List<Crossing> crossings, Touches touches, Operation operation)
    {
        var w = window.Ring;
        var n = s.Length - 1;
        var nodes = new Dictionary<(double X, double Y), int>();
        int NodeOf(Coordinate c)
        {
            if (!nodes.TryGetValue((c.X, c.Y), out var id))
            {
                id = nodes.Count;
                nodes.Add((c.X, c.Y), id);
            }

            return id;
        }

        // Points inserted into each edge of either ring, with their position along it.
        var subjectInserts = new List<(double T, Coordinate Point)>?[n];
        var windowInserts = new List<(double T, Coordinate Point)>?[window.N];
        static void Insert(List<(double T, Coordinate Point)>?[] inserts, int edge, double t, Coordinate point) =>
            (inserts[edge] ??= []).Add((t, point));
        foreach (var (i, k) in touches.WindowNodes)
        {
            if (k >= 0)
            {
                Insert(subjectInserts, k, Param(s[k], s[k + 1], w[i]), w[i]);
            }
        }

        foreach (var (k, i) in touches.SubjectNodes)
        {
            if (i >= 0)
            {
                Insert(windowInserts, i, Param(w[i], w[i + 1], s[k]), s[k]);
            }
        }

        foreach (var x in crossings)
        {
            Insert(subjectInserts, x.SubjectEdge, x.SubjectT, x.Point);
            Insert(windowInserts, x.WindowEdge, x.WindowT, x.Point);
        }

        var subjectChains = Chains(s, n, touches.SubjectNodes.Keys, subjectInserts, NodeOf, eps);
        var windowChains = Chains(w, window.N, touches.WindowNodes.Keys, windowInserts, NodeOf, eps);
        if (subjectChains is null || windowChains is null)
        {
            return null;
        }

        // Shared edges: single-segment chains of both rings between the same two nodes.
        var windowSegments = new Dictionary<(int, int), Chain>();
        foreach (var c in windowChains)
        {
            if (c.Points.Count == 2)
            {
                windowSegments[(c.From, c.To)] = c;
            }
        }

        foreach (var c in subjectChains)
        {
            if (c.Points.Count == 2 && windowSegments.TryGetValue((c.From, c.To), out var same))
            {
                (c.Side, same.Side) = (Side.Same, Side.Same);
                same.Used = true;
            }
            else if (c.Points.Count == 2 && windowSegments.TryGetValue((c.To, c.From), out var opposite))
            {
                (c.Side, opposite.Side) = (Side.Opposite, Side.Opposite);
                opposite.Used = true;
            }
            else if (Representative(c) is not { } point)
            {
                return null;
            }
            else
            {
                if (NearWindow(window, point, eps))
                {
                    return null;
                }

                c.Side = window.Contains(point) ? Side.Inside : Side.Outside;
            }
        }

        foreach (var c in windowChains)
        {
            if (c.Used)
            {
                c.Used = false;
                continue;
            }

            if (Representative(c) is not { } point || NearRing(s, point, eps))
            {
                return null;
            }

            c.Side = PointLocation.IsInRing(point, s) ? Side.Inside : Side.Outside;
        }

        IEnumerable<Chain> boundary;
        if (operation == Operation.Union)
        {
            if (windowChains.All(c => c.Side is Side.Inside or Side.Same))
            {
                return [WholeSubject];
            }

            if (subjectChains.All(c => c.Side is Side.Inside or Side.Same))
            {
                return [WholeWindow];
            }

            // The pieces of each ring outside the other, and the shared edges run the same way once;
            // edges shared the opposite way lie inside the union.
            boundary = windowChains.Where(c => c.Side is Side.Outside or Side.Same).Concat(subjectChains.Where(c => c.Side == Side.Outside));
        }
        else if (operation == Operation.Difference)
        {
            if (windowChains.All(c => c.Side is Side.Inside or Side.Same))
            {
                return [];
            }

            if (windowChains.All(c => c.Side is Side.Outside or Side.Opposite) && subjectChains.All(c => c.Side != Side.Inside))
            {
                return [WholeWindow];
            }

            // The window's pieces outside the subject or along it with the subject beyond, and the
            // subject's pieces inside the window run backwards (the difference lies on their right).
            boundary = windowChains.Where(c => c.Side is Side.Outside or Side.Opposite)
                .Concat(subjectChains.Where(c => c.Side == Side.Inside).Select(c => new Chain
                {
                    Points = Enumerable.Reverse(c.Points).ToList(),
                    From = c.To,
                    To = c.From,
                }));
        }
        else
        {
            if (windowChains.All(c => c.Side is Side.Inside or Side.Same))
            {
                return [WholeWindow];
            }

            if (subjectChains.All(c => c.Side is Side.Inside or Side.Same))
            {
                return [WholeSubject];
            }

            boundary = subjectChains.Where(c => c.Side is Side.Inside or Side.Same).Concat(windowChains.Where(c => c.Side == Side.Inside));
        }

        // The boundary of the result, linked at the nodes. Where parts of the result meet at a node
        // (two ways out of it), the way out that turns farthest left from the way in closes the
        // smallest ring around the region on the left: the parts come out as separate polygons
        // touching at the node, as OverlayNG builds them.
        var byStart = new Dictionary<int, List<Chain>>();
        var chainCount = 0;
        foreach (var c in boundary)
        {
            if (!byStart.TryGetValue(c.From, out var list))
            {
                byStart[c.From] = list = new List<Chain>(1);
            }

            list.Add(c);
            chainCount++;
        }

        var rings = new List<Coordinate[]>();
        foreach (var first in byStart.Values.SelectMany(l => l).ToList())
        {
            if (first.Used)
            {
                continue;
            }

            var ring = new List<Coordinate>();
            var chain = first;
            var steps = 0;
            do
            {
                if (chain.Used || ++steps > chainCount)
                {
                    return null;
                }

                chain.Used = true;
                for (var j = 0; j < chain.Points.Count - 1; j++)
                {
                    ring.Add(chain.Points[j].Copy());
                }

                if (!byStart.TryGetValue(chain.To, out var ways) || Leftmost(chain, ways, first) is not { } next)
                {
                    return null;
                }

                chain = next;
            }
            while (!ReferenceEquals(chain, first));

            ring.Add(ring[0].Copy());
            var coordinates = ring.ToArray();
            if (coordinates.Length < 4 || !Orientation.IsCCW(coordinates))
            {
                // A clockwise ring would be a hole, which the intersection of two simply connected
                // regions has not; a difference has one only where the subject lies inside the
                // window and touches its boundary at a node (a hole touching the shell: OverlayNG
                // decides how to build it).
                return null;
            }

            // Clockwise shells, as OverlayNG builds them.
            Array.Reverse(coordinates);
            rings.Add(coordinates);
        }

        return rings;
    }

    /// <summary>
    /// The way on from the end of <paramref name="chain"/>: the one unused chain starting there (or
    /// <paramref name="first"/>, which closes the ring), else the one whose first segment turns
    /// farthest left from the chain's last; null when none is left.
    /// </summary>
    private static Chain? Leftmost(Chain chain, List<Chain> ways, Chain first)
    {
        if (ways.Count == 1)
        {
            return ways[0].Used && !ReferenceEquals(ways[0], first) ? null : ways[0];
        }

        var (u, v) = (chain.Points[^2], chain.Points[^1]);
        var (ix, iy) = (v.X - u.X, v.Y - u.Y);
        Chain? best = null;
        var bestTurn = double.NegativeInfinity;
        foreach (var c in ways)
        {
            if (c.Used && !ReferenceEquals(c, first))
            {
                continue;
            }

            var w = c.Points[1];
            var (ox, oy) = (w.X - v.X, w.Y - v.Y);
            var turn = Math.Atan2((ix * oy) - (iy * ox), (ix * ox) + (iy * oy));
            if (turn > bestTurn)
            {
                (best, bestTurn) = (c, turn);
            }
        }

        return best;
    }

    /// <summary>
    /// A ring cut at its nodes: its vertices in order with the inserted points of each edge, split
    /// into chains from node to node. Null when two consecutive points are closer than ε.
    /// </summary>
    private static List<Chain>? Chains(
        Coordinate[] ring, int n, ICollection<int> vertexNodes, List<(double T, Coordinate Point)>?[] inserts, Func<Coordinate, int> nodeOf, double eps)
    {
        var points = new List<(Coordinate Point, int Node)>(n + 8);
        for (var k = 0; k < n; k++)
        {
            points.Add((ring[k], vertexNodes.Contains(k) ? nodeOf(ring[k]) : -1));
            if (inserts[k] is { } inserted)
            {
                inserted.Sort((x, y) => x.T.CompareTo(y.T));
                foreach (var (_, p) in inserted)
                {
                    points.Add((p, nodeOf(p)));
                }
            }
        }

        var start = -1;
        for (var j = 0; j < points.Count; j++)
        {
            if (points[j].Point.Distance(points[(j + 1) % points.Count].Point) < eps)
            {
                return null;
            }

            if (start < 0 && points[j].Node >= 0)
            {
                start = j;
            }
        }

        var chains = new List<Chain>();
        var current = new List<Coordinate> { points[start].Point };
        var from = points[start].Node;
        for (var step = 1; step <= points.Count; step++)
        {
            var (p, node) = points[(start + step) % points.Count];
            current.Add(p);
            if (node >= 0)
            {
                chains.Add(new Chain { Points = current, From = from, To = node });
                (current, from) = ([p], node);
            }
        }

        return chains;
    }

    /// <summary>
    /// A point of the chain's interior to locate it by: a vertex of the ring that is not a node (such
    /// vertices are ε away from the other ring, else the walk was declined), else the midpoint of
    /// its one segment (the caller checks it is ε away).
    /// </summary>
    private static Coordinate? Representative(Chain c) =>
        c.Points.Count > 2 ? c.Points[1]
        : c.Points.Count == 2 ? new Coordinate((c.Points[0].X + c.Points[1].X) / 2, (c.Points[0].Y + c.Points[1].Y) / 2)
        : null;

    private static bool NearWindow(Window window, Coordinate p, double eps)
    {
        var edges = new List<int>();
        window.EdgesMeeting(p.X - (2 * eps), p.Y - (2 * eps), p.X + (2 * eps), p.Y + (2 * eps), edges);
        return edges.Any(i => NearSegment(p, window.Ring[i], window.Ring[i + 1], eps));
    }

    private static bool NearRing(Coordinate[] ring, Coordinate p, double eps)
    {
        for (var k = 0; k < ring.Length - 1; k++)
        {
            if (NearSegment(p, ring[k], ring[k + 1], eps))
            {
                return true;
            }
        }

        return false;
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
