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
        { "collinear run", "0 0, 5 0, 10 0, 10 10, 0 10, 0 0" },
        { "collinear overlap of far segments", "0 0, 10 0, 10 5, 2 5, 2 0.0, 1 -5, 0 -5, 0 0" },
        { "zero area", "0 0, 10 0, 0 0, 0 0" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Degenerate_rings_are_left_to_NTS(string name, string coordinates)
    {
        var polygon = (Polygon)new NetTopologySuite.IO.WKTReader(Factory.GeometryServices).Read($"POLYGON(({coordinates}))");
        Assert.False(SimplePolygon.IsCertainlyValid(polygon), name);
    }

    [Fact]
    public void Holes_several_parts_and_large_rings_are_left_to_NTS()
    {
        var withHole = Factory.CreatePolygon(Box(0, 0, 100, 100), [Box(10, 10, 10, 10)]);
        Assert.True(withHole.IsValid);
        Assert.False(SimplePolygon.IsCertainlyValid(withHole));
        Assert.False(SimplePolygon.IsCertainlyValid(Factory.CreateMultiPolygon([Square(0, 0, 1), Square(5, 5, 1)])));
        var large = Ring(Enumerable.Range(0, SimplePolygon.MaxVertices + 1).Select(k => (Math.Cos(k * 0.09), Math.Sin(k * 0.09))).ToArray());
        Assert.True(large.IsValid);
        Assert.False(SimplePolygon.IsCertainlyValid(large));
        Assert.True(SimplePolygon.IsCertainlyValid(Square(0, 0, 1)));
    }
}
