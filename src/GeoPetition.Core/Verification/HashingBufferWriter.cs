using System.Buffers;
using System.Security.Cryptography;

namespace GeoPetition.Core.Verification;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that feeds what is written to it into a SHA-256 through one
/// pooled 64 KiB buffer: a result's canonical JSON (megabytes for a large petition) is hashed
/// without being held in memory, so hashing it allocates no large-object-heap arrays.
/// </summary>
internal sealed class HashingBufferWriter : IBufferWriter<byte>, IDisposable
{
    private const int ChunkSize = 64 * 1024;

    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
    private int _count;

    public void Advance(int count)
    {
        if (count < 0 || _count + count > _buffer.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(count));
        }

        _count += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        var room = Reserve(sizeHint);
        return _buffer.AsMemory(_count, room);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        var room = Reserve(sizeHint);
        return _buffer.AsSpan(_count, room);
    }

    /// <summary>The SHA-256 of everything written, lower-case hex.</summary>
    public string Finish()
    {
        Flush();
        return Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    public void Dispose()
    {
        _hash.Dispose();
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }

    /// <summary>Room for at least <paramref name="sizeHint"/> bytes (1 when 0) after what is buffered; returns the room.</summary>
    private int Reserve(int sizeHint)
    {
        sizeHint = Math.Max(sizeHint, 1);
        if (_buffer.Length - _count < sizeHint)
        {
            Flush();
            if (_buffer.Length < sizeHint)
            {
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = ArrayPool<byte>.Shared.Rent(sizeHint);
            }
        }

        return _buffer.Length - _count;
    }

    private void Flush()
    {
        _hash.AppendData(_buffer, 0, _count);
        _count = 0;
    }
}
