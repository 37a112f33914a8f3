namespace GeoPetition.Server.Evidence;

/// <summary>Evidence settings (configuration section <c>GeoPetition:Evidence</c>).</summary>
public sealed class EvidenceOptions
{
    public const string Section = "GeoPetition:Evidence";

    /// <summary>
    /// Where attachment and report files are kept, content-addressed
    /// (<c>{StorageDir}/sha256/ab/cd/abcd…</c>). Default: <c>evidence-store</c> beside the data folder,
    /// i.e. the nearest <c>data</c> folder's parent (the repository root when run from it).
    /// </summary>
    public string? StorageDir { get; set; }

    /// <summary>Largest accepted file in bytes (default 25 MiB). Checked while streaming: the upload stops at the limit.</summary>
    public long MaxFileBytes { get; set; } = 25L * 1024 * 1024;

    /// <summary>Largest accepted request in bytes (the file plus form fields; default MaxFileBytes + 1 MiB).</summary>
    public long? MaxRequestBytes { get; set; }

    /// <summary>
    /// Accepted file types by extension → media type. Each is also checked by its first bytes
    /// (JPEG, PNG, PDF, OOXML zip, legacy Office, plain text). Photos must be JPEG or PNG.
    /// </summary>
    public Dictionary<string, string> AllowedTypes { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".pdf"] = "application/pdf",
        [".docx"] = "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        [".xlsx"] = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        [".pptx"] = "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        [".doc"] = "application/msword",
        [".xls"] = "application/vnd.ms-excel",
        [".txt"] = "text/plain",
    };

    /// <summary>The CJK font used by the map and the report (a .ttc/.otf/.ttf; Debian fonts-noto-cjk).</summary>
    public string FontPath { get; set; } = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

    /// <summary>The bold CJK font (headings); falls back to <see cref="FontPath"/> when missing.</summary>
    public string BoldFontPath { get; set; } = "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc";

    public long RequestLimit => MaxRequestBytes ?? MaxFileBytes + 1024 * 1024;
}
