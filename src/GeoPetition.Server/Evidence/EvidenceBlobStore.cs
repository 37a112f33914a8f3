using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace GeoPetition.Server.Evidence;

/// <summary>A file being received: a temporary file, its SHA-256 and size once complete.</summary>
public sealed class PendingBlob(string tempPath) : IAsyncDisposable
{
    public string TempPath { get; } = tempPath;

    public string Sha256 { get; internal set; } = "";

    public long Size { get; internal set; }

    /// <summary>The first bytes (for type sniffing).</summary>
    public byte[] Head { get; internal set; } = [];

    /// <summary>Removes the temporary file unless it was moved into the store.</summary>
    public ValueTask DisposeAsync()
    {
        try
        {
            File.Delete(TempPath);
        }
        catch (IOException)
        {
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Content-addressed file storage on disk: a file's name is the SHA-256 of its bytes, computed here
/// while the bytes stream in (never taken from the client). Files are written to <c>tmp/</c> and
/// moved into <c>sha256/ab/cd/</c> only when complete, so an interrupted upload leaves nothing; an
/// existing file is never overwritten (the same hash is the same bytes), and nothing is deleted.
/// </summary>
public sealed class EvidenceBlobStore
{
    private readonly string _root;

    public EvidenceBlobStore(IOptions<EvidenceOptions> options, IHostEnvironment environment)
    {
        _root = Path.GetFullPath(options.Value.StorageDir
            ?? Path.Combine(Path.GetDirectoryName(ServerSetup.FindUp(environment.ContentRootPath, "data") ?? Path.Combine(environment.ContentRootPath, "data"))!, "evidence-store"));
        Directory.CreateDirectory(Path.Combine(_root, "tmp"));
    }

    public string Root => _root;

    /// <summary>The path of a stored file (whether or not it exists).</summary>
    public string PathOf(string sha256) =>
        Core.Evidence.Canonical.IsSha256(sha256) ? Path.Combine(_root, "sha256", sha256[..2], sha256[2..4], sha256)
        : throw new ArgumentException("not a SHA-256 hex string", nameof(sha256));

    public bool Exists(string sha256) => File.Exists(PathOf(sha256));

    /// <summary>
    /// Streams <paramref name="source"/> to a temporary file, hashing as it goes, and stops with
    /// <see cref="FileTooLargeException"/> once more than <paramref name="maxBytes"/> arrive.
    /// </summary>
    public async Task<PendingBlob> ReceiveAsync(Stream source, long maxBytes, CancellationToken ct)
    {
        var pending = new PendingBlob(Path.Combine(_root, "tmp", Guid.NewGuid().ToString("N")));
        try
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var buffer = new byte[81920];
            long total = 0;
            var head = new List<byte>(16);
            await using (var file = new FileStream(pending.TempPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                int read;
                while ((read = await source.ReadAsync(buffer, ct)) > 0)
                {
                    total += read;
                    if (total > maxBytes)
                    {
                        throw new FileTooLargeException(maxBytes);
                    }

                    if (head.Count < 16)
                    {
                        head.AddRange(buffer.Take(Math.Min(read, 16 - head.Count)));
                    }

                    hash.AppendData(buffer, 0, read);
                    await file.WriteAsync(buffer.AsMemory(0, read), ct);
                }

                await file.FlushAsync(ct);
            }

            pending.Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
            pending.Size = total;
            pending.Head = [.. head];
            return pending;
        }
        catch
        {
            await pending.DisposeAsync();
            throw;
        }
    }

    /// <summary>Moves a complete file into the store; returns false when a file with that hash was already there (kept as is).</summary>
    public bool Commit(PendingBlob pending)
    {
        var target = PathOf(pending.Sha256);
        if (File.Exists(target))
        {
            return false;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        try
        {
            File.Move(pending.TempPath, target, overwrite: false);
            File.SetAttributes(target, FileAttributes.ReadOnly);
            return true;
        }
        catch (IOException) when (File.Exists(target))
        {
            return false; // stored concurrently by another upload of the same bytes
        }
    }

    /// <summary>Stores bytes generated on the server (reports).</summary>
    public async Task<string> PutAsync(byte[] bytes, CancellationToken ct)
    {
        await using var pending = await ReceiveAsync(new MemoryStream(bytes), long.MaxValue, ct);
        Commit(pending);
        return pending.Sha256;
    }

    /// <summary>Re-hashes a stored file; null when it is missing.</summary>
    public async Task<string?> HashAsync(string sha256, CancellationToken ct)
    {
        var path = PathOf(sha256);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var file = File.OpenRead(path);
        return Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
    }

    public Stream Open(string sha256) => File.OpenRead(PathOf(sha256));
}

/// <summary>The upload passed the configured size limit.</summary>
public sealed class FileTooLargeException(long limit) : Exception($"the file is larger than the limit of {limit} bytes")
{
    public long Limit { get; } = limit;
}
