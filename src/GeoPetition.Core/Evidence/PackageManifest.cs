using System.Text.Json;
using System.Text.Json.Serialization;

namespace GeoPetition.Core.Evidence;

/// <summary>One file of an evidence package with its SHA-256 (lower-case hex) and size in bytes.</summary>
public sealed record PackageFile(string Path, string Sha256, long Size);

/// <summary>
/// <c>manifest.json</c> of an evidence package: the petition, when it was made, the head of the
/// evidence chain at that time, the report's hashes, and every other file with its SHA-256.
/// </summary>
public sealed record PackageManifest(
    string Format, long PetitionId, string CaseNo, DateTimeOffset GeneratedAt, string ChainHeadSha256, int ChainEntries,
    IReadOnlyList<PackageFile> Files)
{
    public const string FileName = "manifest.json";
    public const string CurrentFormat = "geopetition-evidence-package-v1";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Checks a package offline: every listed file present with its size and hash, nothing
    /// unlisted besides the manifest, no path listed twice. <paramref name="actual"/> maps each
    /// file in the package (except the manifest) to its (SHA-256, size). Returns the problems
    /// found, empty when the package is intact.
    /// </summary>
    public IReadOnlyList<string> Check(IReadOnlyDictionary<string, (string Sha256, long Size)> actual)
    {
        var problems = new List<string>();
        if (Format != CurrentFormat)
        {
            problems.Add($"unknown manifest format '{Format}'; this checker reads {CurrentFormat}");
        }

        foreach (var dup in Files.GroupBy(f => f.Path, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add($"{dup.Key}: listed {dup.Count()} times in the manifest");
        }

        foreach (var f in Files)
        {
            if (!actual.TryGetValue(f.Path, out var a))
            {
                problems.Add($"{f.Path}: listed in the manifest but missing from the package");
            }
            else if (!string.Equals(a.Sha256, f.Sha256, StringComparison.OrdinalIgnoreCase))
            {
                problems.Add($"{f.Path}: SHA-256 is {a.Sha256}, the manifest says {f.Sha256} (the file was changed)");
            }
            else if (a.Size != f.Size)
            {
                problems.Add($"{f.Path}: {a.Size} bytes, the manifest says {f.Size}");
            }
        }

        var listed = Files.Select(f => f.Path).ToHashSet(StringComparer.Ordinal);
        foreach (var extra in actual.Keys.Where(p => !listed.Contains(p)).Order(StringComparer.Ordinal))
        {
            problems.Add($"{extra}: in the package but not listed in the manifest");
        }

        return problems;
    }

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, Json);

    /// <summary>Reads a manifest; throws <see cref="JsonException"/> when it is not one.</summary>
    public static PackageManifest Parse(ReadOnlySpan<byte> json) =>
        JsonSerializer.Deserialize<PackageManifest>(json, Json) is { Files: not null, Format: not null } m ? m
        : throw new JsonException("manifest.json is not an evidence package manifest (format and files are required)");
}
