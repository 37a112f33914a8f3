using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using static GeoPetition.Core.Tests.Verification.OverlayShapes;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="SimplePolygon.IsCertainlyValid"/> may only say "valid" where NTS says valid (it is a
/// shortcut of <c>IsValid</c>), and it should say so for the ordinary small polygons it exists for.
/// </summary>
public sealed class SimplePolygonTests
{
    [Fact]
    public void Random_rings_proved_simple_are_valid_and_most_star_shapes_are_proved()
    {
        var random = new Random(20261124);
        var (proved, validStars, invalidProved) = (0, 0, 0);
        for (var i = 0; i < 20_000; i++)
        {
            // Star-shaped rings are simple; random rings mostly are not; both around a zone point.
            var points = 3 + random.Next(30);
            var star = i % 2 == 0;
            var ring = Enumerable.Range(0, points).Select(k =>
            {
                if (!star)
                {
                    return (random.NextDouble() * 100, random.NextDouble() * 100);
                }

                var angle = 2 * Math.PI * k / points;
                var r = 10 + (40 * random.NextDouble());
                return (50 + (r * Math.Cos(angle)), 50 + (r * Math.Sin(angle)));
            }).ToArray();
            var polygon = Ring(ring);
            var fast = SimplePolygon.IsCertainlyValid(polygon);
            if (fast && !polygon.IsValid)
            {
                invalidProved++;
            }

            if (star && polygon.IsValid)
            {
                validStars++;
                proved += fast ? 1 : 0;
            }
        }

        Assert.Equal(0, invalidProved);
        Assert.True(proved > 0.99 * validStars, $"only {proved} of {validStars} valid star-shaped rings proved simple");
    }

    public static TheoryData<string, string> Cases() => new()
    {
        { "bow tie (crossing)", "0 0, 10 10, 10 0, 0 10, 0 0" },
        { "spike back along an edge", "0 0, 10 0, 5 0, 5 5, 0 5, 0 0" },
        { "vertex touching an edge", "0 0, 10 0, 10 10, 5 0.0, 0 10, 0 0" },
        { "ring touching itself at a vertex", "0 0, 4 0, 2 2, 4 4, 0 4, 2 2, 0 0" },
        { "repeated vertex", "0 0, 10 0, 10 0, 10 10, 0 10, 0 0" },
        { "collinear overlap of far segments", "0 0, 10 0, 10 5, 2 5, 2 0.0, 1 -5, 0 -5, 0 0" },
        { "zero area", "0 0, 10 0, 0 0, 0 0" },
        { "every vertex on one line", "0 0, 5 0, 10 0, 0 0" },
        { "a straight run that overlaps a far segment", "0 0, 5 0, 10 0, 10 5, 3 5, 3 0, 2 -5, 0 -5, 0 0" },
        { "a spike forward along the next edge", "0 0, 10 0, 10 10, 10 5, 0 10, 0 0" },
    };

    public static TheoryData<string, string> StraightRuns() => new()
    {
        { "a vertex in the middle of an edge", "0 0, 5 0, 10 0, 10 10, 0 10, 0 0" },
        { "several vertices along every edge", "0 0, 2 0, 7 0, 10 0, 10 3, 10 10, 4 10, 0 10, 0 6, 0 0" },
        { "a straight run across the closing vertex", "5 0, 10 0, 10 10, 0 10, 0 0, 5 0" },
        { "a diagonal run", "0 0, 4 4, 8 8, 0 8, 0 0" },
    };

    [Theory]
    [MemberData(nameof(StraightRuns))]
    public void Straight_runs_along_shared_boundaries_are_proved_simple(string name, string coordinates)
    {
        var polygon = (Polygon)new NetTopologySuite.IO.WKTReader(Factory.GeometryServices).Read($"POLYGON(({coordinates}))");
        Assert.True(polygon.IsValid, name);
        Assert.True(SimplePolygon.IsCertainlyValid(polygon), name);
    }

    [Theory]
    [InlineData(20, 5_000)]
    [InlineData(300, 400)]
    public void Random_grid_rings_with_vertices_on_their_edges_are_proved_only_when_valid(int size, int rings)
    {
        // Rings on an integer grid (exactly collinear runs, as a coverage's shared boundaries
        // give), with extra vertices inserted along edges and, in some, a spike, a doubled vertex,
        // or a vertex moved onto another or anywhere (touching or crossing far along the ring).
        // Rings of more than SimplePolygon.MaxVertices vertices (size 300) take its grid-indexed test.
        var random = new Random(4711 + size);
        var (proved, valid) = (0, 0);
        for (var i = 0; i < rings; i++)
        {
            var (w, h) = (2 + random.Next(size), 2 + random.Next(size));
            var corners = new List<(double X, double Y)> { (0, 0), (w, 0), (w, h), (0, h) };
            if (random.Next(2) == 0)
            {
                // An L shape: a notch cut at the top right.
                var (nx, ny) = (1 + random.Next(w - 1), 1 + random.Next(h - 1));
                corners = [(0, 0), (w, 0), (w, ny), (nx, ny), (nx, h), (0, h)];
            }

            var ring = new List<(double X, double Y)>();
            for (var k = 0; k < corners.Count; k++)
            {
                var (a, b) = (corners[k], corners[(k + 1) % corners.Count]);
                ring.Add(a);
                var steps = (int)Math.Max(Math.Abs(b.X - a.X), Math.Abs(b.Y - a.Y));
                for (var t = 1; t < steps; t++)
                {
                    if (random.Next(3) == 0)
                    {
                        ring.Add((a.X + (Math.Sign(b.X - a.X) * t), a.Y + (Math.Sign(b.Y - a.Y) * t)));
                    }
                }
            }

            switch (random.Next(6))
            {
                case 0:
                    // A spike: go back to the vertex before.
                    var at = 1 + random.Next(ring.Count - 1);
                    ring.Insert(at + 1, ring[at - 1]);
                    break;
                case 1:
                    var again = random.Next(ring.Count);
                    ring.Insert(again, ring[again]);
                    break;
                case 2:
                    // A vertex moved onto another vertex far along the ring: the ring touches itself.
                    var (from, to) = (random.Next(ring.Count), random.Next(ring.Count));
                    ring[from] = ring[to];
                    break;
                case 3:
                    // A vertex moved to a random grid point: the ring mostly crosses or touches itself.
                    ring[random.Next(ring.Count)] = (random.Next(w + 1), random.Next(h + 1));
                    break;
            }

            var polygon = Ring([.. ring]);
            var fast = SimplePolygon.IsCertainlyValid(polygon);
            Assert.False(fast && !polygon.IsValid, $"proved simple but invalid: {polygon}");
            if (polygon.IsValid && ring.Distinct().Count() == ring.Count)
            {
                valid++;
                proved += fast ? 1 : 0;
            }
        }

        Assert.True(proved == valid, $"only {proved} of {valid} valid grid rings without repeated vertices proved simple");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Degenerate_rings_are_left_to_NTS(string name, string coordinates)
    {
        var polygon = (Polygon)new NetTopologySuite.IO.WKTReader(Factory.GeometryServices).Read($"POLYGON(({coordinates}))");
        Assert.False(SimplePolygon.IsCertainlyValid(polygon), name);
    }

    [Fact]
    public void Holes_several_parts_and_very_large_rings_are_left_to_NTS()
    {
        var withHole = Factory.CreatePolygon(Box(0, 0, 100, 100), [Box(10, 10, 10, 10)]);
        Assert.True(withHole.IsValid);
        Assert.False(SimplePolygon.IsCertainlyValid(withHole));
        Assert.False(SimplePolygon.IsCertainlyValid(Factory.CreateMultiPolygon([Square(0, 0, 1), Square(5, 5, 1)])));
        var large = Ring(Enumerable.Range(0, SimplePolygon.MaxVertices + 1).Select(k => (Math.Cos(k * 0.09), Math.Sin(k * 0.09))).ToArray());
        Assert.True(large.IsValid);
        Assert.True(SimplePolygon.IsCertainlyValid(large));
        var huge = Ring(Enumerable.Range(0, SimplePolygon.MaxIndexedVertices + 1).Select(k => (Math.Cos(k * 3e-5), Math.Sin(k * 3e-5))).ToArray());
        Assert.False(SimplePolygon.IsCertainlyValid(huge));
        Assert.True(SimplePolygon.IsCertainlyValid(Square(0, 0, 1)));
    }
}
