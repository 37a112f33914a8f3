using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GeoPetition.Server.Auth;
using GeoPetition.Server.Tests.Cases;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GeoPetition.Server.Tests.Auth;

/// <summary>
/// The leak probe (accounts of county A never see county B's petitions or restricted features in
/// lists, exports, statistics, OGC items or tiles), credentials that must be refused, personal data
/// masking and encryption, the audit trail and the rate limits.
/// </summary>
public sealed class AccessTests(AccessFixture fixture) : IClassFixture<AccessFixture>
{
    private CaseApp App => fixture.App;

    [Fact]
    public async Task County_accounts_never_see_the_other_countys_petitions()
    {
        var caseNoB = (await Json(fixture.Cases.Http, $"/api/petitions/{fixture.InB.Petition}")).GetProperty("service_request_id").GetString()!;
        var caseNoA = (await Json(fixture.Cases.Http, $"/api/petitions/{fixture.InA.Petition}")).GetProperty("service_request_id").GetString()!;
        var clients = Roles.All.Select(r => App.CreateClient(r, AccessFixture.A)).ToList();
        var key = App.CreateAnonymousClient();
        key.DefaultRequestHeaders.Add(ApiKeyHandler.Header, fixture.Keys[ApiScopes.ReadCases]);
        clients.Add(key);
        foreach (var http in clients.Where(c => c != null))
        {
            var list = await Json(http, "/api/petitions?limit=500");
            var units = list.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("xzqdm").GetString()).ToList();
            Assert.NotEmpty(units);
            Assert.All(units, u => Assert.Equal(AccessFixture.A, u));
            Assert.Empty((await Json(http, $"/api/petitions?jurisdiction={AccessFixture.B}")).GetProperty("items").EnumerateArray());

            var ledgerCsv = await Text(http, "/api/ledger");
            Assert.Contains(caseNoA, ledgerCsv);
            Assert.DoesNotContain(caseNoB, ledgerCsv);
            Assert.DoesNotContain(AccessFixture.B, ledgerCsv);
            var ledger = await Json(http, "/api/ledger?format=json");
            Assert.All(ledger.GetProperty("rows").EnumerateArray(), r => Assert.Equal(AccessFixture.A, r.GetProperty("属地代码").GetString()));

            var statistics = await Text(http, "/api/statistics?by=unit&period=all");
            Assert.Contains(AccessFixture.A, statistics);
            Assert.DoesNotContain(AccessFixture.B, statistics);
            Assert.DoesNotContain(AccessFixture.B, await Text(http, "/api/statistics?by=unit&period=all&format=csv"));
            Assert.DoesNotContain(caseNoB, await Text(http, "/api/supervision"));
            Assert.DoesNotContain(caseNoB, await Text(http, "/api/case-groups/suggestions"));
            Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync($"/api/jobs/{fixture.InB.Job}")).StatusCode);

            // The petitions tile layer: z10 tile 811/420 covers both counties.
            var tile = await http.GetAsync("/tiles/petitions/10/811/420.mvt");
            Assert.Equal(HttpStatusCode.OK, tile.StatusCode);
            var decoded = DecodeTile(await tile.Content.ReadAsByteArrayAsync());
            Assert.Contains($"xzqdm (String) = {AccessFixture.A}", decoded);
            Assert.DoesNotContain(AccessFixture.B, decoded);
            Assert.DoesNotContain(caseNoB, decoded);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await App.CreateAnonymousClient().GetAsync("/tiles/petitions/10/811/420.mvt")).StatusCode);

        // The province sees both; the other county sees only its own.
        var province = await Text(App.CreateClient(Roles.Auditor, "510000"), "/api/ledger");
        Assert.Contains(caseNoA, province);
        Assert.Contains(caseNoB, province);
        var other = await Text(App.CreateClient(Roles.Auditor, AccessFixture.B), "/api/ledger");
        Assert.DoesNotContain(caseNoA, other);
    }

    [Fact]
    public async Task Restricted_layers_are_hidden_from_the_public_and_filtered_by_the_readers_area()
    {
        // A restricted layer whose one feature lies in county B.
        var admin = fixture.Cases.Http;
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/layers", new { id = "secret_line", kind = "EcologicalRedLine", restricted = true })).StatusCode);
        using var form = new MultipartFormDataContent();
        var geojson = JsonSerializer.Serialize(new
        {
            type = "FeatureCollection",
            features = new[]
            {
                new
                {
                    type = "Feature",
                    properties = new { bsm = "B-1" },
                    geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { 105.33, 30.49 }, new[] { 105.35, 30.49 }, new[] { 105.35, 30.51 }, new[] { 105.33, 30.49 } } } },
                },
            },
        });
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(geojson));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
        form.Add(file, "files", "secret_line.geojson");
        var import = await admin.PostAsync("/api/layers/secret_line/imports", form);
        Assert.True(import.IsSuccessStatusCode, await import.Content.ReadAsStringAsync());

        var anonymous = App.CreateAnonymousClient();
        Assert.DoesNotContain("secret_line", await Text(anonymous, "/api/layers"));
        Assert.DoesNotContain("secret_line", await Text(anonymous, "/tiles"));
        Assert.DoesNotContain("secret_line", await Text(anonymous, "/ogc/collections"));
        foreach (var path in new[] { "/api/layers/secret_line", "/api/layers/secret_line/features", "/tiles/secret_line.json", "/tiles/secret_line/0/0/0.mvt", "/ogc/collections/secret_line/items" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(path)).StatusCode);
        }

        var countyA = App.CreateClient(Roles.CaseOfficer, AccessFixture.A);
        var countyB = App.CreateClient(Roles.CaseOfficer, AccessFixture.B);
        Assert.Empty((await Json(countyA, "/ogc/collections/secret_line/items")).GetProperty("features").EnumerateArray());
        Assert.Empty((await Json(countyA, "/api/layers/secret_line/features")).GetProperty("features").EnumerateArray());
        Assert.Equal(HttpStatusCode.NotFound, (await countyA.GetAsync("/ogc/collections/secret_line/items/1")).StatusCode);
        Assert.Single((await Json(countyB, "/ogc/collections/secret_line/items")).GetProperty("features").EnumerateArray());
        Assert.Single((await Json(admin, "/api/layers/secret_line/features")).GetProperty("features").EnumerateArray());

        // Tiles: z 10 tile 811/420 covers both counties; it holds the feature for county B and the nation, nothing for county A.
        const string tile = "/tiles/secret_line/10/811/420.mvt";
        Assert.Equal(HttpStatusCode.NoContent, (await countyA.GetAsync(tile)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await countyA.GetAsync("/tiles/10/811/420.mvt?layers=secret_line")).StatusCode);
        var tileB = await countyB.GetAsync(tile);
        Assert.Equal(HttpStatusCode.OK, tileB.StatusCode);
        Assert.True(tileB.Headers.CacheControl is { Private: true, Public: false }, tileB.Headers.CacheControl?.ToString());
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync(tile)).StatusCode);

        // An ad-hoc check over the feature: county A's reader does not learn of it (no hit, not
        // among the layers drawn); county B's reader and the administrator (whole area) do.
        var check = new
        {
            geometry = new { type = "Polygon", coordinates = new[] { new[] { new[] { 105.344, 30.492 }, new[] { 105.346, 30.492 }, new[] { 105.346, 30.494 }, new[] { 105.344, 30.494 }, new[] { 105.344, 30.492 } } } },
            claimType = "IllegalOccupation",
        };
        async Task<bool> Sees(HttpClient http)
        {
            var response = await http.PostAsJsonAsync("/api/verify", check);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var result = await response.Content.ReadFromJsonAsync<JsonElement>();
            return result.GetProperty("claims").EnumerateArray().SelectMany(c => c.GetProperty("evidence").EnumerateArray())
                .Any(h => h.GetProperty("layerId").GetString() == "secret_line");
        }

        Assert.False(await Sees(countyA));
        Assert.True(await Sees(countyB));
        Assert.True(await Sees(admin));
        var mapA = await countyA.PostAsJsonAsync("/api/verify/map.png", check);
        Assert.Equal(HttpStatusCode.OK, mapA.StatusCode);
    }

    /// <summary>
    /// Five wrong passwords in a row lock the account: the right password is then refused too, with
    /// the same answer an unknown user gets; the lock ends after its time (moved into the past here)
    /// or when an administrator sets a password; a success in between resets the count.
    /// </summary>
    [Fact]
    public async Task Repeated_failed_logins_lock_the_account_for_a_while()
    {
        var accounts = App.Services.GetRequiredService<AccountStore>();
        const string user = "lockout-probe";
        const string password = "right-password-1";
        Assert.NotNull(await accounts.CreateAccountAsync(user, "Lockout probe", Roles.CaseOfficer, AccessFixture.A, password, CancellationToken.None));
        var http = App.CreateAnonymousClient();
        async Task<HttpResponseMessage> Login(string pw) => await http.PostAsJsonAsync("/api/auth/login", new { username = user, password = pw });

        // Four failures, then a success: the count starts again.
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login("wrong-" + i)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await Login(password)).StatusCode);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await Login("wrong-again-" + i)).StatusCode);
        }

        var refused = await Login(password);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        var unknown = await http.PostAsJsonAsync("/api/auth/login", new { username = "no-such-user", password });
        Assert.Equal(
            JsonDocument.Parse(await unknown.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString(),
            JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());

        await using (var connection = new NpgsqlConnection(App.Database.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("UPDATE account SET locked_until = now() - interval '1 second' WHERE username = @u", connection);
            command.Parameters.AddWithValue("u", user);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        Assert.Equal(HttpStatusCode.OK, (await Login(password)).StatusCode);

        for (var i = 0; i < 5; i++)
        {
            await Login("wrong-third-" + i);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await Login(password)).StatusCode);
        Assert.True(await accounts.SetPasswordAsync(user, "new-password-22", CancellationToken.None));
        Assert.Equal(HttpStatusCode.OK, (await Login("new-password-22")).StatusCode);
    }

    [Fact]
    public async Task Unauthenticated_expired_revoked_and_tampered_credentials_are_refused()
    {
        const string path = "/api/petitions";
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateAnonymousClient().GetAsync(path)).StatusCode);

        // A real login works, then logout ends the token.
        var anonymous = App.CreateAnonymousClient();
        var login = await anonymous.PostAsJsonAsync("/api/auth/login", new { username = AccessFixture.LoginUser, password = GeoPetitionApp.Password });
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var token = JsonDocument.Parse(await login.Content.ReadAsStringAsync()).RootElement.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Bearer(token).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/auth/login", new { username = AccessFixture.LoginUser, password = "wrong-password" })).StatusCode);

        // Tampered: one character of the payload changed (e.g. the unit), or the signature changed.
        var parts = token.Split('.');
        var payload = Encoding.UTF8.GetString(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.DecodeBytes(parts[1])).Replace(AccessFixture.A, "000000", StringComparison.Ordinal);
        var forged = $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(forged).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(parts[0] + "." + parts[1] + "." + parts[2][..^4] + "AAAA").GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(parts[0] + "." + parts[1] + ".").GetAsync(path)).StatusCode);

        // Expired: signed correctly, session open, but past its lifetime.
        var accounts = App.Services.GetRequiredService<AccountStore>();
        var tokens = App.Services.GetRequiredService<TokenService>();
        var now = DateTimeOffset.UtcNow;
        var (account, session) = (await accounts.LoginAsync(AccessFixture.LoginUser, GeoPetitionApp.Password, now.AddHours(1), "test", CancellationToken.None))!.Value;
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(tokens.Issue(account, session, now.AddHours(-2), now.AddMinutes(-5))).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Bearer(tokens.Issue(account, session, now, now.AddMinutes(5))).GetAsync(path)).StatusCode);

        // Revoked: logout.
        Assert.Equal(HttpStatusCode.NoContent, (await Bearer(token).PostAsync("/api/auth/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Bearer(token).GetAsync(path)).StatusCode);

        // API keys: a good one works and records its use; unknown, tampered and revoked ones are refused.
        var admin = fixture.Cases.Http;
        var created = await admin.PostAsJsonAsync("/api/api-keys", new { name = "gis platform", unit = AccessFixture.A, scopes = new[] { "read_cases" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement;
        var secret = body.GetProperty("secret").GetString()!;
        var keyId = body.GetProperty("key").GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await Key(secret).GetAsync(path)).StatusCode);
        var listed = (await Json(admin, "/api/api-keys")).EnumerateArray().Single(k => k.GetProperty("id").GetInt64() == keyId);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.DoesNotContain(secret, listed.ToString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await Key(secret[..^1] + (secret[^1] == 'a' ? 'b' : 'a')).GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Key("gpk_nothing_here").GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await Key(secret).PostAsJsonAsync(path, new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/api-keys/{keyId}/revoke", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Key(secret).GetAsync(path)).StatusCode);

        // A disabled account's tokens stop at once.
        var victim = App.CreateClient(Roles.Registrar, "510991001");
        Assert.Equal(HttpStatusCode.OK, (await victim.GetAsync(path)).StatusCode);
        var id = (await Json(admin, "/api/accounts")).EnumerateArray().Single(a => a.GetProperty("username").GetString() == GeoPetitionApp.Username(Roles.Registrar, "510991001")).GetProperty("id").GetInt64();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/accounts/{id}/disable", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await victim.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Personal_data_is_encrypted_at_rest_masked_for_most_roles_and_every_clear_read_is_audited()
    {
        var id = fixture.InA.Petition;
        await using (var db = App.Database.CreateDataSource())
        {
            await using var command = db.CreateCommand("SELECT petitioners::text, petitioners_enc, petitioners_key FROM petition WHERE id = @id");
            command.Parameters.AddWithValue("id", id);
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            Assert.DoesNotContain("李四", reader.GetString(0));
            Assert.Contains("李*", reader.GetString(0));
            var encrypted = Encoding.UTF8.GetString(reader.GetFieldValue<byte[]>(1));
            Assert.DoesNotContain("李四", encrypted);
            Assert.DoesNotContain("13800000000", encrypted);
            Assert.Equal("test1", reader.GetString(2));
        }

        var idNumber = CaseHttp.IdNumber("51010319800101234");
        foreach (var role in Roles.All)
        {
            var person = (await Json(App.CreateClient(role, AccessFixture.A), $"/api/petitions/{id}")).GetProperty("petitioners")[0];
            if (Roles.SeePersonalData.Contains(role))
            {
                Assert.Equal("李四", person.GetProperty("name").GetString());
                Assert.Equal(idNumber, person.GetProperty("idNumber").GetString());
            }
            else
            {
                Assert.Equal("李*", person.GetProperty("name").GetString());
                Assert.Equal(idNumber[..4] + "**********" + idNumber[^4..], person.GetProperty("idNumber").GetString());
                Assert.Equal("138****0000", person.GetProperty("phone").GetString());
            }

            // Lists are always masked.
            var listed = (await Json(App.CreateClient(role, AccessFixture.A), "/api/petitions")).GetProperty("items").EnumerateArray().First(p => p.GetProperty("id").GetInt64() == id);
            Assert.Equal("李*", listed.GetProperty("petitioners")[0].GetProperty("name").GetString());
        }

        var auditor = App.CreateClient(Roles.Auditor, AccessFixture.A);
        var reads = (await Json(auditor, $"/api/audit?action=read_personal_data&petitionId={id}")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(reads, r => r.GetProperty("actor").GetString() == GeoPetitionApp.Username(Roles.CaseOfficer, AccessFixture.A)
            && r.GetProperty("role").GetString() == Roles.CaseOfficer && r.GetProperty("unit").GetString() == AccessFixture.A && r.GetProperty("clientAddress").GetString() is { Length: > 0 });
        Assert.DoesNotContain(reads, r => r.GetProperty("role").GetString() == Roles.Auditor);
        Assert.DoesNotContain("李四", (await Text(auditor, "/api/audit?limit=1000")));

        // Every change is in the trail too; the county auditor does not see the other county's entries.
        var changes = (await Json(auditor, "/api/audit?action=change&limit=1000")).GetProperty("items").EnumerateArray().ToList();
        Assert.All(changes, c => Assert.StartsWith(AccessFixture.A, c.GetProperty("unit").GetString()));
        var all = (await Json(App.CreateClient(Roles.Auditor, "000000"), "/api/audit?action=change&limit=1000")).GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(all, c => c.GetProperty("path").GetString() == $"/api/petitions/{fixture.InB.Petition}/supervision" && c.GetProperty("status").GetInt32() == 201);
    }

    [Fact]
    public async Task The_audit_trail_cannot_be_changed_even_in_sql()
    {
        await using var db = App.Database.CreateDataSource();
        await using (var insert = db.CreateCommand("INSERT INTO audit_log (actor, action) VALUES ('test', 'probe')"))
        {
            await insert.ExecuteNonQueryAsync();
        }

        foreach (var sql in new[] { "UPDATE audit_log SET actor = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log" })
        {
            await using var command = db.CreateCommand(sql);
            var e = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Contains("append-only", e.MessageText);
        }
    }

    private HttpClient Bearer(string token)
    {
        var http = App.CreateAnonymousClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    private HttpClient Key(string secret)
    {
        var http = App.CreateAnonymousClient();
        http.DefaultRequestHeaders.Add(ApiKeyHandler.Header, secret);
        return http;
    }

    private static async Task<JsonElement> Json(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    private static async Task<string> Text(HttpClient http, string path)
    {
        var response = await http.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {text}");
        return text;
    }

    /// <summary>ogrinfo's listing of an MVT tile (GDAL's MVT driver).</summary>
    private static string DecodeTile(byte[] tile) => Tools.OgrInfoTile(tile);
}
