using GeoPetition.Core.Layers;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="Overlay.Cover"/> finds the features near each polygon by an STR-tree when the set is
/// large, and by a scan when it is small: the two must give the same geometry, to the coordinate,
/// and both must be the intersection with the union of the features.
/// </summary>
public sealed class OverlayCoverTests
{
    [Fact]
    public async Task Cover_over_an_indexed_feature_set_equals_cover_over_the_scanned_features_near_the_part()
    {
        var (overlay, features) = await ParallelVerificationTests.SceneFeaturesAsync(seed: 4490);
        var landUse = features.Where(f => f.Kind == LayerKind.LandUse).ToList();
        var cropland = landUse.Where(f => f.Text("dlbm") is "0101" or "0103").ToList();
        Assert.True(cropland.Count > 32, "the set must be large enough to be indexed");
        var set = new FeatureSet(cropland);

        // Parts of the petition of every size: each spot, squares around the petition, the petition.
        var parts = features.Where(f => f.Kind == LayerKind.ChangeSpot).Select(overlay.Clip).Where(g => !g.IsEmpty).ToList();
        var (x0, y0) = (overlay.Petition.EnvelopeInternal.MinX, overlay.Petition.EnvelopeInternal.MinY);
        var random = new Random(7);
        for (var k = 0; k < 30; k++)
        {
            var (x, y, side) = (x0 + (random.NextDouble() * 700), y0 + (random.NextDouble() * 700), 5 + (random.NextDouble() * 200));
            parts.Add(overlay.Petition.Intersection(overlay.Petition.Factory.ToGeometry(new Envelope(x, x + side, y, y + side))));
        }

        parts.Add(overlay.Petition);
        var union = Overlay.Union(cropland.Select(overlay.Clip));
        var compared = 0;
        foreach (var part in parts.Where(p => !p.IsEmpty))
        {
            var indexed = overlay.Cover(part, set);

            // The same features, only those near the part, in the set's order: few enough to be scanned.
            var near = new FeatureSet(cropland.Where(f => !overlay.Clip(f).IsEmpty && overlay.Clip(f).EnvelopeInternal.Intersects(part.EnvelopeInternal)));
            if (near.Count <= 32)
            {
                var scanned = overlay.Cover(part, near);
                Assert.True(indexed.EqualsExact(scanned), $"indexed {indexed} differs from scanned {scanned}");
                compared++;
            }

            var expected = part.Intersection(union);
            Assert.Equal(overlay.Area(expected), overlay.Area(indexed), 1e-6 * Math.Max(1, overlay.Area(expected)));
        }

        Assert.True(compared > 30, $"only {compared} parts compared with a scan");
    }

    [Fact]
    public async Task An_empty_or_small_set_is_scanned_and_far_features_are_not_candidates()
    {
        var (overlay, features) = await ParallelVerificationTests.SceneFeaturesAsync(seed: 4490);
        var spot = features.Where(f => f.Kind == LayerKind.ChangeSpot).Select(overlay.Clip).First(g => !g.IsEmpty);
        Assert.True(overlay.Cover(spot, FeatureSet.Empty).IsEmpty);
        var few = new FeatureSet(features.Where(f => f.Kind == LayerKind.LandUse).Take(3));
        Assert.True(overlay.Cover(spot, few).EqualsExact(overlay.Cover(spot, few.ToList())));
        Assert.True(overlay.Cover(spot, features.Where(f => f.Kind == LayerKind.ApprovalBatch && overlay.Clip(f).IsEmpty)).IsEmpty);
    }
    [Fact]
    public void Features_of_several_polygons_or_with_holes_are_cut_like_OverlayNG()
    {
        // Features that are multipolygons (parts near and far from each other) and polygons with a
        // hole near the cut parts or far from them: the piece of each part is taken by the polygon
        // clip where the holes are apart, by OverlayNG otherwise, and the cover must be the same set.
        var lonLat = new GeometryFactory(new PrecisionModel(), 4490);
        Polygon Square(double lon, double lat, double side) => lonLat.CreatePolygon(new[]
        {
            new Coordinate(lon, lat), new Coordinate(lon + side, lat), new Coordinate(lon + side, lat + side),
            new Coordinate(lon, lat + side), new Coordinate(lon, lat),
        });
        Polygon Holed(double lon, double lat, double side, double holeLon, double holeLat, double holeSide) => lonLat.CreatePolygon(
            (LinearRing)Square(lon, lat, side).ExteriorRing,
            [(LinearRing)Square(holeLon, holeLat, holeSide).ExteriorRing.Reverse()]);
        var overlay = new Overlay(Square(113.30, 30.20, 0.03), 2, new VerificationOptions());
        var r = new Random(2026);
        var features = new List<LayerFeature>();
        for (var i = 0; i < 120; i++)
        {
            var (lon, lat) = (113.30 + (r.NextDouble() * 0.028), 30.20 + (r.NextDouble() * 0.028));
            var side = 0.0005 + (r.NextDouble() * 0.0015);
            Geometry g = (i % 3) switch
            {
                0 => lonLat.CreateMultiPolygon([Square(lon, lat, side), Square(lon + side + (r.NextDouble() * 0.003), lat + (r.NextDouble() * 0.002), side / 2)]),
                1 => Holed(lon, lat, side, lon + (side * 0.3), lat + (side * 0.3), side * 0.3),
                _ => Holed(lon, lat, side * 2, lon + (side * 1.4), lat + (side * 1.4), side * 0.4),
            };
            features.Add(new LayerFeature("land_use", 1, i + 1, LayerKind.LandUse, $"f{i + 1}", new Dictionary<string, object?>(), g));
        }

        var set = new FeatureSet(features);
        var union = Overlay.Union(features.Select(overlay.Clip));
        var coveredWhole = 0;
        for (var k = 0; k < 300; k++)
        {
            var (lon, lat) = (113.30 + (r.NextDouble() * 0.028), 30.20 + (r.NextDouble() * 0.028));
            var part = Overlay.Intersection(overlay.Project(new LayerFeature("x", 1, 1, LayerKind.ChangeSpot, "x", new Dictionary<string, object?>(), Square(lon, lat, 0.0002 + (r.NextDouble() * 0.0012)))), overlay.Petition);
            var cover = overlay.Cover(part, set);
            Assert.True(cover.IsValid, $"cover of part {k} is not valid");
            var expected = Overlay.IntersectionNG(part, union);
            Assert.Equal(overlay.Area(expected), overlay.Area(cover), 1e-9 * Math.Max(1, overlay.Area(expected)));
            Assert.True(Overlay.Union([cover, expected]).Area - expected.Area < 1e-6, $"part {k}: the cover is not the expected set");
            coveredWhole += ReferenceEquals(cover, part) ? 1 : 0;
        }

        Assert.True(coveredWhole > 5, $"only {coveredWhole} parts were kept whole by a covering feature");
    }
}
