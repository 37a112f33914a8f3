using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using GeoPetition.Core.Evidence;

namespace GeoPetition.Server.Evidence;

/// <summary>
/// <c>geopetition evidence verify PACKAGE.zip</c>: checks an evidence package offline — every file
/// against the SHA-256 and size in its manifest, nothing missing, nothing added. Exit code 0 when
/// intact, 1 when not (each problem on standard error), 2 on bad usage or a file that is not a package.
/// </summary>
public static class PackageCheck
{
    public const string Usage = "usage: geopetition evidence verify PACKAGE.zip";

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors)
    {
        if (args is not ["verify", var path])
        {
            await errors.WriteLineAsync(Usage);
            return 2;
        }

        IReadOnlyList<string> problems;
        PackageManifest manifest;
        try
        {
            (manifest, problems) = await CheckAsync(path);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException or UnauthorizedAccessException)
        {
            await errors.WriteLineAsync($"{path}: not a readable evidence package ({e.Message})");
            return 2;
        }

        await output.WriteLineAsync($"{path}: petition {manifest.PetitionId} ({manifest.CaseNo}), generated {Canonical.Time(manifest.GeneratedAt)}, {manifest.Files.Count} files");
        await output.WriteLineAsync($"evidence chain: {manifest.ChainEntries} entries, head {manifest.ChainHeadSha256} (compare with GET /api/petitions/{manifest.PetitionId}/evidence/verify)");
        foreach (var p in problems)
        {
            await errors.WriteLineAsync("BROKEN " + p);
        }

        await output.WriteLineAsync(problems.Count == 0 ? "OK: every file matches the manifest" : $"NOT INTACT: {problems.Count} problem(s)");
        return problems.Count == 0 ? 0 : 1;
    }

    /// <summary>Reads the manifest and hashes every other entry of the zip.</summary>
    public static async Task<(PackageManifest Manifest, IReadOnlyList<string> Problems)> CheckAsync(string path)
    {
        await using var file = File.OpenRead(path);
        using var zip = new ZipArchive(file, ZipArchiveMode.Read);
        var manifestEntry = zip.GetEntry(PackageManifest.FileName) ?? throw new InvalidDataException($"{PackageManifest.FileName} is missing");
        PackageManifest manifest;
        using (var stream = manifestEntry.Open())
        using (var buffer = new MemoryStream())
        {
            await stream.CopyToAsync(buffer);
            manifest = PackageManifest.Parse(buffer.ToArray());
        }

        var actual = new Dictionary<string, (string, long)>(StringComparer.Ordinal);
        var duplicates = new List<string>();
        foreach (var entry in zip.Entries.Where(e => e.FullName != PackageManifest.FileName && !e.FullName.EndsWith('/')))
        {
            using var stream = entry.Open();
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long size = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                size += read;
            }

            if (!actual.TryAdd(entry.FullName, (Convert.ToHexStringLower(hash.GetHashAndReset()), size)))
            {
                duplicates.Add($"{entry.FullName}: appears more than once in the zip");
            }
        }

        return (manifest, [.. duplicates, .. manifest.Check(actual)]);
    }
}
