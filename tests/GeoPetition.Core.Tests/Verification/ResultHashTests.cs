using System.Security.Cryptography;
using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Verification;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// <see cref="Verifier.Hash"/> hashes the canonical JSON as it is written: it must be the SHA-256
/// of exactly the bytes <c>SerializeToUtf8Bytes</c> gives with <see cref="Verifier.JsonOptions"/>,
/// the definition a third party checks a stored result against, for small results and for
/// results of megabytes (many 64 KiB chunks, multi-byte characters across chunk boundaries).
/// </summary>
public sealed class ResultHashTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(40)]
    [InlineData(6000)]
    public void Hash_is_the_sha256_of_the_canonical_json(int hits)
    {
        var r = new Random(hits);
        var evidence = Enumerable.Range(0, hits).Select(i => new FeatureHit(
            "land_use", 3, i, LayerKind.LandUse, $"DLTB-{i:D6}", r.NextDouble() * 1e5, r.NextDouble() * 150, r.NextDouble(), i % 3 == 0,
            new Dictionary<string, string?>
            {
                ["dlbm"] = "0101",
                ["dlmc"] = i % 2 == 0 ? "水田" : "村庄\"引号\"与\\反斜杠<>&",
                ["qsdwmc"] = new string('镇', r.Next(1, 40)),
                ["note"] = i % 5 == 0 ? null : "😀 emoji " + i,
            })).ToList();
        var rules = Enumerable.Range(0, Math.Min(hits, 300)).Select(i => new RuleHit(
            "R" + ((i % 12) + 1), Finding.FieldCheckNeeded, $"图斑 {i} 显示耕地改为林果，{i * 1.5:0.00} m² 位于永久基本农田内。", $"Spot {i}: {i * 1.5:0.00} m².",
            "《土地管理法》第三十七条", [$"DLTB-{i:D6}"], i * 1.5, i % 2 == 0, new Dictionary<string, string> { ["qsx"] = "2024-01-02" })).ToList();
        var result = new VerificationResult(
            new DateOnly(2026, 11, 24), false, 4545, 25_000_000.123, 15,
            [new LayerVersionRef("land_use", LayerKind.LandUse, 3, "dltb.shp", new string('a', 64), DateTimeOffset.UnixEpoch)],
            [new ClaimResult(0, ClaimType.IllegalOccupation, Finding.FieldCheckNeeded, null, true, rules, evidence)],
            "not part of the hash");

        var expected = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(result with { Sha256 = "" }, Verifier.JsonOptions)));
        Assert.Equal(expected, Verifier.Hash(result));
        Assert.Equal(expected, Verifier.Hash(result with { Sha256 = "another" }));
        if (hits > 1000)
        {
            Assert.True(JsonSerializer.SerializeToUtf8Bytes(result, Verifier.JsonOptions).Length > 20 * 65536);
        }
    }
}
