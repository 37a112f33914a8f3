using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

using static GeoPetition.Core.Tests.Verification.OverlayShapes;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="PolygonClip"/> (the fast path of <see cref="Overlay.Intersection"/>) against OverlayNG:
/// random and adversarial inputs in Gauss–Krüger-sized coordinates. Each case checks that the fast
/// result is a valid polygonal geometry whose symmetric difference with OverlayNG's has no area,
/// and that the fast path declines the cases it must not decide (touching, shared edges, holes).
/// </summary>
public sealed class PolygonClipTests
{
    private static Polygon Rotated(Random r, double cx, double cy, double w, double h)
    {
        var a = r.NextDouble() * Math.PI;
        var (c, s) = (Math.Cos(a), Math.Sin(a));
        (double, double) P(double u, double v) => (cx + (u * c) - (v * s), cy + (u * s) + (v * c));
        return Ring(P(-w / 2, -h / 2), P(w / 2, -h / 2), P(w / 2, h / 2), P(-w / 2, h / 2));
    }

    /// <summary>The convex hull of random points: a random convex polygon.</summary>
    private static Polygon Hull(Random r, double cx, double cy, double radius, int points)
    {
        var coords = Enumerable.Range(0, points).Select(_ => C(cx + (radius * ((2 * r.NextDouble()) - 1)), cy + (radius * ((2 * r.NextDouble()) - 1)))).ToArray();
        return Factory.CreateMultiPointFromCoords(coords).ConvexHull() as Polygon ?? Square(cx - radius, cy - radius, 2 * radius);
    }

    [Fact]
    public void Random_convex_windows_on_non_convex_subjects_agree_with_OverlayNG()
    {
        var r = new Random(20261124);
        var taken = 0;
        for (var i = 0; i < 3000; i++)
        {
            var window = (i % 3) switch
            {
                0 => Rotated(r, 0, 0, 50 + (r.NextDouble() * 1000), 50 + (r.NextDouble() * 1000)),
                1 => Hull(r, 0, 0, 500, 3 + r.Next(40)),
                _ => Square(-500, -500, 1000),
            };
            var subject = Star(r, (r.NextDouble() - 0.5) * 1400, (r.NextDouble() - 0.5) * 1400, 20 + (r.NextDouble() * 400), 5 + r.Next(60), r.NextDouble() * 0.9);
            var fast = PolygonClip.TryIntersection(window, subject);
            if (fast is not null)
            {
                taken++;
                AssertSameAsOverlayNG(window, subject, fast);
            }

            AssertSameAsOverlayNG(window, subject, Overlay.Intersection(window, subject));
            AssertSameAsOverlayNG(subject, window, Overlay.Intersection(subject, window));
        }

        // The fast path is really exercised (it declines only near-degenerate cases).
        Assert.True(taken > 2900, $"fast path taken {taken} times");
    }

    [Fact]
    public void Combs_crossing_one_edge_many_times_give_every_tooth()
    {
        // A comb whose 12 teeth cross the window's bottom edge: 12 separate polygons.
        var points = new List<(double, double)> { (0, -100) };
        for (var t = 0; t < 12; t++)
        {
            points.Add((10 + (t * 20), -100));
            points.Add((10 + (t * 20), 50));
            points.Add((20 + (t * 20), 50));
            points.Add((20 + (t * 20), -100));
        }

        points.Add((260, -100));
        points.Add((260, -200));
        points.Add((0, -200));
        var comb = Ring([.. points]);
        var window = Square(-5, 0, 300);
        var fast = PolygonClip.TryIntersection(window, comb);
        Assert.NotNull(fast);
        Assert.Equal(12, fast.NumGeometries);
        Assert.Equal(12 * 10 * 50, fast.Area, 1e-6);
        AssertSameAsOverlayNG(window, comb, fast);
    }

    [Fact]
    public void One_large_window_cut_against_many_subjects_uses_its_edge_index_without_missing_a_pair()
    {
        // A 2,000-vertex window reused 600 times (its prepared ring and strips are cached): every
        // crossing, and every subject vertex lying on a window edge, is found through the strips.
        var r = new Random(31);
        var window = Star(r, 0, 0, 1000, 2000, 0.3);
        var ring = window.ExteriorRing.Coordinates;
        var (taken, onVertex) = (0, 0);
        for (var i = 0; i < 600; i++)
        {
            var subject = (i % 3) switch
            {
                0 => Rotated(r, (r.NextDouble() - 0.5) * 2000, (r.NextDouble() - 0.5) * 2000, 5 + (r.NextDouble() * 300), 5 + (r.NextDouble() * 300)),
                1 => Star(r, (r.NextDouble() - 0.5) * 2000, (r.NextDouble() - 0.5) * 2000, 20 + (r.NextDouble() * 600), 4 + r.Next(80), r.NextDouble() * 0.9),
                // A triangle with one vertex exactly on a window vertex.
                _ => Factory.CreatePolygon([ring[i].Copy(), new Coordinate(ring[i].X + 30, ring[i].Y + 50), new Coordinate(ring[i].X - 30, ring[i].Y + 50), ring[i].Copy()]),
            };
            var fast = PolygonClip.TryIntersection(window, subject);
            if (i % 3 == 2)
            {
                // Found through the index and cut by the noded walk (where the window's vertex is a
                // notch, its two sides meet the triangle in two parts pinched at that vertex).
                Assert.True(fast is not null, $"{i}: {subject} window ring[i-1..i+1] {ring[i - 1]} {ring[i]} {ring[i + 1]} declined");
                onVertex++;
                AssertSameAsOverlayNG(window, subject, fast);
            }
            else if (fast is not null)
            {
                taken++;
                AssertSameAsOverlayNG(window, subject, fast);
            }
        }

        Assert.True(taken > 200, $"fast path taken {taken} times");
        Assert.Equal(200, onVertex);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Comb_windows_with_long_edges_locate_subjects_inside_teeth_and_gaps(bool diagonal)
    {
        // A comb of 150 teeth 2 km tall (long edges across many cells: the index keeps strips) or,
        // sheared, with long diagonal edges. Subjects inside a tooth, inside a gap, and across
        // teeth: points are located by the edges of their row alone.
        var shear = diagonal ? 0.7 : 0.0;
        var points = new List<(double, double)> { (0, 0), (3000, 0) };
        for (var t = 149; t >= 0; t--)
        {
            // Tooth t stands on the base (0–100 m high) between x + 8 and x + 12.
            var x = t * 20.0;
            points.Add((x + 12, 100));
            points.Add((x + 12 + (1900 * shear), 2000));
            points.Add((x + 8 + (1900 * shear), 2000));
            points.Add((x + 8, 100));
        }

        var window = Ring([.. points]);
        Assert.True(window.IsValid);
        var r = new Random(diagonal ? 5 : 4);
        var (inside, outside, taken) = (0, 0, 0);
        for (var i = 0; i < 400; i++)
        {
            var y = 150 + (r.NextDouble() * 1800);
            var tooth = r.Next(150);
            var x = (tooth * 20.0) + (shear * (y - 100));
            var subject = (i % 3) switch
            {
                0 => Square(x + 9 + (r.NextDouble() * 2), y, 0.5),    // inside a tooth
                1 => Square(x + 13 + (r.NextDouble() * 4), y, 0.5),   // in the gap after it
                _ => Rotated(r, x + 10, y, 10 + (r.NextDouble() * 80), 1 + (r.NextDouble() * 30)),
            };
            var fast = PolygonClip.TryIntersection(window, subject);
            if (fast is null)
            {
                continue;
            }

            taken++;
            AssertSameAsOverlayNG(window, subject, fast);
            if (i % 3 == 0)
            {
                Assert.Equal(subject.Area, fast.Area, 1e-9);
                inside++;
            }
            else if (i % 3 == 1 && tooth < 149)
            {
                Assert.True(fast.IsEmpty, $"{i}: {subject} in a gap gave {fast}");
                outside++;
            }
        }

        Assert.True(inside > 100 && outside > 100 && taken > 350, $"inside {inside}, outside {outside}, taken {taken}");
    }

    [Fact]
    public void A_U_shape_around_a_window_corner_and_a_window_inside_the_subject()
    {
        var u = Ring((-50, -50), (150, -50), (150, 150), (120, 150), (120, -20), (-50, -20));
        var window = Square(0, 0, 100);
        var fast = PolygonClip.TryIntersection(window, u);
        Assert.NotNull(fast);
        AssertSameAsOverlayNG(window, u, fast);

        var big = Star(new Random(1), 50, 50, 5000, 300, 0.2);
        var inside = PolygonClip.TryIntersection(window, big);
        Assert.NotNull(inside);
        Assert.Equal(window.Area, inside.Area, 1e-9);

        var small = Square(10, 10, 5);
        Assert.Equal(small.Area, PolygonClip.TryIntersection(window, small)!.Area, 1e-9);
        Assert.True(PolygonClip.TryIntersection(window, Square(200, 200, 5))!.IsEmpty);
    }

    [Fact]
    public void Multipolygons_are_clipped_polygon_by_polygon()
    {
        var r = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var parts = Enumerable.Range(0, 2 + r.Next(4))
                .Select(k => Star(r, -900 + (k * 450), (r.NextDouble() - 0.5) * 800, 50 + (r.NextDouble() * 150), 8 + r.Next(20), 0.7))
                .ToArray();
            var subject = Factory.CreateMultiPolygon(parts);
            Assert.True(subject.IsValid);
            var window = Rotated(r, 0, 0, 1200, 600);
            var fast = PolygonClip.TryIntersection(window, subject);
            Assert.NotNull(fast);
            AssertSameAsOverlayNG(window, subject, fast);
        }
    }

    [Fact]
    public void Slivers_and_near_misses_agree_with_OverlayNG_or_decline()
    {
        var window = Square(0, 0, 100);
        var cases = new[]
        {
            // A thin spike poking out through the top edge.
            Ring((40, 40), (50, 40), (45.000001, 100.5), (44.999999, 100.5)),
            // Crossing a corner diagonally by a hair.
            Ring((99.9999, 120), (120, 99.9999), (150, 150)),
            // A vertex 1e-9 m outside an edge (declined: within ε).
            Ring((50, 100.000000001), (60, 150), (40, 150)),
            // A vertex 1 µm outside an edge: ε is ~3 µm here, so declined too.
            Ring((50, -0.000001), (60, -50), (40, -50)),
            // A long sliver along the left edge, inside by 1 mm.
            Ring((0.001, -10), (0.002, -10), (0.002, 110), (0.001, 110)),
        };
        foreach (var subject in cases)
        {
            var fast = PolygonClip.TryIntersection(window, subject);
            if (fast is not null)
            {
                AssertSameAsOverlayNG(window, subject, fast);
            }

            AssertSameAsOverlayNG(window, subject, Overlay.Intersection(window, subject));
        }
    }

    [Fact]
    public void Touching_shared_edges_and_vertices_on_the_boundary_are_cut_by_the_noded_walk()
    {
        var window = Square(0, 0, 100);
        var touching = new[]
        {
            Square(100, 0, 50),                                     // shares the right edge (outside)
            Square(100, 100, 50),                                   // touches a corner
            Ring((50, 100), (60, 150), (40, 150)),                  // a vertex on the top edge
            Ring((50, 50), (150, 50), (150, 100), (50, 100)),       // overlaps along the top edge
            Ring((-50, -50), (50, 50), (-50, 50)),                  // the window corner (0, 0) on the subject's diagonal edge
            Square(0, 0, 50),                                       // inside, sharing two edges and a corner
            Square(0, 0, 100),                                      // the window itself
            Ring((0, 0), (100, 100), (0, 100)),                     // half of it, cut along the diagonal
            Ring((50, 0), (100, 50), (50, 100), (0, 50)),           // a diamond with its corners on the edges
            Ring((-20, 50), (50, 0), (120, 50), (50, 100)),         // corners on the edges, tips outside
            Ring((0, 20), (-30, 50), (0, 80), (30, 50)),            // crossing the left edge through two of its own vertices
            Ring((20, 0), (40, -20), (60, 0), (80, -20), (80, 30), (20, 30)), // a comb whose teeth stand on the bottom edge
        };
        foreach (var subject in touching)
        {
            var fast = PolygonClip.TryIntersection(window, subject);
            Assert.True(fast is not null, $"declined {subject}");
            AssertSameAsOverlayNG(window, subject, fast);
            var reverse = PolygonClip.TryIntersection(subject, window);
            Assert.True(reverse is not null, $"declined the other way round {subject}");
            AssertSameAsOverlayNG(subject, window, reverse);
            AssertSameAsOverlayNG(window, subject, Overlay.Intersection(window, subject));
        }

        // Kept whole where the other side holds them along shared edges (the engine's covered parts).
        Assert.Same(window, PolygonClip.TryIntersection(window, Ring((0, 0), (100, 0), (150, 50), (100, 100), (0, 100))));
        var half = Square(0, 0, 50);
        Assert.Same(half, PolygonClip.TryIntersection(window, half));

        // Two parts meeting at one node (a pinch: a notch's apex on another notch's apex) come out
        // as two polygons touching there, as OverlayNG builds them.
        var notched = Ring((0, 0), (100, 0), (100, 100), (50, 50), (0, 100));
        var upper = Ring((-10, 60), (50, 50), (110, 60), (110, 110), (-10, 110));
        var pinchedParts = PolygonClip.TryIntersection(notched, upper);
        Assert.NotNull(pinchedParts);
        Assert.Equal(2, pinchedParts.NumGeometries);
        AssertSameAsOverlayNG(notched, upper, pinchedParts);

        // A vertex a rounding error off an edge is taken to lie on it (it moves by less than ε), one
        // farther off and closer than ε to a corner is declined.
        var hair = Ring((50, 100.000000001), (60, 150), (40, 150));
        AssertSameAsOverlayNG(window, hair, PolygonClip.TryIntersection(window, hair)!);
        Assert.Null(PolygonClip.TryIntersection(window, Ring((100.000000001, 100.000000001), (160, 150), (140, 150))));

        // A subject with a hole is declined; the engine's result still equals OverlayNG's.
        var holed = Factory.CreatePolygon(
            Factory.CreateLinearRing(new[] { C(-50, -50), C(150, -50), C(150, 150), C(-50, 150), C(-50, -50) }),
            [Factory.CreateLinearRing(new[] { C(20, 20), C(20, 80), C(80, 80), C(80, 20), C(20, 20) })]);
        Assert.Null(PolygonClip.TryIntersection(window, holed));
        AssertSameAsOverlayNG(window, holed, Overlay.Intersection(window, holed));

        Assert.Equal(window.Area, PolygonClip.TryIntersection(window, Square(-10, -10, 120))!.Area, 1e-9);
    }

    /// <summary>A random star snapped to a coarse grid (many shared vertices and collinear edges), or null when snapping made it invalid.</summary>
    private static Polygon? Snapped(Random r, double cx, double cy, double radius, int vertices, double cell)
    {
        var ring = StarRing(r, cx, cy, radius, vertices, 0.8).Coordinates
            .Select(c => new Coordinate(Math.Round(c.X / cell) * cell, Math.Round(c.Y / cell) * cell)).ToList();
        var deduped = ring.Where((c, i) => i == 0 || !c.Equals2D(ring[i - 1])).ToArray();
        if (deduped.Length < 4)
        {
            return null;
        }

        var polygon = Factory.CreatePolygon(deduped);
        return polygon.IsValid && polygon.Area > 0 ? polygon : null;
    }

    [Fact]
    public void Random_pairs_on_a_common_grid_with_shared_vertices_and_edges_agree_with_OverlayNG()
    {
        var r = new Random(35);
        var (taken, touching) = (0, 0);
        for (var i = 0; i < 4000; i++)
        {
            var cell = i % 2 == 0 ? 10.0 : 25.0;
            var a = Snapped(r, C(0, 0).X, C(0, 0).Y, 60 + (r.NextDouble() * 200), 4 + r.Next(30), cell);
            var b = i % 5 == 0 ? Factory.CreatePolygon(Box(cell * r.Next(-10, 10), cell * r.Next(-10, 10), cell * r.Next(1, 12), cell * r.Next(1, 12)))
                : Snapped(r, C(0, 0).X + (cell * r.Next(-12, 12)), C(0, 0).Y + (cell * r.Next(-12, 12)), 60 + (r.NextDouble() * 200), 4 + r.Next(30), cell);
            if (a is null || b is null)
            {
                continue;
            }

            var meets = a.Boundary.Intersection(b.Boundary) is { IsEmpty: false } m && (m.Dimension == Dimension.Curve || a.Coordinates.Any(c => b.Boundary.Distance(Factory.CreatePoint(c)) == 0));
            touching += meets ? 1 : 0;
            foreach (var (w, s) in new[] { (a, b), (b, a) })
            {
                var fast = PolygonClip.TryIntersection(w, s);
                if (fast is not null)
                {
                    taken++;
                    AssertSameAsOverlayNG(w, s, fast);
                }

                AssertSameAsOverlayNG(w, s, Overlay.Intersection(w, s));
            }
        }

        Assert.True(touching > 1000, $"only {touching} pairs meet at shared vertices or edges");
        Assert.True(taken > 5000, $"fast path taken {taken} times");
    }

    [Fact]
    public void A_part_whose_edges_follow_a_partition_is_cut_by_each_of_its_features_like_OverlayNG()
    {
        // The engine's typical case: a part of a change from which the construction land was
        // subtracted (its edges run along survey boundaries) cut by each survey polygon near it.
        var r = new Random(4490);
        var (taken, total) = (0, 0);
        for (var t = 0; t < 40; t++)
        {
            var cells = new List<Polygon>();
            var size = 20 + (r.NextDouble() * 30);
            var jitter = new Dictionary<(int, int), Coordinate>();
            Coordinate Corner(int i, int j) => jitter.TryGetValue((i, j), out var c) ? c
                : jitter[(i, j)] = C((i * size) + (r.NextDouble() * size * 0.4), (j * size) + (r.NextDouble() * size * 0.4));
            for (var i = 0; i < 8; i++)
            {
                for (var j = 0; j < 8; j++)
                {
                    cells.Add(Factory.CreatePolygon(new[] { Corner(i, j), Corner(i + 1, j), Corner(i + 1, j + 1), Corner(i, j + 1), Corner(i, j) }));
                }
            }

            var change = Star(r, 4 * size, 4 * size, size * (1.5 + (r.NextDouble() * 2)), 6 + r.Next(20), 0.5);
            var construction = Overlay.Union(cells.Where(_ => r.NextDouble() < 0.3));
            var part = Overlay.IntersectionNG(change, Overlay.Union(cells)).Difference(construction);
            foreach (var piece in Enumerable.Range(0, part.NumGeometries).Select(k => (Polygon)part.GetGeometryN(k)).Where(p => p.NumInteriorRings == 0))
            {
                foreach (var cell in cells.Where(c => c.EnvelopeInternal.Intersects(piece.EnvelopeInternal)))
                {
                    total++;
                    var fast = PolygonClip.TryIntersection(piece, cell);
                    if (fast is not null)
                    {
                        taken++;
                        AssertSameAsOverlayNGUpToSlivers(piece, cell, fast);
                    }
                }
            }
        }

        Assert.True(taken > 0.9 * total, $"fast path taken {taken} of {total} times");
    }

    [Fact]
    public void Random_non_convex_pairs_agree_with_OverlayNG()
    {
        var r = new Random(4544);
        var taken = 0;
        for (var i = 0; i < 3000; i++)
        {
            var a = Star(r, 0, 0, 50 + (r.NextDouble() * 500), 4 + r.Next(60), r.NextDouble() * 0.95);
            var b = (i % 4) switch
            {
                0 => Rotated(r, (r.NextDouble() - 0.5) * 600, (r.NextDouble() - 0.5) * 600, 10 + (r.NextDouble() * 500), 10 + (r.NextDouble() * 500)),
                _ => Star(r, (r.NextDouble() - 0.5) * 800, (r.NextDouble() - 0.5) * 800, 20 + (r.NextDouble() * 500), 4 + r.Next(60), r.NextDouble() * 0.95),
            };
            var fast = PolygonClip.TryIntersection(a, b);
            if (fast is not null)
            {
                taken++;
                AssertSameAsOverlayNG(a, b, fast);
            }

            var reverse = PolygonClip.TryIntersection(b, a);
            if (reverse is not null)
            {
                AssertSameAsOverlayNG(b, a, reverse);
            }

            AssertSameAsOverlayNG(a, b, Overlay.Intersection(a, b));
        }

        Assert.True(taken > 2900, $"fast path taken {taken} times");
    }

    [Fact]
    public void Two_interleaved_combs_give_every_overlap()
    {
        // Teeth pointing up from below and teeth pointing down from above, shifted by half a tooth: 11 overlaps of 5 m × 100 m.
        static List<(double, double)> Comb(double y0, double dir)
        {
            var points = new List<(double, double)> { (0, y0) };
            for (var t = 0; t < 11; t++)
            {
                points.Add((10 + (t * 20), y0));
                points.Add((10 + (t * 20), y0 + (dir * 150)));
                points.Add((20 + (t * 20), y0 + (dir * 150)));
                points.Add((20 + (t * 20), y0));
            }

            points.Add((240, y0));
            points.Add((240, y0 - (dir * 50)));
            points.Add((0, y0 - (dir * 50)));
            return points;
        }

        var up = Ring([.. Comb(0, 1)]);
        var downPoints = Comb(200, -1);
        var down = Ring([.. downPoints.Select(p => (p.Item1 + 5, p.Item2))]);
        Assert.True(up.IsValid && down.IsValid);
        var fast = PolygonClip.TryIntersection(up, down);
        Assert.NotNull(fast);
        Assert.Equal(11, fast.NumGeometries);
        Assert.Equal(11 * 5 * 100, fast.Area, 1e-6);
        AssertSameAsOverlayNG(up, down, fast);
    }

    [Fact]
    public void A_spike_folding_back_onto_its_own_edge_is_left_to_OverlayNG()
    {
        // From benchmark petition 26 (EPSG:4544): a piece of a change whose ring runs out to a tip and
        // back a rounding error off the same line; copied through, it made the union of the pieces throw.
        var reader = new WKTReader();
        var spiked = reader.Read("POLYGON ((535378.290290884 3347467.2848481694, 535361.7274094201 3347465.8858043277, 535356.0636539728 3347481.1016804324, 535364.5845333497 3347493.4457535567, 535370.4485764663 3347501.0988222887, 535367.5276876461 3347497.286817081, 535391.8670720133 3347481.7451801146, 535388.7827532256 3347472.2363598347, 535378.290290884 3347467.2848481694))");
        var other = reader.Read("POLYGON ((535303.2391463475 3347566.6303183837, 535403.7653627506 3347566.6303183837, 535402.194551046 3347561.2823749385, 535395.8500106073 3347537.4770724354, 535391.0501722061 3347513.671769935, 535389.4759202052 3347489.8664674326, 535367.9821312116 3347494.6103654886, 535346.4883422178 3347492.324402684, 535324.9945532235 3347492.6471640076, 535303.5007642305 3347496.197961897, 535303.8586683833 3347519.367382716, 535306.2297459239 3347542.5368035375, 535303.35671162 3347565.7062243596, 535303.2391463475 3347566.6303183837))");
        Assert.Null(PolygonClip.TryIntersection((Polygon)spiked, other));
        Assert.Null(PolygonClip.TryIntersection((Polygon)other, spiked));
        var result = Overlay.Intersection(spiked, other);
        AssertSameAsOverlayNG(spiked, other, result);
        Assert.True(Overlay.Union([result, other]).IsValid);
    }

    [Fact]
    public void Large_multipolygons_are_intersected_part_by_part_like_OverlayNG()
    {
        // Overlay.Intersection splits multipolygons of more than 4 parts; some parts have holes (OverlayNG
        // does those pairs), some cross the other side, some lie apart.
        var r = new Random(35);
        for (var i = 0; i < 200; i++)
        {
            var parts = Enumerable.Range(0, 5 + r.Next(8)).Select(k =>
            {
                var star = Star(r, -1200 + (k * 220), (r.NextDouble() - 0.5) * 600, 40 + (r.NextDouble() * 60), 6 + r.Next(20), 0.5);
                if (r.Next(3) > 0)
                {
                    return star;
                }

                var centre = star.Centroid.Coordinate;
                var hole = Factory.CreateLinearRing(new[]
                {
                    new Coordinate(centre.X - 5, centre.Y - 5), new Coordinate(centre.X - 5, centre.Y + 5),
                    new Coordinate(centre.X + 5, centre.Y + 5), new Coordinate(centre.X + 5, centre.Y - 5), new Coordinate(centre.X - 5, centre.Y - 5),
                });
                return Factory.CreatePolygon(star.Shell, [hole]);
            }).ToArray();
            var multi = Factory.CreateMultiPolygon(parts);
            Assert.True(multi.IsValid);
            Geometry other = (i % 3) switch
            {
                0 => Rotated(r, (r.NextDouble() - 0.5) * 1000, 0, 100 + (r.NextDouble() * 1500), 50 + (r.NextDouble() * 500)),
                1 => Star(r, (r.NextDouble() - 0.5) * 1000, 0, 100 + (r.NextDouble() * 600), 5 + r.Next(50), 0.8),
                _ => Factory.CreateMultiPolygon(Enumerable.Range(0, 6).Select(k => Square(-1300 + (k * 400) + (r.NextDouble() * 50), -200 + (r.NextDouble() * 100), 150)).ToArray()),
            };
            AssertSameAsOverlayNG(multi, other, Overlay.Intersection(multi, other));
            AssertSameAsOverlayNG(other, multi, Overlay.Intersection(other, multi));
        }
    }

    [Fact]
    public void Windows_with_holes_are_declined()
    {
        var holed = Factory.CreatePolygon(
            Factory.CreateLinearRing(new[] { C(0, 0), C(10, 0), C(10, 10), C(0, 10), C(0, 0) }),
            [Factory.CreateLinearRing(new[] { C(2, 2), C(2, 4), C(4, 4), C(4, 2), C(2, 2) })]);
        Assert.Null(PolygonClip.TryIntersection(holed, Square(1, 1, 5)));
        Assert.Null(PolygonClip.TryIntersection(Square(1, 1, 5), holed));
        Assert.Null(PolygonClip.TryIntersection(Square(1, 1, 5), Factory.CreateLineString(new[] { C(0, 0), C(9, 9) })));
    }

    /// <summary>a − b by the fast path, when it is taken, and by the engine, both against OverlayNG; true when the fast path was taken.</summary>
    private static bool CheckDifference(Polygon a, Geometry b)
    {
        var fast = PolygonClip.TryDifference(a, b);
        if (fast is not null)
        {
            AssertSameDifferenceAsOverlayNG(a, b, fast);
        }

        AssertSameDifferenceAsOverlayNG(a, b, Overlay.Difference(a, b));
        return fast is not null;
    }

    [Fact]
    public void Differences_of_random_pairs_crossing_or_sharing_vertices_and_edges_agree_with_OverlayNG()
    {
        var r = new Random(2000);
        var (taken, total) = (0, 0);
        for (var i = 0; i < 3000; i++)
        {
            Polygon? a, b;
            if (i % 2 == 0)
            {
                a = Star(r, 0, 0, 50 + (r.NextDouble() * 500), 4 + r.Next(60), r.NextDouble() * 0.95);
                b = Star(r, (r.NextDouble() - 0.5) * 800, (r.NextDouble() - 0.5) * 800, 20 + (r.NextDouble() * 500), 4 + r.Next(60), r.NextDouble() * 0.95);
            }
            else
            {
                var cell = i % 4 == 1 ? 10.0 : 25.0;
                a = Snapped(r, C(0, 0).X, C(0, 0).Y, 60 + (r.NextDouble() * 200), 4 + r.Next(30), cell);
                b = Snapped(r, C(0, 0).X + (cell * r.Next(-12, 12)), C(0, 0).Y + (cell * r.Next(-12, 12)), 60 + (r.NextDouble() * 200), 4 + r.Next(30), cell);
            }

            if (a is null || b is null)
            {
                continue;
            }

            total++;
            taken += CheckDifference(a, b) ? 1 : 0;
        }

        Assert.True(taken > 0.9 * total, $"fast path taken {taken} of {total} times");
    }

    [Fact]
    public void A_part_minus_pieces_cut_from_it_agrees_with_OverlayNG()
    {
        // The engine's unapproved part: a part of the change minus its pieces inside approvals and
        // lawful land, which were cut from the part itself and share its boundary.
        var r = new Random(77);
        var (taken, total) = (0, 0);
        for (var t = 0; t < 400; t++)
        {
            var part = Star(r, 0, 0, 100 + (r.NextDouble() * 300), 5 + r.Next(40), r.NextDouble() * 0.7);
            var pieces = new List<Polygon>();
            for (var k = 0; k < 1 + r.Next(4); k++)
            {
                var feature = (k % 2) switch
                {
                    0 => Rotated(r, (r.NextDouble() - 0.5) * 500, (r.NextDouble() - 0.5) * 500, 20 + (r.NextDouble() * 300), 20 + (r.NextDouble() * 300)),
                    _ => Star(r, (r.NextDouble() - 0.5) * 400, (r.NextDouble() - 0.5) * 400, 20 + (r.NextDouble() * 200), 4 + r.Next(20), 0.5),
                };
                var piece = Overlay.Intersection(part, feature);
                pieces.AddRange(Enumerable.Range(0, piece.IsEmpty ? 0 : piece.NumGeometries).Select(j => (Polygon)piece.GetGeometryN(j)));
            }

            // Pieces of different features may overlap: united as the engine unites them.
            var subtrahend = Overlay.Union(pieces);
            if (subtrahend.IsEmpty)
            {
                continue;
            }

            total++;
            taken += CheckDifference(part, subtrahend) ? 1 : 0;
        }

        Assert.True(taken > 0.8 * total, $"fast path taken {taken} of {total} times");
    }

    [Fact]
    public void Differences_inside_around_and_apart()
    {
        var window = Square(0, 0, 100);
        Assert.Same(window, PolygonClip.TryDifference(window, Square(200, 0, 50)));               // apart
        Assert.Same(window, PolygonClip.TryDifference(window, Square(100, 0, 50)));               // touching outside along an edge
        Assert.True(PolygonClip.TryDifference(window, Square(-10, -10, 120))!.IsEmpty);           // inside the subject
        Assert.True(PolygonClip.TryDifference(window, Square(0, 0, 100))!.IsEmpty);               // equal
        var inner = Square(20, 20, 30);
        var holed = PolygonClip.TryDifference(window, inner)!;                                     // a hole
        Assert.Equal(1, ((Polygon)holed).NumInteriorRings);
        AssertSameDifferenceAsOverlayNG(window, inner, holed);
        var cases = new Geometry[]
        {
            Square(0, 0, 50),                                                    // a corner cut off along two edges
            Ring((0, 0), (100, 0), (50, 50)),                                    // a triangle on the bottom edge
            Ring((50, 0), (100, 50), (50, 100), (0, 50)),                        // the four corners left
            Square(-10, 40, 120),                                                // cut in two
            Factory.CreateMultiPolygon([Square(0, 0, 30), Square(70, 70, 30), Square(40, 40, 10)]), // corners and a hole
        };
        foreach (var subject in cases)
        {
            var fast = PolygonClip.TryDifference(window, subject);
            Assert.True(fast is not null, $"declined {subject}");
            AssertSameDifferenceAsOverlayNG(window, subject, fast);
        }

        // A hole is made once the other subjects are subtracted, in the part around it.
        var holeAndCorner = Factory.CreateMultiPolygon([Square(20, 20, 30), Square(60, 60, 50)]);
        AssertSameDifferenceAsOverlayNG(window, holeAndCorner, PolygonClip.TryDifference(window, holeAndCorner)!);

        // Two holes that touch each other are left to OverlayNG (it merges them into one).
        var touchingHoles = Factory.CreateMultiPolygon([Square(20, 20, 30), Square(50, 20, 30)]);
        Assert.Null(PolygonClip.TryDifference(window, touchingHoles));
        AssertSameDifferenceAsOverlayNG(window, touchingHoles, Overlay.Difference(window, touchingHoles));
    }

    [Fact]
    public void Unions_of_overlapping_touching_and_apart_polygons_agree_with_OverlayNG()
    {
        var r = new Random(1711);
        var (taken, total) = (0, 0);
        for (var i = 0; i < 1500; i++)
        {
            var count = 2 + r.Next(5);
            var polygons = new List<Polygon>();
            for (var k = 0; k < count; k++)
            {
                var p = (i % 3) switch
                {
                    0 => Star(r, (r.NextDouble() - 0.5) * 600, (r.NextDouble() - 0.5) * 600, 30 + (r.NextDouble() * 250), 4 + r.Next(30), r.NextDouble() * 0.6),
                    1 => Snapped(r, C(0, 0).X + (25 * r.Next(-8, 8)), C(0, 0).Y + (25 * r.Next(-8, 8)), 40 + (r.NextDouble() * 150), 4 + r.Next(20), 25),
                    _ => Rotated(r, (r.NextDouble() - 0.5) * 500, (r.NextDouble() - 0.5) * 500, 20 + (r.NextDouble() * 200), 20 + (r.NextDouble() * 200)),
                };
                if (p is not null)
                {
                    polygons.Add(p);
                }
            }

            if (polygons.Count < 2)
            {
                continue;
            }

            total++;
            var fast = PolygonClip.TryUnion(polygons);
            if (fast is not null)
            {
                taken++;
                AssertSameUnionAsOverlayNG(polygons, fast);
            }

            AssertSameUnionAsOverlayNG(polygons, Overlay.Union(polygons));
        }

        // Declined where a union encloses a hole, and where a walk declines.
        Assert.True(taken > 0.6 * total, $"fast path taken {taken} of {total} times");
    }

    [Fact]
    public void Unions_inside_apart_at_a_point_and_around_a_hole()
    {
        var a = Square(0, 0, 100);
        Assert.Same(a, PolygonClip.TryUnion([a, Square(10, 10, 20)]));
        Assert.Equal(2, PolygonClip.TryUnion([a, Square(200, 0, 50)])!.NumGeometries);
        var corner = PolygonClip.TryUnion([a, Square(100, 100, 50)])!;
        Assert.Equal(2, corner.NumGeometries);
        AssertSameUnionAsOverlayNG([a, Square(100, 100, 50)], corner);
        var sideBySide = PolygonClip.TryUnion([a, Square(100, 0, 100), Square(50, 50, 100)])!;
        Assert.IsType<Polygon>(sideBySide);
        AssertSameUnionAsOverlayNG([a, Square(100, 0, 100), Square(50, 50, 100)], sideBySide);

        // A U and a bar closing it enclose a hole: left to OverlayNG.
        var u = Ring((0, 0), (100, 0), (100, 100), (80, 100), (80, 20), (20, 20), (20, 100), (0, 100));
        Assert.Null(PolygonClip.TryUnion([u, Square(-10, 90, 120)]));
        AssertSameUnionAsOverlayNG([u, Square(-10, 90, 120)], Overlay.Union([u, Square(-10, 90, 120)]));
    }
}
