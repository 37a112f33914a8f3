using System.Buffers;
using System.IO.Pipelines;
using System.Text;

namespace GeoPetition.Server.Ogc;

/// <summary>
/// Writes text to a response body as UTF-8 and flushes every <see cref="FlushBytes"/>, so a page
/// of features leaves the server while later rows are still being read, in chunks rather than
/// one tiny write per feature.
/// </summary>
internal sealed class Utf8ResponseWriter(PipeWriter writer)
{
    public const int FlushBytes = 64 * 1024;

    private long _pending;

    public void Write(string text) => _pending += Encoding.UTF8.GetBytes(text.AsSpan(), writer);

    /// <summary>Writes UTF-8 bytes as they are.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> utf8, CancellationToken ct)
    {
        writer.Write(utf8.Span);
        _pending += utf8.Length;
        if (_pending >= FlushBytes)
        {
            await FlushAsync(ct);
        }
    }

    public async ValueTask WriteAsync(string text, CancellationToken ct)
    {
        Write(text);
        if (_pending >= FlushBytes)
        {
            await FlushAsync(ct);
        }
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        _pending = 0;
        await writer.FlushAsync(ct);
    }
}
