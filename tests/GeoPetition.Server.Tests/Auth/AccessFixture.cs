using System.Net.Http.Json;
using System.Text.Json;
using GeoPetition.Server.Auth;
using GeoPetition.Server.Tests.Cases;
using GeoPetition.Server.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace GeoPetition.Server.Tests.Auth;

/// <summary>
/// Two counties (510991 "A", 510992 "B") with one petition, one supervision listing, one throwaway
/// account, one API key and one batch job in each: the objects the access tests aim at.
/// </summary>
public sealed class AccessFixture : IAsyncLifetime
{
    public const string A = "510991";
    public const string B = "510992";
    public const string LoginUser = "matrix-login";

    public CaseFixture Cases { get; } = new();

    public CaseApp App => Cases.App;

    /// <summary>The objects of a county.</summary>
    public sealed record Objects(long Petition, long Listing, long Account, long Key, long Job, string Unit, string CaseNo);

    public Objects InA { get; private set; } = null!;

    public Objects InB { get; private set; } = null!;

    /// <summary>Ids that exist nowhere: what an out-of-scope object must look like.</summary>
    public Objects Missing { get; } = new(999_999_999, 999_999_999, 999_999_999, 999_999_999, 999_999_999, "510993", "XF2099999999");

    /// <summary>API keys in county A, one per scope.</summary>
    public Dictionary<string, string> Keys { get; } = [];

    public async Task InitializeAsync()
    {
        await Cases.InitializeAsync();
        var accounts = App.Services.GetRequiredService<AccountStore>();
        await accounts.CreateAccountAsync(LoginUser, LoginUser, Roles.Auditor, A, GeoPetitionApp.Password, CancellationToken.None);
        InA = await ObjectsAsync(A, 105.30);
        InB = await ObjectsAsync(B, 105.34);
        foreach (var scope in ApiScopes.All)
        {
            Keys[scope] = (await accounts.CreateKeyAsync("matrix " + scope, A, [scope], "test", null, CancellationToken.None)).Secret;
        }
    }

    private async Task<Objects> ObjectsAsync(string unit, double lon)
    {
        var http = Cases.Http;
        var petition = await http.CreatePetition("2026-06-01", lon, 30.50);
        var listing = await http.PostAsJsonAsync($"/api/petitions/{petition}/supervision",
            new { listedOn = "2026-06-10", listedBy = "督查室", organ = "市信访联席会议", criteria = new[] { "问题解决" } });
        var listingId = JsonDocument.Parse(await listing.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var accounts = App.Services.GetRequiredService<AccountStore>();
        var account = (await accounts.CreateAccountAsync("victim-" + unit, "victim", Roles.Registrar, unit, GeoPetitionApp.Password, CancellationToken.None))!;
        var (key, _) = await accounts.CreateKeyAsync("victim " + unit, unit, [ApiScopes.ReadCases], "test", null, CancellationToken.None);
        using var county = App.CreateClient(Roles.Administrator, unit);
        var job = await county.PostAsJsonAsync("/api/jobs/verifications", new { jurisdiction = unit });
        var jobId = JsonDocument.Parse(await job.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetInt64();
        var caseNo = JsonDocument.Parse(await http.GetStringAsync($"/api/petitions/{petition}")).RootElement.GetProperty("service_request_id").GetString()!;
        return new Objects(petition, listingId, account.Id, key.Id, jobId, unit, caseNo);
    }

    public Task DisposeAsync() => Cases.DisposeAsync();
}
