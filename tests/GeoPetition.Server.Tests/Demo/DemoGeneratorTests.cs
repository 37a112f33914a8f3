using System.Security.Cryptography;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Petitions;
using GeoPetition.Server.Demo;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Esri;
using NetTopologySuite.IO.Esri.Shapefiles.Readers;

namespace GeoPetition.Server.Tests.Demo;

/// <summary>
/// Generates the demo county once (fixed seed, vector data plus the z13 imagery) into a temporary
/// folder; the tests read it back the way the importer and the viewer would.
/// </summary>
public sealed class DemoFixture : IDisposable
{
    public DemoFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "geopetition-demo-" + Guid.NewGuid().ToString("N"));
        World = WorldBuilder.Build(DemoCommand.DefaultSeed);
        Options = new DemoOptions(Path.Combine(Root, "data"), Path.Combine(Root, "tiles"), DemoCommand.DefaultSeed, WriteTiles: true, MinZoom: 13, MaxZoom: 13);
        DemoGenerator.Generate(Options, TextWriter.Null, World);
    }

    public string Root { get; }

    internal DemoWorld World { get; }

    public DemoOptions Options { get; }

    public string Demo => Path.Combine(Options.DataDirectory, "demo");

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A temporary folder left behind is harmless.
        }
    }
}

public sealed class DemoGeneratorTests(DemoFixture fixture) : IClassFixture<DemoFixture>
{
    private static readonly string[] ScenarioRules =
    [
        "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12",
        "Z1", "Z2", "Z3", "Z4", "Z5", "D1", "D2", "D3", "D4",
    ];

    private static Dictionary<string, string> Hashes(string root) =>
        Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(
                f => Path.GetRelativePath(root, f).Replace('\\', '/'),
                f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public void SameSeedGivesIdenticalFiles()
    {
        var second = Path.Combine(fixture.Root, "second");
        DemoGenerator.Generate(
            fixture.Options with { DataDirectory = Path.Combine(second, "data"), TilesDirectory = Path.Combine(second, "tiles") },
            TextWriter.Null);

        foreach (var folder in new[] { "data", "tiles" })
        {
            var first = Hashes(Path.Combine(fixture.Root, folder));
            var again = Hashes(Path.Combine(second, folder));
            Assert.NotEmpty(first);
            Assert.Equal(first.Keys.Order(), again.Keys.Order());
            foreach (var (file, hash) in first)
            {
                Assert.True(hash == again[file], $"{folder}/{file} differs between two runs with the same seed");
            }
        }
    }

    [Fact]
    public void EveryShapefileReadsBackWithTheSchemaAndChineseText()
    {
        var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Demo, "manifest.json"))).RootElement;
        Assert.Equal("jurisdiction", manifest[0].GetProperty("layerId").GetString());
        var gbk = LayerFiles.GbkEncoding;
        var shapefiles = 0;
        foreach (var entry in manifest.EnumerateArray())
        {
            var kind = LayerKinds.Get(Enum.Parse<LayerKind>(entry.GetProperty("kind").GetString()!));
            var file = entry.GetProperty("files")[0].GetString()!;
            var layerId = entry.GetProperty("layerId").GetString()!;
            Assert.True(File.Exists(Path.Combine(fixture.Demo, "geojson", layerId + ".geojson")), $"no GeoJSON copy of {layerId}");
            if (!file.EndsWith(".shp", StringComparison.Ordinal))
            {
                continue;
            }

            shapefiles++;
            var shp = Path.Combine(fixture.Options.DataDirectory, file);
            Assert.False(File.Exists(Path.ChangeExtension(shp, ".cpg")), $"{file}: bureaus deliver no .cpg");
            Assert.Equal(DemoFrame.PrjWkt, File.ReadAllText(Path.ChangeExtension(shp, ".prj")));
            Assert.Equal(0x4D, File.ReadAllBytes(Path.ChangeExtension(shp, ".dbf"))[29]); // language driver: GBK (936)

            var features = Shapefile.ReadAllFeatures(shp, new ShapefileReaderOptions { Encoding = gbk });
            Assert.NotEmpty(features);
            var names = features[0].Attributes.GetNames();
            Assert.Equal(kind.Fields.Select(f => f.Column.ToUpperInvariant()), names);
            Assert.All(names, n => Assert.True(n.Length <= 10));
        }

        Assert.Equal(11, shapefiles);

        var landUse = Shapefile.ReadAllFeatures(Path.Combine(fixture.Demo, "land_use_2019.shp"), new ShapefileReaderOptions { Encoding = gbk });
        var names2019 = landUse.Select(f => (string)f.Attributes["DLMC"]).Distinct().ToList();
        Assert.Contains("水田", names2019);
        Assert.Contains("农村宅基地", names2019);
        Assert.Contains("河流水面", names2019);
        Assert.All(landUse, f => Assert.Equal(19, ((string)f.Attributes["QSDWDM"]).Length));
        Assert.Contains(landUse, f => ((string)f.Attributes["QSDWMC"]).EndsWith("组", StringComparison.Ordinal));

        var spots = Shapefile.ReadAllFeatures(Path.Combine(fixture.Demo, "change_spot.shp"), new ShapefileReaderOptions { Encoding = gbk });
        Assert.All(spots, f => Assert.Contains((string)f.Attributes["XMC"], new[] { "示范县", "样例县" }));
        Assert.Contains(spots, f => f.Attributes["PDJG"] as string == "违法");

        var parcels = Shapefile.ReadAllFeatures(Path.Combine(fixture.Demo, "registered_parcel.shp"), new ShapefileReaderOptions { Encoding = gbk });
        Assert.All(parcels, f => Assert.Equal(28, ((string)f.Attributes["BDCDYH"]).Length));
        Assert.Contains(parcels, f => ((string)f.Attributes["QLR"]).EndsWith("农民集体", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryChangeSpotLiesWithinItsCounty()
    {
        var gbk = LayerFiles.GbkEncoding;
        var counties = Shapefile.ReadAllFeatures(Path.Combine(fixture.Demo, "jurisdiction.shp"), new ShapefileReaderOptions { Encoding = gbk })
            .Where(f => (string)f.Attributes["JB"] == "县")
            .ToDictionary(f => (string)f.Attributes["XZQDM"], f => f.Geometry);
        Assert.Equal(["510991", "510992"], counties.Keys.Order());
        var area = counties.Values.Aggregate((a, b) => a.Union(b));
        var spots = Shapefile.ReadAllFeatures(Path.Combine(fixture.Demo, "change_spot.shp"), new ShapefileReaderOptions { Encoding = gbk });
        Assert.InRange(spots.Length, 200, 400);
        foreach (var spot in spots)
        {
            Assert.True(area.Covers(spot.Geometry.Buffer(-0.01)), $"{spot.Attributes["JCBH"]} lies outside the demo counties");
            var code = (string)spot.Attributes["XZQDM"];
            Assert.True(counties[code].Intersects(spot.Geometry.InteriorPoint), $"{spot.Attributes["JCBH"]} is not in county {code}");
            Assert.StartsWith(code + "SJBG", (string)spot.Attributes["JCBH"], StringComparison.Ordinal);
        }
    }

    [Fact]
    public void PetitionsParseAndCoverEveryRuleScenario()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(fixture.Demo, "petitions.json")));
        var petitions = doc.RootElement.EnumerateArray().ToList();
        Assert.InRange(petitions.Count, 40, 70);
        string[] findings = ["Substantiated", "PartlySubstantiated", "NotSubstantiated", "FieldCheckNeeded", "Forward", "StatutoryChannel"];
        string[] crss = ["EPSG:4490", "GCJ-02", "BD-09", "EPSG:4523"];
        var rules = new HashSet<string>();
        var scenarios = new HashSet<string>();
        foreach (var p in petitions)
        {
            var scenario = p.GetProperty("scenario").GetString()!;
            Assert.True(scenarios.Add(scenario), $"duplicate scenario {scenario}");
            Assert.Contains(p.GetProperty("channel").GetString(), PetitionVocabulary.Channels);
            Assert.Contains(p.GetProperty("category").GetString(), PetitionVocabulary.Categories);
            Assert.NotNull(PetitionVocabulary.NormalizeSubject(p.GetProperty("subject").GetString()));
            Assert.Equal(2026, DateOnly.Parse(p.GetProperty("receivedAt").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Year);
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("text").GetString()));
            var people = p.GetProperty("petitioners").EnumerateArray().ToList();
            Assert.InRange(people.Count, 1, 5);
            Assert.All(people, person => Assert.True(PetitionVocabulary.IsValidIdNumber(person.GetProperty("idNumber").GetString()!), scenario));
            Assert.Contains(p.GetProperty("locationCrs").GetString(), crss);
            Assert.Contains(p.GetProperty("locationAccuracy").GetString(), new[] { "pin", "surveyed", "drawn" });
            var location = p.GetProperty("location");
            if (location.ValueKind != JsonValueKind.Null)
            {
                Assert.Contains(location.GetProperty("type").GetString(), new[] { "Point", "LineString", "Polygon", "MultiPolygon" });
            }

            var claims = p.GetProperty("claims").GetArrayLength();
            Assert.True(claims > 0, scenario);
            if (location.ValueKind == JsonValueKind.Null)
            {
                Assert.Contains(p.GetProperty("claims").EnumerateArray(), c => c.GetProperty("refs").EnumerateObject().Any());
            }

            foreach (var e in p.GetProperty("expected").EnumerateArray())
            {
                Assert.InRange(e.GetProperty("claim").GetInt32(), 0, claims - 1);
                Assert.Contains(e.GetProperty("finding").GetString(), findings);
                rules.UnionWith(e.GetProperty("rules").EnumerateArray().Select(r => r.GetString()!));
            }
        }

        Assert.Empty(ScenarioRules.Except(rules));
        Assert.Contains(petitions, p => p.GetProperty("isCollective").GetBoolean());
        Assert.Contains(petitions, p => p.GetProperty("locationCrs").GetString() == "GCJ-02");
        Assert.Contains(petitions, p => p.GetProperty("locationCrs").GetString() == "BD-09");
        Assert.Contains(petitions, p => p.GetProperty("location").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public void AfterSceneShowsAnIllegalSpotThatTheBeforeSceneDoesNot()
    {
        var world = fixture.World;
        var spot = world.Spots.First(s => s.Pdjg == "违法" && s.Change is { } c && c.VisibleOn(DemoFrame.SceneB) && c.Look != Material.Pond && s.Mj > 5_000);
        var (lon, lat) = DemoFrame.Projection.Inverse(spot.Geometry.InteriorPoint.X, spot.Geometry.InteriorPoint.Y);
        const int Z = 15;
        var (x, y) = (TileRenderer.TileX(lon, Z), TileRenderer.TileY(lat, Z));
        var before = TileRenderer.RenderTile(new SceneSurface(world, DemoFrame.SceneA), Z, x, y)!;
        var after = TileRenderer.RenderTile(new SceneSurface(world, DemoFrame.SceneB), Z, x, y)!;
        var changed = before.Zip(after).Count(p => p.First != p.Second);
        Assert.True(changed > 100, $"only {changed} pixels differ over {spot.Jcbh}");

        // A false change shows nothing: the same pixels before and after (both November scenes).
        var falseSpot = world.Spots.First(s => s.Pdjg == "其他" && s.Hsx <= DemoFrame.SceneB);
        var p = falseSpot.Geometry.InteriorPoint;
        var (flon, flat) = DemoFrame.Projection.Inverse(p.X, p.Y);
        var (fx, fy) = (TileRenderer.TileX(flon, Z), TileRenderer.TileY(flat, Z));
        var a = new SceneSurface(world, DemoFrame.SceneA);
        var b = new SceneSurface(world, DemoFrame.SceneB);
        var local = (X: p.X - DemoFrame.OriginEasting, Y: p.Y - DemoFrame.OriginNorthing);
        var last = -1;
        var shapeA = a.Find(a.Candidates(new Envelope(p.Coordinate)), local.X, local.Y, ref last);
        last = -1;
        var shapeB = b.Find(b.Candidates(new Envelope(p.Coordinate)), local.X, local.Y, ref last);
        Assert.Equal(shapeA!.Material, shapeB!.Material);
        Assert.NotNull(TileRenderer.RenderTile(b, Z, fx, fy));
    }

    [Fact]
    public async Task TheVerificationEngineReachesTheExpectedFindings()
    {
        var results = await DemoCheck.RunAsync(fixture.World);
        Assert.NotEmpty(results);
        var disagreements = results.Where(r => !r.Agrees).Select(r => r.ToString()).ToList();
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements));
    }

    [Fact]
    public void TilesAndSceneDescriptionsAreWritten()
    {
        var scenes = Directory.GetDirectories(fixture.Options.TilesDirectory);
        Assert.Equal(3, scenes.Length);
        foreach (var scene in scenes)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(scene, "scene.json")));
            Assert.Equal("png", json.RootElement.GetProperty("format").GetString());
            var pngs = Directory.GetFiles(Path.Combine(scene, "13"), "*.png", SearchOption.AllDirectories);
            Assert.NotEmpty(pngs);
            var bytes = File.ReadAllBytes(pngs[0]);
            Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47 }, bytes[..4]);
        }
    }
}
