using System.Security.Claims;
using GeoPetition.Server.Data;

namespace GeoPetition.Server.Auth;

/// <summary>Who is calling: a staff account or an API key, its role, its unit; or nobody.</summary>
public sealed record Caller(string Actor, string Role, string Unit, bool IsApiKey)
{
    public static readonly Caller Anonymous = new("anonymous", "anonymous", "", false);
}

/// <summary>
/// The per-request view of access control: the caller, the jurisdiction scope every petition read
/// goes through, and whether petitioners' data may be shown in clear. Endpoints ask here and only
/// here (through <c>PetitionEndpoints.Scope(http)</c> for the scope).
/// </summary>
public static class RequestScope
{
    public static Caller Caller(HttpContext http)
    {
        var user = http.User;
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(AuthClaims.Unit) is not { } unit)
        {
            return Auth.Caller.Anonymous;
        }

        var role = user.FindFirstValue(AuthClaims.Role) ?? "";
        return new Caller(user.FindFirstValue(AuthClaims.Subject) ?? "?", role, unit, role == Roles.ApiKey);
    }

    /// <summary>The caller's unit and everything below it; nothing for an anonymous caller.</summary>
    public static JurisdictionScope Jurisdiction(HttpContext http) =>
        Caller(http) is { Unit.Length: > 0 } caller ? new JurisdictionScope(caller.Unit) : JurisdictionScope.None;

    /// <summary>Whether petitioners' name, ID number, phone and address may be shown in clear (else masked).</summary>
    public static bool SeesPersonalData(HttpContext http) => Roles.SeePersonalData.Contains(Caller(http).Role);

    /// <summary>Whether the caller may read restricted layers.</summary>
    public static bool ReadsRestrictedLayers(HttpContext http) => Policies.Allows(http.User, Policies.ReadLayers);

    /// <summary>The client's address as the server sees it (behind a proxy, configure forwarded headers).</summary>
    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
