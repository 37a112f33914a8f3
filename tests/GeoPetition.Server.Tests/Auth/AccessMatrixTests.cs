using System.Net;
using System.Net.Http.Headers;
using System.Text;
using GeoPetition.Server.Auth;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace GeoPetition.Server.Tests.Auth;

/// <summary>
/// The access matrix, generated from one table: every endpoint of the running app × every role and
/// API key scope (all of county A) and anonymous × an object of county A and of county B.
/// Expected: anonymous → 401 where sign-in is needed; without the capability → 403; with it, an
/// object in scope is served (not 401/403/404) and an object out of scope answers exactly as an
/// object that does not exist (404 for reads), never 2xx. An endpoint of the app that has no row
/// in <see cref="Table"/> fails the test: a new endpoint must say who may call it.
/// </summary>
public sealed class AccessMatrixTests(AccessFixture fixture, ITestOutputHelper output) : IClassFixture<AccessFixture>
{
    private const string Public = "public";
    private const string SignedIn = "signed_in";

    /// <summary>Who holds each capability, written out independently of <see cref="Policies.Table"/>: roles, and the key scope.</summary>
    private static readonly Dictionary<string, (string[] Roles, string? Scope)> Holders = new()
    {
        [Policies.ReadCases] = (["registrar", "case_officer", "lead_official", "supervisor", "auditor", "administrator"], "read_cases"),
        [Policies.SubmitPetitions] = (["registrar", "case_officer", "administrator"], "submit_petitions"),
        [Policies.WriteCases] = (["registrar", "case_officer", "lead_official", "supervisor", "administrator"], "write_cases"),
        [Policies.Verify] = (["registrar", "case_officer", "lead_official", "supervisor", "administrator"], "write_cases"),
        [Policies.Supervise] = (["supervisor", "administrator"], null),
        [Policies.ReadLayers] = (["registrar", "case_officer", "lead_official", "supervisor", "auditor", "administrator"], "read_layers"),
        [Policies.ManageLayers] = (["administrator"], null),
        [Policies.ManageAccounts] = (["administrator"], null),
        [Policies.ReadAudit] = (["auditor"], null),
    };

    /// <summary>
    /// One row per endpoint: method and route pattern as the app registers them, the capability it
    /// needs, and the request (placeholders {id} petition, {caseno} its case number, {listing}, {account}, {key}, {job}, {unit}
    /// are filled with county A's, county B's or missing objects; a row without one has no scope variant).
    /// </summary>
    private static readonly (string Endpoint, string Access, string Path, string? Body)[] Table =
    [
        ("GET /health/live", Public, "/health/live", null),
        ("GET /health/ready", Public, "/health/ready", null),
        ("GET /", Public, "/", null),
        ("GET /api/viewer/config", Public, "/api/viewer/config", null),
        ("GET /openapi/{documentName}.json", Public, "/openapi/v1.json", null),
        ("GET /api-docs/{documentName?}", Public, "/api-docs/", null),
        ("GET /api-docs/scalar.js", Public, "/api-docs/scalar.js", null),
        ("GET /api-docs/scalar.aspnetcore.js", Public, "/api-docs/scalar.aspnetcore.js", null),
        ("GET /api-docs/favicon.svg", Public, "/api-docs/favicon.svg", null),
        ("POST /api/auth/login", Public, "/api/auth/login", $$"""{"username":"{{AccessFixture.LoginUser}}","password":"{{GeoPetitionApp.Password}}"}"""),
        ("GET /api/auth/me", SignedIn, "/api/auth/me", null),
        ("GET /api/accounts/", Policies.ManageAccounts, "/api/accounts/", null),
        ("POST /api/accounts/", Policies.ManageAccounts, "/api/accounts/", "{}"),
        ("POST /api/accounts/{id:long}/disable", Policies.ManageAccounts, "/api/accounts/{account}/disable", null),
        ("GET /api/api-keys/", Policies.ManageAccounts, "/api/api-keys/", null),
        ("POST /api/api-keys/", Policies.ManageAccounts, "/api/api-keys/", "{}"),
        ("POST /api/api-keys/{id:long}/revoke", Policies.ManageAccounts, "/api/api-keys/{key}/revoke", null),
        ("GET /api/audit", Policies.ReadAudit, "/api/audit", null),
        ("GET /api/layers/", Public, "/api/layers/", null),
        ("POST /api/layers/", Policies.ManageLayers, "/api/layers/", "{}"),
        ("GET /api/layers/{layerId}", Public, "/api/layers/jurisdiction", null),
        ("GET /api/layers/{layerId}/versions", Public, "/api/layers/jurisdiction/versions", null),
        ("POST /api/layers/{layerId}/imports", Policies.ManageLayers, "/api/layers/jurisdiction/imports", "{}"),
        ("GET /api/layers/{layerId}/features", Public, "/api/layers/jurisdiction/features", null),
        ("GET /api/layers/{layerId}/features/{featureId}", Public, "/api/layers/jurisdiction/features/1", null),
        ("POST /api/petitions/", Policies.SubmitPetitions, "/api/petitions/", "{}"),
        ("GET /api/petitions/", Policies.ReadCases, "/api/petitions/", null),
        ("GET /api/petitions/{id:long}", Policies.ReadCases, "/api/petitions/{id}", null),
        ("POST /api/petitions/{id:long}/verifications", Policies.Verify, "/api/petitions/{id}/verifications", "{}"),
        ("GET /api/petitions/{id:long}/verifications", Policies.ReadCases, "/api/petitions/{id}/verifications", null),
        ("POST /api/verify", Policies.ReadLayers, "/api/verify", "{}"),
        ("POST /api/verify/map.png", Policies.ReadLayers, "/api/verify/map.png", "{}"),
        ("POST /api/jobs/verifications", Policies.Verify, "/api/jobs/verifications", """{"jurisdiction":"{unit}"}"""),
        ("GET /api/jobs/{id:long}", Policies.ReadCases, "/api/jobs/{job}", null),
        ("GET /tiles/", Public, "/tiles/", null),
        ("GET /tiles/{layerId}.json", Public, "/tiles/jurisdiction.json", null),
        ("GET /tiles/{layerId}/{z}/{x}/{y}.mvt", Public, "/tiles/jurisdiction/0/0/0.mvt", null),
        ("GET /tiles/{z}/{x}/{y}.mvt", Public, "/tiles/0/0/0.mvt?layers=jurisdiction", null),
        ("GET /ogc/", Public, "/ogc/", null),
        ("GET /ogc/conformance", Public, "/ogc/conformance", null),
        ("GET /ogc/collections", Public, "/ogc/collections", null),
        ("GET /ogc/collections/{collectionId}", Public, "/ogc/collections/jurisdiction", null),
        ("GET /ogc/collections/{collectionId}/queryables", Public, "/ogc/collections/jurisdiction/queryables", null),
        ("GET /ogc/collections/{collectionId}/items", Public, "/ogc/collections/jurisdiction/items", null),
        ("GET /ogc/collections/{collectionId}/items/{featureId}", Public, "/ogc/collections/jurisdiction/items/1", null),
        ("GET /api/imagery/scenes", Public, "/api/imagery/scenes", null),
        ("GET /api/imagery/pair", Public, "/api/imagery/pair?lon=105.3&lat=30.5", null),
        ("GET /imagery/{sceneId}/{z}/{x}/{y}.{ext}", Public, "/imagery/none/0/0/0.png", null),
        ("GET /api/cases/workflow", Public, "/api/cases/workflow", null),
        ("GET /api/petitions/{id:long}/case", Policies.ReadCases, "/api/petitions/{id}/case", null),
        ("POST /api/petitions/{id:long}/transitions", Policies.WriteCases, "/api/petitions/{id}/transitions", "{}"),
        ("GET /api/petitions/{id:long}/lead", Policies.ReadCases, "/api/petitions/{id}/lead", null),
        ("POST /api/petitions/{id:long}/lead", Policies.WriteCases, "/api/petitions/{id}/lead", """{"leadOfficial":"王副县长","assignedBy":"县委","assignedOn":"2026-06-02","units":["县自然资源局"]}"""),
        ("GET /api/petitions/{id:long}/plan", Policies.ReadCases, "/api/petitions/{id}/plan", null),
        ("POST /api/petitions/{id:long}/plan", Policies.WriteCases, "/api/petitions/{id}/plan", "{}"),
        ("GET /api/petitions/{id:long}/notes", Policies.ReadCases, "/api/petitions/{id}/notes", null),
        ("POST /api/petitions/{id:long}/notes", Policies.WriteCases, "/api/petitions/{id}/notes", """{"date":"2026-06-03","author":"承办人","text":"现场核查"}"""),
        ("GET /api/petitions/{id:long}/supervision", Policies.ReadCases, "/api/petitions/{id}/supervision", null),
        ("POST /api/petitions/{id:long}/supervision", Policies.Supervise, "/api/petitions/{id}/supervision", "{}"),
        ("POST /api/petitions/{id:long}/supervision/{listingId:long}/checks", Policies.Supervise, "/api/petitions/{id}/supervision/{listing}/checks", """{"criterion":0,"met":false,"checkedBy":"督查室","checkedOn":"2026-06-20"}"""),
        ("POST /api/petitions/{id:long}/supervision/{listingId:long}/strike-off", Policies.Supervise, "/api/petitions/{id}/supervision/{listing}/strike-off", "{}"),
        ("GET /api/petitions/{id:long}/look-backs", Policies.ReadCases, "/api/petitions/{id}/look-backs", null),
        ("POST /api/petitions/{id:long}/look-backs/{lookBackId:long}", Policies.WriteCases, "/api/petitions/{id}/look-backs/1", "{}"),
        ("GET /api/petitions/{id:long}/evaluations", Policies.ReadCases, "/api/petitions/{id}/evaluations", null),
        ("POST /api/petitions/{id:long}/evaluations", Policies.WriteCases, "/api/petitions/{id}/evaluations", "{}"),
        ("POST /api/petitions/{id:long}/repeat-check", Policies.WriteCases, "/api/petitions/{id}/repeat-check", null),
        ("GET /api/petitions/{id:long}/links", Policies.ReadCases, "/api/petitions/{id}/links", null),
        ("POST /api/petitions/{id:long}/links", Policies.WriteCases, "/api/petitions/{id}/links", "{}"),
        ("GET /api/supervision", Policies.ReadCases, "/api/supervision?jurisdiction={unit}", null),
        ("GET /api/look-backs/due", Policies.ReadCases, "/api/look-backs/due?jurisdiction={unit}", null),
        ("GET /api/case-groups", Policies.ReadCases, "/api/case-groups", null),
        ("POST /api/case-groups", Policies.WriteCases, "/api/case-groups", "{}"),
        ("GET /api/case-groups/suggestions", Policies.ReadCases, "/api/case-groups/suggestions", null),
        ("POST /api/petitions/{id:long}/query-code", Policies.WriteCases, "/api/petitions/{id}/query-code", """{"issuedBy":"登记员"}"""),
        ("GET /api/track/{code}/", Public, "/api/track/ABCD-EFGH-JKMN/", null),
        ("POST /api/track/{code}/evaluations", Public, "/api/track/ABCD-EFGH-JKMN/evaluations", "{}"),
        ("GET /api/ledger", Policies.ReadCases, "/api/ledger?jurisdiction={unit}", null),
        ("GET /api/statistics", Policies.ReadCases, "/api/statistics?jurisdiction={unit}", null),
        ("GET /api/petitions/{id:long}/procedural-checks", Policies.ReadCases, "/api/petitions/{id}/procedural-checks", null),
        ("POST /api/petitions/{id:long}/evidence", Policies.WriteCases, "/api/petitions/{id}/evidence", "{}"),
        ("GET /api/petitions/{id:long}/evidence", Policies.ReadCases, "/api/petitions/{id}/evidence", null),
        ("GET /api/petitions/{id:long}/evidence/{attachmentId:long}/content", Policies.ReadCases, "/api/petitions/{id}/evidence/1/content", null),
        ("GET /api/petitions/{id:long}/evidence/chain", Policies.ReadCases, "/api/petitions/{id}/evidence/chain", null),
        ("GET /api/petitions/{id:long}/evidence/verify", Policies.ReadCases, "/api/petitions/{id}/evidence/verify", null),
        ("GET /api/petitions/{id:long}/map.png", Policies.ReadCases, "/api/petitions/{id}/map.png", null),
        ("GET /api/petitions/{id:long}/report.pdf", Policies.ReadCases, "/api/petitions/{id}/report.pdf", null),
        ("GET /api/petitions/{id:long}/evidence-package.zip", Policies.ReadCases, "/api/petitions/{id}/evidence-package.zip", null),
        ("GET /open311/v2/services.json", Policies.ReadCases, "/open311/v2/services.json", null),
        ("GET /open311/v2/requests.json", Policies.ReadCases, "/open311/v2/requests.json", null),
        ("GET /open311/v2/requests/{serviceRequestId}.json", Policies.ReadCases, "/open311/v2/requests/{caseno}.json", null),

        // Last: it ends the caller's session.
        ("POST /api/auth/logout", SignedIn, "/api/auth/logout", null),
    ];

    [Fact]
    public void Every_endpoint_of_the_app_has_a_row()
    {
        var rows = Table.Select(r => r.Endpoint).ToHashSet();
        var endpoints = Endpoints();
        var missing = endpoints.Except(rows).ToList();
        var stale = rows.Except(endpoints).ToList();
        Assert.True(missing.Count == 0, "endpoints without a row in AccessMatrixTests.Table (say who may call them): " + string.Join("; ", missing));
        Assert.True(stale.Count == 0, "rows for endpoints the app does not have: " + string.Join("; ", stale));
    }

    /// <summary>
    /// The OpenAPI document says what the table says: both security schemes are declared; every
    /// documented operation of a row that needs a capability requires a token or a key and names
    /// that capability; every public one requires nothing.
    /// </summary>
    [Fact]
    public async Task The_OpenAPI_document_states_each_operations_access_rule()
    {
        using var http = fixture.App.CreateClient();
        using var doc = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var root = doc.RootElement;
        var schemes = root.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal("bearer", schemes.GetProperty("bearer").GetProperty("scheme").GetString());
        Assert.Equal("X-Api-Key", schemes.GetProperty("apiKey").GetProperty("name").GetString());

        static string Normalise(string route) =>
            "/" + string.Join("/", route.Split('/', StringSplitOptions.RemoveEmptyEntries)
                .Select(part => System.Text.RegularExpressions.Regex.Replace(part, @"\{([^}:?]+)[^}]*\}", "{$1}")));
        var byOperation = Table.ToDictionary(r => r.Endpoint.Split(' ')[0] + " " + Normalise(r.Endpoint.Split(' ', 2)[1]), r => r.Access);
        var checkedOps = 0;
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var op in path.Value.EnumerateObject())
            {
                var key = op.Name.ToUpperInvariant() + " " + Normalise(path.Name);
                Assert.True(byOperation.TryGetValue(key, out var access), $"{key} is documented but has no row");
                var secured = op.Value.TryGetProperty("security", out var security) && security.GetArrayLength() > 0;
                var description = op.Value.TryGetProperty("description", out var d) ? d.GetString() ?? "" : "";
                if (access == Public)
                {
                    Assert.False(secured, $"{key} is public but documented as needing a token or key");
                }
                else
                {
                    Assert.True(secured, $"{key} needs {access} but the document requires no token or key");
                    if (access != SignedIn)
                    {
                        Assert.Contains($"`{access}`", description);
                    }
                }

                checkedOps++;
            }
        }

        output.WriteLine($"{checkedOps} documented operations checked against the access table");
        Assert.True(checkedOps > 80, $"only {checkedOps} operations documented");
    }

    [Fact]
    public async Task Every_endpoint_for_every_role_in_and_out_of_scope()
    {
        var callers = new List<(string Name, string? Role, string? Scope, HttpClient Http)> { ("anonymous", null, null, fixture.App.CreateAnonymousClient()) };
        callers.AddRange(Roles.All.Select(r => (r, (string?)r, (string?)null, fixture.App.CreateClient(r, AccessFixture.A))));
        foreach (var (scope, secret) in fixture.Keys)
        {
            var http = fixture.App.CreateAnonymousClient();
            http.DefaultRequestHeaders.Add(ApiKeyHandler.Header, secret);
            callers.Add(("key:" + scope, null, scope, http));
        }

        var failures = new List<string>();
        var checkedCount = 0;
        foreach (var (endpoint, access, path, body) in Table)
        {
            var method = endpoint.Split(' ')[0];
            var scoped = Placeholders.Any(p => path.Contains(p, StringComparison.Ordinal) || (body ?? "").Contains(p, StringComparison.Ordinal));
            foreach (var (name, role, keyScope, http) in callers)
            {
                var allowed = access switch
                {
                    Public => true,
                    SignedIn => name != "anonymous",
                    _ => role is not null ? Holders[access].Roles.Contains(role) : keyScope is not null && Holders[access].Scope == keyScope,
                };
                var inScope = await SendAsync(http, method, path, body, fixture.InA);
                checkedCount++;
                string? Fail(string what) => $"{endpoint} as {name}: {what}";
                if (access != Public && name == "anonymous")
                {
                    if (inScope != HttpStatusCode.Unauthorized)
                    {
                        failures.Add(Fail($"expected 401 without credentials, got {(int)inScope}")!);
                    }

                    continue;
                }

                if (!allowed)
                {
                    if (inScope != HttpStatusCode.Forbidden)
                    {
                        failures.Add(Fail($"expected 403 without the capability {access}, got {(int)inScope}")!);
                    }

                    continue;
                }

                var subObject = path.Contains("look-backs/1", StringComparison.Ordinal) || path.Contains("evidence/1/content", StringComparison.Ordinal);
                if (inScope is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden || (inScope == HttpStatusCode.NotFound && scoped && !subObject))
                {
                    failures.Add(Fail($"in scope: expected to be served, got {(int)inScope}")!);
                }

                if (!scoped)
                {
                    continue;
                }

                var outOfScope = await SendAsync(http, method, path, body, fixture.InB);
                var missing = await SendAsync(http, method, path, body, fixture.Missing);
                checkedCount += 2;
                // A list narrowed to another unit (?jurisdiction=) answers as for a unit that does not exist (an empty list; the leak probe checks the content).
                var list = path.Contains("jurisdiction={unit}", StringComparison.Ordinal);
                if ((!list && (int)outOfScope is >= 200 and < 300) || outOfScope != missing || (method == "GET" && !list && outOfScope != HttpStatusCode.NotFound))
                {
                    failures.Add(Fail($"out of scope: got {(int)outOfScope}, a missing object gives {(int)missing} (must be equal, not 2xx, 404 for reads)")!);
                }
            }
        }

        output.WriteLine($"{checkedCount} requests checked");
        Assert.True(failures.Count == 0, $"{failures.Count} of {checkedCount} failed:\n" + string.Join("\n", failures));
    }

    private static readonly string[] Placeholders = ["{id}", "{caseno}", "{listing}", "{account}", "{key}", "{job}", "{unit}"];

    private static async Task<HttpStatusCode> SendAsync(HttpClient http, string method, string path, string? body, AccessFixture.Objects o)
    {
        string Fill(string s) => s.Replace("{id}", o.Petition.ToString(), StringComparison.Ordinal).Replace("{listing}", o.Listing.ToString(), StringComparison.Ordinal)
            .Replace("{account}", o.Account.ToString(), StringComparison.Ordinal).Replace("{key}", o.Key.ToString(), StringComparison.Ordinal)
            .Replace("{job}", o.Job.ToString(), StringComparison.Ordinal).Replace("{unit}", o.Unit, StringComparison.Ordinal)
            .Replace("{caseno}", o.CaseNo, StringComparison.Ordinal);
        using var request = new HttpRequestMessage(new HttpMethod(method), Fill(path));
        if (method != "GET")
        {
            request.Content = new StringContent(Fill(body ?? "{}"), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
        }

        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    private HashSet<string> Endpoints() => fixture.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
        .OfType<RouteEndpoint>()
        .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["*"]).Select(m => $"{m} {e.RoutePattern.RawText}"))
        .ToHashSet();
}
