using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Data;

namespace GeoPetition.Server.Import;

/// <summary>Options of one import: explicit CRS and encoding override what the files declare.</summary>
public sealed record ImportOptions(
    int? Crs = null,
    string? Encoding = null,
    IReadOnlyDictionary<string, string>? FieldMap = null,
    bool AcceptPartial = false);

/// <summary>The result of one import: committed (a new current version) or not, and the report.</summary>
public sealed record ImportOutcome(
    string LayerId, int? VersionId, bool Committed, string SourceName, string SourceSha256,
    string? Format, int? SourceCrs, string? Encoding, ImportReport Report);

/// <summary>
/// Imports delivered files into a layer as a new version: finds the data set (a shapefile, GeoJSON,
/// GeoJSONSeq or CSV with WKT, loose or zipped), resolves its CRS and encoding, normalises every
/// feature, and loads them with binary COPY in one transaction that also makes the version
/// current. A failed import leaves the previous version current and is kept with its report.
/// </summary>
public sealed class ImportService(LayerStore store, ILogger<ImportService> logger)
{
    /// <summary>Largest total uncompressed size accepted from one zip (guards against zip bombs).</summary>
    public const long MaxUnzippedBytes = 8L * 1024 * 1024 * 1024;

    public static readonly string AcceptedFormats =
        "ESRI Shapefile (.shp with .shx, .dbf, .prj, optional .cpg), a .zip holding one shapefile or one GeoJSON/CSV file, GeoJSON FeatureCollection (.geojson/.json), GeoJSONSeq (.geojsonl/.geojsons/.ndjson/.jsonl), CSV with a WKT column (.csv)";

    /// <param name="files">The delivered files (already on local disk).</param>
    /// <param name="sourceName">Name recorded with the version (the uploaded file name, or the shapefile's).</param>
    public async Task<ImportOutcome> ImportAsync(
        LayerInfo layer, IReadOnlyList<string> files, string sourceName, ImportOptions options,
        IProgress<long>? progress, CancellationToken ct)
    {
        var report = new ImportReport();
        var sha = await HashAsync(files, ct);
        var workDir = Path.Combine(Path.GetTempPath(), "geopetition-import-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(workDir);
        int? versionId = null;
        IFeatureSource? source = null;
        int? srid = null;
        try
        {
            var expanded = Expand(files, workDir);
            source = Open(expanded, options);
            srid = options.Crs ?? source.DeclaredSrid ?? (source is GeoJsonSource ? Srids.Storage : null);
            if (srid is null)
            {
                throw new ImportFileException(
                    $"the coordinate system of {sourceName} is unknown: it has no .prj (or crs member) and no crs option was given. Give crs, one of: {CrsRegistry.SupportedSummary}");
            }

            if (!CrsRegistry.IsSupported(srid.Value))
            {
                throw new ImportFileException($"EPSG:{srid} is not supported. Supported: {CrsRegistry.SupportedSummary}");
            }

            if (source.DeclaredFamily is { } family && family != layer.Kind.Geometry)
            {
                throw new ImportFileException(
                    $"{sourceName} holds {(source is ShapefileSource s ? s.ShapeTypeName : family.ToString())} geometries; layer '{layer.Id}' ({layer.Kind.TitleEn}) takes {layer.Kind.Geometry} geometries");
            }

            FeatureNormalizer normalizer;
            try
            {
                normalizer = new FeatureNormalizer(layer.Kind, srid.Value, source.FieldNames, options.FieldMap);
            }
            catch (ArgumentException e)
            {
                throw new ImportFileException(e.Message, e);
            }

            if (normalizer.MissingRequiredColumns.Count > 0)
            {
                throw new ImportFileException(
                    $"{sourceName} lacks required field(s) {string.Join(", ", normalizer.MissingRequiredColumns.Select(c => $"{c} ({layer.Kind.Field(c)!.TitleZh})"))}; its fields are: {string.Join(", ", source.FieldNames)}. Map them with fieldMap (source field → column).");
            }

            if (normalizer.UnmappedSourceFields.Count > 0)
            {
                report.Warn($"fields not stored (no matching column): {string.Join(", ", normalizer.UnmappedSourceFields)}");
            }

            if (options.Crs is null && source.DeclaredSrid is null)
            {
                report.Warn($"no CRS declared; coordinates taken as EPSG:{srid} (GeoJSON default, RFC 7946)");
            }

            versionId = await store.BeginVersionAsync(layer.Id, sourceName, sha, srid, source.EncodingName, ct);
            var committed = await store.LoadVersionAsync(
                layer.Id, layer.Kind, versionId.Value, Normalize(source, normalizer, report, progress, ct),
                () =>
                {
                    if (report.Read == 0)
                    {
                        report.Error($"{sourceName} contains no features");
                    }
                    else if (report.Loaded == 0)
                    {
                        report.Error($"none of the {report.Read} features could be loaded; first reason: {report.Notes.FirstOrDefault()?.Reason}");
                    }
                    else if (report.Rejected > 0 && !options.AcceptPartial)
                    {
                        report.Error($"{report.Rejected} of {report.Read} features were rejected (see notes); nothing was loaded. Fix them, or import with acceptPartial=true to load the other {report.Loaded}.");
                    }

                    return (report.CanCommit(options.AcceptPartial), report);
                },
                ct);
            if (!committed)
            {
                await store.FailVersionAsync(versionId.Value, report, CancellationToken.None);
            }

            logger.LogInformation(
                "Import into {Layer} from {Source}: committed={Committed} read={Read} loaded={Loaded} repaired={Repaired} rejected={Rejected}",
                layer.Id, sourceName, committed, report.Read, report.Loaded, report.Repaired, report.Rejected);
            return new ImportOutcome(layer.Id, versionId, committed, sourceName, sha, source.Format, srid, source.EncodingName, report);
        }
        catch (ImportFileException e)
        {
            report.Error(e.Message);
            versionId ??= await store.BeginVersionAsync(layer.Id, sourceName, sha, srid, source?.EncodingName, CancellationToken.None);
            await store.FailVersionAsync(versionId.Value, report, CancellationToken.None);

            logger.LogInformation("Import into {Layer} from {Source} failed: {Reason}", layer.Id, sourceName, e.Message);
            return new ImportOutcome(layer.Id, versionId, false, sourceName, sha, source?.Format, srid, source?.EncodingName, report);
        }
        catch (Exception e)
        {
            // Anything unexpected (including cancellation) still leaves a failed version, never a 'loading' one.
            report.Error($"the import stopped: {e.Message}");
            versionId ??= await store.BeginVersionAsync(layer.Id, sourceName, sha, srid, source?.EncodingName, CancellationToken.None);
            await store.FailVersionAsync(versionId.Value, report, CancellationToken.None);
            logger.LogWarning(e, "Import into {Layer} from {Source} failed unexpectedly", layer.Id, sourceName);
            if (e is OperationCanceledException)
            {
                throw;
            }

            return new ImportOutcome(layer.Id, versionId, false, sourceName, sha, source?.Format, srid, source?.EncodingName, report);
        }
        finally
        {
            source?.Dispose();
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static async IAsyncEnumerable<NormalizedFeature> Normalize(
        IFeatureSource source, FeatureNormalizer normalizer, ImportReport report, IProgress<long>? progress,
        [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var feature in source.Read(ct))
        {
            if (feature.Record % 1000 == 0)
            {
                progress?.Report(feature.Record);
                await Task.Yield();
            }

            var key = KeyOf(feature, normalizer);
            if (feature.Error is not null)
            {
                report.Count(FeatureOutcome.Rejected, feature.Record, key, feature.Error);
                continue;
            }

            var normalized = normalizer.Normalize(feature.Attributes, feature.Geometry, out var rejection);
            if (normalized is null)
            {
                report.Count(FeatureOutcome.Rejected, feature.Record, key, rejection);
                continue;
            }

            report.Count(normalized.Repair is null ? FeatureOutcome.Accepted : FeatureOutcome.Repaired, feature.Record, normalized.Key, normalized.Repair);
            yield return normalized;
        }

        progress?.Report(report.Read);
    }

    private static string? KeyOf(SourceFeature feature, FeatureNormalizer normalizer)
    {
        foreach (var (source, column) in normalizer.ColumnBySourceName)
        {
            if (column == normalizer.KeyColumn && feature.Attributes.TryGetValue(source, out var value))
            {
                return value?.ToString();
            }
        }

        return null;
    }

    private static IFeatureSource Open(IReadOnlyList<string> files, ImportOptions options)
    {
        var shapefiles = files.Where(f => Ext(f) == ".shp").ToList();
        if (shapefiles.Count > 1)
        {
            throw new ImportFileException($"one import takes one data set; found {shapefiles.Count} shapefiles: {string.Join(", ", shapefiles.Select(Path.GetFileName))}");
        }

        if (shapefiles.Count == 1)
        {
            return new ShapefileSource(shapefiles[0], options.Encoding);
        }

        var data = files.Where(f => Ext(f) is ".geojson" or ".json" or ".geojsonl" or ".geojsons" or ".ndjson" or ".jsonl" or ".csv").ToList();
        if (data.Count == 1)
        {
            return Ext(data[0]) switch
            {
                ".geojson" or ".json" => new GeoJsonSource(data[0], sequence: false),
                ".csv" => new CsvWktSource(data[0], options.Encoding),
                _ => new GeoJsonSource(data[0], sequence: true),
            };
        }

        var dbf = files.Any(f => Ext(f) == ".dbf");
        throw new ImportFileException(data.Count > 1
            ? $"one import takes one data set; found {string.Join(", ", data.Select(Path.GetFileName))}"
            : dbf ? "a .dbf came without its .shp; a shapefile needs .shp, .shx and .dbf (and .prj)"
            : $"no importable data set among {string.Join(", ", files.Select(Path.GetFileName))}. Accepted: {AcceptedFormats}");
    }

    private static string Ext(string path) => Path.GetExtension(path).ToLowerInvariant();

    /// <summary>Copies zips' entries into <paramref name="workDir"/> (flattened, names checked); other files are used in place.</summary>
    private static List<string> Expand(IReadOnlyList<string> files, string workDir)
    {
        var result = new List<string>();
        long total = 0;
        foreach (var file in files)
        {
            if (Ext(file) != ".zip")
            {
                result.Add(file);
                continue;
            }

            try
            {
                using var zip = ZipFile.OpenRead(file);
                foreach (var entry in zip.Entries.Where(e => e.Length > 0 && !e.FullName.EndsWith('/') && !e.FullName.Contains("__MACOSX", StringComparison.Ordinal)))
                {
                    total += entry.Length;
                    if (total > MaxUnzippedBytes)
                    {
                        throw new ImportFileException($"{Path.GetFileName(file)} unpacks to more than {MaxUnzippedBytes / (1024 * 1024)} MiB");
                    }

                    var name = Path.GetFileName(entry.FullName);
                    var target = Path.Combine(workDir, name);
                    if (result.Contains(target))
                    {
                        throw new ImportFileException($"{Path.GetFileName(file)} holds two files named {name}; one import takes one data set");
                    }

                    entry.ExtractToFile(target);
                    result.Add(target);
                }
            }
            catch (InvalidDataException e)
            {
                throw new ImportFileException($"{Path.GetFileName(file)} is not a readable zip archive ({e.Message})", e);
            }
        }

        return result;
    }

    /// <summary>SHA-256 of the delivery: of the file itself when there is one, else of the sorted (name, SHA-256) list.</summary>
    public static async Task<string> HashAsync(IReadOnlyList<string> files, CancellationToken ct)
    {
        var hashes = new List<(string Name, string Hash)>();
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            hashes.Add((Path.GetFileName(file), Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct))));
        }

        if (hashes.Count == 1)
        {
            return hashes[0].Hash;
        }

        var manifest = string.Join("\n", hashes.OrderBy(h => h.Name, StringComparer.Ordinal).Select(h => $"{h.Name}\0{h.Hash}"));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(manifest)));
    }
}
