using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeoPetition.Bench.Generate;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Data;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GeoPetition.Bench.Run;

/// <summary>
/// <c>run</c>: in one process, over one connection pool, for the same seeded petitions:
/// (a) the engine as <c>VerificationService.VerifyAsync</c> runs it (<c>PostgisLayerSource.OpenAsync</c>
/// + <c>Verifier.VerifyAsync</c>, an illegal-occupation claim reading all 8 kinds) on 100-ha squares;
/// (b) the raw SQL doing the same overlay (per candidate: ST_Intersection and ST_Area(geography));
/// (c) the engine and the naive union-and-intersect SQL on 2,500-ha squares. The order of the
/// contenders rotates per petition so neither always finds the buffer cache warmed by the other.
/// </summary>
internal static class RunCommand
{
    /// <summary>A fixed check date, so that results (and their digest) do not depend on the day of the run.</summary>
    private static readonly DateOnly CheckDate = new(2026, 6, 1);

    private static readonly GeometryFactory ZoneFactory = new(new PrecisionModel(), BenchFrame.Zone);

    public static async Task<int> RunAsync(CommandOptions options)
    {
        var iterations = options.Int("iterations", 200, 1);
        // The tiered JIT (with dynamic PGO) needs about 100 verifications to reach its steady state:
        // petitions 0–49 of a fresh process took twice as long as petitions 200–299 (p50 50 vs 22 ms).
        // A server verifies petitions all day, so the run measures it warm.
        var warmup = options.Int("warmup", 150);
        var largeIterations = options.Int("large-iterations", 20);
        // Petitions of 2,500 ha take paths that small ones do not (parts of large multipolygons, the
        // parallel branches, the noded walk on long shared boundaries): after 3 of them the engine
        // still ran at 300-420 ms where it settles at 190-260 ms after 12 (`compute --large-warmup`,
        // 2026-11-24), so the measured ones would mostly time the JIT. 15 warm it as the small ones are.
        var largeWarmup = options.Int("large-warmup", 15);
        var seed = (ulong)options.Int("seed", 7);
        var label = options.Text("label") ?? "run";
        var outPath = options.Text("out") ?? "bench/verification/RESULTS.md";
        var dump = options.Text("dump");
        if (dump is not null)
        {
            Directory.CreateDirectory(dump);
        }

        await using var dataSource = DatabaseExtensions.CreateDataSource(options.Db);
        var threads = options.Int("threads", Environment.ProcessorCount, 1);
        var bench = await BenchContext.OpenAsync(dataSource, seed, threads);
        var facts = await MachineFacts.CollectAsync(dataSource);
        facts.Facts.Add(("engine", $"MaxParallelism {threads} (threads one verification may use); warm-up {warmup} petitions of 100 ha and {largeWarmup} of 2,500 ha, each through every contender"));
        var loadBefore = MachineFacts.LoadAverage();
        Console.WriteLine($"data: scale {bench.Frame.Scale}, side {bench.Frame.Side / 1000:0.#} km; {string.Join(", ", bench.FeatureCounts.Select(c => $"{c.Layer} {c.Count:N0}"))}");

        var small = new Measurement("100 ha", 1_000, iterations);
        Console.WriteLine($"warm-up: {warmup} petitions of 100 ha");
        for (var w = 0; w < warmup; w++)
        {
            var p = bench.Petition(1_000, 1_000_000 + w);
            await bench.EngineAsync(p);
            await bench.RawAsync(p, bench.OverlayAllSql);
            await bench.RawPerKindAsync(p);
        }

        for (var i = 0; i < iterations; i++)
        {
            var p = bench.Petition(1_000, i);
            foreach (var step in Rotate(i, 3))
            {
                switch (step)
                {
                    case 0:
                        small.Record(i, p, await bench.EngineAsync(p), dump);
                        break;
                    case 1:
                        var raw = await bench.RawAsync(p, bench.OverlayAllSql);
                        small.Raw.Add(raw.Ms);
                        small.AddCandidates(raw.PerKind);
                        break;
                    default:
                        small.RawPerKind.Add((await bench.RawPerKindAsync(p)).Ms);
                        break;
                }
            }

            Progress("100 ha", i, iterations, small.Engine, small.Raw);
        }

        // Where the engine's time goes: fetching (the same queries) apart from the engine's own work.
        for (var i = 0; i < iterations; i++)
        {
            var p = bench.Petition(1_000, i);
            var (fetchMs, source) = await bench.FetchAsync(p);
            small.Fetch.Add(fetchMs);
            small.Check(i, await small.MeasureCpuAsync(() => bench.ComputeAsync(p, source)));
        }

        var large = new Measurement("2,500 ha", 5_000, largeIterations);
        if (largeIterations > 0)
        {
            Console.WriteLine($"warm-up: {largeWarmup} petitions of 2,500 ha");
            for (var w = 0; w < largeWarmup; w++)
            {
                var p = bench.Petition(5_000, 2_000_000 + w);
                await bench.EngineAsync(p);
                await bench.NaiveAsync(p);
            }

            for (var i = 0; i < largeIterations; i++)
            {
                var p = bench.Petition(5_000, 100_000 + i);
                foreach (var step in Rotate(i, 3))
                {
                    switch (step)
                    {
                        case 0:
                            large.Record(i, p, await bench.EngineAsync(p), dump);
                            break;
                        case 1:
                            large.Naive.Add(await bench.NaiveAsync(p));
                            break;
                        default:
                            var raw = await bench.RawAsync(p, bench.OverlayAllSql);
                            large.Raw.Add(raw.Ms);
                            large.AddCandidates(raw.PerKind);
                            break;
                    }
                }

                var (fetchMs, source) = await bench.FetchAsync(p);
                large.Fetch.Add(fetchMs);
                large.Check(i, await large.MeasureCpuAsync(() => bench.ComputeAsync(p, source)));
                Progress("2,500 ha", i, largeIterations, large.Engine, large.Naive);
            }
        }

        facts.Facts.Add(("load average (1/5/15 min)", $"{loadBefore} at the start, {MachineFacts.LoadAverage()} at the end (other work on the machine competes for its CPUs)"));
        var section = Report.Section(label, options, facts, bench, small, large);
        Console.WriteLine();
        Console.WriteLine(section);
        Report.Append(outPath, section);
        Console.WriteLine($"appended to {outPath}");
        return small.Mismatches + large.Mismatches == 0 ? 0 : 3;
    }

    /// <summary><c>petition</c>: prints one petition of a run as WKT (EPSG:4490).</summary>
    public static async Task<int> PrintPetitionAsync(CommandOptions options)
    {
        await using var dataSource = DatabaseExtensions.CreateDataSource(options.Db);
        var bench = await BenchContext.OpenAsync(dataSource, (ulong)options.Int("seed", 7), 1);
        var size = options.Int("size", 1_000, 1);
        var index = options.Int("index", 0);

        // Measured petitions of 5 km are numbered from 100 000 (see RunAsync).
        Console.WriteLine(bench.Petition(size, size == 5_000 ? 100_000 + index : index).AsText());
        return 0;
    }

    /// <summary>The order of <paramref name="n"/> contenders for petition <paramref name="i"/>: rotated each time.</summary>
    private static IEnumerable<int> Rotate(int i, int n) => Enumerable.Range(0, n).Select(k => (k + i) % n);

    private static void Progress(string what, int i, int n, Stats engine, Stats other)
    {
        if ((i + 1) % Math.Max(1, n / 10) == 0 || i + 1 == n)
        {
            Console.WriteLine($"  {what} {i + 1}/{n}: engine p50 {Stats.F(engine.Percentile(50))} ms, {other.Name} p50 {Stats.F(other.Percentile(50))} ms");
        }
    }

    /// <summary>The database, its current versions and the petitions: everything the contenders share.</summary>
    internal sealed class BenchContext
    {
        private readonly NpgsqlDataSource _dataSource;
        private readonly ulong _seed;
        private readonly Dictionary<LayerKind, int[]> _versions;

        private BenchContext(NpgsqlDataSource dataSource, BenchFrame frame, ulong seed, int threads, Dictionary<LayerKind, int[]> versions, IReadOnlyList<(string, long)> counts)
        {
            _dataSource = dataSource;
            Frame = frame;
            _seed = seed;
            _versions = versions;
            FeatureCounts = counts;
            Kinds = Verifier.KindsFor(ClaimType.IllegalOccupation).Select(LayerKinds.Get).ToList();
            OverlayAllSql = BenchSql.OverlayAll(Kinds);
            NaiveSql = BenchSql.NaiveUnion(Kinds);
            Verifier = new Verifier(new VerificationOptions { MaxParallelism = threads });
            Claims = [new ClaimInput(0, ClaimType.IllegalOccupation, null, new Dictionary<string, string>())];
        }

        public BenchFrame Frame { get; }

        public IReadOnlyList<(string Layer, long Count)> FeatureCounts { get; }

        public IReadOnlyList<LayerKindDefinition> Kinds { get; }

        public string OverlayAllSql { get; }

        public string NaiveSql { get; }

        public Verifier Verifier { get; }

        public IReadOnlyList<ClaimInput> Claims { get; }

        /// <summary>A petition drawn on imagery: the drawn tolerance (2 m by default).</summary>
        public double ToleranceM => Verifier.Options.DrawnToleranceM;

        /// <summary>The context of a run; <paramref name="threads"/> is the engine's <see cref="VerificationOptions.MaxParallelism"/>.</summary>
        public static async Task<BenchContext> OpenAsync(NpgsqlDataSource dataSource, ulong seed, int threads)
        {
            string parameters;
            await using (var command = dataSource.CreateCommand(BenchSql.Parameters))
            {
                parameters = await command.ExecuteScalarAsync() as string
                    ?? throw new InvalidOperationException("no generated benchmark data in this database (layer bench_land_use): run `generate` first");
            }

            using var json = JsonDocument.Parse(parameters);
            var frame = new BenchFrame(json.RootElement.GetProperty("scale").GetDouble(), json.RootElement.GetProperty("seed").GetUInt64());

            var versions = new Dictionary<LayerKind, List<int>>();
            await using (var command = dataSource.CreateCommand(BenchSql.CurrentVersions))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var kind = Enum.Parse<LayerKind>(reader.GetString(0));
                    (versions.TryGetValue(kind, out var list) ? list : versions[kind] = []).Add(reader.GetInt32(1));
                }
            }

            var counts = new List<(string, long)>();
            await using (var command = dataSource.CreateCommand(BenchSql.FeatureCounts))
            await using (var reader = await command.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    counts.Add((reader.GetString(0), reader.GetInt32(1)));
                }
            }

            return new BenchContext(dataSource, frame, seed, threads, versions.ToDictionary(v => v.Key, v => v.Value.ToArray()), counts);
        }

        /// <summary>
        /// Petition <paramref name="index"/>: a square of <paramref name="sideM"/> metres in the zone
        /// (EPSG:4544) at a seeded place inside the data, at least 200 m from its edge, in EPSG:4490.
        /// </summary>
        public Geometry Petition(double sideM, int index)
        {
            var rng = new Rng(_seed, (long)sideM, index);
            var margin = (sideM / 2) + 200;
            var (cx, cy) = (rng.Range(margin, Frame.Side - margin), rng.Range(margin, Frame.Side - margin));
            var centre = BenchFrame.ToZone(cx, cy);
            var square = ZoneFactory.ToGeometry(new Envelope(centre.X - (sideM / 2), centre.X + (sideM / 2), centre.Y - (sideM / 2), centre.Y + (sideM / 2)));
            return Reprojection.Transform(square, BenchFrame.Zone, Srids.Storage);
        }

        private VerificationRequest Request(Geometry petition) => new(petition, ToleranceM, Claims, CheckDate);

        /// <summary>
        /// The path of <c>VerificationService.VerifyAsync</c>: open the current versions, verify. An
        /// exception of the engine (e.g. a TopologyException of an overlay) is the petition's outcome.
        /// </summary>
        public async Task<Outcome> EngineAsync(Geometry petition)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var source = await PostgisLayerSource.OpenAsync(_dataSource, null, CancellationToken.None);
                var result = await Verifier.VerifyAsync(Request(petition), source, CancellationToken.None);
                return new(clock.Elapsed.TotalMilliseconds, result, null);
            }
            catch (Exception e) when (e is not (NpgsqlException or OperationCanceledException))
            {
                return new(clock.Elapsed.TotalMilliseconds, null, e);
            }
        }

        /// <summary>Only the fetching: the current versions and every kind's candidates over the engine's search area.</summary>
        public async Task<(double Ms, PrefetchedLayerSource Source)> FetchAsync(Geometry petition)
        {
            // The engine searches the petition buffered by max(2 m, TOL_RS) in its zone (Verifier.VerifyAsync).
            var overlay = new Overlay(petition, ToleranceM, Verifier.Options);
            var search = Reprojection.Transform(overlay.Petition.Buffer(Math.Max(2.0, Verifier.Options.RemoteSensingToleranceM)), overlay.Zone, Srids.Storage);
            var clock = Stopwatch.StartNew();
            var source = await PostgisLayerSource.OpenAsync(_dataSource, null, CancellationToken.None);
            // The same call as the engine: every kind's candidates in one round trip.
            var features = new Dictionary<LayerKind, IReadOnlyList<LayerFeature>>(
                await source.FindManyAsync([.. Kinds.Select(k => k.Kind)], search, CancellationToken.None));

            return (clock.Elapsed.TotalMilliseconds, new PrefetchedLayerSource(source.Versions, features));
        }

        /// <summary>Only the engine's own work, over features already in memory.</summary>
        public async Task<Outcome> ComputeAsync(Geometry petition, ILayerSource source)
        {
            var clock = Stopwatch.StartNew();
            try
            {
                var result = await Verifier.VerifyAsync(Request(petition), source, CancellationToken.None);
                return new(clock.Elapsed.TotalMilliseconds, result, null);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                return new(clock.Elapsed.TotalMilliseconds, null, e);
            }
        }

        private NpgsqlCommand Command(string sql, Geometry petition, IEnumerable<(LayerKindDefinition Kind, int Index)> kinds)
        {
            var command = _dataSource.CreateCommand(sql);
            command.CommandTimeout = 0;
            command.Parameters.AddWithValue("p", petition);
            foreach (var (kind, i) in kinds)
            {
                command.Parameters.AddWithValue($"v{i}", _versions.TryGetValue(kind.Kind, out var v) ? v : []);
            }

            return command;
        }

        /// <summary>The raw overlay: candidates with their intersection areas, every row read.</summary>
        public async Task<(double Ms, int[] PerKind)> RawAsync(Geometry petition, string sql)
        {
            var perKind = new int[Kinds.Count];
            var clock = Stopwatch.StartNew();
            await using var command = Command(sql, petition, Kinds.Select((k, i) => (k, i)));
            await using var reader = await command.ExecuteReaderAsync();
            var area = 0.0;
            while (await reader.ReadAsync())
            {
                perKind[reader.GetInt32(0)]++;
                area += reader.GetDouble(3);
                _ = reader.GetString(2);
            }

            return (clock.Elapsed.TotalMilliseconds, perKind);
        }

        /// <summary>The raw overlay as one statement per kind, one after the other.</summary>
        public async Task<(double Ms, int[] PerKind)> RawPerKindAsync(Geometry petition)
        {
            var perKind = new int[Kinds.Count];
            var clock = Stopwatch.StartNew();
            for (var i = 0; i < Kinds.Count; i++)
            {
                await using var command = Command(BenchSql.Overlay(Kinds[i], i), petition, [(Kinds[i], i)]);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    perKind[i]++;
                    _ = reader.GetDouble(3);
                }
            }

            return (clock.Elapsed.TotalMilliseconds, perKind);
        }

        /// <summary>The naive union-and-intersect SQL: one statement, one area per kind.</summary>
        public async Task<double> NaiveAsync(Geometry petition)
        {
            var clock = Stopwatch.StartNew();
            await using var command = Command(NaiveSql, petition, Kinds.Select((k, i) => (k, i)));
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            for (var i = 0; i < Kinds.Count; i++)
            {
                _ = reader.IsDBNull(i) ? 0 : reader.GetDouble(i);
            }

            return clock.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>The samples of one petition size, the result digests, and what the petitions hit.</summary>
    internal sealed class Measurement(string name, double sideM, int iterations)
    {
        private readonly string[] _hashes = new string[iterations];
        private readonly long[] _candidates = new long[8];
        private int _rawRuns;

        public string Name { get; } = name;

        public double SideM { get; } = sideM;

        public Stats Engine { get; } = new("engine: PostgisLayerSource.OpenAsync + Verifier.VerifyAsync");

        public Stats Raw { get; } = new("raw SQL overlay: one UNION ALL statement");

        public Stats RawPerKind { get; } = new("raw SQL overlay: one statement per kind");

        public Stats Naive { get; } = new("naive SQL: ST_Area(ST_Intersection(P, ST_Union(geom))::geography) per kind");

        public Stats Fetch { get; } = new("of the engine: fetching (OpenAsync + FindManyAsync of 8 kinds, one round trip)");

        public Stats Compute { get; } = new("of the engine: Verifier over prefetched features (geometry, areas, rules)");

        public Dictionary<Finding, int> Findings { get; } = [];

        /// <summary>Process CPU time (all threads: the engine's, the GC's, the JIT's) spent in the engine over prefetched features.</summary>
        public TimeSpan ComputeCpu { get; private set; }

        public int ComputeRuns { get; private set; }

        /// <summary>Runs <paramref name="compute"/> and adds the process CPU time it took to <see cref="ComputeCpu"/>.</summary>
        public async Task<Outcome> MeasureCpuAsync(Func<Task<Outcome>> compute)
        {
            var before = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
            var outcome = await compute();
            ComputeCpu += System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - before;
            ComputeRuns++;
            return outcome;
        }

        public Dictionary<string, int> Rules { get; } = new(StringComparer.Ordinal);

        public int Mismatches { get; private set; }

        /// <summary>Petitions the engine failed on: index, exception and the petition (WKT, EPSG:4490).</summary>
        public List<(int Index, string Error, string Wkt)> Failures { get; } = [];

        public void Record(int i, Geometry petition, Outcome outcome, string? dump)
        {
            _hashes[i] = ContentHash(outcome);
            if (outcome.Result is not { } result)
            {
                Failures.Add((i, $"{outcome.Error!.GetType().Name}: {outcome.Error.Message.Split('\n')[0]}", petition.AsText()));
                Console.Error.WriteLine($"{Name} petition {i}: the engine failed: {Failures[^1].Error}");
                return;
            }

            Engine.Add(outcome.Ms);
            var claim = result.Claims[0];
            Findings[claim.Finding] = Findings.GetValueOrDefault(claim.Finding) + 1;
            foreach (var rule in claim.Rules.Select(r => r.RuleId).Distinct())
            {
                Rules[rule] = Rules.GetValueOrDefault(rule) + 1;
            }

            if (dump is not null)
            {
                File.WriteAllText(Path.Combine(dump, $"{SideM / 1000:0}km-{i:D4}.json"), JsonSerializer.Serialize(result with { Versions = [] }, Verifier.JsonOptions));
            }
        }

        /// <summary>The engine over prefetched features must give the very same result (or failure) as over PostGIS.</summary>
        public void Check(int i, Outcome outcome)
        {
            if (outcome.Result is not null)
            {
                Compute.Add(outcome.Ms);
            }

            if (_hashes[i] != ContentHash(outcome))
            {
                Mismatches++;
                Console.Error.WriteLine($"{Name} petition {i}: the result over prefetched features differs from the result over PostGIS");
            }
        }

        public void AddCandidates(int[] perKind)
        {
            _rawRuns++;
            for (var k = 0; k < perKind.Length; k++)
            {
                _candidates[k] += perKind[k];
            }
        }

        public double MeanCandidates(int kind) => _rawRuns == 0 ? double.NaN : (double)_candidates[kind] / _rawRuns;

        /// <summary>
        /// SHA-256 over the per-petition result hashes, each without the layer versions (whose import
        /// times differ between generations): equal digests mean identical findings, rules, sentences,
        /// areas to the last bit, keys and attributes.
        /// </summary>
        public string Digest => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', _hashes.Where(h => h is not null)))));

        private static string ContentHash(Outcome outcome) =>
            outcome.Result is { } result ? Verifier.Hash(result with { Versions = [] }) : "failed: " + outcome.Error!.GetType().FullName;
    }

    /// <summary>One engine run: its time and either its result or the exception it ended with.</summary>
    internal sealed record Outcome(double Ms, VerificationResult? Result, Exception? Error);

    internal static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
