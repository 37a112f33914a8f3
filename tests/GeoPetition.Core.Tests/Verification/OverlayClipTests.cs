using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="Overlay.Clip"/> keeps a feature the petition covers as it is (by reference). For a
/// convex petition it decides that from the feature's vertices; the decision must be the prepared
/// <c>Covers</c> predicate's, also for features touching the boundary or sharing its corners.
/// </summary>
public sealed class OverlayClipTests
{
    private static readonly GeometryFactory LonLat = new(new PrecisionModel(), Srids.Storage);

    private static Polygon Polygon(params (double Lon, double Lat)[] points) =>
        LonLat.CreatePolygon(points.Append(points[0]).Select(p => new Coordinate(p.Lon, p.Lat)).ToArray());

    private static LayerFeature Feature(long fid, Geometry g) =>
        new("land_use", 1, fid, LayerKind.LandUse, $"f{fid}", new Dictionary<string, object?>(), g);

    public static TheoryData<string> Petitions() => new()
    {
        "convex",
        "non-convex",
    };

    [Theory]
    [MemberData(nameof(Petitions))]
    public void A_feature_is_kept_whole_exactly_when_the_petition_covers_it(string shape)
    {
        // A slanted quadrilateral, or an L shape (the prepared predicate decides there).
        var corners = shape == "convex"
            ? new[] { (113.300, 30.200), (113.320, 30.203), (113.318, 30.221), (113.298, 30.215) }
            : new[] { (113.300, 30.200), (113.320, 30.200), (113.320, 30.210), (113.310, 30.210), (113.310, 30.220), (113.300, 30.220) };
        var petition = Polygon(corners);
        var overlay = new Overlay(petition, 2, new VerificationOptions());
        var prepared = PreparedGeometryFactory.Prepare(overlay.Petition);

        var features = new List<LayerFeature>
        {
            Feature(1, petition),
            // Sharing two corners and the edge between them, inside.
            Feature(2, Polygon(corners[0], corners[1], (113.309, 30.207))),
            // Sharing a corner, outside.
            Feature(3, Polygon(corners[0], (113.299, 30.199), (113.301, 30.195))),
            // Sharing a corner and poking out.
            Feature(4, Polygon(corners[1], (113.330, 30.205), (113.310, 30.208))),
        };
        var r = new Random(4490);
        for (var i = 0; i < 400; i++)
        {
            var (lon, lat, size) = (113.295 + (r.NextDouble() * 0.03), 30.195 + (r.NextDouble() * 0.03), 0.0002 + (r.NextDouble() * 0.004));
            var parts = Enumerable.Range(0, 3 + r.Next(8)).Select(k =>
            {
                var a = 2 * Math.PI * k / 10;
                var d = size * (0.5 + (0.5 * r.NextDouble()));
                return (lon + (d * Math.Cos(a)), lat + (d * Math.Sin(a)));
            }).ToArray();
            var polygon = Polygon(parts);
            features.Add(Feature(10 + i, i % 5 == 0 ? LonLat.CreateMultiPolygon([polygon, Polygon((lon + 0.01, lat), (lon + 0.011, lat), (lon + 0.011, lat + 0.001))]) : polygon));
        }

        var (kept, cut) = (0, 0);
        foreach (var f in features)
        {
            var zone = overlay.Project(f);
            var clip = overlay.Clip(f);
            var covered = prepared.Covers(zone);
            Assert.True(covered == ReferenceEquals(clip, zone), $"feature {f.Fid}: covered {covered}, kept whole {ReferenceEquals(clip, zone)}");
            if (covered)
            {
                kept++;
            }
            else
            {
                cut++;
                Assert.Equal(zone.Intersection(overlay.Petition).Area, clip.Area, 1e-6 * Math.Max(1, zone.Area));
            }
        }

        Assert.True(kept > 50 && cut > 50, $"{kept} kept, {cut} cut");
    }
}
