using SkiaSharp;

namespace GeoPetition.Server.Evidence;

/// <summary>
/// A small flowing layout over Skia's PDF backend (<see cref="SKDocument.CreatePdf(Stream, SKDocumentPdfMetadata)"/>):
/// headings, wrapped paragraphs (CJK text breaks between any two characters, Latin text at
/// spaces), tables whose cells wrap, images, and a footer on every page. A4 portrait, in points.
/// Skia embeds subsets of the fonts used, so Chinese renders wherever the PDF is opened.
/// </summary>
public sealed class PdfLayout : IDisposable
{
    public const float PageWidth = 595.28f;
    public const float PageHeight = 841.89f;
    public const float Margin = 48f;
    private const float FooterHeight = 36f;

    private readonly SKDocument _document;
    private readonly EvidenceFonts _fonts;
    private readonly Func<int, string> _footer;
    private readonly SKPaint _ink = new() { Color = new SKColor(0x1A, 0x1A, 0x1A), IsAntialias = true };
    private readonly SKPaint _grey = new() { Color = new SKColor(0x66, 0x66, 0x66), IsAntialias = true };
    private SKCanvas? _page;
    private float _y;

    public PdfLayout(Stream output, EvidenceFonts fonts, SKDocumentPdfMetadata metadata, Func<int, string> footer)
    {
        _document = SKDocument.CreatePdf(output, metadata);
        _fonts = fonts;
        _footer = footer;
    }

    public int Pages { get; private set; }

    public static float ContentWidth => PageWidth - (2 * Margin);

    private SKCanvas Page
    {
        get
        {
            if (_page is null)
            {
                NewPage();
            }

            return _page!;
        }
    }

    public void NewPage()
    {
        EndPage();
        _page = _document.BeginPage(PageWidth, PageHeight);
        Pages++;
        _y = Margin;
    }

    private void EndPage()
    {
        if (_page is null)
        {
            return;
        }

        using var font = _fonts.Font(7.5f);
        using var rule = new SKPaint { Color = new SKColor(0xBB, 0xBB, 0xBB), StrokeWidth = 0.5f };
        var y = PageHeight - FooterHeight + 8;
        _page.DrawLine(Margin, y, PageWidth - Margin, y, rule);
        var lines = Wrap(_footer(Pages), font, ContentWidth);
        foreach (var line in lines)
        {
            y += 10;
            _page.DrawText(line, Margin, y, SKTextAlign.Left, font, _grey);
        }

        _document.EndPage();
        _page = null;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points still fit on this one.</summary>
    public void Need(float height)
    {
        if (_page is null || _y + height > PageHeight - Margin - FooterHeight)
        {
            NewPage();
        }
    }

    public void Space(float points) => _y += points;

    public void Title(string text, string? subtitle = null)
    {
        using var font = _fonts.Font(20, bold: true);
        Need(60);
        _y += 20;
        Page.DrawText(text, Margin, _y, SKTextAlign.Left, font, _ink);
        _y += 10;
        if (subtitle is not null)
        {
            Paragraph(subtitle, 10, grey: true);
        }

        using var rule = new SKPaint { Color = new SKColor(0x33, 0x33, 0x33), StrokeWidth = 1 };
        Page.DrawLine(Margin, _y + 2, PageWidth - Margin, _y + 2, rule);
        _y += 12;
    }

    /// <summary>A section heading, kept on one page with the next <paramref name="keepWith"/> points.</summary>
    public void Heading(string text, float keepWith = 24)
    {
        using var font = _fonts.Font(13, bold: true);
        Need(26 + keepWith);
        _y += 14;
        Page.DrawText(text, Margin, _y + 4, SKTextAlign.Left, font, _ink);
        _y += 12;
    }

    public void Paragraph(string text, float size = 9.5f, bool grey = false, bool bold = false, float indent = 0)
    {
        using var font = _fonts.Font(size, bold);
        var lineHeight = size * 1.45f;
        foreach (var line in Wrap(text, font, ContentWidth - indent))
        {
            Need(lineHeight);
            _y += lineHeight;
            Page.DrawText(line, Margin + indent, _y - (size * 0.35f), SKTextAlign.Left, font, grey ? _grey : _ink);
        }

        _y += size * 0.3f;
    }

    /// <summary>A table; <paramref name="widths"/> are fractions of the content width. The header repeats after a page break.</summary>
    public void Table(IReadOnlyList<float> widths, IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, float size = 8f)
    {
        using var font = _fonts.Font(size);
        using var bold = _fonts.Font(size, bold: true);
        using var border = new SKPaint { Color = new SKColor(0xAA, 0xAA, 0xAA), Style = SKPaintStyle.Stroke, StrokeWidth = 0.5f };
        using var shade = new SKPaint { Color = new SKColor(0xEE, 0xEE, 0xEE) };
        var columns = widths.Select(w => w * ContentWidth).ToArray();
        var lineHeight = size * 1.4f;
        const float pad = 3f;

        void Row(IReadOnlyList<string> cells, bool isHeader)
        {
            var wrapped = cells.Select((cell, i) => Wrap(cell, isHeader ? bold : font, columns[i] - (2 * pad))).ToList();
            var height = (wrapped.Max(w => Math.Max(1, w.Count)) * lineHeight) + (2 * pad);
            if (_page is null || _y + height > PageHeight - Margin - FooterHeight)
            {
                NewPage();
                if (!isHeader)
                {
                    Row(header, true);
                }
            }

            var x = Margin;
            if (isHeader)
            {
                Page.DrawRect(new SKRect(Margin, _y, Margin + ContentWidth, _y + height), shade);
            }

            for (var i = 0; i < columns.Length; i++)
            {
                Page.DrawRect(new SKRect(x, _y, x + columns[i], _y + height), border);
                var ty = _y + pad;
                foreach (var line in wrapped[i])
                {
                    ty += lineHeight;
                    Page.DrawText(line, x + pad, ty - (size * 0.35f), SKTextAlign.Left, isHeader ? bold : font, _ink);
                }

                x += columns[i];
            }

            _y += height;
        }

        Need(lineHeight * 3);
        Row(header, true);
        foreach (var row in rows)
        {
            Row(row, false);
        }

        _y += 6;
    }

    /// <summary>Key–value pairs as a two-column table without a header row.</summary>
    public void Pairs(IEnumerable<(string Key, string Value)> pairs, float keyWidth = 0.28f)
    {
        using var font = _fonts.Font(9);
        using var bold = _fonts.Font(9, bold: true);
        var keyPoints = keyWidth * ContentWidth;
        foreach (var (key, value) in pairs)
        {
            var lines = Wrap(value, font, ContentWidth - keyPoints);
            var height = (Math.Max(1, lines.Count) * 13f) + 2;
            Need(height);
            Page.DrawText(key, Margin, _y + 10, SKTextAlign.Left, bold, _grey);
            var y = _y;
            foreach (var line in lines)
            {
                Page.DrawText(line, Margin + keyPoints, y + 10, SKTextAlign.Left, font, _ink);
                y += 13f;
            }

            _y += height;
        }

        _y += 4;
    }

    /// <summary>An image scaled to <paramref name="width"/> points (the content width by default).</summary>
    public void Image(byte[] encoded, float? width = null, string? caption = null)
    {
        using var image = SKImage.FromEncodedData(encoded);
        var w = width ?? ContentWidth;
        var h = w * image.Height / image.Width;
        Need(h + 20);
        Page.DrawImage(image, new SKRect(Margin, _y, Margin + w, _y + h), new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear));
        _y += h + 4;
        if (caption is not null)
        {
            Paragraph(caption, 8, grey: true);
        }
    }

    /// <summary>Breaks text into lines no wider than <paramref name="width"/>: between CJK characters anywhere, elsewhere at spaces (long tokens such as hashes are cut).</summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "", StringComparison.Ordinal).Split('\n'))
        {
            var line = "";
            foreach (var token in Tokens(paragraph))
            {
                var candidate = line + token;
                if (font.MeasureText(candidate) <= width || line.Length == 0 && font.MeasureText(token) <= width)
                {
                    line = candidate;
                    continue;
                }

                if (line.Length > 0)
                {
                    lines.Add(line.TrimEnd());
                    line = "";
                }

                var rest = token.TrimStart();
                while (font.MeasureText(rest) > width)
                {
                    var n = rest.Length - 1;
                    while (n > 1 && font.MeasureText(rest[..n]) > width)
                    {
                        n--;
                    }

                    lines.Add(rest[..n]);
                    rest = rest[n..];
                }

                line = rest;
            }

            lines.Add(line.TrimEnd());
        }

        return lines;
    }

    private static IEnumerable<string> Tokens(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var cjk = text[i] >= 0x2E80;
            if (cjk || text[i] == ' ')
            {
                // A CJK character is a token of its own; a space ends the Latin token before it.
                if (cjk && i > start)
                {
                    yield return text[start..i];
                    start = i;
                }

                yield return text[start..(i + 1)];
                start = i + 1;
            }
        }

        if (start < text.Length)
        {
            yield return text[start..];
        }
    }

    public void Close()
    {
        EndPage();
        _document.Close();
    }

    public void Dispose()
    {
        _document.Dispose();
        _ink.Dispose();
        _grey.Dispose();
    }
}
