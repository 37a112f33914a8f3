using System.Text;
using static GeoPetition.Bench.Run.RunCommand;

namespace GeoPetition.Bench.Run;

/// <summary>The markdown section a run appends to RESULTS.md.</summary>
internal static class Report
{
    private const string Header = """
        # Verification benchmark results

        How to reproduce, and what is measured: [README.md](README.md). Each run appends a section
        below; the newest is last. Times are milliseconds of wall-clock time per petition.

        """;

    private const double TargetP99Ms = 50;
    private const double TargetRawRatio = 1.5;
    private const double TargetNaiveRatio = 0.5;

    public static string Section(string label, CommandOptions options, MachineFacts facts, BenchContext bench, Measurement small, Measurement large)
    {
        var s = new StringBuilder();
        var date = facts.Facts.First(f => f.Name == "date (UTC)").Value;
        s.AppendLine($"## {label} — {date} UTC").AppendLine();
        s.AppendLine("Command:").AppendLine();
        s.AppendLine("```").AppendLine($"dotnet run -c Release --project bench/GeoPetition.Bench -- {CommandOptions.Redacted(options.Args)}").AppendLine("```").AppendLine();

        s.AppendLine("| | |").AppendLine("|---|---|");
        foreach (var (name, value) in facts.Facts)
        {
            s.AppendLine($"| {name} | {value.Replace("|", "\\|", StringComparison.Ordinal)} |");
        }

        s.AppendLine(Invariant($"| data | scale {bench.Frame.Scale} ({bench.Frame.Side / 1000:0.#} km square), {string.Join(", ", bench.FeatureCounts.Select(c => Invariant($"{c.Layer.Replace("bench_", "", StringComparison.Ordinal)} {c.Count:N0}")))} |"));
        s.AppendLine();

        s.AppendLine("| measurement | n | p50 | p95 | p99 | max | mean |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var m in new[] { small, large }.Where(m => m.Engine.Count > 0))
        {
            s.AppendLine($"| **{m.Name}** (square {m.SideM / 1000:0} km × {m.SideM / 1000:0} km) | | | | | | |");
            foreach (var stats in new[] { m.Engine, m.Fetch, m.Compute, m.Raw, m.RawPerKind, m.Naive }.Where(x => x.Count > 0))
            {
                s.AppendLine(stats.Row());
            }
        }

        s.AppendLine();
        s.AppendLine("| target | measured | met |").AppendLine("|---|---|---|");
        var p99 = small.Engine.Percentile(99);
        s.AppendLine(Invariant($"| 100 ha: engine p99 ≤ {TargetP99Ms} ms | {Stats.F(p99)} ms | {Met(p99 <= TargetP99Ms)} |"));
        var r50 = small.Engine.Percentile(50) / small.Raw.Percentile(50);
        var r99 = small.Engine.Percentile(99) / small.Raw.Percentile(99);
        s.AppendLine(Invariant($"| 100 ha: engine ≤ {TargetRawRatio} × raw SQL (one statement) | p50 {r50:0.00}×, p99 {r99:0.00}× | {Met(r50 <= TargetRawRatio && r99 <= TargetRawRatio)} |"));
        var k50 = small.Engine.Percentile(50) / small.RawPerKind.Percentile(50);
        var k99 = small.Engine.Percentile(99) / small.RawPerKind.Percentile(99);
        s.AppendLine(Invariant($"| 100 ha: engine ≤ {TargetRawRatio} × raw SQL (statement per kind) | p50 {k50:0.00}×, p99 {k99:0.00}× | {Met(k50 <= TargetRawRatio && k99 <= TargetRawRatio)} |"));
        if (large.Engine.Count > 0)
        {
            var n50 = large.Engine.Percentile(50) / large.Naive.Percentile(50);
            var nMean = large.Engine.Mean / large.Naive.Mean;
            s.AppendLine(Invariant($"| 2,500 ha: engine ≤ {TargetNaiveRatio} × naive union SQL | p50 {n50:0.00}×, mean {nMean:0.00}× | {Met(n50 <= TargetNaiveRatio && nMean <= TargetNaiveRatio)} |"));
        }

        s.AppendLine();
        foreach (var m in new[] { small, large }.Where(m => m.Engine.Count > 0))
        {
            var candidates = string.Join(", ", bench.Kinds.Select((k, i) => Invariant($"{k.Table} {m.MeanCandidates(i):0.#}")));
            s.AppendLine($"- {m.Name}: mean candidates per petition: {candidates}.");
            if (m.ComputeRuns > 0)
            {
                s.AppendLine(Invariant($"  CPU: the engine over prefetched features used {m.ComputeCpu.TotalMilliseconds / m.ComputeRuns:0.0} ms of process CPU per verification (all threads, mean), against its wall-time mean of {Stats.F(m.Compute.Mean)} ms."));
            }

            s.AppendLine($"  Findings: {string.Join(", ", m.Findings.OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value}"))}; rules fired (petitions): {string.Join(", ", m.Rules.OrderBy(r => r.Key, StringComparer.Ordinal).Select(r => $"{r.Key} {r.Value}"))}.");
            s.AppendLine($"  Result digest `{m.Digest[..16]}` (SHA-256 over the per-petition result hashes without layer versions, failures included; equal digests = identical results){(m.Mismatches > 0 ? $"; **{m.Mismatches} petitions differed between PostGIS and prefetched sources**" : "")}.");
            if (m.Failures.Count > 0)
            {
                s.AppendLine($"  **The engine failed on {m.Failures.Count} of {m.Failures.Count + m.Engine.Count} petitions** (not in the engine rows above; `geopetition-bench petition --size {m.SideM:0} --index <i>` prints one):");
                foreach (var (index, error, _) in m.Failures)
                {
                    s.AppendLine($"  - petition {index}: {error}");
                }
            }
        }

        return s.ToString();
    }

    private static string Met(bool ok) => ok ? "yes" : "**no**";

    public static void Append(string path, string section)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        if (!File.Exists(path))
        {
            File.WriteAllText(path, Header);
        }

        File.AppendAllText(path, "\n" + section);
    }
}
