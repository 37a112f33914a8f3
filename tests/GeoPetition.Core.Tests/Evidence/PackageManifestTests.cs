using GeoPetition.Core.Evidence;

namespace GeoPetition.Core.Tests.Evidence;

/// <summary>Offline checking of an evidence package against its manifest.</summary>
public sealed class PackageManifestTests
{
    private static readonly string A = new('a', 64), B = new('b', 64), C = new('c', 64);

    private static PackageManifest Manifest(params PackageFile[] files) =>
        new(PackageManifest.CurrentFormat, 7, "XF2026000007", DateTimeOffset.UnixEpoch, A, 3, files);

    [Fact]
    public void An_intact_package_has_no_problems_and_survives_a_json_round_trip()
    {
        var m = Manifest(new("report.pdf", A, 10), new("attachments/1-x.jpg", B, 20));
        var parsed = PackageManifest.Parse(m.ToJson());
        Assert.Empty(parsed.Check(new Dictionary<string, (string, long)> { ["report.pdf"] = (A, 10), ["attachments/1-x.jpg"] = (B, 20) }));
    }

    [Fact]
    public void A_changed_missing_or_extra_file_is_named()
    {
        var m = Manifest(new("report.pdf", A, 10), new("map.png", B, 20));
        var problems = m.Check(new Dictionary<string, (string, long)> { ["report.pdf"] = (C, 10), ["extra.txt"] = (A, 1) });
        Assert.Equal(3, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("report.pdf: SHA-256 is", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("map.png: listed in the manifest but missing", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("extra.txt: in the package but not listed", StringComparison.Ordinal));
    }

    [Fact]
    public void Something_that_is_not_a_manifest_is_refused()
    {
        Assert.Throws<System.Text.Json.JsonException>(() => PackageManifest.Parse("{\"hello\":1}"u8));
        Assert.Single(Manifest() with { Format = "other" } is var m ? m.Check(new Dictionary<string, (string, long)>()) : []);
    }
}
