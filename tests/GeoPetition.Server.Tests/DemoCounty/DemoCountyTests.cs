using System.Net.Http.Json;
using System.Text.Json;
using GeoPetition.Server.Tests.Infrastructure;

namespace GeoPetition.Server.Tests.DemoCounty;

/// <summary>The server started as the README's run command starts it, on the committed demo county.</summary>
public sealed class DemoCountyApp : GeoPetitionApp
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("GeoPetition:LoadDemo", "true"),
        new("GeoPetition:DemoManifest", Path.Combine(Tools.RepoRoot, "data", "demo", "manifest.json")),
    ];
}

/// <summary>
/// Every demo petition, filed through the intake path and verified at start, gets the finding its
/// scenario was built for (issue #3), and the demo layers load through the import path (issue #2).
/// </summary>
public sealed class DemoCountyTests(DemoCountyApp app) : IClassFixture<DemoCountyApp>
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task EveryDemoLayerLoadsCompletely()
    {
        var http = app.CreateClient();
        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Tools.RepoRoot, "data", "demo", "manifest.json"))).RootElement;
        var layers = await http.GetFromJsonAsync<JsonElement>("/api/layers");
        foreach (var entry in manifest.EnumerateArray())
        {
            var id = entry.GetProperty("layerId").GetString();
            var layer = layers.EnumerateArray().Single(l => l.GetProperty("id").GetString() == id);
            Assert.True(layer.GetProperty("featureCount").GetInt32() > 0, $"{id} loaded no features");
            var versions = await http.GetFromJsonAsync<JsonElement>($"/api/layers/{id}/versions");
            var report = versions[0].GetProperty("report");
            Assert.Equal(0, report.GetProperty("rejected").GetInt64());
            Assert.Equal(report.GetProperty("read").GetInt64(), report.GetProperty("loaded").GetInt64());
        }
    }

    [Fact]
    public async Task EveryDemoPetitionGetsTheFindingItsScenarioWasBuiltFor()
    {
        var http = app.CreateClient();
        using var demo = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Tools.RepoRoot, "data", "demo", "petitions.json")));
        var petitions = (await http.GetFromJsonAsync<JsonElement>("/api/petitions?limit=500")).GetProperty("items")
            .EnumerateArray().OrderBy(p => p.GetProperty("id").GetInt64()).ToList();
        var scenarios = demo.RootElement.EnumerateArray().ToList();
        Assert.Equal(scenarios.Count, petitions.Count);
        var failures = new List<string>();
        var findings = new HashSet<string>();
        foreach (var (scenario, petition) in scenarios.Zip(petitions))
        {
            var runs = await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{petition.GetProperty("id").GetInt64()}/verifications");
            var claims = runs[0].GetProperty("result").GetProperty("claims");
            foreach (var expected in scenario.GetProperty("expected").EnumerateArray())
            {
                var claim = claims[expected.GetProperty("claim").GetInt32()];
                var finding = claim.GetProperty("finding").GetString()!;
                findings.Add(finding);
                var fired = claim.GetProperty("rules").EnumerateArray().Select(r => r.GetProperty("ruleId").GetString()).ToHashSet();
                var wantFinding = expected.GetProperty("finding").GetString();
                var wantRules = expected.GetProperty("rules").EnumerateArray().Select(r => r.GetString()).ToList();
                if (finding != wantFinding || !wantRules.All(fired.Contains))
                {
                    failures.Add($"{scenario.GetProperty("scenario").GetString()}: expected {wantFinding} ({string.Join(",", wantRules)}), got {finding} ({string.Join(",", fired)})");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        foreach (var f in new[] { "Substantiated", "PartlySubstantiated", "NotSubstantiated", "FieldCheckNeeded", "Forward", "StatutoryChannel" })
        {
            Assert.Contains(f, findings);
        }
    }
}
