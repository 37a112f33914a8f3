namespace GeoPetition.Server.Evidence;

/// <summary>Checks that a file's first bytes match the type its extension claims (a renamed .exe is not a .pdf).</summary>
public static class FileTypes
{
    /// <summary>True when <paramref name="head"/> (the first bytes) fits <paramref name="mediaType"/>.</summary>
    public static bool Matches(string mediaType, ReadOnlySpan<byte> head) => mediaType switch
    {
        "image/jpeg" => head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]),
        "image/png" => head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]),
        "application/pdf" => head.StartsWith("%PDF-"u8),
        "application/msword" or "application/vnd.ms-excel" => head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]),
        _ when mediaType.StartsWith("application/vnd.openxmlformats", StringComparison.Ordinal) => head.StartsWith("PK\u0003\u0004"u8),
        "text/plain" => !head.Contains((byte)0),
        _ => false,
    };

    /// <summary>Photos are JPEG or PNG (the formats whose EXIF is read).</summary>
    public static bool IsPhoto(string mediaType) => mediaType is "image/jpeg" or "image/png";
}
