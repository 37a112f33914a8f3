using GeoPetition.Core.Verification;
using NetTopologySuite.Algorithm;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Overlay;
using NetTopologySuite.Operation.OverlayNG;

using static GeoPetition.Core.Tests.Verification.OverlayShapes;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="PieceUnion"/> (the coverage-union path of <see cref="Overlay.Cover"/>) against
/// OverlayNG's union: pieces of random polygons cut by a random planar partition, as the engine
/// cuts them, must be united by the fast path and give OverlayNG's point set; pieces that are not
/// a coverage (overlapping, nested, duplicated, with vertices that do not match along a shared
/// edge) must make it decline, so that <see cref="Overlay.Union(IEnumerable{Geometry})"/> does the work.
/// </summary>
public sealed class PieceUnionTests
{
    /// <summary>The union as Cover computes it: the fast path, else OverlayNG.</summary>
    private static Geometry CoverUnion(List<Geometry> pieces) => PieceUnion.TryUnion(pieces) ?? Overlay.Union(pieces);

    /// <summary>WKT in metres from the origin of <see cref="OverlayShapes"/> (zone coordinates).</summary>
    private static Geometry Read(string wkt)
    {
        var g = Factory.CreateGeometry(new NetTopologySuite.IO.WKTReader().Read(wkt));
        var origin = C(0, 0);
        return NetTopologySuite.Geometries.Utilities.AffineTransformation.TranslationInstance(origin.X, origin.Y).Transform(g);
    }

    private static void AssertSameAsOverlayNGUnion(IReadOnlyList<Geometry> pieces, Geometry result)
    {
        var ng = OverlayNGRobust.Union(Factory.BuildGeometry(pieces));
        Assert.True(result.IsValid, $"invalid result {result}");
        Assert.True(result is Polygon or MultiPolygon, result.GeometryType);
        var scale = Math.Max(1.0, ng.Area);
        var difference = OverlayNGRobust.Overlay(result, ng, SpatialFunction.SymDifference);
        Assert.True(difference.Area <= 1e-9 * scale, $"result and OverlayNG differ by {difference.Area} m²");
        Assert.Equal(ng.Area, result.Area, 1e-9 * scale);
    }

    /// <summary>
    /// A planar partition of [−600, 600]²: a jittered grid whose cells share their edges, each edge
    /// a polyline with up to 3 jittered inner vertices held by both cells (the same coordinates);
    /// some cells have a hole filled by an island cell.
    /// </summary>
    private static List<Polygon> Partition(Random r, int n)
    {
        var step = 1200.0 / n;
        var nodes = new Coordinate[n + 1, n + 1];
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                var inner = i > 0 && i < n && j > 0 && j < n;
                var (dx, dy) = inner ? ((r.NextDouble() - 0.5) * step * 0.4, (r.NextDouble() - 0.5) * step * 0.4) : (0.0, 0.0);
                nodes[i, j] = C(-600 + (i * step) + dx, -600 + (j * step) + dy);
            }
        }

        // The polyline from a to b, created once per edge and shared by its two cells.
        var edges = new Dictionary<(int, int, int, int), Coordinate[]>();
        Coordinate[] Edge(int i0, int j0, int i1, int j1)
        {
            if (edges.TryGetValue((i1, j1, i0, j0), out var back))
            {
                return back.Reverse().ToArray();
            }

            var (a, b) = (nodes[i0, j0], nodes[i1, j1]);
            var line = new List<Coordinate> { a };
            var inner = r.Next(4);
            for (var k = 1; k <= inner; k++)
            {
                var t = k / (inner + 1.0);
                var off = (r.NextDouble() - 0.5) * step * 0.2;
                line.Add(new Coordinate(a.X + ((b.X - a.X) * t) + off, a.Y + ((b.Y - a.Y) * t) - off));
            }

            line.Add(b);
            edges[(i0, j0, i1, j1)] = [.. line];
            return [.. line];
        }

        var cells = new List<Polygon>();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var ring = new List<Coordinate>();
                ring.AddRange(Edge(i, j, i + 1, j).SkipLast(1));
                ring.AddRange(Edge(i + 1, j, i + 1, j + 1).SkipLast(1));
                ring.AddRange(Edge(i + 1, j + 1, i, j + 1).SkipLast(1));
                ring.AddRange(Edge(i, j + 1, i, j));
                var shell = Factory.CreateLinearRing([.. ring]);
                if (r.Next(5) == 0)
                {
                    // An island (a village in farmland): the hole and the island share their ring.
                    var c = Factory.CreatePolygon(shell).InteriorPoint.Coordinate;
                    var island = Factory.CreateLinearRing(
                    [
                        new Coordinate(c.X - (step * 0.1), c.Y - (step * 0.1)), new Coordinate(c.X + (step * 0.1), c.Y - (step * 0.1)),
                        new Coordinate(c.X + (step * 0.1), c.Y + (step * 0.1)), new Coordinate(c.X - (step * 0.1), c.Y + (step * 0.1)),
                        new Coordinate(c.X - (step * 0.1), c.Y - (step * 0.1)),
                    ]);
                    var holed = Factory.CreatePolygon(shell, [island]);
                    if (holed.IsValid)
                    {
                        cells.Add(holed);
                        cells.Add(Factory.CreatePolygon(island));
                        continue;
                    }
                }

                cells.Add(Factory.CreatePolygon(shell));
            }
        }

        return cells;
    }

    [Fact]
    public void The_partitions_of_the_tests_are_valid_coverages()
    {
        var r = new Random(1);
        for (var i = 0; i < 20; i++)
        {
            var cells = Partition(r, 3 + r.Next(8));
            Assert.All(cells, c => Assert.True(c.IsValid));
            Assert.True(NetTopologySuite.Coverage.CoverageValidator.IsValid(cells.ToArray<Geometry>()));
            var union = OverlayNGRobust.Union(Factory.BuildGeometry(cells));
            Assert.Equal(union.Area, cells.Sum(c => c.Area), 1e-6);
        }
    }

    [Fact]
    public void Pieces_of_random_polygons_cut_by_a_partition_are_united_by_the_fast_path_as_OverlayNG_unites_them()
    {
        var r = new Random(20260301);
        var (cases, taken) = (0, 0);
        for (var round = 0; round < 40; round++)
        {
            var cells = Partition(r, 3 + r.Next(8));
            // The petition cuts the features first (Overlay.Clip), then each part cuts the clips (Overlay.Piece).
            var petition = Star(r, (r.NextDouble() - 0.5) * 400, (r.NextDouble() - 0.5) * 400, 300 + (r.NextDouble() * 400), 4 + r.Next(30), r.NextDouble() * 0.5);
            var clips = cells.Select(c => Overlay.Intersection(petition, c)).Where(c => !c.IsEmpty).ToList();
            for (var k = 0; k < 10; k++)
            {
                var part = Star(r, (r.NextDouble() - 0.5) * 800, (r.NextDouble() - 0.5) * 800, 20 + (r.NextDouble() * 400), 3 + r.Next(80), r.NextDouble() * 0.9);
                var pieces = clips.Select(c => Overlay.Intersection(part, c)).Where(p => !p.IsEmpty).ToList();
                if (pieces.Count < 2)
                {
                    continue;
                }

                cases++;
                var fast = PieceUnion.TryUnion(pieces);
                if (fast is not null)
                {
                    taken++;
                    AssertSameAsOverlayNGUnion(pieces, fast);
                }

                AssertSameAsOverlayNGUnion(pieces, CoverUnion(pieces));
            }
        }

        // Adjacent pieces hold bit-identical crossing points, so nearly every set is a coverage. Not
        // where a part crosses both the shell and a hole of a cell with islands within one edge: the
        // piece of that cell is its shell's piece less the hole (Overlay.IntersectionWithHoles), whose
        // crossing with the hole is computed on the rest of the part's edge, and differs in the last
        // bits from the island's piece (about 5 % of these sets, which OverlayNG then unites).
        Assert.True(cases > 200, $"only {cases} cases");
        Assert.True(taken >= 0.9 * cases, $"fast path taken {taken} of {cases} times");
    }

    [Fact]
    public void Random_overlapping_pieces_are_united_as_OverlayNG_unites_them()
    {
        var r = new Random(7);
        var declined = 0;
        for (var i = 0; i < 500; i++)
        {
            var pieces = Enumerable.Range(0, 2 + r.Next(5))
                .Select(_ => (Geometry)Star(r, (r.NextDouble() - 0.5) * 600, (r.NextDouble() - 0.5) * 600, 20 + (r.NextDouble() * 300), 3 + r.Next(40), r.NextDouble() * 0.9))
                .ToList();
            var fast = PieceUnion.TryUnion(pieces);
            if (fast is null)
            {
                declined++;
            }
            else
            {
                // Only when the pieces happen to be apart (then they are a coverage too).
                AssertSameAsOverlayNGUnion(pieces, fast);
            }

            AssertSameAsOverlayNGUnion(pieces, CoverUnion(pieces));
        }

        Assert.True(declined > 300, $"declined only {declined} times");
    }

    public static TheoryData<string, string[]> NotACoverage => new()
    {
        // Two squares overlapping: the coverage union returns both (area = the sum of theirs, invalid).
        { "overlapping squares", ["POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((5 5, 15 5, 15 15, 5 15, 5 5))"] },
        // One piece inside another, no shared edge.
        { "nested", ["POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((2 2, 4 2, 4 4, 2 4, 2 2))"] },
        // The same piece twice: its edges cancel in pairs.
        { "duplicate", ["POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))"] },
        // A piece inside another sharing an edge in the same direction.
        { "inside sharing an edge", ["POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((0 0, 10 0, 5 5, 0 0))"] },
        // Adjacent, but one has a vertex on the shared edge that the other lacks (a T-junction).
        { "T-junction", ["POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 5, 10 0))"] },
        // Adjacent, the shared edge's vertex a little into the neighbour (they overlap by a sliver).
        { "T-junction overlapping", ["POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((10 0, 20 0, 20 10, 10 10, 9.999 5, 10 0))"] },
        // Adjacent, the shared edge cut at different points on each side.
        { "shifted vertices", ["POLYGON ((0 0, 10 0, 10 4, 10 10, 0 10, 0 0))", "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 6, 10 0))"] },
        // Crossing edges that are not noded.
        { "crossing", ["POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((10 0, 20 0, 20 10, 10 10, 12 5, 8 6, 10 0))"] },
    };

    [Theory]
    [MemberData(nameof(NotACoverage))]
    public void Pieces_that_are_not_a_coverage_are_left_to_OverlayNG(string name, string[] wkt)
    {
        var pieces = wkt.Select(Read).ToList();
        Assert.All(pieces, p => Assert.True(p.IsValid, name));
        Assert.Null(PieceUnion.TryUnion(pieces));
        AssertSameAsOverlayNGUnion(pieces, CoverUnion(pieces));
    }

    [Fact]
    public void Adjacent_pieces_and_a_sliver_gap_between_them_are_united_exactly()
    {
        // A shared edge with matching vertices; then the same with a vertex pulled out of the
        // neighbour, leaving a sliver gap: the two pieces then touch at two points and their union
        // (a multipolygon of both, or a polygon with the sliver as a hole) is still exact.
        foreach (var wkt in new[]
        {
            new[] { "POLYGON ((0 0, 10 0, 10 5, 10 10, 0 10, 0 0))", "POLYGON ((10 0, 20 0, 20 10, 10 10, 10 5, 10 0))" },
            new[] { "POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", "POLYGON ((10 0, 20 0, 20 10, 10 10, 10.001 5, 10 0))" },
            new[] { "POLYGON ((0 0, 30 0, 30 30, 0 30, 0 0), (10 10, 10 20, 20 20, 20 10, 10 10))", "POLYGON ((10 10, 20 10, 20 20, 10 20, 10 10))" },
        })
        {
            var pieces = wkt.Select(Read).ToList();
            var fast = PieceUnion.TryUnion(pieces);
            Assert.NotNull(fast);
            AssertSameAsOverlayNGUnion(pieces, fast);
        }
    }

    [Fact]
    public void Crossing_points_do_not_depend_on_the_order_of_the_segments_or_of_their_endpoints()
    {
        // PieceUnion relies on it: two features sharing an edge run it in opposite directions, and a
        // crossing of a part's edge with it is computed with the part as window or as subject.
        var r = new Random(11);
        var li = new RobustLineIntersector();
        Coordinate Crossing(Coordinate p, Coordinate q, Coordinate a, Coordinate b)
        {
            li.ComputeIntersection(p, q, a, b);
            Assert.True(li.IsProper);
            return li.GetIntersection(0).Copy();
        }

        var tested = 0;
        while (tested < 20_000)
        {
            var (p, q) = (C(r.NextDouble() * 1000, r.NextDouble() * 1000), C(r.NextDouble() * 1000, r.NextDouble() * 1000));
            var (a, b) = (C(r.NextDouble() * 1000, r.NextDouble() * 1000), C(r.NextDouble() * 1000, r.NextDouble() * 1000));
            li.ComputeIntersection(p, q, a, b);
            if (!li.IsProper)
            {
                continue;
            }

            tested++;
            var x = Crossing(p, q, a, b);
            foreach (var y in new[] { Crossing(q, p, a, b), Crossing(p, q, b, a), Crossing(q, p, b, a), Crossing(a, b, p, q), Crossing(b, a, p, q), Crossing(a, b, q, p), Crossing(b, a, q, p) })
            {
                Assert.True(x.X.Equals(y.X) && x.Y.Equals(y.Y), $"{x} vs {y}");
            }
        }
    }
}
