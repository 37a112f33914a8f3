using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace GeoPetition.Server.Auth;

/// <summary>Rate limits (configuration section <c>GeoPetition:RateLimits</c>), per client address or caller, per minute.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "GeoPetition:RateLimits";

    /// <summary>Login attempts per client address.</summary>
    public int LoginPerMinute { get; set; } = 10;

    /// <summary>Query-code (查询码) requests per client address (unknown codes are throttled harder by <c>QueryCodeThrottle</c>).</summary>
    public int TrackPerMinute { get; set; } = 30;

    /// <summary>Verifications, batch jobs, ledgers and statistics per caller.</summary>
    public int HeavyPerMinute { get; set; } = 60;

    /// <summary>Largest request body without an endpoint's own limit (imports and uploads set theirs), in bytes.</summary>
    public long MaxBodyBytes { get; set; } = 4 * 1024 * 1024;
}

/// <summary>Registers and wires authentication, authorization, rate limits, body limits and the audit trail.</summary>
public static class AuthSetup
{
    public const string Scheme = "GeoPetition";
    public const string LoginLimit = "login";
    public const string TrackLimit = "track";
    public const string HeavyLimit = "heavy";

    public static WebApplicationBuilder AddGeoPetitionAuth(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var limits = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddSingleton(options);
        services.AddSingleton(limits);
        services.AddSingleton<TokenService>();
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PersonalDataProtector>();

        // One scheme for callers: API key when the X-Api-Key header is present, else bearer token.
        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "Bearer token or API key", o => o.ForwardDefaultSelector = http =>
                http.Request.Headers.ContainsKey(ApiKeyHandler.Header) ? ApiKeyHandler.SchemeName : JwtBearerDefaults.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyHandler>(ApiKeyHandler.SchemeName, null)
            .AddJwtBearer(o =>
            {
                o.MapInboundClaims = false;
                o.Events = new JwtBearerEvents
                {
                    // A token is good only while its session is: logout, a disabled account or revocation end it at once.
                    OnTokenValidated = async context =>
                    {
                        var sid = context.Principal?.FindFirst(AuthClaims.Session)?.Value;
                        var accounts = context.HttpContext.RequestServices.GetRequiredService<AccountStore>();
                        if (!Guid.TryParse(sid, out var session) || !await accounts.SessionActiveAsync(session, context.HttpContext.RequestAborted))
                        {
                            context.Fail("the session of this token has ended (logged out, revoked or account disabled)");
                        }
                    },
                };
            });
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<TokenService>((o, tokens) => o.TokenValidationParameters = tokens.ValidationParameters);

        services.AddAuthorization(o =>
        {
            foreach (var policy in Policies.Table.Keys)
            {
                o.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireAssertion(c => Policies.Allows(c.User, policy)));
            }

            // Closed by default: a route that names no policy still needs a signed-in caller.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
        });

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginLimit, http => Window(RequestScope.ClientAddress(http), limits.LoginPerMinute));
            o.AddPolicy(TrackLimit, http => Window(RequestScope.ClientAddress(http), limits.TrackPerMinute));
            o.AddPolicy(HeavyLimit, http => Window(RequestScope.Caller(http) is { IsApiKey: false, Role: "anonymous" } ? RequestScope.ClientAddress(http) : RequestScope.Caller(http).Actor, limits.HeavyPerMinute));
            o.OnRejected = async (context, ct) =>
            {
                var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retry) ? (int)Math.Ceiling(retry.TotalSeconds) : 60;
                var response = context.HttpContext.Response;
                response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                await Results.Problem(title: "Too many requests", detail: $"rate limit reached; try again in {seconds} s", statusCode: StatusCodes.Status429TooManyRequests)
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> Window(string key, int perMinute) =>
        RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions { PermitLimit = Math.Max(1, perMinute), Window = TimeSpan.FromMinutes(1), QueueLimit = 0 });

    /// <summary>Authentication, body limits, authorization, rate limits and the audit trail, in that order (after routing and static files).</summary>
    public static WebApplication UseGeoPetitionAuth(this WebApplication app)
    {
        app.UseAuthentication();
        app.Use(LimitBody);
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseMiddleware<AuditMiddleware>();
        return app;
    }

    /// <summary>413 for a body larger than the endpoint's limit (<c>RequestSizeLimit</c>) or <see cref="RateLimitOptions.MaxBodyBytes"/>.</summary>
    private static async Task LimitBody(HttpContext http, RequestDelegate next)
    {
        var limit = http.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize
            ?? http.RequestServices.GetRequiredService<RateLimitOptions>().MaxBodyBytes;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = limit;
        }

        if (http.Request.ContentLength > limit)
        {
            await Results.Problem(title: "Request too large", detail: $"the body is {http.Request.ContentLength} bytes; this endpoint accepts at most {limit}", statusCode: StatusCodes.Status413PayloadTooLarge)
                .ExecuteAsync(http);
            return;
        }

        await next(http);
    }

    /// <summary>Creates the first administrator from <c>GeoPetition:Auth:Bootstrap:{Username,Password,Unit}</c> when there is none.</summary>
    public static async Task BootstrapAsync(this WebApplication app)
    {
        var section = app.Configuration.GetSection(AuthOptions.Section + ":Bootstrap");
        if (section["Username"] is not { Length: > 0 } username || section["Password"] is not { Length: > 0 } password)
        {
            return;
        }

        var accounts = app.Services.GetRequiredService<AccountStore>();
        if (!await accounts.AnyAdministratorAsync(CancellationToken.None))
        {
            await accounts.CreateAccountAsync(username, "Administrator", Roles.Administrator, section["Unit"] ?? Data.JurisdictionScope.National, password, CancellationToken.None);
            app.Logger.LogInformation("Bootstrap administrator {Username} created", username);
        }
    }
}
