using System.Text.Json;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Data;

namespace GeoPetition.Server.Import;

/// <summary>One entry of a load manifest: a layer to create (if missing) and the files to import into it.</summary>
public sealed record ManifestEntry(string LayerId, string Kind, string? Title, IReadOnlyList<string> Files, string? Crs, string? Encoding);

/// <summary>
/// Loads a manifest (a JSON array of <see cref="ManifestEntry"/>, paths relative to the manifest's
/// folder's parent, as in data/demo/manifest.json) through the same import path that users use.
/// </summary>
public sealed class ManifestLoader(LayerStore store, ImportService imports, ILogger<ManifestLoader> logger)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true };

    public async Task<IReadOnlyList<ImportOutcome>> LoadAsync(string manifestPath, bool onlyEmptyLayers, Func<string, IProgress<long>?>? progress, CancellationToken ct)
    {
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"manifest {manifestPath} not found (run `geopetition demo generate` to create the demo data)", manifestPath);
        }

        var entries = JsonSerializer.Deserialize<List<ManifestEntry>>(await File.ReadAllTextAsync(manifestPath, ct), Json)
            ?? throw new InvalidDataException($"{manifestPath} is not a manifest array");
        var root = Path.GetDirectoryName(Path.GetDirectoryName(Path.GetFullPath(manifestPath)))!;
        var outcomes = new List<ImportOutcome>();
        foreach (var entry in entries)
        {
            var kind = Enum.Parse<LayerKind>(entry.Kind, ignoreCase: true);
            if (!await store.EnsureAsync(entry.LayerId, kind, entry.Title ?? LayerKinds.Get(kind).TitleZh, ct))
            {
                throw new InvalidDataException($"layer '{entry.LayerId}' exists with another kind than {kind}");
            }

            var layer = (await store.GetAsync(entry.LayerId, ct))!;
            if (onlyEmptyLayers && layer.CurrentVersionId is not null)
            {
                continue;
            }

            var files = entry.Files.SelectMany(f => Siblings(Path.Combine(root, f))).ToList();
            int? crs = entry.Crs is not null && CrsRegistry.TryParseCrs(entry.Crs, out var epsg) ? epsg : null;
            var outcome = await imports.ImportAsync(layer, files, Path.GetFileName(entry.Files[0]), new ImportOptions(crs, entry.Encoding), progress?.Invoke(entry.LayerId), ct);
            logger.LogInformation("Loaded {Layer}: {Loaded} features ({Committed})", entry.LayerId, outcome.Report.Loaded, outcome.Committed ? "committed" : "FAILED: " + string.Join(" ", outcome.Report.Errors));
            outcomes.Add(outcome);
        }

        return outcomes;
    }

    /// <summary>A .shp path brings its .shx/.dbf/.prj/.cpg siblings; any other path stands alone.</summary>
    private static IEnumerable<string> Siblings(string path)
    {
        if (!path.EndsWith(".shp", StringComparison.OrdinalIgnoreCase))
        {
            return [path];
        }

        var stem = Path.Combine(Path.GetDirectoryName(path)!, Path.GetFileNameWithoutExtension(path));
        return new[] { ".shp", ".shx", ".dbf", ".prj", ".cpg" }.Select(e => stem + e).Where(File.Exists);
    }
}
