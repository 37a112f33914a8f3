using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace GeoPetition.Server.Auth;

/// <summary>
/// Settings of access control (configuration section <c>GeoPetition:Auth</c>).
/// </summary>
public sealed class AuthOptions
{
    public const string Section = "GeoPetition:Auth";

    /// <summary>
    /// HMAC-SHA256 key that signs bearer tokens (at least 32 bytes of text). Without it the server
    /// makes a random key at start: tokens then stop working at every restart (fine for a demo).
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>Lifetime of a bearer token, in minutes (short: a stolen token is worth little).</summary>
    public int TokenMinutes { get; set; } = 60;

    /// <summary>Failed logins of one account (since its last success) that lock it; 0 turns locking off.</summary>
    public int LockoutThreshold { get; set; } = 5;

    /// <summary>How long a locked account refuses every login, even with the right password.</summary>
    public int LockoutMinutes { get; set; } = 15;

    public const string Issuer = "geopetition";
    public const string Audience = "geopetition-api";
}

/// <summary>Issues and describes the signed bearer tokens (JWT, HS256) of staff logins.</summary>
public sealed class TokenService
{
    private readonly JsonWebTokenHandler _handler = new();

    public TokenService(AuthOptions options, ILogger<TokenService> logger)
    {
        Options = options;
        if (options.SigningKey is { Length: >= 32 } configured)
        {
            Key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(configured));
        }
        else
        {
            if (options.SigningKey is { Length: > 0 })
            {
                throw new InvalidOperationException($"{AuthOptions.Section}:SigningKey must be at least 32 characters");
            }

            logger.LogWarning("{Section}:SigningKey is not set: tokens are signed with a random key and stop working when the server restarts", AuthOptions.Section);
            Key = new SymmetricSecurityKey(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        }
    }

    public AuthOptions Options { get; }

    public SymmetricSecurityKey Key { get; }

    public TokenValidationParameters ValidationParameters => new()
    {
        ValidIssuer = AuthOptions.Issuer,
        ValidAudience = AuthOptions.Audience,
        IssuerSigningKey = Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        RequireExpirationTime = true,
        ClockSkew = TimeSpan.FromSeconds(30),
        NameClaimType = AuthClaims.Subject,
        RoleClaimType = AuthClaims.Role,
    };

    /// <summary>A token for an account's session, valid from <paramref name="issued"/> to <paramref name="expires"/>.</summary>
    public string Issue(AccountDto account, Guid session, DateTimeOffset issued, DateTimeOffset expires) => _handler.CreateToken(new SecurityTokenDescriptor
    {
        Issuer = AuthOptions.Issuer,
        Audience = AuthOptions.Audience,
        IssuedAt = issued.UtcDateTime,
        NotBefore = issued.UtcDateTime,
        Expires = expires.UtcDateTime,
        Subject = new ClaimsIdentity(
        [
            new Claim(AuthClaims.Subject, account.Username),
            new Claim(AuthClaims.Name, account.DisplayName),
            new Claim(AuthClaims.Role, account.Role),
            new Claim(AuthClaims.Unit, account.Unit),
            new Claim(AuthClaims.Session, session.ToString()),
        ]),
        SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
    });
}
