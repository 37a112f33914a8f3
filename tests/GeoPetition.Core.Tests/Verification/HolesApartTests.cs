using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;

using static GeoPetition.Core.Tests.Verification.OverlayShapes;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="Overlay.WithoutHolesApartFrom"/>: holes whose envelope is disjoint from the other side's
/// are ignored by <see cref="Overlay.Intersection"/> so the polygon can take the <see cref="PolygonClip"/>
/// fast path. Every case compares the fast result on the stripped polygon, and the engine's result,
/// with OverlayNG on the original polygons.
/// </summary>
public sealed class HolesApartTests
{
    private static int Holes(Geometry g) => g switch
    {
        Polygon p => p.NumInteriorRings,
        _ => Enumerable.Range(0, g.NumGeometries).Sum(i => ((Polygon)g.GetGeometryN(i)).NumInteriorRings),
    };

    /// <summary>Checks a pair both ways; returns how many times a stripped side took the fast path.</summary>
    private static int Check(Geometry a, Geometry b)
    {
        var taken = 0;
        foreach (var (x, y) in new[] { (a, b), (b, a) })
        {
            var xs = Overlay.WithoutHolesApartFrom(x, y);
            var ys = Overlay.WithoutHolesApartFrom(y, x);
            Assert.Equal(Holes(x) == Holes(xs), ReferenceEquals(x, xs));
            if (Holes(xs) + Holes(ys) < Holes(x) + Holes(y) && xs is Polygon window && window.NumInteriorRings == 0)
            {
                var fast = PolygonClip.TryIntersection(window, ys);
                if (fast is not null)
                {
                    taken++;
                    AssertSameAsOverlayNG(x, y, fast);
                }
            }

            AssertSameAsOverlayNG(x, y, Overlay.Intersection(x, y));
        }

        return taken;
    }

    [Fact]
    public void Random_polygons_with_holes_near_and_far_agree_with_OverlayNG()
    {
        var r = new Random(4545);
        var taken = 0;
        var stripped = 0;
        for (var i = 0; i < 2000; i++)
        {
            // A large polygon with 1–4 square holes scattered inside it (some under the other side, some apart).
            var shell = StarRing(r, 0, 0, 600, 8 + r.Next(30), 0.2);
            var holes = new List<LinearRing>();
            for (var k = 0; k < 1 + r.Next(4); k++)
            {
                var (hx, hy) = ((r.NextDouble() - 0.5) * 700, (r.NextDouble() - 0.5) * 700);
                var hole = Box(hx, hy, 10 + (r.NextDouble() * 60), 10 + (r.NextDouble() * 60));
                if (holes.All(h => !h.EnvelopeInternal.Intersects(hole.EnvelopeInternal)))
                {
                    holes.Add(hole);
                }
            }

            var holed = Factory.CreatePolygon(shell, holes.ToArray());
            if (!holed.IsValid)
            {
                continue;
            }

            Geometry other = (i % 3) switch
            {
                0 => Factory.CreatePolygon(StarRing(r, (r.NextDouble() - 0.5) * 1200, (r.NextDouble() - 0.5) * 1200, 50 + (r.NextDouble() * 300), 5 + r.Next(40), 0.7)),
                1 => Square(((r.NextDouble() - 0.5) * 1200) - 100, ((r.NextDouble() - 0.5) * 1200) - 100, 50 + (r.NextDouble() * 300)),
                _ => Factory.CreateMultiPolygon(Enumerable.Range(0, 2 + r.Next(3)).Select(k => Square(-700 + (k * 350) + (r.NextDouble() * 50), (r.NextDouble() - 0.5) * 1000, 40 + (r.NextDouble() * 200))).ToArray()),
            };
            if (!other.IsValid)
            {
                continue;
            }

            stripped += Holes(Overlay.WithoutHolesApartFrom(holed, other)) < holes.Count ? 1 : 0;
            taken += Check(holed, other);

            // Two holed polygons against each other.
            if (i % 5 == 0)
            {
                var second = Factory.CreatePolygon(StarRing(r, 500, 300, 400, 12, 0.3), [Box(600, 300, 40, 40), Box(250, 250, 30, 30)]);
                taken += Check(holed, second);
            }
        }

        // Holes were dropped and the fast path really ran on the stripped polygons.
        Assert.True(stripped > 1000, $"stripped {stripped}");
        Assert.True(taken > 1000, $"fast path taken {taken} times");
    }

    [Fact]
    public void Only_holes_with_strictly_disjoint_envelopes_are_dropped()
    {
        // A 200 m square with holes: [20,40]², [150,170]×[20,40], [20,40]×[150,170].
        var holed = Factory.CreatePolygon(Box(0, 0, 200, 200), [Box(20, 20, 20, 20), Box(150, 20, 20, 20), Box(20, 150, 20, 20)]);
        Assert.True(holed.IsValid);

        // The other side's envelope touches the first hole's at x = 40 (kept) and is apart from the others (dropped).
        var touching = Square(40, 30, 60);
        var s = (Polygon)Overlay.WithoutHolesApartFrom(holed, touching);
        Assert.Equal(1, s.NumInteriorRings);
        Assert.True(s.GetInteriorRingN(0).EnvelopeInternal.Equals(Box(20, 20, 20, 20).EnvelopeInternal));
        Check(holed, touching);

        // Apart by a nanometre: dropped.
        var apart = Square(40.000001, 30, 60);
        Assert.Equal(0, ((Polygon)Overlay.WithoutHolesApartFrom(holed, apart)).NumInteriorRings);
        Check(holed, apart);

        // Overlapping the first hole (it cuts the result): kept.
        var over = Square(30, 30, 60);
        Assert.Equal(1, ((Polygon)Overlay.WithoutHolesApartFrom(holed, over)).NumInteriorRings);
        Check(holed, over);

        // Inside the hole's envelope but not meeting the hole (a triangle beside a triangular hole): kept, envelopes only.
        var triangleHole = Factory.CreatePolygon(Box(0, 0, 200, 200), [RingOf((100, 100), (180, 100), (180, 180))]);
        var beside = Factory.CreatePolygon(RingOf((100, 110), (170, 180), (100, 180)));
        Assert.Same(triangleHole, Overlay.WithoutHolesApartFrom(triangleHole, beside));
        Check(triangleHole, beside);

        // A multipolygon whose parts lie either side of the hole: its envelope covers the hole, its parts' do not.
        var parts = Factory.CreateMultiPolygon([Square(5, 25, 10), Square(45, 25, 10)]);
        Assert.Equal(0, ((Polygon)Overlay.WithoutHolesApartFrom(holed, parts)).NumInteriorRings);
        Assert.Equal(1, ((Polygon)Overlay.WithoutHolesApartFrom(holed, parts.Envelope)).NumInteriorRings);
        Check(holed, parts);

        // Every hole under the other side: the polygon itself, and OverlayNG does the work.
        var cover = Square(10, 10, 170);
        Assert.Same(holed, Overlay.WithoutHolesApartFrom(holed, cover));
        Check(holed, cover);
    }

    [Fact]
    public void Multipolygons_with_holed_parts_agree_with_OverlayNG()
    {
        var r = new Random(46);
        var taken = 0;
        for (var i = 0; i < 500; i++)
        {
            var parts = Enumerable.Range(0, 2 + r.Next(3)).Select(k =>
            {
                var cx = -600 + (k * 400);
                var shell = Box(cx - 150, -150, 300, 300);
                var hole = Box(cx - 140 + (r.NextDouble() * 200), -140 + (r.NextDouble() * 200), 20 + (r.NextDouble() * 60), 20 + (r.NextDouble() * 60));
                return Factory.CreatePolygon(shell, [hole]);
            }).ToArray();
            var multi = Factory.CreateMultiPolygon(parts);
            Assert.True(multi.IsValid);
            var other = Factory.CreatePolygon(StarRing(r, (r.NextDouble() - 0.5) * 1200, (r.NextDouble() - 0.5) * 400, 50 + (r.NextDouble() * 250), 5 + r.Next(30), 0.6));
            taken += Check(multi, other);
        }

        Assert.True(taken > 200, $"fast path taken {taken} times");
    }

    [Fact]
    public void Holes_near_the_other_side_are_subtracted_after_the_shells_are_cut()
    {
        // Holes under the other side: the shells are cut by the polygon clip and the holes then
        // subtracted by its difference, where OverlayNG was needed before.
        var r = new Random(4546);
        var (taken, total) = (0, 0);
        for (var i = 0; i < 1500; i++)
        {
            var holes = new List<LinearRing>();
            for (var k = 0; k < 1 + r.Next(4); k++)
            {
                var hole = Box((r.NextDouble() - 0.5) * 500, (r.NextDouble() - 0.5) * 500, 10 + (r.NextDouble() * 80), 10 + (r.NextDouble() * 80));
                if (holes.All(h => !h.EnvelopeInternal.Intersects(hole.EnvelopeInternal)))
                {
                    holes.Add(hole);
                }
            }

            var holed = Factory.CreatePolygon(StarRing(r, 0, 0, 400, 8 + r.Next(30), 0.2), holes.ToArray());
            Geometry other = (i % 3) switch
            {
                0 => Star(r, (r.NextDouble() - 0.5) * 600, (r.NextDouble() - 0.5) * 600, 50 + (r.NextDouble() * 300), 5 + r.Next(40), 0.7),
                1 => Factory.CreatePolygon(StarRing(r, (r.NextDouble() - 0.5) * 400, (r.NextDouble() - 0.5) * 400, 150 + (r.NextDouble() * 200), 6 + r.Next(20), 0.3),
                    [Box((r.NextDouble() - 0.5) * 300, (r.NextDouble() - 0.5) * 300, 20 + (r.NextDouble() * 60), 20 + (r.NextDouble() * 60))]),
                _ => Factory.CreateMultiPolygon(Enumerable.Range(0, 2 + r.Next(3)).Select(k => Square(-500 + (k * 260) + (r.NextDouble() * 50), (r.NextDouble() - 0.5) * 600, 40 + (r.NextDouble() * 200))).ToArray()),
            };
            if (!holed.IsValid || !other.IsValid)
            {
                continue;
            }

            foreach (var (x, y) in new (Geometry, Geometry)[] { (holed, other), (other, holed) })
            {
                var (xs, ys) = (Overlay.WithoutHolesApartFrom(x, y), Overlay.WithoutHolesApartFrom(y, x));
                if (Holes(xs) + Holes(ys) == 0 || xs is not Polygon)
                {
                    continue;
                }

                total++;
                var result = Overlay.IntersectionWithHoles(xs, ys);
                if (result is not null)
                {
                    taken++;
                    AssertSameAsOverlayNG(x, y, result);
                }
            }
        }

        Assert.True(total > 800, $"only {total} pairs with holes near the other side");
        Assert.True(taken > 0.95 * total, $"taken {taken} of {total} times");
    }
}
