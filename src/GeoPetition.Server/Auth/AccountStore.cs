using System.Security.Cryptography;
using System.Text;
using GeoPetition.Server.Data;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using NpgsqlTypes;

namespace GeoPetition.Server.Auth;

/// <summary>A staff account as the API shows it (never the hash).</summary>
public sealed record AccountDto(long Id, string Username, string DisplayName, string Role, string Unit, bool Disabled, DateTimeOffset CreatedAt, DateTimeOffset? LastLoginAt);

/// <summary>An API key as the API shows it (never the secret, which is shown once at creation).</summary>
public sealed record ApiKeyDto(long Id, string Name, string Prefix, string Unit, IReadOnlyList<string> Scopes, string CreatedBy,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? RevokedAt, DateTimeOffset? LastUsedAt);

/// <summary>The caller an API key stands for.</summary>
public sealed record ApiKeyPrincipal(long Id, string Name, string Unit, IReadOnlyList<string> Scopes);

/// <summary>
/// Accounts, login sessions and API keys. Passwords are hashed with ASP.NET Core Identity's
/// <see cref="PasswordHasher{TUser}"/> (PBKDF2, salted); API keys and session ids are random, and
/// of a key only its SHA-256 is stored. <see cref="AuthOptions.LockoutThreshold"/> failed logins in a
/// row lock an account for <see cref="AuthOptions.LockoutMinutes"/>; setting a password unlocks it.
/// </summary>
public sealed class AccountStore(NpgsqlDataSource dataSource, AuthOptions options)
{
    private static readonly PasswordHasher<string> Hasher = new();

    /// <summary>What a key looks like: <c>gpk_</c> + 8 characters of prefix + <c>_</c> + 32 characters of secret.</summary>
    public const string KeyPrefix = "gpk_";

    public static bool IsValidUsername(string? u) => u is { Length: >= 2 and <= 63 } && (char.IsAsciiLetterLower(u[0]) || char.IsAsciiDigit(u[0]))
        && u.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');

    /// <summary>Creates an account; null when the username is taken.</summary>
    public async Task<AccountDto?> CreateAccountAsync(string username, string displayName, string role, string unit, string password, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            INSERT INTO account (username, display_name, role, unit, password_hash) VALUES (@u, @d, @r, @unit, @h)
            ON CONFLICT (username) DO NOTHING
            RETURNING id, username, display_name, role, unit, disabled_at IS NOT NULL, created_at, last_login_at
            """);
        command.Parameters.AddWithValue("u", username);
        command.Parameters.AddWithValue("d", displayName);
        command.Parameters.AddWithValue("r", role);
        command.Parameters.AddWithValue("unit", unit);
        command.Parameters.AddWithValue("h", Hasher.HashPassword(username, password));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadAccount(reader) : null;
    }

    /// <summary>Sets a new password (the CLI's reset); false when there is no such account.</summary>
    public async Task<bool> SetPasswordAsync(string username, string password, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE account SET password_hash = @h, failed_logins = 0, locked_until = NULL WHERE username = @u");
        command.Parameters.AddWithValue("u", username);
        command.Parameters.AddWithValue("h", Hasher.HashPassword(username, password));
        return await command.ExecuteNonQueryAsync(ct) == 1;
    }

    public async Task<bool> AnyAdministratorAsync(CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM account WHERE role = 'administrator' AND disabled_at IS NULL)");
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Accounts in <paramref name="scope"/> (their unit at or below it).</summary>
    public async Task<IReadOnlyList<AccountDto>> AccountsAsync(JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT id, username, display_name, role, unit, disabled_at IS NOT NULL, created_at, last_login_at FROM account a
            WHERE {JurisdictionScope.Condition("a", "unit")} ORDER BY id
            """);
        scope.Bind(command.Parameters);
        var result = new List<AccountDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(ReadAccount(reader));
        }

        return result;
    }

    /// <summary>Disables an account in scope and revokes its sessions; null when not found in scope.</summary>
    public async Task<AccountDto?> DisableAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH a AS (UPDATE account a SET disabled_at = coalesce(disabled_at, now()) WHERE id = @id AND {JurisdictionScope.Condition("a", "unit")}
                       RETURNING id, username, display_name, role, unit, disabled_at IS NOT NULL, created_at, last_login_at),
                 s AS (UPDATE account_session SET revoked_at = now() WHERE account_id IN (SELECT id FROM a) AND revoked_at IS NULL)
            SELECT * FROM a
            """);
        command.Parameters.AddWithValue("id", id);
        scope.Bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadAccount(reader) : null;
    }

    /// <summary>
    /// Checks a password; on success opens a session until <paramref name="expires"/>. Null for any
    /// failure — unknown user, wrong password, disabled or locked account — with the same answer and
    /// the same cost (one hash), so neither tells which usernames exist. A wrong password counts
    /// toward the lock; a success resets the count.
    /// </summary>
    public async Task<(AccountDto Account, Guid Session)?> LoginAsync(string username, string password, DateTimeOffset expires, string? client, CancellationToken ct)
    {
        string? hash = null;
        AccountDto? account = null;
        var locked = false;
        await using (var command = dataSource.CreateCommand(
            "SELECT id, username, display_name, role, unit, disabled_at IS NOT NULL, created_at, last_login_at, password_hash, locked_until > now() IS TRUE FROM account WHERE username = @u"))
        {
            command.Parameters.AddWithValue("u", username);
            await using var reader = await command.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                account = ReadAccount(reader);
                hash = reader.GetString(8);
                locked = reader.GetBoolean(9);
            }
        }

        var verdict = Hasher.VerifyHashedPassword(username, locked ? DummyHash : hash ?? DummyHash, password);
        if (account is null || account.Disabled || locked)
        {
            return null;
        }

        if (verdict == PasswordVerificationResult.Failed)
        {
            await CountFailureAsync(account.Id, ct);
            return null;
        }

        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            await SetPasswordAsync(username, password, ct);
        }

        var session = Guid.NewGuid();
        await using var open = dataSource.CreateCommand("""
            INSERT INTO account_session (id, account_id, expires_at, client_address) VALUES (@s, @a, @e, @c);
            UPDATE account SET last_login_at = now(), failed_logins = 0 WHERE id = @a;
            """);
        open.Parameters.AddWithValue("s", session);
        open.Parameters.AddWithValue("a", account.Id);
        open.Parameters.AddWithValue("e", expires);
        open.Parameters.AddWithValue("c", NpgsqlDbType.Text, (object?)client ?? DBNull.Value);
        await open.ExecuteNonQueryAsync(ct);
        return (account, session);
    }

    /// <summary>Counts a wrong password; the failure that reaches the threshold locks the account and starts the count again.</summary>
    private async Task CountFailureAsync(long accountId, CancellationToken ct)
    {
        if (options.LockoutThreshold <= 0)
        {
            return;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE account SET
                failed_logins = CASE WHEN failed_logins + 1 >= @n THEN 0 ELSE failed_logins + 1 END,
                locked_until = CASE WHEN failed_logins + 1 >= @n THEN now() + make_interval(mins => @m) ELSE locked_until END
            WHERE id = @a
            """);
        command.Parameters.AddWithValue("a", accountId);
        command.Parameters.AddWithValue("n", options.LockoutThreshold);
        command.Parameters.AddWithValue("m", options.LockoutMinutes);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static readonly string DummyHash = Hasher.HashPassword("nobody", "not a password " + Guid.NewGuid());

    /// <summary>Whether a token's session is still good: not revoked, not expired, its account enabled.</summary>
    public async Task<bool> SessionActiveAsync(Guid session, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT EXISTS (SELECT 1 FROM account_session s JOIN account a ON a.id = s.account_id
                           WHERE s.id = @s AND s.revoked_at IS NULL AND s.expires_at > now() AND a.disabled_at IS NULL)
            """);
        command.Parameters.AddWithValue("s", session);
        return (bool)(await command.ExecuteScalarAsync(ct))!;
    }

    public async Task RevokeSessionAsync(Guid session, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand("UPDATE account_session SET revoked_at = now() WHERE id = @s AND revoked_at IS NULL");
        command.Parameters.AddWithValue("s", session);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Issues a key; returns it with the secret, which is never stored and never shown again.</summary>
    public async Task<(ApiKeyDto Key, string Secret)> CreateKeyAsync(string name, string unit, IReadOnlyList<string> scopes, string createdBy, DateTimeOffset? expires, CancellationToken ct)
    {
        var prefix = Random(8);
        var secret = $"{KeyPrefix}{prefix}_{Random(32)}";
        await using var command = dataSource.CreateCommand($"""
            INSERT INTO api_key (name, prefix, key_sha256, unit, scopes, created_by, expires_at) VALUES (@n, @p, @h, @unit, @s, @by, @e)
            RETURNING {KeyColumns}
            """);
        command.Parameters.AddWithValue("n", name);
        command.Parameters.AddWithValue("p", KeyPrefix + prefix);
        command.Parameters.AddWithValue("h", Sha256(secret));
        command.Parameters.AddWithValue("unit", unit);
        command.Parameters.AddWithValue("s", scopes.ToArray());
        command.Parameters.AddWithValue("by", createdBy);
        command.Parameters.AddWithValue("e", NpgsqlDbType.TimestampTz, (object?)expires ?? DBNull.Value);
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (ReadKey(reader), secret);
    }

    public async Task<IReadOnlyList<ApiKeyDto>> KeysAsync(JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"SELECT {KeyColumns} FROM api_key k WHERE {JurisdictionScope.Condition("k", "unit")} ORDER BY id");
        scope.Bind(command.Parameters);
        var result = new List<ApiKeyDto>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(ReadKey(reader));
        }

        return result;
    }

    /// <summary>Revokes a key in scope at once; null when not found in scope.</summary>
    public async Task<ApiKeyDto?> RevokeKeyAsync(long id, JurisdictionScope scope, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand($"""
            UPDATE api_key k SET revoked_at = coalesce(revoked_at, now()) WHERE id = @id AND {JurisdictionScope.Condition("k", "unit")}
            RETURNING {KeyColumns}
            """);
        command.Parameters.AddWithValue("id", id);
        scope.Bind(command.Parameters);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? ReadKey(reader) : null;
    }

    /// <summary>The key a presented secret stands for, if it is known, not revoked and not expired; records its use.</summary>
    public async Task<ApiKeyPrincipal?> AuthenticateKeyAsync(string secret, CancellationToken ct)
    {
        if (!secret.StartsWith(KeyPrefix, StringComparison.Ordinal) || secret.Length > 100)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("""
            UPDATE api_key SET last_used_at = now()
            WHERE key_sha256 = @h AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())
            RETURNING id, name, unit, scopes
            """);
        command.Parameters.AddWithValue("h", Sha256(secret));
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? new ApiKeyPrincipal(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetFieldValue<string[]>(3)) : null;
    }

    private const string KeyColumns = "id, name, prefix, unit, scopes, created_by, created_at, expires_at, revoked_at, last_used_at";

    private static ApiKeyDto ReadKey(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetFieldValue<string[]>(4), r.GetString(5), r.GetFieldValue<DateTimeOffset>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7), r.IsDBNull(8) ? null : r.GetFieldValue<DateTimeOffset>(8), r.IsDBNull(9) ? null : r.GetFieldValue<DateTimeOffset>(9));

    private static AccountDto ReadAccount(NpgsqlDataReader r) => new(
        r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetBoolean(5), r.GetFieldValue<DateTimeOffset>(6),
        r.IsDBNull(7) ? null : r.GetFieldValue<DateTimeOffset>(7));

    private static string Sha256(string s) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(s)));

    private static string Random(int length)
    {
        const string alphabet = "abcdefghijkmnopqrstuvwxyz23456789";
        return string.Create(length, 0, (span, _) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            }
        });
    }
}
