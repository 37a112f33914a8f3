using GeoPetition.Server.Auth;
using GeoPetition.Server.Data;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Logins, accounts, API keys and the audit trail.
/// <code>
/// POST /api/auth/login              {username, password} → {accessToken, tokenType, expiresAt, account}   (anonymous; rate-limited)
/// POST /api/auth/logout             ends the token's session
/// GET  /api/auth/me                 who the caller is: role, unit, scopes, capabilities
/// GET|POST /api/accounts            accounts in the administrator's scope; create {username, displayName, role, unit, password}
/// POST /api/accounts/{id}/disable   disable an account (its sessions end at once)
/// GET|POST /api/api-keys            keys in scope; issue {name, unit, scopes, expiresAt?} → the secret, shown once
/// POST /api/api-keys/{id}/revoke    revoke a key at once
/// GET  /api/audit                   ?from=&amp;to=&amp;actor=&amp;action=&amp;petitionId=&amp;limit=&amp;before=   (auditors)
/// </code>
/// An administrator manages accounts and keys of its own unit and below only.
/// </summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuthEndpoints(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Access");
        auth.MapPost("/login", Login).AllowAnonymous().RequireRateLimiting(AuthSetup.LoginLimit);
        auth.MapPost("/logout", Logout);
        auth.MapGet("/me", Me);

        var accounts = app.MapGroup("/api/accounts").WithTags("Access").RequireAuthorization(Policies.ManageAccounts);
        accounts.MapGet("/", async (HttpContext http, AccountStore store, CancellationToken ct) => TypedResults.Ok(await store.AccountsAsync(RequestScope.Jurisdiction(http), ct)));
        accounts.MapPost("/", CreateAccount);
        accounts.MapPost("/{id:long}/disable", async (long id, HttpContext http, AccountStore store, CancellationToken ct) =>
            await store.DisableAsync(id, RequestScope.Jurisdiction(http), ct) is { } a ? TypedResults.Ok(a) : Problems.NotFound("Unknown account", $"there is no account {id} in your scope"));

        var keys = app.MapGroup("/api/api-keys").WithTags("Access").RequireAuthorization(Policies.ManageAccounts);
        keys.MapGet("/", async (HttpContext http, AccountStore store, CancellationToken ct) => TypedResults.Ok(await store.KeysAsync(RequestScope.Jurisdiction(http), ct)));
        keys.MapPost("/", CreateKey);
        keys.MapPost("/{id:long}/revoke", async (long id, HttpContext http, AccountStore store, CancellationToken ct) =>
            await store.RevokeKeyAsync(id, RequestScope.Jurisdiction(http), ct) is { } k ? TypedResults.Ok(k) : Problems.NotFound("Unknown API key", $"there is no API key {id} in your scope"));

        app.MapGet("/api/audit", Audit).WithTags("Access").RequireAuthorization(Policies.ReadAudit);
        return app;
    }

    public sealed record LoginRequest(string? Username, string? Password);

    public sealed record AccountRequest(string? Username, string? DisplayName, string? Role, string? Unit, string? Password);

    public sealed record KeyRequest(string? Name, string? Unit, List<string>? Scopes, DateTimeOffset? ExpiresAt);

    private static async Task<IResult> Login(LoginRequest r, HttpContext http, AccountStore accounts, TokenService tokens, AuditLog audit, CancellationToken ct)
    {
        var username = r.Username?.Trim().ToLowerInvariant() ?? "";
        // Token lifetimes are wall-clock time (validation and the session table use it), not the case clock.
        var now = DateTimeOffset.UtcNow;
        var expires = now.AddMinutes(tokens.Options.TokenMinutes);
        var login = string.IsNullOrEmpty(r.Password) || !AccountStore.IsValidUsername(username)
            ? null
            : await accounts.LoginAsync(username, r.Password, expires, RequestScope.ClientAddress(http), ct);
        if (login is not { } ok)
        {
            await audit.WriteAsync(http, "login_failed", status: 401, actor: AccountStore.IsValidUsername(username) ? username : "?");
            return TypedResults.Problem(title: "Login failed", statusCode: StatusCodes.Status401Unauthorized,
                detail: $"unknown username, wrong password, or a disabled or locked account ({tokens.Options.LockoutThreshold} wrong passwords in a row lock an account for {tokens.Options.LockoutMinutes} minutes; an administrator can unlock it by setting a new password)");
        }

        var token = tokens.Issue(ok.Account, ok.Session, now, expires);
        http.User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
            [new(AuthClaims.Subject, ok.Account.Username), new(AuthClaims.Role, ok.Account.Role), new(AuthClaims.Unit, ok.Account.Unit)], "login"));
        await audit.WriteAsync(http, "login", status: 200);
        return TypedResults.Ok(new { accessToken = token, tokenType = "Bearer", expiresAt = expires, account = ok.Account });
    }

    private static async Task<IResult> Logout(HttpContext http, AccountStore accounts, CancellationToken ct)
    {
        if (Guid.TryParse(http.User.FindFirst(AuthClaims.Session)?.Value, out var session))
        {
            await accounts.RevokeSessionAsync(session, ct);
        }

        return TypedResults.NoContent();
    }

    private static IResult Me(HttpContext http)
    {
        var caller = RequestScope.Caller(http);
        return TypedResults.Ok(new
        {
            subject = caller.Actor,
            name = http.User.FindFirst(AuthClaims.Name)?.Value,
            role = caller.Role,
            unit = caller.Unit,
            scopes = http.User.FindAll(AuthClaims.Scope).Select(c => c.Value),
            capabilities = Policies.Table.Keys.Where(p => Policies.Allows(http.User, p)),
            personalData = RequestScope.SeesPersonalData(http) ? "clear" : "masked",
        });
    }

    private static async Task<IResult> CreateAccount(AccountRequest r, HttpContext http, AccountStore store, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var username = r.Username?.Trim().ToLowerInvariant();
        if (!AccountStore.IsValidUsername(username))
        {
            errors["username"] = ["2–63 characters of a–z, 0–9, '.', '_' or '-', starting with a letter or digit"];
        }

        if (r.Role is null || !Roles.All.Contains(r.Role))
        {
            errors["role"] = [$"'{r.Role}' is not a role; accepted: {string.Join(", ", Roles.All)}"];
        }

        UnitErrors(http, r.Unit, errors);
        if (r.Password is not { Length: >= 10 })
        {
            errors["password"] = ["at least 10 characters"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid account");
        }

        return await store.CreateAccountAsync(username!, string.IsNullOrWhiteSpace(r.DisplayName) ? username! : r.DisplayName.Trim(), r.Role!, r.Unit!, r.Password!, ct) is { } created
            ? TypedResults.Created($"/api/accounts/{created.Id}", created)
            : TypedResults.Problem(title: "Username taken", detail: $"an account named '{username}' exists already", statusCode: StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> CreateKey(KeyRequest r, HttpContext http, AccountStore store, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(r.Name))
        {
            errors["name"] = ["the name of the system the key is for is required"];
        }

        UnitErrors(http, r.Unit, errors);
        if (r.Scopes is not { Count: > 0 } || r.Scopes.Any(s => !ApiScopes.All.Contains(s)))
        {
            errors["scopes"] = [$"one or more of: {string.Join(", ", ApiScopes.All)}"];
        }

        if (r.ExpiresAt <= time.GetUtcNow())
        {
            errors["expiresAt"] = ["must be in the future"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid API key request");
        }

        var (key, secret) = await store.CreateKeyAsync(r.Name!.Trim(), r.Unit!, r.Scopes!.Distinct().ToList(), RequestScope.Caller(http).Actor, r.ExpiresAt, ct);
        return TypedResults.Created($"/api/api-keys/{key.Id}", new { key, secret });
    }

    /// <summary>A unit must be a valid code inside the administrator's own scope.</summary>
    private static void UnitErrors(HttpContext http, string? unit, Dictionary<string, string[]> errors)
    {
        if (unit is null || !JurisdictionScope.IsValidCode(unit))
        {
            errors["unit"] = ["a 6-, 9- or 12-digit administrative code (000000 = national)"];
        }
        else if (!RequestScope.Jurisdiction(http).Contains(unit))
        {
            errors["unit"] = [$"{unit} is outside your own unit {RequestScope.Caller(http).Unit}"];
        }
    }

    private static async Task<IResult> Audit(HttpContext http, AuditLog audit, CancellationToken ct,
        DateTimeOffset? from = null, DateTimeOffset? to = null, string? actor = null, string? action = null, long? petitionId = null, int? limit = null, long? before = null)
    {
        var size = limit ?? 100;
        if (size is < 1 or > 1000)
        {
            return Problems.BadRequest("Invalid limit", "limit must be between 1 and 1000", "limit");
        }

        var items = await audit.ListAsync(new AuditQuery(from, to, actor, action, petitionId, before, size), RequestScope.Jurisdiction(http), ct);
        return TypedResults.Ok(new { items, next = items.Count == size ? items[^1].Id : (long?)null });
    }
}
