using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>
/// The case workflow over real HTTP and PostGIS with a fixed "today": the happy path with its clocks,
/// 409 for actions the state does not allow, 428/412 for missing or stale If-Match, idempotent
/// retries, extension and window rules, overdue and warning flags, and the append-only history.
/// </summary>
public sealed class CaseWorkflowApiTests(CaseFixture fixture) : IClassFixture<CaseFixture>
{
    private HttpClient Http => fixture.Http;

    private void Today(string date) => fixture.Clock.Today = DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture);

    private static object Step(string action, string date, object? extra = null) => CaseHttp.Step(action, date, extra);

    /// <summary>
    /// The petition itself (and every petition of a list) carries the next deadline of its open
    /// case, the same clock GET …/case gives; it follows transitions and the day, and a closed
    /// case has none.
    /// </summary>
    [Fact]
    public async Task The_petition_carries_the_next_deadline_of_its_case()
    {
        Today("2026-03-20");
        var id = await Http.CreatePetition("2026-03-02", claims: 1);
        async Task<JsonElement> Petition() => await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{id}");
        async Task<JsonElement> Listed() => (await Http.GetFromJsonAsync<JsonElement>("/api/petitions?limit=500")).GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetInt64() == id);

        var (fresh, _) = await Http.GetCase(id);
        var expected = fresh.GetProperty("nextDeadline");
        foreach (var p in new[] { await Petition(), await Listed() })
        {
            var next = p.GetProperty("nextDeadline");
            Assert.Equal(expected.GetProperty("timer").GetString(), next.GetProperty("timer").GetString());
            Assert.Equal(expected.GetProperty("due").GetString(), next.GetProperty("due").GetString());
            Assert.True(next.GetProperty("overdue").GetBoolean(), "received 2 March, not accepted by 20 March: past the 15-day notice");
        }

        await Http.Do(id, Step("accept", "2026-03-20"));
        var handle = (await Petition()).GetProperty("nextDeadline");
        Assert.Equal("T_handle", handle.GetProperty("timer").GetString());
        Assert.False(handle.GetProperty("overdue").GetBoolean());
        Assert.Equal((await Http.GetCase(id)).Case.GetProperty("nextDeadline").GetProperty("due").GetString(), handle.GetProperty("due").GetString());
        Assert.Equal(handle.GetProperty("due").GetString(), (await Listed()).GetProperty("nextDeadline").GetProperty("due").GetString());
    }

    [Fact]
    public async Task Happy_path_from_acceptance_to_closing_with_its_clocks()
    {
        Today("2026-03-05");
        var id = await Http.CreatePetition("2026-03-02", claims: 2);
        var (fresh, etag0) = await Http.GetCase(id);
        Assert.Equal("\"case-0\"", etag0);
        Assert.Equal("registered", fresh.GetProperty("state").GetString());
        var notice = fresh.Clock("T_notice");
        Assert.Equal("2026-03-17", notice.GetProperty("due").GetString());
        Assert.Equal(12, notice.GetProperty("daysLeft").GetInt32());
        Assert.Contains("accept", fresh.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetProperty("action").GetString()));

        var accepted = await Http.Do(id, Step("accept", "2026-03-05"));
        Assert.Equal("accepted", accepted.GetProperty("state").GetString());
        Assert.False(accepted.Clock("T_notice").GetProperty("running").GetBoolean());
        var handle = accepted.Clock("T_handle");
        Assert.Equal("2026-05-06", handle.GetProperty("due").GetString()); // 5 March + 60 = 4 May, in 劳动节 → 6 May
        Assert.Equal("信访工作条例第三十四条", handle.GetProperty("article").GetString());

        Today("2026-03-06");
        await Http.Do(id, Step("start", "2026-03-06"));
        Today("2026-04-20");
        var concluded = await Http.Do(id, Step("conclude", "2026-04-20", new
        {
            outcomes = new object[] { new { claim = 0, outcome = "support", reason = "属实" }, new { claim = 1, outcome = "不予支持", reason = "无事实依据" } },
        }));
        Assert.Equal("concluded", concluded.GetProperty("state").GetString());
        Assert.False(concluded.Clock("T_handle").GetProperty("overdue").GetBoolean());
        Assert.Equal(["support", "not_support"], concluded.GetProperty("outcomes").EnumerateArray().Select(o => o.GetProperty("outcome").GetString()));

        Today("2026-04-22");
        var served = await Http.Do(id, Step("serve", "2026-04-22"));
        Assert.Equal("2026-05-22", served.Clock("T_review_req").GetProperty("due").GetString());
        Assert.Equal("window", served.Clock("T_review_req").GetProperty("kind").GetString());

        Today("2026-05-25");
        var reviewWindow = (await Http.GetCase(id)).Case.Clock("T_review_req");
        Assert.True(reviewWindow.GetProperty("lapsed").GetBoolean());
        var closed = await Http.Do(id, Step("close", "2026-05-25"));
        Assert.Equal("closed", closed.GetProperty("state").GetString());
        Assert.Equal("2026-05-25", closed.GetProperty("closedOn").GetString());

        var history = closed.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(["accept", "start", "conclude", "serve", "close"], history.Select(h => h.GetProperty("action").GetString()));
        Assert.Equal([1, 2, 3, 4, 5], history.Select(h => h.GetProperty("seq").GetInt32()));
        Assert.All(history, h => Assert.Equal("王科员", h.GetProperty("actor").GetString()));
        Assert.Equal("信访工作条例第二十三条第二款", history[0].GetProperty("legalBasis").GetString());

        var petition = await Http.GetAsync($"/api/petitions/{id}");
        Assert.Equal("\"case-5\"", petition.Headers.ETag!.ToString());
        Assert.Equal("closed", (await petition.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Action_not_allowed_in_the_state_gets_409_listing_the_allowed_actions()
    {
        Today("2026-03-10");
        var id = await Http.CreatePetition("2026-03-02");
        var response = await Http.Transition(id, "\"case-0\"", Step("conclude", "2026-03-10", new { outcomes = new[] { new { claim = 0, outcome = "support" } } }));
        var problem = (await response.Problem(HttpStatusCode.Conflict)).RootElement;
        Assert.Equal(["transfer", "accept", "redirect", "refuse"], problem.GetProperty("allowedActions").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("registered", problem.GetProperty("state").GetString());
        Assert.Contains("'conclude' is not allowed in state registered", problem.GetProperty("detail").GetString());
        Assert.Equal(0, (await Http.GetCase(id)).Case.GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Unknown_action_and_missing_fields_are_named()
    {
        Today("2026-03-10");
        var id = await Http.CreatePetition("2026-03-02");
        var unknown = (await (await Http.Transition(id, "\"case-0\"", Step("approve", "2026-03-10"))).Problem(HttpStatusCode.BadRequest)).RootElement;
        var message = unknown.GetProperty("errors").GetProperty("action")[0].GetString();
        Assert.Contains("'approve' is not an action", message);
        Assert.Contains("request_review (申请复查)", message);

        var missing = (await (await Http.Transition(id, "\"case-0\"", new { action = "transfer", actor = "王", date = "2026-03-10" })).Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.True(missing.GetProperty("errors").TryGetProperty("organ", out _));
        Assert.True(missing.GetProperty("errors").TryGetProperty("documentNo", out _));
        Assert.Equal("信访工作条例第二十二条", missing.GetProperty("rule").GetString());
    }

    [Fact]
    public async Task Missing_if_match_gets_428_and_a_stale_one_412()
    {
        Today("2026-03-10");
        var id = await Http.CreatePetition("2026-03-02");
        var (_, etag) = await Http.GetCase(id);

        var none = await Http.Transition(id, null, Step("accept", "2026-03-10"));
        Assert.Contains("If-Match", (await none.Problem(HttpStatusCode.PreconditionRequired)).RootElement.GetProperty("detail").GetString());
        await (await Http.Transition(id, "*", Step("accept", "2026-03-10"))).Problem(HttpStatusCode.PreconditionRequired);

        // Two officers read version 0; the first records, the second is stopped.
        var first = await Http.Transition(id, etag, Step("accept", "2026-03-10"));
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal("\"case-1\"", first.Headers.ETag!.ToString());
        var second = await Http.Transition(id, etag, Step("refuse", "2026-03-10", new { legalBasis = "信访工作条例第十九条第三款" }));
        var problem = (await second.Problem(HttpStatusCode.PreconditionFailed)).RootElement;
        Assert.Equal("\"case-1\"", problem.GetProperty("currentETag").GetString());
        Assert.Equal("\"case-1\"", second.Headers.ETag!.ToString());

        var (view, _) = await Http.GetCase(id);
        Assert.Equal("accepted", view.GetProperty("state").GetString());
        Assert.Single(view.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task Concurrent_transitions_with_the_same_if_match_record_exactly_one()
    {
        Today("2026-03-10");
        var id = await Http.CreatePetition("2026-03-02");
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Http.Transition(id, "\"case-0\"", Step("accept", "2026-03-10"))));
        Assert.Equal(1, attempts.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(7, attempts.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
        Assert.Single((await Http.GetCase(id)).Case.GetProperty("history").EnumerateArray());
    }

    [Fact]
    public async Task A_retried_transition_with_the_same_idempotency_key_is_recorded_once()
    {
        Today("2026-03-10");
        var id = await Http.CreatePetition("2026-03-02");
        var body = Step("accept", "2026-03-10");
        var first = await Http.Transition(id, "\"case-0\"", body, "key-accept-1");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var retry = await Http.Transition(id, "\"case-0\"", body, "key-accept-1");
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal("true", retry.Headers.GetValues("Idempotent-Replayed").Single());
        Assert.Single((await Http.GetCase(id)).Case.GetProperty("history").EnumerateArray());

        var other = await Http.Transition(id, "\"case-1\"", Step("start", "2026-03-10"), "key-accept-1");
        await other.Problem(HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Extension_rules_are_enforced_with_the_article_named()
    {
        Today("2026-04-01");
        var id = await Http.CreatePetition("2026-03-02");
        await Http.Do(id, Step("accept", "2026-03-02"));
        await Http.Do(id, Step("start", "2026-03-03"));
        var (_, etag) = await Http.GetCase(id);

        var tooLong = (await (await Http.Transition(id, etag, Step("extend", "2026-04-01", new { extensionDays = 31, approvedBy = "局长", reason = "需实地核查" })))
            .Problem(HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Equal("信访工作条例第三十四条", tooLong.GetProperty("rule").GetString());
        Assert.Contains("延长期限不得超过30日", tooLong.GetProperty("detail").GetString());

        var noApproval = (await (await Http.Transition(id, etag, Step("extend", "2026-04-01", new { extensionDays = 20, reason = "需实地核查" })))
            .Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.True(noApproval.GetProperty("errors").TryGetProperty("approvedBy", out _));

        var noNotice = (await (await Http.Transition(id, etag, new { action = "extend", actor = "王", date = "2026-04-01", extensionDays = 20, approvedBy = "局长", reason = "需实地核查" }))
            .Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.Contains("延长办理期限告知书", noNotice.GetProperty("errors").GetProperty("documentNo")[0].GetString());

        var extended = await Http.Do(id, Step("extend", "2026-04-01", new { extensionDays = 30, approvedBy = "局长", reason = "需实地核查" }));
        var handle = extended.Clock("T_handle");
        Assert.Equal(30, handle.GetProperty("extensionDays").GetInt32());
        Assert.Equal("2026-06-01", handle.GetProperty("due").GetString()); // 2 March + 90 = Sun 31 May → 1 June
        Assert.Equal(30, extended.GetProperty("extension").GetProperty("days").GetInt32());

        var again = await Http.Transition(id, (await Http.GetCase(id)).ETag, Step("extend", "2026-04-02", new { extensionDays = 5, approvedBy = "局长", reason = "再延" }));
        await again.Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Overdue_and_warning_are_computed_against_the_injected_today()
    {
        Today("2026-03-02");
        var id = await Http.CreatePetition("2026-03-02");
        await Http.Do(id, Step("accept", "2026-03-02"));

        Today("2026-05-04");
        var warned = (await Http.GetCase(id)).Case.Clock("T_handle");
        Assert.Equal("2026-05-06", warned.GetProperty("due").GetString());
        Assert.Equal(2, warned.GetProperty("daysLeft").GetInt32());
        Assert.True(warned.GetProperty("warning").GetBoolean());
        Assert.False(warned.GetProperty("overdue").GetBoolean());

        Today("2026-06-30");
        var (view, _) = await Http.GetCase(id);
        var overdue = view.Clock("T_handle");
        Assert.True(overdue.GetProperty("overdue").GetBoolean());
        Assert.Equal(-55, overdue.GetProperty("daysLeft").GetInt32());
        Assert.Equal("T_handle", view.GetProperty("nextDeadline").GetProperty("timer").GetString());
        Assert.Equal("2026-06-30", view.GetProperty("today").GetString());
    }

    [Fact]
    public async Task Dates_out_of_order_and_requests_after_their_window_are_refused()
    {
        Today("2026-06-30");
        var id = await Http.CreatePetition("2026-03-02");
        await Http.Do(id, Step("accept", "2026-03-05"));
        var (_, etag) = await Http.GetCase(id);
        var before = (await (await Http.Transition(id, etag, Step("start", "2026-03-04"))).Problem(HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Contains("before the previous transition (accept on 2026-03-05)", before.GetProperty("detail").GetString());
        var future = (await (await Http.Transition(id, etag, Step("start", "2026-07-01"))).Problem(HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Contains("in the future", future.GetProperty("detail").GetString());

        await Http.Do(id, Step("start", "2026-03-06"));
        await Http.Do(id, Step("conclude", "2026-04-01", new { outcomes = new[] { new { claim = 0, outcome = "explain" } } }));
        await Http.Do(id, Step("serve", "2026-04-03"));
        var late = await Http.Transition(id, (await Http.GetCase(id)).ETag, Step("request_review", "2026-05-07", new { organ = "示范市自然资源局" }));
        var problem = (await late.Problem(HttpStatusCode.UnprocessableEntity)).RootElement;
        Assert.Equal("信访工作条例第三十五条", problem.GetProperty("rule").GetString());
        Assert.Contains("window ended 2026-05-06", problem.GetProperty("detail").GetString()); // 3 April + 30 = 3 May (劳动节) → 6 May
    }

    [Fact]
    public async Task History_is_append_only_in_the_database()
    {
        Today("2026-03-10");
        var id = await Http.CreatePetition("2026-03-02");
        await Http.Do(id, Step("accept", "2026-03-10"));
        await using var db = fixture.App.Database.CreateDataSource();
        var update = await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var c = db.CreateCommand("UPDATE case_event SET actor = 'x' WHERE petition_id = @id");
            c.Parameters.AddWithValue("id", id);
            await c.ExecuteNonQueryAsync();
        });
        Assert.Contains("append-only", update.MessageText);
        await Assert.ThrowsAsync<PostgresException>(async () =>
        {
            await using var c = db.CreateCommand("DELETE FROM case_event WHERE petition_id = @id");
            c.Parameters.AddWithValue("id", id);
            await c.ExecuteNonQueryAsync();
        });
    }

    [Fact]
    public async Task Get_case_honours_if_none_match_and_the_workflow_table_is_published()
    {
        Today("2026-03-10");
        var id = await Http.CreatePetition("2026-03-02");
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/petitions/{id}/case");
        request.Headers.TryAddWithoutValidation("If-None-Match", "\"case-0\"");
        Assert.Equal(HttpStatusCode.NotModified, (await Http.SendAsync(request)).StatusCode);

        var workflow = await Http.GetFromJsonAsync<JsonElement>("/api/cases/workflow");
        Assert.Contains(workflow.GetProperty("transitions").EnumerateArray(), t => t.GetProperty("action").GetString() == "extend" && t.GetProperty("article").GetString() == "信访工作条例第三十四条");
        Assert.Equal(8, workflow.GetProperty("timers").GetArrayLength());
        Assert.Equal(404, (int)(await Http.GetAsync("/api/petitions/999999/case")).StatusCode);
    }
}
