using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using Xunit.Abstractions;

namespace GeoPetition.Core.Tests.Verification;

/// <summary>
/// The golden suite of the verification engine (issue #3): every case of Cases/*.json runs through
/// <see cref="Verifier.VerifyAsync"/> with an in-memory layer source, and its expectations are
/// checked (format: Cases/README.md). A failure prints every rule that fired.
/// </summary>
public sealed class GoldenCaseTests(ITestOutputHelper output)
{
    /// <summary>Default tolerance of <c>areaM2</c> expectations: areas are ellipsoidal, case WKT planar GK (scale error ≈ 2e-5 here).</summary>
    private const double DefaultAreaToleranceM2 = 1.0;

    /// <summary>The rules the engine evaluates; each needs a positive and a negative case. Z6, D5 and D6 need non-spatial records and are not evaluated.</summary>
    private static readonly string[] EvaluatedRules =
    [
        "R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12",
        "Z1", "Z2", "Z3", "Z4", "Z5", "Z7",
        "D1", "D2", "D3", "D4",
    ];

    /// <summary>Rules that always give an answer for their claim; their negative case is a NotSubstantiated answer.</summary>
    private static readonly string[] AlwaysAnswering = ["Z1", "Z5", "D3"];

    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in GoldenCaseLoader.All)
        {
            data.Add(c.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Golden_case(string name)
    {
        var c = GoldenCaseLoader.Get(name);
        if (c.KnownIssue is not null)
        {
            output.WriteLine($"KNOWN ISSUE: {c.KnownIssue}");
        }

        var claim = await Verify(c);
        var report = Report(c, claim);
        var failures = Check(c.Expect, claim);
        if (failures.Count == 0)
        {
            output.WriteLine(report);
        }
        else
        {
            Assert.Fail(
                (c.KnownIssue is null ? "" : $"KNOWN ISSUE (engine bug, see the case's knownIssue): {c.KnownIssue}\n")
                + string.Join("\n", failures.Select(f => "- " + f)) + "\n" + report);
        }
    }

    /// <summary>
    /// Every evaluated rule has a positive case (it must fire) and a negative case (it must not
    /// fire; for the rules that always answer their claim, Z1, Z5 and D3, it must answer
    /// NotSubstantiated).
    /// </summary>
    [Fact]
    public void Every_rule_has_positive_and_negative_cases()
    {
        var missing = new List<string>();
        foreach (var rule in EvaluatedRules)
        {
            if (!GoldenCaseLoader.All.Any(c => c.Expect.Rules.Contains(rule)))
            {
                missing.Add($"{rule}: no case where it must fire");
            }

            if (!GoldenCaseLoader.All.Any(c => c.Expect.Absent.Contains(rule)
                || (AlwaysAnswering.Contains(rule) && c.Expect.RuleFindings.TryGetValue(rule, out var f) && f == nameof(Finding.NotSubstantiated))))
            {
                missing.Add($"{rule}: no case where it must not fire");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    /// <summary>The case data are well formed: rule ids known, findings and outcomes are enum names, dates parse, WKT is valid.</summary>
    [Fact]
    public void Case_files_are_well_formed()
    {
        Assert.NotEmpty(GoldenCaseLoader.All);
        var problems = new List<string>();
        foreach (var c in GoldenCaseLoader.All)
        {
            void Try(string what, Action action)
            {
                try
                {
                    action();
                }
                catch (Exception e) when (e is InvalidDataException or FormatException or ArgumentException or NetTopologySuite.IO.ParseException)
                {
                    problems.Add($"{c.File} / {c.Name}: {what}: {e.Message}");
                }
            }

            Try("claim", () => GoldenCaseLoader.ParseClaim(c.Claim));
            Try("accuracy", () => GoldenCaseLoader.ParseAccuracy(c.Accuracy));
            Try("checkDate", () => GoldenCaseLoader.ParseDate(c.CheckDate));
            Try("finding", () => GoldenCaseLoader.ParseEnum<Finding>(c.Expect.Finding));
            Try("features", () => GoldenCaseLoader.Features(c));
            if (c.Expect.Outcome.ValueKind == JsonValueKind.String)
            {
                Try("outcome", () => GoldenCaseLoader.ParseEnum<Outcome>(c.Expect.Outcome.GetString()!));
            }

            foreach (var f in c.Expect.RuleFindings.Values)
            {
                Try("ruleFindings", () => GoldenCaseLoader.ParseEnum<Finding>(f));
            }

            var ids = c.Expect.Rules.Concat(c.Expect.Absent).Concat(c.Expect.RuleFindings.Keys).Concat(c.Expect.AreaM2.Keys);
            problems.AddRange(ids.Where(id => !EvaluatedRules.Contains(id) && id != "G0").Select(id => $"{c.File} / {c.Name}: unknown rule id {id}"));
            problems.AddRange(c.Expect.Rules.Intersect(c.Expect.Absent).Select(id => $"{c.File} / {c.Name}: {id} is both required and absent"));
            foreach (var wkt in c.Features.Select(f => f.Wkt).Prepend(c.Petition))
            {
                Try("wkt", () =>
                {
                    var g = GoldenCaseLoader.ReadLocal(wkt);
                    if (!g.IsValid)
                    {
                        throw new InvalidDataException($"invalid geometry {wkt}");
                    }
                });
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// The loader's projection round-trips: case WKT → EPSG:4490 → relative metres again equals the
    /// input (normalized, to 1 mm), so the cases' distances and areas are the ones written.
    /// </summary>
    [Fact]
    public void Case_geometries_round_trip_through_storage_coordinates()
    {
        var reader = new NetTopologySuite.IO.WKTReader();
        foreach (var wkt in GoldenCaseLoader.All.SelectMany(c => c.Features.Select(f => f.Wkt).Prepend(c.Petition)).Distinct())
        {
            var expected = reader.Read(wkt);
            expected.Normalize();
            var actual = GoldenCaseLoader.ToLocal(GoldenCaseLoader.ToStorage(wkt));
            actual.Normalize();
            Assert.True(expected.EqualsExact(actual, 0.001), $"{wkt} came back as {actual}");
        }
    }

    /// <summary>The origin is where the README says: EPSG:4523 (35 528 000, 3 375 000) is near 105.29°E 30.50°N, in the zone the engine picks (EPSG:4544).</summary>
    [Fact]
    public void Case_origin_is_near_105_3_E_30_5_N()
    {
        var origin = GoldenCaseLoader.ToStorage("POINT(0 0)");
        Assert.InRange(origin.Coordinate.X, 105.28, 105.30);
        Assert.InRange(origin.Coordinate.Y, 30.49, 30.51);
        Assert.Equal(Srids.GaussKruger3First + 35 - 25, CrsRegistry.ThreeDegreeZoneEpsg(origin.Coordinate.X, withZonePrefix: false));
    }

    private static async Task<ClaimResult> Verify(GoldenCase c)
    {
        var options = new VerificationOptions();
        var claimType = GoldenCaseLoader.ParseClaim(c.Claim);
        var source = GoldenCaseLoader.Source(GoldenCaseLoader.Features(c));
        var request = new VerificationRequest(
            GoldenCaseLoader.ToStorage(c.Petition),
            options.PetitionTolerance(GoldenCaseLoader.ParseAccuracy(c.Accuracy)),
            [new ClaimInput(0, claimType, c.Text, c.Refs ?? [])],
            GoldenCaseLoader.ParseDate(c.CheckDate));
        var result = await new Verifier(options).VerifyAsync(request, source, CancellationToken.None);
        return Assert.Single(result.Claims);
    }

    private static List<string> Check(GoldenExpectation e, ClaimResult claim)
    {
        var failures = new List<string>();
        var hits = claim.Rules;

        var finding = GoldenCaseLoader.ParseEnum<Finding>(e.Finding);
        if (claim.Finding != finding)
        {
            failures.Add($"finding: expected {finding}, got {claim.Finding}");
        }

        if (e.Outcome.ValueKind == JsonValueKind.Null && claim.Outcome is not null)
        {
            failures.Add($"outcome: expected none, got {claim.Outcome}");
        }
        else if (e.Outcome.ValueKind == JsonValueKind.String && claim.Outcome != GoldenCaseLoader.ParseEnum<Outcome>(e.Outcome.GetString()!))
        {
            failures.Add($"outcome: expected {e.Outcome.GetString()}, got {claim.Outcome?.ToString() ?? "none"}");
        }

        failures.AddRange(e.Rules.Where(r => !hits.Any(h => h.RuleId == r)).Select(r => $"rule {r} should fire but did not"));
        failures.AddRange(e.Absent.Where(r => hits.Any(h => h.RuleId == r)).Select(r => $"rule {r} must not fire but did"));

        foreach (var (rule, name) in e.RuleFindings)
        {
            var expected = GoldenCaseLoader.ParseEnum<Finding>(name);
            if (!hits.Any(h => h.RuleId == rule && h.Finding == expected))
            {
                failures.Add($"rule {rule} should have a {expected} hit; its hits: {Describe(hits.Where(h => h.RuleId == rule).Select(h => h.Finding.ToString()))}");
            }
        }

        if (e.Lead is bool lead && claim.IsLead != lead)
        {
            failures.Add($"lead: expected {lead}, got {claim.IsLead}");
        }

        var tolerance = e.AreaTolerance ?? DefaultAreaToleranceM2;
        foreach (var (rule, area) in e.AreaM2)
        {
            if (!hits.Any(h => h.RuleId == rule && h.AreaM2 is double a && Math.Abs(a - area) <= tolerance))
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture,
                    $"rule {rule} should report {area} ± {tolerance} m²; its areas: {Describe(hits.Where(h => h.RuleId == rule).Select(h => h.AreaM2?.ToString("0.###", CultureInfo.InvariantCulture) ?? "none"))}"));
            }
        }

        var sentences = string.Join("\n", hits.Select(h => h.SentenceZh));
        failures.AddRange(e.SentenceContains.Where(s => !sentences.Contains(s, StringComparison.Ordinal)).Select(s => $"no rule sentence contains \"{s}\""));
        return failures;
    }

    private static string Describe(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }

    private static string Report(GoldenCase c, ClaimResult claim)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"{c.File} / {c.Name}: {claim.Finding}, outcome {claim.Outcome?.ToString() ?? "none"}, lead {claim.IsLead}; rules that fired:\n");
        if (claim.Rules.Count == 0)
        {
            sb.Append("  (none)\n");
        }

        foreach (var h in claim.Rules)
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"  {h.RuleId} {h.Finding}{(h.AreaM2 is double a ? string.Create(CultureInfo.InvariantCulture, $" {a:0.###} m²") : "")}{(h.IsLead ? " (lead)" : "")}: {h.SentenceEn}\n");
            sb.Append(CultureInfo.InvariantCulture, $"      {h.SentenceZh}\n");
        }

        foreach (var ev in claim.Evidence)
        {
            sb.Append(CultureInfo.InvariantCulture, $"  evidence {ev.Kind} {ev.Key}: {ev.AreaM2:0.###} m², significant {ev.Significant}\n");
        }

        return sb.ToString();
    }
}
