using System.Diagnostics;
using System.Globalization;

namespace GeoPetition.Server.Demo;

/// <summary>
/// Entry point of <c>geopetition demo generate [--data data] [--tiles tiles] [--seed 20261124]
/// [--no-tiles] [--min-zoom 10] [--max-zoom 15]</c>: writes the synthetic demo county (shapefiles,
/// GeoJSON copies, petitions, manifest) under <c>{data}/demo</c> and the imagery tiles under
/// <c>{tiles}</c>. The same seed gives byte-identical files.
/// </summary>
public static class DemoCommand
{
    /// <summary>The seed the committed demo data were generated with.</summary>
    public const int DefaultSeed = 20261124;

    private const string Usage = """
        usage: geopetition demo generate [--data data] [--tiles tiles] [--seed 20261124] [--no-tiles] [--min-zoom 10] [--max-zoom 15]
               geopetition demo check [--seed 20261124]   (runs the verification engine on every demo petition)
        Writes the synthetic demo county: {data}/demo/*.shp (EPSG:4523, GBK), {data}/demo/geojson/*.geojson (EPSG:4490),
        {data}/demo/petitions.json, {data}/demo/manifest.json, and imagery tiles {tiles}/{scene}/{z}/{x}/{y}.png.
        """;

    /// <summary>Runs the command; <paramref name="args"/> may start with "demo" or directly with "generate".</summary>
    /// <returns>0 on success, 2 on a usage error.</returns>
    public static async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var rest = args.SkipWhile(a => a == "demo").ToList();
        if (rest.Count > 0 && rest[0] == "check")
        {
            var seed = rest.Count > 2 && rest[1] == "--seed" ? int.Parse(rest[2], CultureInfo.InvariantCulture) : DefaultSeed;
            var results = await DemoCheck.RunAsync(WorldBuilder.Build(seed), ct);
            foreach (var r in results)
            {
                Console.WriteLine(r);
            }

            Console.WriteLine($"{results.Count(r => r.Agrees)} of {results.Count} expected findings agree with the engine");
            return results.All(r => r.Agrees) ? 0 : 1;
        }

        if (rest.Count == 0 || rest[0] != "generate")
        {
            await Console.Error.WriteLineAsync(Usage);
            return 2;
        }

        var options = new DemoOptions();
        try
        {
            for (var i = 1; i < rest.Count; i++)
            {
                string Next() => i + 1 < rest.Count ? rest[++i] : throw new ArgumentException($"{rest[i]} needs a value");
                switch (rest[i])
                {
                    case "--data": options = options with { DataDirectory = Next() }; break;
                    case "--tiles": options = options with { TilesDirectory = Next() }; break;
                    case "--seed": options = options with { Seed = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                    case "--no-tiles": options = options with { WriteTiles = false }; break;
                    case "--min-zoom": options = options with { MinZoom = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                    case "--max-zoom": options = options with { MaxZoom = int.Parse(Next(), CultureInfo.InvariantCulture) }; break;
                    default: throw new ArgumentException($"unknown option '{rest[i]}'");
                }
            }
        }
        catch (Exception e) when (e is ArgumentException or FormatException or OverflowException)
        {
            await Console.Error.WriteLineAsync($"demo generate: {e.Message}\n{Usage}");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        var summary = await Task.Run(() => DemoGenerator.Generate(options, Console.Out, ct), ct);
        Console.WriteLine(summary.Describe());
        Console.WriteLine($"demo generate: done in {clock.Elapsed.TotalSeconds:F1} s");
        return 0;
    }
}

/// <summary>Options of the demo generator.</summary>
/// <param name="DataDirectory">Root of the data folder; files go to {DataDirectory}/demo.</param>
/// <param name="TilesDirectory">Root of the imagery tiles.</param>
/// <param name="Seed">Seed of the single random generator.</param>
/// <param name="WriteTiles">Render the imagery tiles (the slow part).</param>
/// <param name="MinZoom">Lowest zoom written (WebMercatorQuad).</param>
/// <param name="MaxZoom">Highest zoom rendered; lower zooms are downsampled from it.</param>
public sealed record DemoOptions(
    string DataDirectory = "data",
    string TilesDirectory = "tiles",
    int Seed = DemoCommand.DefaultSeed,
    bool WriteTiles = true,
    int MinZoom = 10,
    int MaxZoom = 15);
