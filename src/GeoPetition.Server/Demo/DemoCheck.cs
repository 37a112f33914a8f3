using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Demo;

/// <summary>The engine's result for one claim of a demo petition, next to what petitions.json expects.</summary>
internal sealed record DemoCheckResult(string Scenario, int Claim, string Expected, string Actual, IReadOnlyList<string> ExpectedRules, IReadOnlyList<string> FiredRules, IReadOnlyList<string> Sentences)
{
    /// <summary>Same finding, and every expected rule fired.</summary>
    public bool Agrees => Expected == Actual && ExpectedRules.All(FiredRules.Contains);

    public override string ToString() =>
        $"{(Agrees ? "ok  " : "DIFF")} {Scenario}[{Claim}]: expected {Expected} ({string.Join(",", ExpectedRules)}), engine {Actual} ({string.Join(",", FiredRules)})"
        + (Agrees ? "" : string.Concat(Sentences.Select(x => "\n       " + x)));
}

/// <summary>
/// Runs the verification engine of GeoPetition.Core over the generated county, in memory, for
/// every demo petition: the check that the data really support the expected findings.
/// </summary>
internal static class DemoCheck
{
    public static async Task<IReadOnlyList<DemoCheckResult>> RunAsync(DemoWorld world, CancellationToken ct = default)
    {
        var layers = DemoLayers.All(world, DemoGenerator.Scenes(world));
        var features = new List<LayerFeature>();
        foreach (var layer in layers.Where(l => l.ShapefileToo))
        {
            long fid = 0;
            foreach (var row in layer.Rows)
            {
                var key = Convert.ToString(row.Values.GetValueOrDefault(layer.Kind.KeyColumn), System.Globalization.CultureInfo.InvariantCulture) ?? "";
                features.Add(new LayerFeature(layer.Id, 1, ++fid, layer.Kind.Kind, key, row.Values, Reprojection.Transform(row.Geometry, DemoFrame.Srid, Srids.Storage)));
            }
        }

        var source = new InMemoryLayerSource(features, [.. layers.Select(l => new LayerVersionRef(l.Id, l.Kind.Kind, 1, l.Id, "", null))]);
        var options = new VerificationOptions();
        var verifier = new Verifier(options);
        var results = new List<DemoCheckResult>();
        foreach (var petition in world.Petitions)
        {
            var location = Locate(petition, features);
            var accuracy = Enum.Parse<LocationAccuracy>(petition.LocationAccuracy, ignoreCase: true);
            var claims = petition.Claims.Select((c, i) =>
            {
                FindingLabels.TryParseClaimType(c.Type, out var type);
                return new ClaimInput(i, type, c.Text, c.Refs);
            }).ToList();
            var result = await verifier.VerifyAsync(new VerificationRequest(location, options.PetitionTolerance(accuracy), claims, petition.ReceivedAt), source, ct);
            foreach (var expected in petition.Expected)
            {
                var claim = result.Claims[expected.Claim];
                results.Add(new DemoCheckResult(petition.Scenario, expected.Claim, expected.Finding, claim.Finding.ToString(), expected.Rules, [.. claim.Rules.Select(r => r.RuleId).Distinct()], [.. claim.Rules.Select(r => $"{r.RuleId} {r.Finding}: {r.SentenceEn}")]));
            }
        }

        return results;
    }

    /// <summary>The petition location in EPSG:4490, or the union of the features its references name.</summary>
    private static Geometry Locate(Petition petition, List<LayerFeature> features)
    {
        if (petition.Location is { } g)
        {
            return petition.LocationCrs switch
            {
                "GCJ-02" => ChineseOffsets.ToCgcs2000(g, PositionSource.Gcj02),
                "BD-09" => ChineseOffsets.ToCgcs2000(g, PositionSource.Bd09),
                "EPSG:4523" => Reprojection.Transform(g, DemoFrame.Srid, Srids.Storage),
                _ => g,
            };
        }

        var (kind, column, value) = petition.Claims.SelectMany(c => c.Refs).Select(r => r.Key switch
        {
            "bdcdyh" => (LayerKind.RegisteredParcel, "bdcdyh", r.Value),
            "zddm" => (LayerKind.RegisteredParcel, "zddm", r.Value),
            "jcbh" => (LayerKind.ChangeSpot, "jcbh", r.Value),
            "pzwh" => (LayerKind.ApprovalBatch, "pzwh", r.Value),
            "dzjgh" => (LayerKind.LandSupply, "dzjgh", r.Value),
            _ => (LayerKind.Jurisdiction, "", ""),
        }).First(r => r.Item2.Length > 0);
        var hits = features.Where(f => f.Kind == kind && f.Text(column) == value).Select(f => f.Geometry).ToList();
        return hits.Count == 1 ? hits[0] : new GeometryFactory(new PrecisionModel(), Srids.Storage).BuildGeometry(hits).Union();
    }
}
