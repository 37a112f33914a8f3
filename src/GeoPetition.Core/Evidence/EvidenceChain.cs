using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace GeoPetition.Core.Evidence;

/// <summary>What a chain entry stands for.</summary>
public enum EvidenceKind
{
    /// <summary>An uploaded attachment (photo, document, field-check record, link to a verification).</summary>
    Attachment,

    /// <summary>A stored verification result (table <c>verification</c>).</summary>
    Verification,

    /// <summary>A case state transition (table <c>case_event</c>).</summary>
    Transition,

    /// <summary>A generated PDF report.</summary>
    Report,
}

/// <summary>
/// One link of a case's evidence chain: entry <see cref="Seq"/> (1, 2, …) stands for the record
/// <see cref="Kind"/>/<see cref="RefId"/> whose canonical content hashed to <see cref="ContentSha256"/>,
/// and is bound to the entry before it by <see cref="PreviousSha256"/>. <see cref="EntrySha256"/>
/// hashes all of these (see <see cref="EvidenceChain.EntryHash"/>).
/// </summary>
public sealed record ChainEntry(
    long PetitionId, int Seq, EvidenceKind Kind, string RefId, string ContentSha256, string PreviousSha256,
    DateTimeOffset RecordedAt, string EntrySha256);

/// <summary>The first broken link: the entry, and what no longer matches.</summary>
public sealed record ChainBreak(int Seq, EvidenceKind? Kind, string? RefId, string Reason);

/// <summary>The outcome of recomputing a chain.</summary>
public sealed record ChainCheck(bool Intact, int Entries, string HeadSha256, ChainBreak? FirstBreak);

/// <summary>
/// The tamper-evident, append-only evidence chain of a case (a hash chain, as in Certificate
/// Transparency logs or git history, without signatures): each entry hashes the content of the
/// record it stands for and the previous entry's hash, so changing any record, any entry, or the
/// order of entries changes every hash after it. Pure: the server supplies the recomputed content
/// hashes of the records as they are now.
/// </summary>
public static class EvidenceChain
{
    /// <summary>The "previous hash" of the first entry: 64 zeros.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>The version tag that starts every canonical form (changing the form means a new tag).</summary>
    public const string FormatTag = "geopetition-evidence-v1";

    /// <summary>
    /// The hash of an entry: SHA-256 (lower-case hex) of the canonical fields (<see cref="Canonical"/>).
    /// The time is UTC with microseconds (PostgreSQL's timestamptz precision).
    /// </summary>
    public static string EntryHash(long petitionId, int seq, EvidenceKind kind, string refId, string contentSha256, string previousSha256, DateTimeOffset recordedAt) =>
        Canonical.Hash(
            ("format", FormatTag), ("petition", petitionId.ToString(CultureInfo.InvariantCulture)),
            ("seq", seq.ToString(CultureInfo.InvariantCulture)), ("kind", kind.ToString()), ("ref", refId),
            ("content", contentSha256), ("previous", previousSha256), ("recorded", Canonical.Time(recordedAt)));

    /// <summary>Builds entry <paramref name="seq"/> after an entry with hash <paramref name="previousSha256"/>.</summary>
    public static ChainEntry Next(long petitionId, int seq, EvidenceKind kind, string refId, string contentSha256, string previousSha256, DateTimeOffset recordedAt)
    {
        // Stored with microsecond precision, so hash what will be read back.
        var at = Canonical.TruncateToMicroseconds(recordedAt);
        return new(petitionId, seq, kind, refId, contentSha256, previousSha256, at,
            EntryHash(petitionId, seq, kind, refId, contentSha256, previousSha256, at));
    }

    /// <summary>
    /// Recomputes the chain in order and reports the first broken link: a gap or repeat in the
    /// numbering, a previous-hash that is not the hash of the entry before, an entry hash that does
    /// not match its fields (a changed chain row), or a record whose content hash now differs
    /// (<paramref name="currentContent"/> gives the recomputed hash, or null when the record is gone,
    /// or a reason string starting with "!" when it cannot be recomputed, e.g. a stored file changed).
    /// </summary>
    public static ChainCheck Verify(IReadOnlyList<ChainEntry> entries, Func<ChainEntry, string?> currentContent)
    {
        var previous = Genesis;
        for (var i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            ChainBreak Break(string reason) => new(e.Seq, e.Kind, e.RefId, reason);
            if (e.Seq != i + 1)
            {
                return new(false, entries.Count, previous, Break($"entry {i + 1} is missing: the chain jumps to entry {e.Seq}"));
            }

            if (!string.Equals(e.PreviousSha256, previous, StringComparison.Ordinal))
            {
                return new(false, entries.Count, previous, Break($"entry {e.Seq} names previous hash {e.PreviousSha256}, but entry {e.Seq - 1} hashes to {previous}"));
            }

            var recomputed = EntryHash(e.PetitionId, e.Seq, e.Kind, e.RefId, e.ContentSha256, e.PreviousSha256, e.RecordedAt);
            if (!string.Equals(recomputed, e.EntrySha256, StringComparison.Ordinal))
            {
                return new(false, entries.Count, previous, Break($"entry {e.Seq} was changed: its fields hash to {recomputed}, the chain recorded {e.EntrySha256}"));
            }

            var content = currentContent(e);
            if (content is null)
            {
                return new(false, entries.Count, previous, Break($"the {e.Kind} record {e.RefId} of entry {e.Seq} is missing"));
            }

            if (content.StartsWith('!'))
            {
                return new(false, entries.Count, previous, Break(content[1..]));
            }

            if (!string.Equals(content, e.ContentSha256, StringComparison.Ordinal))
            {
                return new(false, entries.Count, previous, Break($"the {e.Kind} record {e.RefId} of entry {e.Seq} was changed: its content now hashes to {content}, the chain recorded {e.ContentSha256}"));
            }

            previous = e.EntrySha256;
        }

        return new(true, entries.Count, previous, null);
    }
}

/// <summary>
/// The canonical form that content hashes are computed over: one line per field,
/// <c>name=length:value</c> (length in UTF-16 code units; "-1:" for null), so no two different
/// field lists share a form. Times are UTC ISO 8601 with six fractional digits.
/// </summary>
public static class Canonical
{
    public static string Form(params (string Name, string? Value)[] fields)
    {
        var sb = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            sb.Append(name).Append('=')
              .Append((value?.Length ?? -1).ToString(CultureInfo.InvariantCulture)).Append(':')
              .Append(value).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>SHA-256 (lower-case hex) of the UTF-8 bytes of <see cref="Form"/>.</summary>
    public static string Hash(params (string Name, string? Value)[] fields) => Sha256(Encoding.UTF8.GetBytes(Form(fields)));

    public static string Sha256(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Time(DateTimeOffset? t) => t is { } v ? Time(v) : null;

    public static DateTimeOffset TruncateToMicroseconds(DateTimeOffset t) => new(t.UtcTicks - (t.UtcTicks % 10), TimeSpan.Zero);

    public static bool IsSha256(string? s) => s is { Length: 64 } && s.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));
}
