using System.Buffers.Binary;
using System.IO.Compression;

namespace GeoPetition.Server.Demo;

/// <summary>
/// A minimal PNG encoder for 8-bit palette images (colour type 3) with one transparent palette
/// entry: IHDR, PLTE, tRNS, IDAT (zlib, filter type 0 on every row, as the PNG specification
/// recommends for palette images), IEND. Output depends only on the pixels, so it is reproducible.
/// </summary>
/// <remarks>
/// Written here rather than taking SkiaSharp: no native library to ship, byte-identical output on
/// every platform for the same input (Skia's encoder settings and zlib build are outside our
/// control), and a palette keeps 256×256 tiles of synthetic imagery around 10–30 kB.
/// </remarks>
internal static class PngWriter
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Encodes <paramref name="pixels"/> (palette indices, row-major) as a PNG.</summary>
    /// <param name="palette">256 RGB triplets (768 bytes).</param>
    /// <param name="transparentIndex">The palette index drawn fully transparent.</param>
    public static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, ReadOnlySpan<byte> palette, byte transparentIndex)
    {
        using var output = new MemoryStream();
        output.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8; // bit depth
        header[9] = 3; // colour type: palette
        header[10] = 0; // deflate
        header[11] = 0; // adaptive filtering
        header[12] = 0; // no interlace
        Chunk(output, "IHDR", header);
        Chunk(output, "PLTE", palette);

        var alpha = new byte[transparentIndex + 1];
        Array.Fill(alpha, (byte)255);
        alpha[transparentIndex] = 0;
        Chunk(output, "tRNS", alpha);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
            {
                var row = new byte[width + 1];
                for (var y = 0; y < height; y++)
                {
                    row[0] = 0;
                    pixels.Slice(y * width, width).CopyTo(row.AsSpan(1));
                    zlib.Write(row);
                }
            }

            Chunk(output, "IDAT", compressed.ToArray());
        }

        Chunk(output, "IEND", []);
        return output.ToArray();
    }

    private static void Chunk(Stream output, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, data.Length);
        output.Write(length);
        Span<byte> typeBytes = stackalloc byte[4];
        for (var i = 0; i < 4; i++)
        {
            typeBytes[i] = (byte)type[i];
        }

        output.Write(typeBytes);
        output.Write(data);
        var crc = Crc(Crc(0xFFFFFFFFu, typeBytes), data) ^ 0xFFFFFFFFu;
        Span<byte> crcBytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(crcBytes, crc);
        output.Write(crcBytes);
    }

    private static readonly uint[] CrcTable = BuildCrcTable();

    private static uint[] BuildCrcTable()
    {
        var table = new uint[256];
        for (uint n = 0; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }

            table[n] = c;
        }

        return table;
    }

    /// <summary>CRC-32 (ISO 3309, as PNG uses) continued over <paramref name="data"/>.</summary>
    private static uint Crc(uint crc, ReadOnlySpan<byte> data)
    {
        foreach (var b in data)
        {
            crc = CrcTable[(crc ^ b) & 0xFF] ^ (crc >> 8);
        }

        return crc;
    }
}
