using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>
/// Bureau practice over real HTTP and PostGIS: 包案 and 一案一策, 挂牌督办 with 销号 refused until its
/// criteria are met, 回头看 reopening a case (a rebound), satisfaction, repeat detection by keyed hash,
/// and 类案 groups.
/// </summary>
public sealed class CasePracticeApiTests(CaseFixture fixture) : IClassFixture<CaseFixture>
{
    private HttpClient Http => fixture.Http;

    private void Today(string date) => fixture.Clock.Today = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    private static object Step(string action, string date, object? extra = null) => CaseHttp.Step(action, date, extra);

    private static readonly object OneOutcome = new { outcomes = new[] { new { claim = 0, outcome = "support" } } };

    private async Task<JsonElement> Post(string url, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await Http.PostAsJsonAsync(url, body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"expected {expected}, got {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement;
    }

    [Fact]
    public async Task Lead_plan_and_progress_notes_are_kept_with_their_history()
    {
        Today("2026-04-10");
        var id = await Http.CreatePetition("2026-03-02");
        await Post($"/api/petitions/{id}/lead", new { leadOfficial = "张副局长", leadTitle = "副局长", units = new[] { "执法监察大队", "耕保科" }, assignedBy = "局长", assignedOn = "2026-03-05" });
        await Post($"/api/petitions/{id}/lead", new { leadOfficial = "李局长", units = new[] { "执法监察大队" }, assignedBy = "局党组", assignedOn = "2026-03-20", note = "升级包案" });
        var leads = await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/lead");
        Assert.Equal(["李局长", "张副局长"], leads.EnumerateArray().Select(l => l.GetProperty("leadOfficial").GetString()));

        var bad = await Http.PostAsJsonAsync($"/api/petitions/{id}/lead", new { leadOfficial = "", units = Array.Empty<string>(), assignedOn = "2026-05-01" });
        var problem = (await bad.Problem(HttpStatusCode.BadRequest)).RootElement.GetProperty("errors");
        Assert.True(problem.TryGetProperty("leadOfficial", out _));
        Assert.True(problem.TryGetProperty("units", out _));
        Assert.Contains("in the future", problem.GetProperty("assignedOn")[0].GetString());

        var plan = await Post($"/api/petitions/{id}/plan", new
        {
            measures = new[] { new { measure = "实地核查", responsiblePerson = "赵队长", deadline = "2026-03-15" }, new { measure = "约谈当事人", responsiblePerson = "钱科长", deadline = "2026-03-25" } },
            responsiblePerson = "张副局长",
            deadline = "2026-04-30",
            createdBy = "王科员",
        });
        Assert.Equal(1, plan.GetProperty("version").GetInt32());
        var plan2 = await Post($"/api/petitions/{id}/plan", new { measures = new[] { new { measure = "拆除复耕", responsiblePerson = "赵队长", deadline = "2026-05-15" } }, responsiblePerson = "李局长", createdBy = "王科员" });
        Assert.Equal(2, plan2.GetProperty("version").GetInt32());
        Assert.Equal(2, (await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/plan")).GetArrayLength());
        var badPlan = await Http.PostAsJsonAsync($"/api/petitions/{id}/plan", new { measures = new[] { new { measure = "x" } }, responsiblePerson = "a", createdBy = "b" });
        Assert.True((await badPlan.Problem(HttpStatusCode.BadRequest)).RootElement.GetProperty("errors").TryGetProperty("measures[0].deadline", out _));

        await Post($"/api/petitions/{id}/notes", new { date = "2026-03-13", author = "王科员", text = "第一周调度：已完成实地核查" });
        await Post($"/api/petitions/{id}/notes", new { date = "2026-03-20", author = "王科员", text = "第二周调度：约谈当事人" });
        var early = await Http.PostAsJsonAsync($"/api/petitions/{id}/notes", new { date = "2026-02-01", author = "王科员", text = "x" });
        await early.Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal(2, (await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/notes")).GetArrayLength());
        Assert.Equal(HttpStatusCode.NotFound, (await Http.GetAsync("/api/petitions/987654/lead")).StatusCode);
    }

    [Fact]
    public async Task Strike_off_is_refused_until_every_criterion_is_met_and_records_who_and_why()
    {
        Today("2026-04-10");
        var id = await Http.CreatePetition("2026-03-02");
        await Http.Do(id, Step("accept", "2026-03-03"));
        await Http.Do(id, Step("start", "2026-03-04"));
        var listing = await Post($"/api/petitions/{id}/supervision", new
        {
            listedOn = "2026-03-05",
            listedBy = "县委信访联席会议",
            organ = "示范县信访工作联席会议",
            deadline = "2026-04-30",
            criteria = new[] { "书面答复已送达", "信访人签字息诉" },
            reason = "重复信访 3 次",
        });
        var lid = listing.GetProperty("id").GetInt64();
        Assert.Equal(3, listing.GetProperty("unmet").GetArrayLength());
        await (await Http.PostAsJsonAsync($"/api/petitions/{id}/supervision", new { listedOn = "2026-03-06", listedBy = "x", organ = "y", criteria = new[] { "z" } })).Problem(HttpStatusCode.Conflict);

        var strike = new { date = "2026-04-10", struckBy = "联席会议办公室", reason = "问题已解决，信访人息诉" };
        var refused = (await (await Http.PostAsJsonAsync($"/api/petitions/{id}/supervision/{lid}/strike-off", strike)).Problem(HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Equal(3, refused.GetProperty("unmet").GetArrayLength());
        Assert.Contains("has not been checked", refused.GetProperty("detail").GetString());

        await Post($"/api/petitions/{id}/supervision/{lid}/checks", new { criterion = 0, met = true, checkedBy = "督查室", checkedOn = "2026-03-20", evidence = "送达回证" }, HttpStatusCode.OK);
        var afterCheck = await Post($"/api/petitions/{id}/supervision/{lid}/checks", new { criterion = 1, met = false, checkedBy = "督查室", checkedOn = "2026-03-20" }, HttpStatusCode.OK);
        Assert.Equal(2, afterCheck.GetProperty("unmet").GetArrayLength());
        await (await Http.PostAsJsonAsync($"/api/petitions/{id}/supervision/{lid}/checks", new { criterion = 9, met = true, checkedBy = "x", checkedOn = "2026-03-20" })).Problem(HttpStatusCode.BadRequest);
        var stillRefused = (await (await Http.PostAsJsonAsync($"/api/petitions/{id}/supervision/{lid}/strike-off", strike)).Problem(HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Contains("'信访人签字息诉' was found not met", stillRefused.GetProperty("detail").GetString());

        await Post($"/api/petitions/{id}/supervision/{lid}/checks", new { criterion = 1, met = true, checkedBy = "督查室", checkedOn = "2026-04-05", evidence = "息诉罢访承诺书" }, HttpStatusCode.OK);
        var noConclusion = (await (await Http.PostAsJsonAsync($"/api/petitions/{id}/supervision/{lid}/strike-off", strike)).Problem(HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Contains("no written conclusion", Assert.Single(noConclusion.GetProperty("unmet").EnumerateArray()).GetString());

        await Http.Do(id, Step("conclude", "2026-04-06", OneOutcome));
        var struck = await Post($"/api/petitions/{id}/supervision/{lid}/strike-off", strike, HttpStatusCode.OK);
        Assert.False(struck.GetProperty("active").GetBoolean());
        Assert.Equal("联席会议办公室", struck.GetProperty("strikeOff").GetProperty("struckBy").GetString());
        Assert.Equal("问题已解决，信访人息诉", struck.GetProperty("strikeOff").GetProperty("reason").GetString());
        await (await Http.PostAsJsonAsync($"/api/petitions/{id}/supervision/{lid}/strike-off", strike)).Problem(HttpStatusCode.Conflict);

        var listed = await Http.GetFromJsonAsync<JsonElement>("/api/supervision?active=false");
        Assert.Contains(listed.EnumerateArray(), l => l.GetProperty("listingId").GetInt64() == lid && l.GetProperty("struckBy").GetString() == "联席会议办公室");
    }

    [Fact]
    public async Task Look_back_confirms_or_reopens_and_a_reopen_counts_as_a_rebound()
    {
        Today("2026-04-10");
        var id = await Http.CreatePetition("2026-03-02");
        await Http.Do(id, Step("accept", "2026-03-03"));
        await Http.Do(id, Step("start", "2026-03-04"));
        await Http.Do(id, Step("conclude", "2026-04-01", OneOutcome));
        await Http.Do(id, Step("serve", "2026-04-03"));
        await Http.Do(id, Step("close", "2026-04-10", new { waiver = true, reason = "信访人书面表示接受答复" }));

        var scheduled = Assert.Single((await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/look-backs")).EnumerateArray());
        Assert.Equal("2026-07-09", scheduled.GetProperty("dueOn").GetString()); // 10 April + 90
        Assert.False(scheduled.GetProperty("due").GetBoolean());
        var lb = scheduled.GetProperty("id").GetInt64();

        Today("2026-09-01");
        var due = await Http.GetFromJsonAsync<JsonElement>("/api/look-backs/due");
        Assert.Contains(due.EnumerateArray(), d => d.GetProperty("lookBackId").GetInt64() == lb && d.GetProperty("daysLate").GetInt32() == 54);

        var body = new { result = "reopen", date = "2026-09-01", doneBy = "督查室", note = "违法建筑未拆除，问题反弹" };
        await (await Http.PostAsJsonAsync($"/api/petitions/{id}/look-backs/{lb}", body)).Problem(HttpStatusCode.PreconditionRequired);
        using (var stale = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{id}/look-backs/{lb}") { Content = JsonContent.Create(body) })
        {
            stale.Headers.TryAddWithoutValidation("If-Match", "\"case-2\"");
            await (await Http.SendAsync(stale)).Problem(HttpStatusCode.PreconditionFailed);
        }

        var (_, etag) = await Http.GetCase(id);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{id}/look-backs/{lb}") { Content = JsonContent.Create(body) };
        request.Headers.TryAddWithoutValidation("If-Match", etag);
        var reopened = await Http.SendAsync(request);
        var result = JsonDocument.Parse(await reopened.Content.ReadAsStringAsync()).RootElement;
        Assert.True(reopened.StatusCode == HttpStatusCode.OK, result.ToString());
        Assert.Equal("reopened", result.GetProperty("result").GetString());
        Assert.Equal(6, result.GetProperty("reopenSeq").GetInt32());

        var (view, _) = await Http.GetCase(id);
        Assert.Equal("in_progress", view.GetProperty("state").GetString());
        Assert.Equal(1, view.GetProperty("reopened").GetInt32());
        Assert.Equal("2026-09-01", view.Clock("T_handle").GetProperty("start").GetString());
        Assert.Equal("reopen", view.GetProperty("history")[5].GetProperty("action").GetString());
        var twice = await Http.PostAsJsonAsync($"/api/petitions/{id}/look-backs/{lb}", new { result = "confirm", date = "2026-09-01", doneBy = "督查室" });
        Assert.Contains("already recorded as reopened", (await twice.Problem(HttpStatusCode.Conflict)).RootElement.GetProperty("detail").GetString());

        var ledger = await Http.GetFromJsonAsync<JsonElement>("/api/ledger?format=json");
        var row = ledger.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("案件编号").GetString() == view.GetProperty("caseNo").GetString());
        Assert.Equal("1", row.GetProperty("反弹次数").GetString());

        // Closed again: a second look-back, confirmed.
        Today("2026-09-12");
        await Http.Do(id, Step("conclude", "2026-09-10", OneOutcome));
        await Http.Do(id, Step("serve", "2026-09-11"));
        await Http.Do(id, Step("close", "2026-09-12", new { waiver = true }));
        var second = (await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/look-backs")).EnumerateArray().Last();
        var confirmed = await Post($"/api/petitions/{id}/look-backs/{second.GetProperty("id").GetInt64()}", new { result = "confirm", date = "2026-09-12", doneBy = "督查室" }, HttpStatusCode.OK);
        Assert.Equal("confirmed", confirmed.GetProperty("result").GetString());
        Assert.Equal("closed", (await Http.GetCase(id)).Case.GetProperty("state").GetString());
    }

    [Fact]
    public async Task Satisfaction_uses_the_configured_choices_and_waits_for_the_reply()
    {
        Today("2026-04-10");
        var id = await Http.CreatePetition("2026-03-02");
        var early = await Http.PostAsJsonAsync($"/api/petitions/{id}/evaluations", new { choice = "满意" });
        Assert.Contains("once the written reply", (await early.Problem(HttpStatusCode.Conflict)).RootElement.GetProperty("detail").GetString());

        await Http.Do(id, Step("accept", "2026-03-03"));
        await Post($"/api/petitions/{id}/evaluations", new { stage = "acceptance", choice = "满意", channel = "phone" });
        await Http.Do(id, Step("start", "2026-03-04"));
        await Http.Do(id, Step("conclude", "2026-04-01", OneOutcome));
        var wrong = await Http.PostAsJsonAsync($"/api/petitions/{id}/evaluations", new { choice = "非常满意" });
        Assert.Contains("accepted: 满意, 基本满意, 不满意", (await wrong.Problem(HttpStatusCode.BadRequest)).RootElement.GetProperty("errors").GetProperty("choice")[0].GetString());
        var ok = await Post($"/api/petitions/{id}/evaluations", new { choice = "基本满意", date = "2026-04-08", channel = "sms", comment = "处理较及时" });
        Assert.Equal("handling", ok.GetProperty("stage").GetString());
        Assert.Equal(2, (await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}/evaluations")).GetArrayLength());
    }

    [Fact]
    public async Task Repeat_detection_links_by_keyed_hash_of_the_id_number()
    {
        Today("2026-04-10");
        var a = CaseHttp.IdNumber("11010119900307123");
        var b = CaseHttp.IdNumber("11010119851122456");
        var first = await Http.CreatePetition("2026-03-01", 105.310, 30.510, a, name: "赵六");
        var second = await Http.CreatePetition("2026-03-10", 105.3101, 30.5101, a, name: "赵六");
        var otherSubject = await Http.CreatePetition("2026-03-12", 105.285, 30.485, a, subject: "registration", name: "赵六");
        var neighbour = await Http.CreatePetition("2026-03-15", 105.3102, 30.5100, b, name: "孙七");

        var report = await Post($"/api/petitions/{second}/repeat-check", new { }, HttpStatusCode.OK);
        Assert.True(report.GetProperty("petitionerMatching").GetBoolean());
        Assert.Equal(1, report.GetProperty("repeatCount").GetInt32());
        var links = report.GetProperty("links").EnumerateArray().ToDictionary(l => l.GetProperty("relatedId").GetInt64());
        Assert.Equal(3, links.Count);
        Assert.Equal("duplicate_of", links[first].GetProperty("kind").GetString());
        Assert.Equal("earlier", links[first].GetProperty("direction").GetString());
        Assert.Equal(["same_petitioner", "nearby", "same_subject"], links[first].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("related", links[otherSubject].GetProperty("kind").GetString());
        Assert.Equal(["same_petitioner"], links[otherSubject].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal("related", links[neighbour].GetProperty("kind").GetString());
        Assert.DoesNotContain("same_petitioner", links[neighbour].GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));

        // Only the keyed hash is stored: HMAC-SHA256 under the configured key, never the number.
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(CaseApp.RepeatKey), Encoding.UTF8.GetBytes(a)));
        await using (var db = fixture.App.Database.CreateDataSource())
        {
            await using var keys = db.CreateCommand("SELECT key_hash FROM petitioner_key WHERE petition_id = ANY(@ids)");
            keys.Parameters.AddWithValue("ids", new[] { first, second, otherSubject });
            var hashes = new List<string>();
            await using var reader = await keys.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                hashes.Add(reader.GetString(0));
            }

            Assert.Equal([expected, expected, expected], hashes);
            await using var clear = db.CreateCommand("SELECT count(*) FROM petitioner_key WHERE key_hash LIKE '%' || @id || '%'");
            clear.Parameters.AddWithValue("id", a[..10]);
            Assert.Equal(0L, await clear.ExecuteScalarAsync());
        }

        // An officer's unlink holds: a new check does not bring the link back.
        var unlinked = await Post($"/api/petitions/{second}/links", new { relatedId = neighbour, kind = "unlinked", createdBy = "王科员" }, HttpStatusCode.OK);
        Assert.Equal("unlinked", unlinked.EnumerateArray().Single(l => l.GetProperty("relatedId").GetInt64() == neighbour).GetProperty("kind").GetString());
        var again = await Post($"/api/petitions/{second}/repeat-check", new { }, HttpStatusCode.OK);
        Assert.Equal(0, again.GetProperty("newLinks").GetInt32());
        await (await Http.PostAsJsonAsync($"/api/petitions/{first}/links", new { relatedId = second, kind = "duplicate_of", createdBy = "王" })).Problem(HttpStatusCode.UnprocessableEntity);

        // Seen from the first petition: the second is a later duplicate of it.
        var fromFirst = await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{first}/links");
        var back = fromFirst.EnumerateArray().Single(l => l.GetProperty("relatedId").GetInt64() == second);
        Assert.Equal(("later", "duplicate_of"), (back.GetProperty("direction").GetString(), back.GetProperty("kind").GetString()));
    }

    [Fact]
    public async Task Case_groups_are_suggested_and_created()
    {
        Today("2026-04-10");
        var x = await Http.CreatePetition("2026-03-02", 105.2901, 30.4901, CaseHttp.IdNumber("11010119700101111"), subject: "land_acquisition");
        var y = await Http.CreatePetition("2026-03-03", 105.2905, 30.4903, CaseHttp.IdNumber("11010119700101222"), subject: "land_acquisition");
        var suggestions = await Http.GetFromJsonAsync<JsonElement>("/api/case-groups/suggestions");
        Assert.Contains(suggestions.EnumerateArray(), s => s.GetProperty("causeKind").GetString() == "spatial_cluster"
            && s.GetProperty("petitionIds").EnumerateArray().Select(i => i.GetInt64()).SequenceEqual([x, y]));

        var group = await Post("/api/case-groups", new { name = "某村征地补偿类案", causeKind = "spatial_cluster", causeRef = "land_acquisition", petitionIds = new[] { x, y }, createdBy = "王科员" });
        Assert.Equal([x, y], group.GetProperty("petitionIds").EnumerateArray().Select(i => i.GetInt64()));
        Assert.Contains((await Http.GetFromJsonAsync<JsonElement>("/api/case-groups")).EnumerateArray(), g => g.GetProperty("id").GetInt64() == group.GetProperty("id").GetInt64());
        await (await Http.PostAsJsonAsync("/api/case-groups", new { name = "x", causeKind = "weather", petitionIds = new[] { x }, createdBy = "y" })).Problem(HttpStatusCode.BadRequest);
        await (await Http.PostAsJsonAsync("/api/case-groups", new { name = "x", causeKind = "other", petitionIds = new[] { x, 99999 }, createdBy = "y" })).Problem(HttpStatusCode.NotFound);
    }
}
