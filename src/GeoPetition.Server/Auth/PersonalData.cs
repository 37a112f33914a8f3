using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GeoPetition.Server.Petitions;
using Npgsql;

namespace GeoPetition.Server.Auth;

/// <summary>
/// Petitioners' personal data at rest: AES-256-GCM under keys from configuration
/// (<c>GeoPetition:PersonalData:Keys:{id}</c> = 32 bytes in base64, <c>GeoPetition:PersonalData:CurrentKey</c>
/// = the id new data is written with). Each row stores the id of its key, so old keys keep decrypting
/// after a rotation until <c>geopetition admin reencrypt</c> has moved every row to the current key
/// (docs/security.md). The nonce is random per row; the key id is authenticated as associated data.
/// </summary>
public sealed class PersonalDataProtector
{
    public const string Section = "GeoPetition:PersonalData";
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Dictionary<string, byte[]> _keys = [];

    public PersonalDataProtector(IConfiguration configuration)
    {
        foreach (var child in configuration.GetSection(Section + ":Keys").GetChildren())
        {
            var key = child.Value is { Length: > 0 } v ? Convert.FromBase64String(v) : [];
            if (key.Length != 32)
            {
                throw new InvalidOperationException($"{Section}:Keys:{child.Key} must be 32 bytes in base64 (e.g. `openssl rand -base64 32`)");
            }

            _keys[child.Key] = key;
        }

        CurrentKey = configuration[Section + ":CurrentKey"] ?? (_keys.Count == 1 ? _keys.Keys.First() : null);
        if (CurrentKey is not null && !_keys.ContainsKey(CurrentKey))
        {
            throw new InvalidOperationException($"{Section}:CurrentKey '{CurrentKey}' names no key under {Section}:Keys");
        }
    }

    /// <summary>The id of the key new data is encrypted with; null when none is configured.</summary>
    public string? CurrentKey { get; }

    public bool Configured => CurrentKey is not null;

    private string RequireKey() => CurrentKey ?? throw new PersonalDataKeyMissingException();

    /// <summary>The petitioners encrypted under the current key: (nonce | ciphertext | tag, key id).</summary>
    public (byte[] Data, string KeyId) Protect(IReadOnlyList<PetitionerDto> petitioners)
    {
        var keyId = RequireKey();
        var plain = JsonSerializer.SerializeToUtf8Bytes(petitioners, Json);
        var output = new byte[NonceSize + plain.Length + TagSize];
        var nonce = output.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_keys[keyId], TagSize);
        aes.Encrypt(nonce, plain, output.AsSpan(NonceSize, plain.Length), output.AsSpan(NonceSize + plain.Length), Encoding.UTF8.GetBytes(keyId));
        return (output, keyId);
    }

    public IReadOnlyList<PetitionerDto> Unprotect(byte[] data, string keyId)
    {
        if (!_keys.TryGetValue(keyId, out var key))
        {
            throw new InvalidOperationException($"petitioner data is encrypted under key '{keyId}', which is not configured under {Section}:Keys");
        }

        var plain = new byte[data.Length - NonceSize - TagSize];
        using var aes = new AesGcm(key, TagSize);
        aes.Decrypt(data.AsSpan(0, NonceSize), data.AsSpan(NonceSize, plain.Length), data.AsSpan(NonceSize + plain.Length), plain, Encoding.UTF8.GetBytes(keyId));
        return JsonSerializer.Deserialize<List<PetitionerDto>>(plain, Json) ?? [];
    }

    /// <summary>The masked form stored in clear and shown to roles without the need: 张*, 5101**********1234, 138****0000, 示范县***.</summary>
    public static PetitionerDto Mask(PetitionerDto p) => new(MaskName(p.Name), MaskId(p.IdNumber), MaskPhone(p.Phone), MaskAddress(p.Address));

    public static string? MaskName(string? s) => string.IsNullOrEmpty(s) ? s : s[..1] + new string('*', Math.Max(1, s.Length - 1));

    public static string? MaskId(string? s) => string.IsNullOrEmpty(s) ? s : s.Length <= 8 ? new string('*', s.Length) : s[..4] + new string('*', s.Length - 8) + s[^4..];

    public static string? MaskPhone(string? s) => string.IsNullOrEmpty(s) ? s : s.Length <= 7 ? new string('*', s.Length) : s[..3] + new string('*', s.Length - 7) + s[^4..];

    public static string? MaskAddress(string? s) => string.IsNullOrEmpty(s) ? s : s[..Math.Min(3, s.Length - 1)] + "***";

    /// <summary>
    /// Encrypts rows still held in clear (filed before migration 040) and moves rows under an older
    /// key to the current one; the clear column keeps only masked values. Returns the rows changed.
    /// </summary>
    public async Task<int> EncryptPendingAsync(NpgsqlDataSource dataSource, bool reencrypt, CancellationToken ct)
    {
        if (!Configured)
        {
            return 0;
        }

        var changed = 0;
        while (true)
        {
            var batch = new List<(long Id, IReadOnlyList<PetitionerDto> People)>();
            await using (var select = dataSource.CreateCommand(
                "SELECT id, petitioners::text, petitioners_enc, petitioners_key FROM petition WHERE petitioners_enc IS NULL OR (@re AND petitioners_key <> @key) ORDER BY id LIMIT 500"))
            {
                select.Parameters.AddWithValue("re", reencrypt);
                select.Parameters.AddWithValue("key", CurrentKey!);
                await using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var people = reader.IsDBNull(2)
                        ? JsonSerializer.Deserialize<List<PetitionerDto>>(reader.GetString(1), Json) ?? []
                        : Unprotect(reader.GetFieldValue<byte[]>(2), reader.GetString(3));
                    batch.Add((reader.GetInt64(0), people));
                }
            }

            if (batch.Count == 0)
            {
                return changed;
            }

            foreach (var (id, people) in batch)
            {
                var (data, keyId) = Protect(people);
                await using var update = dataSource.CreateCommand("UPDATE petition SET petitioners_enc = @d, petitioners_key = @k, petitioners = @m::jsonb WHERE id = @id");
                update.Parameters.AddWithValue("d", data);
                update.Parameters.AddWithValue("k", keyId);
                update.Parameters.AddWithValue("m", JsonSerializer.Serialize(people.Select(Mask), Json));
                update.Parameters.AddWithValue("id", id);
                changed += await update.ExecuteNonQueryAsync(ct);
            }
        }
    }
}

/// <summary>Thrown when personal data must be written or read and no key is configured.</summary>
public sealed class PersonalDataKeyMissingException()
    : InvalidOperationException($"no key for personal data: set {PersonalDataProtector.Section}:Keys:<id> (32 bytes, base64) and {PersonalDataProtector.Section}:CurrentKey; see docs/security.md");
