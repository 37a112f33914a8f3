using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;

namespace GeoPetition.Bench.Run;

/// <summary>
/// <c>compute</c>: the engine alone, for iterating on it. The candidates of a range of petitions
/// are fetched once (the engine's own queries), then <c>Verifier.VerifyAsync</c> runs over them
/// <c>--repeat</c> times; prints the per-petition time (the best of the repeats), the result digest
/// (the same digest as <c>run</c> over the same petitions) and every failure with its stack trace.
/// </summary>
internal static class ComputeCommand
{
    public static async Task<int> RunAsync(CommandOptions options)
    {
        var size = options.Int("size", 1_000, 1);
        var from = options.Int("from", 0);
        var count = options.Int("count", 30, 1);
        var repeat = options.Int("repeat", 3, 1);
        var dump = options.Text("dump");
        if (dump is not null)
        {
            Directory.CreateDirectory(dump);
        }

        await using var dataSource = DatabaseExtensions.CreateDataSource(options.Db);
        var bench = await RunCommand.BenchContext.OpenAsync(dataSource, (ulong)options.Int("seed", 7), options.Int("threads", Environment.ProcessorCount, 1));

        // Measured petitions of 5 km are numbered from 100 000 (see RunCommand.RunAsync).
        var offset = size == 5_000 ? 100_000 : 0;
        var prefetched = new List<(int Index, NetTopologySuite.Geometries.Geometry Petition, PrefetchedLayerSource Source)>();
        for (var i = from; i < from + count; i++)
        {
            var p = bench.Petition(size, offset + i);
            prefetched.Add((i, p, (await bench.FetchAsync(p)).Source));
        }

        // Warm the JIT as `run` does (it needs about 100 verifications to reach its steady state), on
        // petitions of the warm-up numbering, so the measured ones stay those of the run.
        var warmup = options.Int("warmup", 100);
        for (var w = 0; w < warmup; w++)
        {
            var p = bench.Petition(1_000, 1_000_000 + w);
            await bench.ComputeAsync(p, (await bench.FetchAsync(p)).Source);
        }

        // And, as `run` does, a few of 2,500 ha: their paths (parts of large multipolygons, the
        // parallel branches) are not warmed by small petitions, and the first ones run at tier 0.
        var largeWarmup = size == 5_000 ? options.Int("large-warmup", 12) : 0;
        for (var w = 0; w < largeWarmup; w++)
        {
            var p = bench.Petition(5_000, 2_000_000 + w);
            await bench.ComputeAsync(p, (await bench.FetchAsync(p)).Source);
        }

        var stats = new Stats($"engine over prefetched features, {size} m squares {from}–{from + count - 1}, best of {repeat}");
        var hashes = new List<string>();
        var failures = 0;
        var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var (allocated0, pause0, gen0, gen2) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(), GC.CollectionCount(0), GC.CollectionCount(2));
        foreach (var (i, p, source) in prefetched)
        {
            var best = double.MaxValue;
            RunCommand.Outcome? last = null;
            for (var r = 0; r < repeat; r++)
            {
                last = await bench.ComputeAsync(p, source);
                best = Math.Min(best, last.Ms);
            }

            if (last!.Result is { } result)
            {
                stats.Add(best);
                hashes.Add(Verifier.Hash(result with { Versions = [] }));
                if (dump is not null)
                {
                    File.WriteAllText(Path.Combine(dump, $"{size / 1000.0:0}km-{i:D4}.json"), JsonSerializer.Serialize(result with { Versions = [] }, Verifier.JsonOptions));
                }
            }
            else
            {
                failures++;
                hashes.Add("failed: " + last.Error!.GetType().FullName);
                Console.Error.WriteLine($"petition {i}: {last.Error}");
            }

            if (options.Flag("each"))
            {
                Console.WriteLine(RunCommand.Invariant($"  {i}: {best:0.0} ms"));
            }
        }

        var digest = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', hashes))));
        Console.WriteLine(stats.Line());
        Console.WriteLine($"process CPU per verification: {(System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalMilliseconds / (count * repeat):0.0} ms");
        var runs = count * repeat;
        Console.WriteLine(RunCommand.Invariant($"allocated per verification: {(GC.GetTotalAllocatedBytes(precise: true) - allocated0) / runs / 1048576.0:0.0} MB; GC pauses {(GC.GetTotalPauseDuration() - pause0).TotalMilliseconds / runs:0.0} ms per verification; collections gen0 {GC.CollectionCount(0) - gen0}, gen2 {GC.CollectionCount(2) - gen2}"));
        Console.WriteLine($"failures: {failures}; result digest {digest[..16]}");
        return failures == 0 ? 0 : 3;
    }
}
