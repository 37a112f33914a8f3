using GeoPetition.Core.Evidence;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Tests.Verification;
using GeoPetition.Core.Verification;

namespace GeoPetition.Core.Tests.Evidence;

/// <summary>
/// The imagery window of an evidence map: the change spot a finding cites decides the dates (its
/// qsx/hsx, as the verifier reports them in the hit's attributes), otherwise the reference day.
/// </summary>
public sealed class ImageryWindowTests
{
    private static readonly DateOnly Received = new(2025, 6, 30);

    [Fact]
    public void Without_a_result_the_window_is_the_reference_day()
    {
        var w = ImageryWindow.For(null, Received);
        Assert.Equal(Received, w.BeforeOnOrBefore);
        Assert.Equal(Received.AddDays(1), w.AfterOnOrAfter);
        Assert.Null(w.SpotKey);
        Assert.Contains("2025-06-30", w.Reason);
    }

    /// <summary>
    /// Every golden case whose petition overlaps a change spot, run through the real verifier: the
    /// window is the cited spot's qsx/hsx exactly as the layer feature holds them (so the date
    /// attributes survive the verifier's text form), and a case without a spot keeps the reference day.
    /// </summary>
    [Fact]
    public async Task Golden_cases_take_the_dates_of_the_cited_change_spot()
    {
        var withSpot = 0;
        var without = 0;
        foreach (var c in GoldenCaseLoader.All)
        {
            var features = GoldenCaseLoader.Features(c);
            var options = new VerificationOptions();
            var request = new VerificationRequest(
                GoldenCaseLoader.ToStorage(c.Petition),
                options.PetitionTolerance(GoldenCaseLoader.ParseAccuracy(c.Accuracy)),
                [new ClaimInput(0, GoldenCaseLoader.ParseClaim(c.Claim), c.Text, c.Refs ?? [])],
                GoldenCaseLoader.ParseDate(c.CheckDate));
            var result = await new Verifier(options).VerifyAsync(request, GoldenCaseLoader.Source(features), CancellationToken.None);
            var window = ImageryWindow.For(result, Received);
            var cited = result.Claims.SelectMany(x => x.Evidence).Where(h => h.Kind == LayerKind.ChangeSpot).ToList();
            if (cited.Count == 0)
            {
                without++;
                Assert.Null(window.SpotKey);
                Assert.Equal(Received, window.BeforeOnOrBefore);
                continue;
            }

            withSpot++;
            var best = cited.OrderByDescending(h => h.Significant).ThenByDescending(h => h.AreaM2).ThenBy(h => h.Key, StringComparer.Ordinal).First();
            var spot = features.First(f => f.Kind == LayerKind.ChangeSpot && f.Fid == best.Fid && f.LayerId == best.LayerId);
            Assert.True(window.SpotKey == best.Key, $"{c.Name}: window of {window.SpotKey}, expected {best.Key}");
            Assert.Equal(spot.Date("qsx"), window.BeforeOnOrBefore);
            Assert.Equal(spot.Date("hsx"), window.AfterOnOrAfter);
        }

        Assert.True(withSpot >= 5, $"only {withSpot} golden cases cite a change spot");
        Assert.True(without >= 5, $"only {without} golden cases cite none");
    }

    [Fact]
    public void The_largest_significant_spot_wins_and_bad_dates_are_skipped()
    {
        static FeatureHit Spot(string key, double area, bool significant, string? qsx, string? hsx) =>
            new("spots", 1, key.GetHashCode(), LayerKind.ChangeSpot, key, area, area / 666.67, 0.1, significant,
                new Dictionary<string, string?> { ["qsx"] = qsx, ["hsx"] = hsx });
        var hits = new[]
        {
            Spot("A-big-but-marginal", 9000, false, "2020-01-01", "2020-06-01"),
            Spot("B-significant", 500, true, "2021-03-01", "2021-09-01"),
            Spot("C-significant-larger-inverted", 900, true, "2022-09-01", "2022-03-01"),
            Spot("D-significant-larger-no-date", 800, true, null, "2022-03-01"),
        };
        var result = new VerificationResult(Received, false, 35, 10000, 0, [],
            [new ClaimResult(0, ClaimType.IllegalOccupation, Finding.Substantiated, null, true, [], hits)], "x");
        var w = ImageryWindow.For(result, Received);
        Assert.Equal("B-significant", w.SpotKey);
        Assert.Equal(new DateOnly(2021, 3, 1), w.BeforeOnOrBefore);
        Assert.Equal(new DateOnly(2021, 9, 1), w.AfterOnOrAfter);
    }
}
