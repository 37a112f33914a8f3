using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace GeoPetition.Server.Auth;

/// <summary>
/// Authenticates other systems by API key: header <c>X-Api-Key: gpk_…</c>. The key's SHA-256 is
/// looked up; a revoked, expired or unknown key fails; a good key's last-used time is recorded.
/// </summary>
public sealed class ApiKeyHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, AccountStore accounts)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string Header = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(Header, out var values) || values.ToString() is not { Length: > 0 } secret)
        {
            return AuthenticateResult.NoResult();
        }

        if (await accounts.AuthenticateKeyAsync(secret.Trim(), Context.RequestAborted) is not { } key)
        {
            return AuthenticateResult.Fail("unknown, revoked or expired API key");
        }

        var claims = new List<Claim>
        {
            new(AuthClaims.Subject, $"key:{key.Id}:{key.Name}"),
            new(AuthClaims.Name, key.Name),
            new(AuthClaims.Role, Roles.ApiKey),
            new(AuthClaims.Unit, key.Unit),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(AuthClaims.Scope, s)));
        var identity = new ClaimsIdentity(claims, SchemeName, AuthClaims.Subject, AuthClaims.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
        return Task.CompletedTask;
    }
}
