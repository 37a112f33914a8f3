using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using GeoPetition.Core.Evidence;
using GeoPetition.Core.Verification;
using NetTopologySuite.Features;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO.Converters;

namespace GeoPetition.Server.Evidence;

/// <summary>
/// Builds <c>evidence-package.zip</c>: report.pdf (generated now, stored and chained), the petition
/// and its overlaps as GeoJSON (RFC 7946, CGCS2000 lon/lat treated as WGS 84), the evidence map,
/// the latest verification result, the evidence chain, every attachment file, and manifest.json
/// with the SHA-256 and size of each file. The zip is written to a temporary file (deleted on close)
/// so attachments stream from the store instead of being held in memory.
/// </summary>
public sealed class EvidencePackageBuilder(EvidenceReportBuilder reports, EvidenceStore store, EvidenceBlobStore blobs)
{
    private static readonly JsonSerializerOptions GeoJson = new(PackageManifest.Json) { Converters = { new GeoJsonConverterFactory() } };

    public async Task<(Stream Zip, PackageManifest Manifest)> BuildAsync(EvidenceDossier d, CancellationToken ct)
    {
        var report = await reports.BuildAsync(d, ct);
        var chain = await store.ChainAsync(d.Petition.Id, ct);
        var files = new List<PackageFile>();
        var path = Path.Combine(Path.GetTempPath(), $"gp-package-{Guid.NewGuid():N}.zip");
        var output = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        PackageManifest manifest;
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            async Task AddAsync(string name, Stream content)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = report.GeneratedAt;
                await using var target = await entry.OpenAsync(ct);
                using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                var buffer = new byte[81920];
                long size = 0;
                int read;
                while ((read = await content.ReadAsync(buffer, ct)) > 0)
                {
                    hash.AppendData(buffer, 0, read);
                    await target.WriteAsync(buffer.AsMemory(0, read), ct);
                    size += read;
                }

                files.Add(new PackageFile(name, Convert.ToHexStringLower(hash.GetHashAndReset()), size));
            }

            Task AddBytesAsync(string name, byte[] bytes) => AddAsync(name, new MemoryStream(bytes));

            await AddBytesAsync("report.pdf", report.Pdf);
            await AddBytesAsync("map.png", report.MapPng);
            await AddBytesAsync("petition.geojson", JsonSerializer.SerializeToUtf8Bytes(PetitionFeature(d), GeoJson));
            await AddBytesAsync("overlaps.geojson", JsonSerializer.SerializeToUtf8Bytes(Overlaps(d), GeoJson));
            if (d.Verification is { } v)
            {
                await AddBytesAsync("verification.json", JsonSerializer.SerializeToUtf8Bytes(v.Result, Verifier.JsonOptions));
            }

            await AddBytesAsync("chain.json", JsonSerializer.SerializeToUtf8Bytes(chain, PackageManifest.Json));
            await AddBytesAsync("attachments.json", JsonSerializer.SerializeToUtf8Bytes(d.Attachments, PackageManifest.Json));
            foreach (var a in d.Attachments.Where(a => a.Sha256 is not null))
            {
                await using var file = blobs.Open(a.Sha256!);
                await AddAsync($"attachments/{a.Id}-{SafeName(a.FileName ?? a.Sha256!)}", file);
            }

            manifest = new PackageManifest(PackageManifest.CurrentFormat, d.Petition.Id, d.Petition.CaseNo, report.GeneratedAt,
                chain.Count == 0 ? EvidenceChain.Genesis : chain[^1].EntrySha256, chain.Count, files);
            var entry = zip.CreateEntry(PackageManifest.FileName, CompressionLevel.Optimal);
            entry.LastWriteTime = report.GeneratedAt;
            await using var manifestStream = await entry.OpenAsync(ct);
            await manifestStream.WriteAsync(manifest.ToJson(), ct);
        }

        output.Position = 0;
        return (output, manifest);
    }

    /// <summary>A file name safe inside a zip on every platform: letters (any script), digits, '.', '-', '_'.</summary>
    public static string SafeName(string name)
    {
        var safe = new string(Path.GetFileName(name).Select(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).TrimStart('.');
        return safe.Length == 0 ? "file" : safe;
    }

    private static Feature PetitionFeature(EvidenceDossier d)
    {
        var p = d.Petition;
        return new Feature(d.Geometry, new AttributesTable(new Dictionary<string, object?>
        {
            ["id"] = p.Id,
            ["case_no"] = p.CaseNo,
            ["subject"] = p.Subject,
            ["received_on"] = p.ReceivedAt.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            ["status"] = p.Status,
            ["xzqdm"] = p.Xzqdm,
            ["location_accuracy"] = p.LocationAccuracy,
            ["tolerance_m"] = p.ToleranceM,
            ["finding"] = d.Verification is { } v ? Petitions.VerificationService.OverallFinding(v.Result).ToString() : null,
            ["crs"] = "EPSG:4490 (CGCS2000 lon/lat)",
        }));
    }

    /// <summary>Every cited feature with its overlap (m², 亩, share of the petition) and the claims citing it.</summary>
    private static FeatureCollection Overlaps(EvidenceDossier d)
    {
        var collection = new FeatureCollection();
        var geometries = d.Features.ToDictionary(f => (f.LayerId, f.Fid), f => f.Geometry);
        foreach (var group in (d.Verification?.Result.Claims ?? []).SelectMany(c => c.Evidence.Select(h => (Claim: c.Index, Hit: h))).GroupBy(x => (x.Hit.LayerId, x.Hit.Fid)))
        {
            var h = group.First().Hit;
            var geometry = geometries.GetValueOrDefault((h.LayerId, h.Fid));
            Geometry? overlap = null;
            try
            {
                overlap = geometry?.Intersection(d.Geometry);
            }
            catch (TopologyException)
            {
            }

            collection.Add(new Feature(overlap is { IsEmpty: false } ? overlap : geometry, new AttributesTable(new Dictionary<string, object?>
            {
                ["layer_id"] = h.LayerId,
                ["layer_title"] = d.LayerTitles.GetValueOrDefault(h.LayerId),
                ["version_id"] = h.VersionId,
                ["kind"] = h.Kind.ToString(),
                ["fid"] = h.Fid,
                ["key"] = h.Key,
                ["area_m2"] = Math.Round(h.AreaM2, 2),
                ["area_mu"] = Math.Round(h.AreaMu, 4),
                ["share"] = Math.Round(h.Share, 6),
                ["significant"] = h.Significant,
                ["claims"] = group.Select(x => x.Claim).Distinct().ToArray(),
                ["geometry_is"] = overlap is { IsEmpty: false } ? "intersection with the petition" : "feature (outside the map extent or no intersection)",
            })));
        }

        return collection;
    }
}
