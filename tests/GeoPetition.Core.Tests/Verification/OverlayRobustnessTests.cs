using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// The engine's overlays (<see cref="Overlay.Intersection"/>, <see cref="Overlay.Difference"/>,
/// <see cref="Overlay.Union(IEnumerable{Geometry})"/>) must not throw on nearly coincident edges.
/// The fixture is the smallest pair isolated from benchmark petition 45 (1 km square, seed 7; EPSG:4544
/// metres): the part of the change outside the approvals and the lawful part, whose difference the
/// legacy overlay (NTS 2.6 <c>Geometry.Difference</c>, with its snapping fallback) rejects with
/// "found non-noded intersection" — a 500 in the server.
/// </summary>
public sealed class OverlayRobustnessTests
{
    private const string Change = "MULTIPOLYGON (((490250.8773098011 3340530.578888012, 490251.55440232815 3340531.9687379096, 490278.772143382 3340541.841983298, 490301.1572059545 3340523.598293241, 490314.7135739247 3340505.5770221343, 490305.5095520501 3340517.8124655685, 490303.5692220516 3340517.355422874, 490251.7789639111 3340530.357061426, 490250.8773098011 3340530.578888012)), ((491051.46898064815 3339744.279494198, 490954.6659022132 3339744.279494198, 490950.5345398775 3339753.5118211117, 490943.14837497927 3339796.2151109576, 490987.6903547778 3339797.3197418232, 491016.01239046856 3339796.87016338, 491053.56197507196 3339791.0287074014, 491063.8116855296 3339753.5118211117, 491051.46898064815 3339744.279494198)))";

    private const string Lawful = "MULTIPOLYGON (((490943.8011386676 3339792.4411420077, 490943.14837497927 3339796.2151109576, 490963.8157671615 3339796.7276575356, 490950.0214125592 3339793.339911637, 490943.8011386676 3339792.4411420077)), ((490235.76198676246 3340447.2494575637, 490235.76198676246 3340473.497023163, 490235.76198676246 3340504.836536856, 490235.76198676246 3340527.636223439, 490245.95453620923 3340528.034906968, 490249.0210543169 3340526.7686015423, 490250.8773098011 3340530.578888012, 490251.55440232815 3340531.9687379096, 490278.772143382 3340541.841983298, 490300.4475542178 3340524.176655097, 490299.51217938017 3340519.1901911, 490297.63981154945 3340518.843966375, 490303.5692220516 3340517.355422874, 490305.50955205 3340517.812465569, 490314.7135739247 3340505.5770221343, 490316.1303800329 3340504.6942612194, 490316.1303800329 3340451.4429849964, 490298.20103100233 3340451.1744070435, 490278.7721433822 3340442.252531994, 490245.16582604835 3340426.6183784585, 490242.59585558035 3340432.256635601, 490235.76198676246 3340435.840869565, 490235.76198676246 3340447.2494575637)))";

    private static readonly WKTReader Reader = new();

    [Fact]
    public void Fixture_still_breaks_the_legacy_overlay()
    {
        var (a, b) = Pair();
        Assert.Throws<TopologyException>(() => a.Difference(b));
    }

    [Fact]
    public void Engine_difference_intersection_and_union_succeed_and_agree()
    {
        var (a, b) = Pair();
        var difference = Overlay.Difference(a, b);
        var intersection = Overlay.Intersection(a, b);
        var union = Overlay.Union([a, b]);

        Assert.True(difference.IsValid && intersection.IsValid && union.IsValid);
        Assert.True(difference is Polygon or MultiPolygon);
        Assert.Equal(a.Area, difference.Area + intersection.Area, a.Area * 1e-9);
        Assert.Equal(a.Area + b.Area - intersection.Area, union.Area, union.Area * 1e-9);
    }

    [Fact]
    public void Touching_polygons_intersect_in_an_empty_polygonal_result()
    {
        // OverlayNG returns the shared edge; the engine keeps only areas, so results can be overlaid again.
        var a = Reader.Read("POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))");
        var b = Reader.Read("POLYGON ((10 0, 20 0, 20 10, 10 10, 10 0))");
        var touching = Overlay.Intersection(a, b);
        Assert.True(touching.IsEmpty);
        Assert.Equal(0, touching.Area);
        Assert.Equal(100, Overlay.Difference(a, touching).Area, 9);
    }

    private static (Geometry A, Geometry B) Pair() => (Reader.Read(Change), Reader.Read(Lawful));
}
