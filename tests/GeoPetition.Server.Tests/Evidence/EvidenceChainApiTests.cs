using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static GeoPetition.Server.Tests.Evidence.EvidenceKit;

namespace GeoPetition.Server.Tests.Evidence;

/// <summary>The evidence chain over real records: intact after normal use; a changed file, result row, attachment row or chain row each detected.</summary>
public sealed class EvidenceChainApiTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    private async Task<(HttpClient Http, long Id)> PetitionAsync(int index)
    {
        var http = app.CreateClient();
        return (http, (await PetitionIdsAsync(http))[index]);
    }

    private static async Task<JsonElement> VerifyAsync(HttpClient http, long id) =>
        await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence/verify");

    private static async Task<long> AddPhotoAsync(HttpClient http, long id, int seed)
    {
        var response = await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "photo" }, ($"p{seed}.jpg", JpegWithExif(seed, 105.3, 30.5, new DateTime(2026, 2, 3, 4, 5, 6))));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.JsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Records the acceptance of a fresh case the day after it was received.</summary>
    private static async Task AcceptAsync(HttpClient http, long id, string documentNo)
    {
        var received = (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}")).GetProperty("receivedAt").GetString()!;
        using var accept = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{id}/transitions");
        accept.Headers.TryAddWithoutValidation("If-Match", "\"case-0\"");
        accept.Content = JsonContent.Create(new { action = "accept", actor = "王科员", organ = "示范县自然资源局", documentNo, date = DateOnly.Parse(received, System.Globalization.CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) });
        var transition = await http.SendAsync(accept);
        Assert.True(transition.StatusCode == HttpStatusCode.Created, await transition.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_chain_holds_results_attachments_transitions_and_new_verifications_in_order_and_is_intact()
    {
        var (http, id) = await PetitionAsync(10);
        await AddPhotoAsync(http, id, 101);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/api/petitions/{id}/verifications", new { })).StatusCode);
        await UploadAsync(http, id, new Dictionary<string, string> { ["kind"] = "document" }, ("memo.pdf", Pdf("memo " + id)));
        await AcceptAsync(http, id, "示自然资信〔2026〕1号");

        var chain = (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence/chain")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Verification", "Attachment", "Verification", "Attachment", "Transition"], chain.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal(new string('0', 64), chain[0].GetProperty("previousSha256").GetString());
        for (var i = 1; i < chain.Count; i++)
        {
            Assert.Equal(chain[i - 1].GetProperty("entrySha256").GetString(), chain[i].GetProperty("previousSha256").GetString());
        }

        var verify = await VerifyAsync(http, id);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        Assert.Equal(5, verify.GetProperty("entries").GetInt32());
        Assert.Equal(chain[^1].GetProperty("entrySha256").GetString(), verify.GetProperty("headSha256").GetString());
    }

    /// <summary>
    /// A verification result and a case transition are chained in their own transactions: their
    /// chain entries are in the table straight after the writes, before any evidence endpoint
    /// (whose catch-up would otherwise chain them) is called.
    /// </summary>
    [Fact]
    public async Task Results_and_transitions_are_chained_when_they_are_written()
    {
        var (http, id) = await PetitionAsync(15);
        Assert.Equal(HttpStatusCode.Created, (await http.PostAsJsonAsync($"/api/petitions/{id}/verifications", new { })).StatusCode);
        await AcceptAsync(http, id, "示自然资信〔2026〕2号");

        await using var connection = new Npgsql.NpgsqlConnection(app.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT (SELECT count(*) FROM verification v WHERE v.petition_id = @id),
                   (SELECT count(*) FROM case_event e WHERE e.petition_id = @id),
                   (SELECT count(*) FROM evidence_chain c WHERE c.petition_id = @id AND c.kind = 'Verification'),
                   (SELECT count(*) FROM evidence_chain c WHERE c.petition_id = @id AND c.kind = 'Transition')
            """, connection);
        command.Parameters.AddWithValue("id", id);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (results, transitions, chainedResults, chainedTransitions) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        Assert.Equal(2, results);
        Assert.Equal(1, transitions);
        Assert.Equal(results, chainedResults);
        Assert.Equal(transitions, chainedTransitions);
        await reader.DisposeAsync();
        var verify = await VerifyAsync(http, id);
        Assert.True(verify.GetProperty("intact").GetBoolean(), verify.ToString());
        Assert.Equal(3, verify.GetProperty("entries").GetInt32());
    }

    [Fact]
    public async Task A_changed_byte_in_a_stored_file_is_detected()
    {
        var (http, id) = await PetitionAsync(11);
        await AddPhotoAsync(http, id, 111);
        var sha = (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evidence")).GetProperty("items")[0].GetProperty("sha256").GetString()!;
        Assert.True((await VerifyAsync(http, id)).GetProperty("intact").GetBoolean());

        var path = app.BlobPath(sha);
        File.SetAttributes(path, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);

        var verify = await VerifyAsync(http, id);
        Assert.False(verify.GetProperty("intact").GetBoolean());
        var broken = verify.GetProperty("firstBroken");
        Assert.Equal(2, broken.GetProperty("seq").GetInt32());
        Assert.Equal("Attachment", broken.GetProperty("kind").GetString());
        Assert.Contains("stored file", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_verification_row_is_detected_at_its_entry()
    {
        var (http, id) = await PetitionAsync(12);
        await AddPhotoAsync(http, id, 121);
        Assert.True((await VerifyAsync(http, id)).GetProperty("intact").GetBoolean());
        await app.TamperAsync($"UPDATE verification SET finding = 'NotSubstantiated', result = jsonb_set(result, '{{claims,0,finding}}', '\"NotSubstantiated\"') WHERE petition_id = {id}");

        var broken = (await VerifyAsync(http, id)).GetProperty("firstBroken");
        Assert.Equal(1, broken.GetProperty("seq").GetInt32());
        Assert.Equal("Verification", broken.GetProperty("kind").GetString());
        Assert.Contains("was changed", broken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_changed_attachment_row_or_chain_row_is_detected()
    {
        var (http, id) = await PetitionAsync(13);
        var photo = await AddPhotoAsync(http, id, 131);
        await app.TamperAsync($"UPDATE evidence_attachment SET note = 'added later' WHERE id = {photo}");
        var broken = (await VerifyAsync(http, id)).GetProperty("firstBroken");
        Assert.Equal("Attachment", broken.GetProperty("kind").GetString());
        Assert.Equal(photo.ToString(System.Globalization.CultureInfo.InvariantCulture), broken.GetProperty("refId").GetString());

        var (http2, other) = await PetitionAsync(14);
        await AddPhotoAsync(http2, other, 141);
        await app.TamperAsync($"UPDATE evidence_chain SET recorded_at = recorded_at - interval '1 day' WHERE petition_id = {other} AND seq = 1");
        var chainBroken = (await VerifyAsync(http2, other)).GetProperty("firstBroken");
        Assert.Equal(1, chainBroken.GetProperty("seq").GetInt32());
        Assert.Contains("entry 1 was changed", chainBroken.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
