using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;
using static GeoPetition.Core.Tests.Verification.OverlayShapes;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="VerificationOptions.MaxParallelism"/>: a verification run on several threads gives
/// the result it gives on one, to the bit (the same SHA-256), also when several run at once. The
/// scene is large enough for every parallel path to be taken: more than 32 features (hits), a
/// change of many polygons over a planar land-use partition (<see cref="Overlay.Cover"/>) and
/// separate clusters of overlapping spots (the union's groups).
/// </summary>
public sealed class ParallelVerificationTests
{
    private static readonly DateOnly CheckDate = new(2026, 11, 1);

    [Fact]
    public async Task Parallel_and_sequential_verifications_give_the_same_result()
    {
        var (petition, source) = Scene(seed: 20261124);
        var request = new VerificationRequest(petition, 2.0, [new ClaimInput(0, ClaimType.IllegalOccupation, null, new Dictionary<string, string>())], CheckDate);

        var sequential = await new Verifier(new VerificationOptions { MaxParallelism = 1 }).VerifyAsync(request, source, CancellationToken.None);

        // The scene is not trivial: the change is found and judged in parts, over many features.
        var claim = Assert.Single(sequential.Claims);
        Assert.Contains(claim.Rules, h => h.RuleId == "R6");
        Assert.Contains(claim.Rules, h => h.RuleId == "R3");
        Assert.True(claim.Evidence.Count > 100, $"only {claim.Evidence.Count} features overlap");

        // Four verifications at once, each on up to four threads, all equal to the sequential one.
        var parallel = new Verifier(new VerificationOptions { MaxParallelism = 4 });
        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => parallel.VerifyAsync(request, source, CancellationToken.None))));
        foreach (var r in results)
        {
            Assert.Equal(sequential.Sha256, r.Sha256);
            Assert.Equal(
                System.Text.Json.JsonSerializer.Serialize(sequential, Verifier.JsonOptions),
                System.Text.Json.JsonSerializer.Serialize(r, Verifier.JsonOptions));
        }
    }

    /// <summary>
    /// A 600 m petition over a jittered 60 m land-use grid (a planar partition: neighbours share
    /// their vertices), 70 change spots in clusters, approvals, supplies, temporary land and farmland
    /// with a hole, in zone 35 and stored as EPSG:4490 like imported layers.
    /// </summary>
    [Fact]
    public void Options_with_another_thread_budget_keep_everything_else()
    {
        var options = new VerificationOptions { MaxParallelism = 4, JobMaxParallelism = 1, PinToleranceM = 25, AreaEpsilonShare = 0.002 };
        var job = options.WithMaxParallelism(options.JobMaxParallelism);
        Assert.Equal(1, job.MaxParallelism);
        Assert.Equal(4, options.MaxParallelism);
        Assert.Equal(25, job.PinToleranceM);
        Assert.Equal(0.002, job.AreaEpsilonShare);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.WithMaxParallelism(0));
    }

    [Fact]
    public async Task Features_stored_as_multipolygons_of_one_polygon_give_the_result_of_the_polygons()
    {
        // The layer tables store every feature as a multipolygon; the engine overlays one of a
        // single polygon as that polygon, so where the features come from changes nothing.
        var (petition, source) = Scene(seed: 20261124);
        var (_, multi) = Scene(seed: 20261124, asMultiPolygons: true);
        var request = new VerificationRequest(petition, 2.0, [new ClaimInput(0, ClaimType.IllegalOccupation, null, new Dictionary<string, string>())], CheckDate);
        var verifier = new Verifier(new VerificationOptions { MaxParallelism = 2 });

        var fromPolygons = await verifier.VerifyAsync(request, source, CancellationToken.None);
        var fromMultiPolygons = await verifier.VerifyAsync(request, multi, CancellationToken.None);

        Assert.Equal(fromPolygons.Sha256, fromMultiPolygons.Sha256);
    }

    /// <summary>The features of <see cref="Scene"/> as the verifier reads them, with the overlay of its petition.</summary>
    internal static async Task<(Overlay Overlay, IReadOnlyList<LayerFeature> Features)> SceneFeaturesAsync(int seed)
    {
        var (petition, source) = Scene(seed);
        var overlay = new Overlay(petition, 2.0, new VerificationOptions { MaxParallelism = 1 });
        var search = Reprojection.Transform(overlay.Petition.Buffer(5), overlay.Zone, Srids.Storage);
        ILayerSource layers = source;
        var found = await layers.FindManyAsync(Enum.GetValues<LayerKind>(), search, CancellationToken.None);
        return (overlay, found.Values.SelectMany(fs => fs).ToList());
    }

    private static (Geometry Petition, InMemoryLayerSource Source) Scene(int seed, bool asMultiPolygons = false)
    {
        var random = new Random(seed);
        var features = new List<LayerFeature>();
        long fid = 0;

        void Add(LayerKind kind, Geometry zoneGeometry, params (string Column, object? Value)[] attributes)
        {
            fid++;
            var lonLat = Reprojection.Transform(zoneGeometry, 4544, Srids.Storage);
            if (asMultiPolygons && lonLat is Polygon polygon)
            {
                lonLat = lonLat.Factory.CreateMultiPolygon([polygon]);
            }

            features.Add(new LayerFeature(kind.ToString().ToLowerInvariant(), 1, fid, kind, $"{kind}-{fid}",
                attributes.ToDictionary(a => a.Column, a => a.Value), lonLat));
        }

        // Land use: 14 × 14 cells of 60 m whose inner corners are jittered, shared by the cells around them.
        const int n = 14;
        const double cell = 60;
        var corners = new (double X, double Y)[n + 1, n + 1];
        for (var i = 0; i <= n; i++)
        {
            for (var j = 0; j <= n; j++)
            {
                var inner = i > 0 && i < n && j > 0 && j < n;
                corners[i, j] = ((i * cell) + (inner ? random.NextDouble() * 24 - 12 : 0), (j * cell) + (inner ? random.NextDouble() * 24 - 12 : 0));
            }
        }

        string[] classes = ["0101", "0103", "0702", "0601", "0301", "1001", "0201"];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var cellRing = Ring(corners[i, j], corners[i + 1, j], corners[i + 1, j + 1], corners[i, j + 1]);
                Add(LayerKind.LandUse, cellRing, ("dlbm", classes[random.Next(classes.Length)]), ("sjnf", 2019));
            }
        }

        // Change spots: 14 clusters of 5 overlapping blobs, most of them construction.
        string[] types = ["20", "20", "TD", "YH", "DL1", "02"];
        for (var k = 0; k < 14; k++)
        {
            var (cx, cy) = (80 + random.NextDouble() * 680, 80 + random.NextDouble() * 680);
            for (var m = 0; m < 5; m++)
            {
                var blob = Star(cx + random.NextDouble() * 40 - 20, cy + random.NextDouble() * 40 - 20, 12 + random.NextDouble() * 18, 9, random);
                var qsx = new DateOnly(2020 + random.Next(5), 1 + random.Next(12), 1);
                Add(LayerKind.ChangeSpot, blob, ("tblx", types[random.Next(types.Length)]), ("qsx", qsx), ("hsx", qsx.AddMonths(6)),
                    ("xfrq", qsx.AddMonths(8)), ("dlbm", "0101"));
            }
        }

        // Approvals over parts of the area, a supply in one of them, temporary land, a facility.
        Add(LayerKind.ApprovalBatch, Square(100, 100, 220), ("pzwh", "川府土〔2021〕1号"), ("pzrq", new DateOnly(2021, 3, 1)));
        Add(LayerKind.ApprovalBatch, Square(450, 380, 260), ("pzwh", "川府土〔2023〕9号"), ("pzrq", new DateOnly(2023, 6, 1)));
        Add(LayerKind.LandSupply, Square(120, 120, 120), ("gdrq", new DateOnly(2021, 9, 1)));
        Add(LayerKind.TemporaryLandUse, Square(600, 60, 120), ("qsrq", new DateOnly(2025, 1, 1)), ("jzrq", new DateOnly(2027, 1, 1)));
        Add(LayerKind.FacilityAgriculture, Square(60, 600, 90), ("barq", new DateOnly(2020, 1, 1)));

        // Permanent basic farmland: a large polygon with a village hole, and one beside it.
        Add(LayerKind.PermanentBasicFarmland, Factory.CreatePolygon(Box(300, 0, 540, 330), [Box(420, 100, 120, 90)]));
        Add(LayerKind.PermanentBasicFarmland, Square(0, 400, 280));

        var petition = Reprojection.Transform(Square(60, 60, 720), 4544, Srids.Storage);
        var kinds = features.Select(f => f.Kind).Distinct().ToList();
        var versions = kinds.Select(k => new LayerVersionRef(k.ToString().ToLowerInvariant(), k, 1, "parallel test scene", "", null)).ToList();
        return (petition, new InMemoryLayerSource(features, versions));
    }

    private static Polygon Star(double cx, double cy, double radius, int points, Random random) =>
        Ring(Enumerable.Range(0, points).Select(k =>
        {
            var angle = 2 * Math.PI * k / points;
            var r = radius * (0.6 + (0.4 * random.NextDouble()));
            return (cx + (r * Math.Cos(angle)), cy + (r * Math.Sin(angle)));
        }).ToArray());
}
