using Microsoft.Extensions.Options;
using SkiaSharp;

namespace GeoPetition.Server.Evidence;

/// <summary>
/// The CJK typefaces of maps and reports (Noto Sans CJK SC from Debian's fonts-noto-cjk by default;
/// the .ttc holds JP, KR, SC, TC…, and face 2 is Simplified Chinese). Without the font, text falls
/// back to Skia's default face and Chinese shows as boxes; scripts/test.sh and run-demo.sh install it.
/// </summary>
public sealed class EvidenceFonts : IDisposable
{
    public EvidenceFonts(IOptions<EvidenceOptions> options, ILogger<EvidenceFonts> logger)
    {
        Regular = Load(options.Value.FontPath, logger) ?? SKTypeface.Default;
        Bold = Load(options.Value.BoldFontPath, logger) ?? Regular;
    }

    public SKTypeface Regular { get; }

    public SKTypeface Bold { get; }

    public SKFont Font(float size, bool bold = false) => new(bold ? Bold : Regular, size) { Subpixel = true, Edging = SKFontEdging.Antialias };

    private static SKTypeface? Load(string path, ILogger logger)
    {
        if (!File.Exists(path))
        {
            logger.LogWarning("CJK font {Path} not found: Chinese text in maps and reports will not render (install fonts-noto-cjk or set GeoPetition:Evidence:FontPath)", path);
            return null;
        }

        // Face 2 of the Noto CJK collections is SC; a single-face file has only face 0.
        return (path.EndsWith(".ttc", StringComparison.OrdinalIgnoreCase) ? SKTypeface.FromFile(path, 2) : null) ?? SKTypeface.FromFile(path);
    }

    public void Dispose()
    {
        Regular.Dispose();
        if (!ReferenceEquals(Bold, Regular))
        {
            Bold.Dispose();
        }
    }
}
