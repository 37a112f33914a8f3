using System.Security.Claims;

namespace GeoPetition.Server.Auth;

/// <summary>
/// Staff roles (one per account) and what each may do. The table in <see cref="Policies.Table"/> is the
/// single statement of who may call what; docs/security.md repeats it for readers.
/// </summary>
public static class Roles
{
    /// <summary>登记员: intake of petitions.</summary>
    public const string Registrar = "registrar";

    /// <summary>承办人: handles cases, verifies, records transitions.</summary>
    public const string CaseOfficer = "case_officer";

    /// <summary>包案领导: the official who personally owns hard cases.</summary>
    public const string LeadOfficial = "lead_official";

    /// <summary>督办: lists cases for supervision and strikes them off.</summary>
    public const string Supervisor = "supervisor";

    /// <summary>审计: reads everything in scope (masked) and the audit trail; changes nothing.</summary>
    public const string Auditor = "auditor";

    /// <summary>系统管理员: accounts, API keys and layers; case data masked.</summary>
    public const string Administrator = "administrator";

    /// <summary>The role claim of an API key (keys have scopes, not roles).</summary>
    public const string ApiKey = "api_key";

    public static readonly IReadOnlyList<string> All = [Registrar, CaseOfficer, LeadOfficial, Supervisor, Auditor, Administrator];

    /// <summary>Roles that see petitioners' name, ID number, phone and address in clear (the people who talk to them).</summary>
    public static readonly IReadOnlySet<string> SeePersonalData = new HashSet<string> { Registrar, CaseOfficer, LeadOfficial };
}

/// <summary>Scopes of API keys for other systems.</summary>
public static class ApiScopes
{
    public const string ReadLayers = "read_layers";
    public const string SubmitPetitions = "submit_petitions";
    public const string ReadCases = "read_cases";
    public const string WriteCases = "write_cases";

    public static readonly IReadOnlyList<string> All = [ReadLayers, SubmitPetitions, ReadCases, WriteCases];
}

/// <summary>
/// Authorization policies, one per capability. An endpoint (or its route group) names one with
/// <c>.RequireAuthorization(Policies.X)</c>; a route without any policy still requires a signed-in
/// caller (the fallback policy), so a forgotten endpoint is closed, not open. Public routes say
/// <c>.AllowAnonymous()</c> explicitly.
/// </summary>
public static class Policies
{
    /// <summary>Read petitions, cases, verifications, ledgers, statistics and jobs in scope.</summary>
    public const string ReadCases = "read_cases";

    /// <summary>File petitions (intake).</summary>
    public const string SubmitPetitions = "submit_petitions";

    /// <summary>Record case work: transitions, leads, plans, notes, evaluations, links, groups, query codes.</summary>
    public const string WriteCases = "write_cases";

    /// <summary>Run verifications (stored, ad-hoc and batch jobs).</summary>
    public const string Verify = "verify";

    /// <summary>挂牌督办: list for supervision, check criteria, strike off.</summary>
    public const string Supervise = "supervise";

    /// <summary>Read layers marked restricted (and call the ad-hoc check).</summary>
    public const string ReadLayers = "read_layers";

    /// <summary>Create layers and import into them.</summary>
    public const string ManageLayers = "manage_layers";

    /// <summary>Create and disable accounts, issue and revoke API keys.</summary>
    public const string ManageAccounts = "manage_accounts";

    /// <summary>Read the audit trail.</summary>
    public const string ReadAudit = "read_audit";

    /// <summary>Who holds each capability: staff roles, and the API key scope that grants it (null: no key may).</summary>
    public static readonly IReadOnlyDictionary<string, (IReadOnlySet<string> Roles, string? Scope)> Table =
        new Dictionary<string, (IReadOnlySet<string>, string?)>
        {
            [ReadCases] = (Set(Roles.Registrar, Roles.CaseOfficer, Roles.LeadOfficial, Roles.Supervisor, Roles.Auditor, Roles.Administrator), ApiScopes.ReadCases),
            [SubmitPetitions] = (Set(Roles.Registrar, Roles.CaseOfficer, Roles.Administrator), ApiScopes.SubmitPetitions),
            [WriteCases] = (Set(Roles.Registrar, Roles.CaseOfficer, Roles.LeadOfficial, Roles.Supervisor, Roles.Administrator), ApiScopes.WriteCases),
            [Verify] = (Set(Roles.Registrar, Roles.CaseOfficer, Roles.LeadOfficial, Roles.Supervisor, Roles.Administrator), ApiScopes.WriteCases),
            [Supervise] = (Set(Roles.Supervisor, Roles.Administrator), null),
            [ReadLayers] = (Set(Roles.All.ToArray()), ApiScopes.ReadLayers),
            [ManageLayers] = (Set(Roles.Administrator), null),
            [ManageAccounts] = (Set(Roles.Administrator), null),
            [ReadAudit] = (Set(Roles.Auditor), null),
        };

    private static HashSet<string> Set(params string[] roles) => [.. roles];

    /// <summary>Whether <paramref name="user"/> holds <paramref name="policy"/>'s capability.</summary>
    public static bool Allows(ClaimsPrincipal user, string policy)
    {
        if (user.Identity?.IsAuthenticated != true || !Table.TryGetValue(policy, out var rule))
        {
            return false;
        }

        var role = user.FindFirstValue(AuthClaims.Role);
        return role == Roles.ApiKey
            ? rule.Scope is { } scope && user.HasClaim(AuthClaims.Scope, scope)
            : role is not null && rule.Roles.Contains(role);
    }
}

/// <summary>Claim names in tokens and key principals (short, JWT style; never mapped to WS-* URIs).</summary>
public static class AuthClaims
{
    public const string Subject = "sub";
    public const string Role = "role";
    public const string Unit = "unit";
    public const string Scope = "scope";
    public const string Session = "jti";
    public const string Name = "name";
}
