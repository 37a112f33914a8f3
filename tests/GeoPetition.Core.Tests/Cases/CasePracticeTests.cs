using GeoPetition.Core.Cases;

namespace GeoPetition.Core.Tests.Cases;

/// <summary>销号 criteria, repeat classification and 类案 spatial clusters.</summary>
public sealed class CasePracticeTests
{
    private static readonly DateOnly Day = new(2026, 4, 1);

    [Fact]
    public void Strike_off_needs_every_criterion_met_by_its_latest_check_and_the_conclusion()
    {
        string[] criteria = ["书面答复已送达", "信访人签字息诉"];
        Assert.Equal(3, SupervisionRules.Unmet(criteria, [], true, CaseState.InProgress).Count);

        var checks = new List<CriterionCheck> { new(0, true, "李", Day, "送达回证"), new(1, false, "李", Day, null) };
        var unmet = SupervisionRules.Unmet(criteria, checks, false, CaseState.InProgress);
        Assert.Equal("criterion 1 '信访人签字息诉' was found not met by 李 on 2026-04-01", Assert.Single(unmet));

        checks.Add(new(1, true, "王", Day.AddDays(3), "息诉罢访承诺书"));
        Assert.Empty(SupervisionRules.Unmet(criteria, checks, false, CaseState.InProgress));
        Assert.Contains("no written conclusion", Assert.Single(SupervisionRules.Unmet(criteria, checks, true, CaseState.Extended)));
        Assert.Empty(SupervisionRules.Unmet(criteria, checks, true, CaseState.Served));
        Assert.Empty(SupervisionRules.Unmet(criteria, checks, true, CaseState.Closed));
    }

    [Theory]
    [InlineData(LinkReason.SamePetitioner | LinkReason.SameSubject | LinkReason.Nearby, true, LinkKind.DuplicateOf)]
    [InlineData(LinkReason.SamePetitioner | LinkReason.SameSubject | LinkReason.SameReference, true, LinkKind.DuplicateOf)]
    [InlineData(LinkReason.SamePetitioner | LinkReason.SameSubject | LinkReason.Nearby, false, LinkKind.Related)]
    [InlineData(LinkReason.SamePetitioner, true, LinkKind.Related)]
    [InlineData(LinkReason.SameSubject | LinkReason.Nearby, true, LinkKind.Related)]
    [InlineData(LinkReason.SamePetitioner | LinkReason.Nearby, true, LinkKind.Related)]
    public void Repeat_pairs_are_classified(LinkReason reasons, bool earlierOpen, LinkKind expected) =>
        Assert.Equal(expected, RepeatRules.Classify(reasons, earlierOpen));

    [Theory]
    [InlineData(LinkReason.Nearby)]
    [InlineData(LinkReason.SameSubject)]
    [InlineData(LinkReason.None)]
    public void Place_or_subject_alone_is_no_link(LinkReason reasons) => Assert.Null(RepeatRules.Classify(reasons, true));

    [Fact]
    public void Spatial_clusters_chain_within_the_radius_per_subject()
    {
        // 0.001° of latitude ≈ 111 m.
        CasePoint[] points =
        [
            new(1, "illegal_occupation", 105.300, 30.500),
            new(2, "illegal_occupation", 105.300, 30.502),   // 222 m from 1
            new(3, "illegal_occupation", 105.300, 30.504),   // 222 m from 2 → chained
            new(4, "illegal_occupation", 105.300, 30.520),   // far
            new(5, "land_acquisition", 105.300, 30.5005),    // near 1 but another subject
            new(6, "land_acquisition", 105.3005, 30.5005),   // 48 m from 5
        ];
        var clusters = CaseGrouping.SpatialClusters(points, 300);
        Assert.Equal(2, clusters.Count);
        Assert.Equal([1L, 2, 3], clusters[0]);
        Assert.Equal([5L, 6], clusters[1]);
        Assert.Empty(CaseGrouping.SpatialClusters(points, 30));
        Assert.InRange(CaseGrouping.DistanceM(points[0], points[1]), 221, 223);
    }
}
