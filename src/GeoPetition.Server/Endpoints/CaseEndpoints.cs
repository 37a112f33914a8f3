using System.Text.Json;
using GeoPetition.Core.Cases;
using GeoPetition.Server.Auth;
using GeoPetition.Server.Cases;
using GeoPetition.Server.Data;
using GeoPetition.Server.Petitions;
using Microsoft.AspNetCore.Mvc;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// The case workflow of a petition on its statutory clock (domain-rules §1, §8).
/// <code>
/// GET  /api/cases/workflow                              the state machine table, timers and counting rules in force
/// GET  /api/petitions/{id}/case                         state, clocks, outcomes, allowed actions, full history (ETag)
/// POST /api/petitions/{id}/transitions                  record a transition; If-Match required, Idempotency-Key honoured
/// GET|POST /api/petitions/{id}/lead                     包案: lead official and responsible units (newest first)
/// GET|POST /api/petitions/{id}/plan                     一案一策: measures, responsible persons, deadlines (versions)
/// GET|POST /api/petitions/{id}/notes                    dated progress notes (周调度)
/// GET|POST /api/petitions/{id}/supervision              挂牌督办 with closing criteria
/// POST /api/petitions/{id}/supervision/{lid}/checks     a criterion checked met or not
/// POST /api/petitions/{id}/supervision/{lid}/strike-off 销号, only when every criterion is met
/// GET  /api/petitions/{id}/look-backs                   回头看 scheduled at closing
/// POST /api/petitions/{id}/look-backs/{lbid}            confirm, or reopen (If-Match required; counts a rebound)
/// GET|POST /api/petitions/{id}/evaluations              satisfaction (configured choices)
/// POST /api/petitions/{id}/repeat-check                 repeat detection: keyed petitioner hash, place, subject, references
/// GET|POST /api/petitions/{id}/links                    links in force; an officer's link or unlink
/// GET  /api/supervision?active=&amp;jurisdiction=           listed cases (督办台账)
/// GET  /api/look-backs/due?jurisdiction=                 look-backs due and not done
/// GET|POST /api/case-groups, GET /api/case-groups/suggestions   类案
/// POST /api/petitions/{id}/query-code                   reissue the petitioner's 查询码 (the old one stops working)
/// GET  /api/track/{code}                                public: progress by query code (no account; guessing throttled)
/// POST /api/track/{code}/evaluations                    public: the petitioner's satisfaction evaluation
/// </code>
/// The ETag is the case version (the last event's seq), the same on <c>GET /api/petitions/{id}</c>:
/// a transition without If-Match gets 428, with a stale one 412, so two officers never silently
/// overwrite each other. An action the state does not allow gets 409 listing the allowed actions.
/// </summary>
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases/workflow", Workflow).WithTags("Cases").AllowAnonymous();
        // Policies are per endpoint (a group policy would be required in addition: they combine with AND).
        var group = app.MapGroup("/api/petitions/{id:long}").WithTags("Cases");
        group.MapGet("/case", GetCase).RequireAuthorization(Policies.ReadCases);
        group.MapGet("/procedural-checks", ProceduralChecksOf).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/transitions", Transition).RequireAuthorization(Policies.WriteCases);
        group.MapGet("/lead", async (long id, HttpContext http, CasePracticeStore store, CancellationToken ct) => Found(id, await store.LeadsAsync(id, Scope(http), ct))).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/lead", AddLead).RequireAuthorization(Policies.WriteCases);
        group.MapGet("/plan", async (long id, HttpContext http, CasePracticeStore store, CancellationToken ct) => Found(id, await store.PlansAsync(id, Scope(http), ct))).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/plan", AddPlan).RequireAuthorization(Policies.WriteCases);
        group.MapGet("/notes", async (long id, HttpContext http, CasePracticeStore store, CancellationToken ct) => Found(id, await store.NotesAsync(id, Scope(http), ct))).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/notes", AddNote).RequireAuthorization(Policies.WriteCases);
        group.MapGet("/supervision", async (long id, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct) => Found(id, await store.SupervisionAsync(id, Scope(http), time.Today(), ct))).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/supervision", AddListing).RequireAuthorization(Policies.Supervise);
        group.MapPost("/supervision/{listingId:long}/checks", AddCheck).RequireAuthorization(Policies.Supervise);
        group.MapPost("/supervision/{listingId:long}/strike-off", StrikeOff).RequireAuthorization(Policies.Supervise);
        group.MapGet("/look-backs", async (long id, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct) => Found(id, await store.LookBacksAsync(id, Scope(http), time.Today(), ct))).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/look-backs/{lookBackId:long}", CompleteLookBack).RequireAuthorization(Policies.WriteCases);
        group.MapGet("/evaluations", async (long id, HttpContext http, CasePracticeStore store, CancellationToken ct) => Found(id, await store.EvaluationsAsync(id, Scope(http), ct))).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/evaluations", AddEvaluation).RequireAuthorization(Policies.WriteCases);
        group.MapPost("/repeat-check", async (long id, HttpContext http, CaseLinkStore store, CancellationToken ct) => Found(id, await store.CheckAsync(id, Scope(http), ct))).RequireAuthorization(Policies.WriteCases);
        group.MapGet("/links", async (long id, HttpContext http, CaseLinkStore store, CancellationToken ct) => Found(id, await store.LinksAsync(id, Scope(http), ct))).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/links", AddLink).RequireAuthorization(Policies.WriteCases);

        var cases = app.MapGroup("/api").WithTags("Cases");
        cases.MapGet("/supervision", Supervised).RequireAuthorization(Policies.ReadCases);
        cases.MapGet("/look-backs/due", DueLookBacks).RequireAuthorization(Policies.ReadCases);
        cases.MapGet("/case-groups", Groups).RequireAuthorization(Policies.ReadCases);
        cases.MapPost("/case-groups", CreateGroup).RequireAuthorization(Policies.WriteCases);
        cases.MapGet("/case-groups/suggestions", GroupSuggestions).RequireAuthorization(Policies.ReadCases);

        group.MapPost("/query-code", ReissueCode).RequireAuthorization(Policies.WriteCases);

        // The petitioner's own view by query code: no account, limited per client address.
        var track = app.MapGroup("/api/track/{code}").WithTags("Tracking").AllowAnonymous().RequireRateLimiting(AuthSetup.TrackLimit);
        track.MapGet("/", Track);
        track.MapPost("/evaluations", TrackEvaluation);
        return app;
    }

    private static JurisdictionScope Scope(HttpContext http) => PetitionEndpoints.Scope(http);

    private static IResult Found<T>(long id, T? value) => value is null ? PetitionEndpoints.NotFound(id) : TypedResults.Ok(value);

    private static IResult Result<T>((T? Value, PracticeError? Error) r, Func<T, IResult> ok) => r.Error is { } e
        ? TypedResults.Problem(title: e.Title, detail: e.Detail, statusCode: e.Status, extensions: e.Extensions)
        : ok(r.Value!);

    /// <summary>
    /// Narrows the caller's scope to <paramref name="jurisdiction"/> (never widens it); an invalid code is
    /// a 400, a unit outside the caller's scope gives a scope that matches nothing.
    /// </summary>
    internal static (JurisdictionScope? Scope, IResult? Error) Narrow(HttpContext http, string? jurisdiction) => Narrow(Scope(http), jurisdiction, "jurisdiction");

    /// <summary>Narrows <paramref name="scope"/> (the caller's) to the unit named by query parameter <paramref name="parameter"/>.</summary>
    internal static (JurisdictionScope? Scope, IResult? Error) Narrow(JurisdictionScope scope, string? jurisdiction, string parameter)
    {
        if (jurisdiction is null)
        {
            return (scope, null);
        }

        if (!JurisdictionScope.IsValidCode(jurisdiction))
        {
            return (null, Problems.BadRequest("Invalid jurisdiction", $"{parameter} is a 6-digit (province/city/county), 9-digit (township) or 12-digit (village) administrative code, e.g. 510991; got '{jurisdiction}'", parameter));
        }

        var narrowed = new JurisdictionScope(jurisdiction);
        // Outside the caller's own area: a prefix no administrative code has (codes are digits only).
        return scope.Prefix is { } own && !(narrowed.Prefix ?? "").StartsWith(own, StringComparison.Ordinal)
            ? (new JurisdictionScope("none"), null)
            : (narrowed, null);
    }

    /// <summary>Collects field problems of a request; <see cref="Problem"/> is the 400 listing them all.</summary>
    private sealed class Fields(DateOnly today)
    {
        public Dictionary<string, string[]> Errors { get; } = [];

        public void Text(string field, string? value, string what)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Errors[field] = [$"{what} is required"];
            }
        }

        public void Date(string field, DateOnly? value, string what, bool required = true)
        {
            if (value is null && required)
            {
                Errors[field] = [$"{what} is required (YYYY-MM-DD)"];
            }
            else if (value > today)
            {
                Errors[field] = [$"{value:yyyy-MM-dd} is in the future (today is {today:yyyy-MM-dd})"];
            }
        }

        public void Rule(bool ok, string field, string message)
        {
            if (!ok)
            {
                Errors[field] = [message];
            }
        }

        public IResult? Problem(string title) => Errors.Count == 0 ? null
            : TypedResults.ValidationProblem(Errors, title: title, detail: string.Join("; ", Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))));
    }

    private static async Task<IResult> AddLead(long id, LeadRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Text("leadOfficial", r.LeadOfficial, "the lead official (包案领导)");
        f.Text("assignedBy", r.AssignedBy, "who assigns the lead");
        f.Date("assignedOn", r.AssignedOn, "the assignment date");
        f.Rule(r.Units is { Count: > 0 } && r.Units.All(u => !string.IsNullOrWhiteSpace(u)), "units", "at least one responsible unit (责任单位) is required, none blank");
        return f.Problem("Invalid lead assignment") ?? Result(await store.AddLeadAsync(id, Scope(http), r, ct), v => TypedResults.Created($"/api/petitions/{id}/lead", v));
    }

    private static async Task<IResult> AddPlan(long id, PlanRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Text("responsiblePerson", r.ResponsiblePerson, "the person responsible for the plan");
        f.Text("createdBy", r.CreatedBy, "who records the plan");
        f.Rule(r.Measures is { Count: > 0 }, "measures", "at least one measure {measure, responsiblePerson, deadline} is required");
        foreach (var (m, i) in (r.Measures ?? []).Select((m, i) => (m, i)))
        {
            f.Text($"measures[{i}].measure", m.Measure, "the measure");
            f.Text($"measures[{i}].responsiblePerson", m.ResponsiblePerson, "the measure's responsible person");
            f.Rule(m.Deadline is not null, $"measures[{i}].deadline", "the measure's deadline is required (YYYY-MM-DD)");
        }

        return f.Problem("Invalid plan") ?? Result(await store.AddPlanAsync(id, Scope(http), r, ct), v => TypedResults.Created($"/api/petitions/{id}/plan", v));
    }

    private static async Task<IResult> AddNote(long id, NoteRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Date("date", r.Date, "the note's date");
        f.Text("author", r.Author, "the author");
        f.Text("text", r.Text, "the note's text");
        return f.Problem("Invalid note") ?? Result(await store.AddNoteAsync(id, Scope(http), r, ct), v => TypedResults.Created($"/api/petitions/{id}/notes", v));
    }

    private static async Task<IResult> AddListing(long id, ListingRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Date("listedOn", r.ListedOn, "the listing date");
        f.Text("listedBy", r.ListedBy, "who lists the case");
        f.Text("organ", r.Organ, "the supervising organ");
        f.Rule(r.Criteria is { Count: > 0 } && r.Criteria.All(c => !string.IsNullOrWhiteSpace(c)), "criteria", "at least one closing criterion (销号标准) is required, none blank");
        f.Rule(r.Deadline is null || r.ListedOn is null || r.Deadline >= r.ListedOn, "deadline", "the deadline cannot be before the listing date");
        return f.Problem("Invalid supervision listing") ?? Result(await store.AddListingAsync(id, Scope(http), r, time.Today(), ct), v => TypedResults.Created($"/api/petitions/{id}/supervision", v));
    }

    private static async Task<IResult> AddCheck(long id, long listingId, CheckRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Rule(r.Criterion is >= 0, "criterion", "the criterion's index (0-based) is required");
        f.Rule(r.Met is not null, "met", "met (true/false) is required");
        f.Text("checkedBy", r.CheckedBy, "who checked");
        f.Date("checkedOn", r.CheckedOn, "the check date");
        return f.Problem("Invalid criterion check") ?? Result(await store.AddCheckAsync(id, listingId, Scope(http), r, time.Today(), ct), v => TypedResults.Ok(v));
    }

    private static async Task<IResult> StrikeOff(long id, long listingId, StrikeOffRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Date("date", r.Date, "the strike-off date");
        f.Text("struckBy", r.StruckBy, "who strikes the case off");
        f.Text("reason", r.Reason, "why the case is struck off");
        return f.Problem("Invalid strike-off") ?? Result(await store.StrikeOffAsync(id, listingId, Scope(http), r, time.Today(), ct), v => TypedResults.Ok(v));
    }

    private static async Task<IResult> CompleteLookBack(
        long id, long lookBackId, LookBackRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct,
        [FromHeader(Name = "If-Match")] string? ifMatch = null)
    {
        var f = new Fields(time.Today());
        f.Rule(r.Result is "confirm" or "reopen", "result", $"'{r.Result}' is not a look-back result; accepted: confirm (the closure holds), reopen (the problem came back: 反弹)");
        f.Date("date", r.Date, "the look-back date");
        f.Text("doneBy", r.DoneBy, "who did the look-back");
        if (f.Problem("Invalid look-back") is { } bad)
        {
            return bad;
        }

        var reopen = r.Result == "reopen";
        if (reopen && (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*"))
        {
            return TypedResults.Problem(title: "If-Match required", statusCode: StatusCodes.Status428PreconditionRequired,
                detail: $"reopening records a transition: send If-Match with the ETag of GET /api/petitions/{id}/case");
        }

        var result = await store.CompleteLookBackAsync(id, lookBackId, Scope(http), r, reopen, reopen ? CaseViews.ParseIfMatch(ifMatch!) ?? -1 : null, time.Today(), ct);
        return Result(result, v => TypedResults.Ok(v));
    }

    private static async Task<IResult> AddEvaluation(long id, EvaluationRequest r, HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Rule(r.Choice is not null && store.Choices.Contains(r.Choice), "choice", $"'{r.Choice}' is not a choice; accepted: {string.Join(", ", store.Choices)}");
        f.Rule(r.Stage is null or "acceptance" or "handling", "stage", $"'{r.Stage}' is not a stage; accepted: acceptance (受理), handling (办理, default)");
        f.Date("date", r.Date, "the evaluation date", required: false);
        return f.Problem("Invalid evaluation") ?? Result(await store.AddEvaluationAsync(id, Scope(http), r, time.Today(), ct), v => TypedResults.Created($"/api/petitions/{id}/evaluations", v));
    }

    private static async Task<IResult> AddLink(long id, LinkRequest r, HttpContext http, CaseLinkStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Rule(r.RelatedId is > 0 && r.RelatedId != id, "relatedId", "the id of another petition is required");
        f.Rule(r.Kind is "related" or "duplicate_of" or "unlinked", "kind", $"'{r.Kind}' is not a link kind; accepted: related, duplicate_of, unlinked (withdraws the link in force)");
        f.Text("createdBy", r.CreatedBy, "who links the petitions");
        return f.Problem("Invalid link") ?? Result(await store.LinkAsync(id, Scope(http), r.RelatedId!.Value, r.Kind!, r.CreatedBy!.Trim(), ct), v => TypedResults.Ok(v));
    }

    private static async Task<IResult> Supervised(HttpContext http, CasePracticeStore store, CancellationToken ct, bool? active = null, string? jurisdiction = null)
    {
        var (scope, error) = Narrow(http, jurisdiction);
        return error ?? TypedResults.Ok(await store.SupervisedAsync(scope!, active, ct));
    }

    private static async Task<IResult> DueLookBacks(HttpContext http, CasePracticeStore store, TimeProvider time, CancellationToken ct, string? jurisdiction = null)
    {
        var (scope, error) = Narrow(http, jurisdiction);
        return error ?? TypedResults.Ok(await store.DueLookBacksAsync(scope!, time.Today(), ct));
    }

    private static async Task<IResult> Groups(HttpContext http, CaseLinkStore store, CancellationToken ct) =>
        TypedResults.Ok(await store.GroupsAsync(Scope(http), null, ct));

    private static async Task<IResult> CreateGroup(GroupRequest r, HttpContext http, CaseLinkStore store, TimeProvider time, CancellationToken ct)
    {
        var f = new Fields(time.Today());
        f.Text("name", r.Name, "the group's name");
        f.Text("createdBy", r.CreatedBy, "who creates the group");
        f.Rule(r.CauseKind is "approval_batch" or "project" or "spatial_cluster" or "other", "causeKind", $"'{r.CauseKind}' is not a cause; accepted: approval_batch (同一批次), project (同一项目), spatial_cluster (同一区域同类事项), other");
        f.Rule(r.PetitionIds is { Count: >= 2 }, "petitionIds", "a case group has at least two petitions");
        return f.Problem("Invalid case group") ?? Result(await store.CreateGroupAsync(r, Scope(http), ct), v => TypedResults.Created($"/api/case-groups/{v.Id}", v));
    }

    /// <summary>A new query code (when the petitioner lost it); shown once.</summary>
    public sealed record ReissueRequest(string? IssuedBy);

    /// <summary>The petitioner's evaluation through the query code.</summary>
    public sealed record TrackEvaluationRequest(string? Choice, string? Comment, string? Stage);

    private static async Task<IResult> ReissueCode(long id, ReissueRequest r, HttpContext http, CaseTracking tracking, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(r.IssuedBy))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["issuedBy"] = ["who issues the code is required"] }, title: "Invalid request");
        }

        return await tracking.ReissueAsync(id, Scope(http), r.IssuedBy.Trim(), ct) is { } code
            ? TypedResults.Created($"/api/track/{code}", new { queryCode = code })
            : PetitionEndpoints.NotFound(id);
    }

    /// <summary>The petition of a query code, or the 404/429 problem; unknown codes count against the client.</summary>
    private static async Task<(long? Id, IResult? Problem)> ByCode(string code, HttpContext http, CaseTracking tracking, QueryCodeThrottle throttle, CancellationToken ct)
    {
        var client = http.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        if (throttle.RetryAfter(client) is { } wait)
        {
            http.Response.Headers.RetryAfter = wait.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return (null, TypedResults.Problem(title: "Too many unknown codes", statusCode: StatusCodes.Status429TooManyRequests,
                detail: $"too many unknown query codes from this address; try again in {wait} s"));
        }

        var normalized = QueryCodes.Normalize(code);
        if ((normalized is null ? null : await tracking.FindAsync(normalized, ct)) is long id)
        {
            return (id, null);
        }

        throttle.Failed(client);
        return (null, Problems.NotFound("Unknown query code", "no case has this query code (12 characters, as printed on the 受理告知书, e.g. ABCD-EFGH-JKMN); a reissued code replaces the old one"));
    }

    private static async Task<IResult> Track(string code, HttpContext http, CaseTracking tracking, QueryCodeThrottle throttle, TimeProvider time, CancellationToken ct)
    {
        var (id, problem) = await ByCode(code, http, tracking, throttle, ct);
        return problem ?? TypedResults.Ok(await tracking.ViewAsync(id!.Value, time.Today(), ct));
    }

    private static async Task<IResult> TrackEvaluation(
        string code, TrackEvaluationRequest r, HttpContext http, CaseTracking tracking, QueryCodeThrottle throttle, CasePracticeStore store, TimeProvider time, CancellationToken ct)
    {
        var (id, problem) = await ByCode(code, http, tracking, throttle, ct);
        if (problem is not null)
        {
            return problem;
        }

        var today = time.Today();
        var f = new Fields(today);
        f.Rule(r.Choice is not null && store.Choices.Contains(r.Choice), "choice", $"'{r.Choice}' is not a choice; accepted: {string.Join(", ", store.Choices)}");
        f.Rule(r.Stage is null or "acceptance" or "handling", "stage", $"'{r.Stage}' is not a stage; accepted: acceptance (受理), handling (办理)");
        if (f.Problem("Invalid evaluation") is { } bad)
        {
            return bad;
        }

        var view = (await tracking.ViewAsync(id!.Value, today, ct))!;
        var stage = r.Stage ?? (CaseNames.TryParseState(view.State, out var s) && SupervisionRules.HasConclusion(s) ? "handling" : "acceptance");
        var result = await store.AddEvaluationAsync(id.Value, JurisdictionScope.All, new EvaluationRequest(stage, r.Choice, today, "query_code", r.Comment, null), today, ct);
        return Result(result, v => TypedResults.Created($"/api/track/{code}", new { v.Stage, v.Choice, v.Date }));
    }

    private static async Task<IResult> GroupSuggestions(HttpContext http, CaseLinkStore store, CancellationToken ct, string? jurisdiction = null)
    {
        var (scope, error) = Narrow(http, jurisdiction);
        return error ?? TypedResults.Ok(await store.SuggestGroupsAsync(scope!, ct));
    }

    private static IResult Workflow(CaseRules rules) => TypedResults.Ok(new
    {
        states = Enum.GetValues<CaseState>().Select(s => new { state = s.ApiName(), label = s.Zh(), allowedActions = CaseWorkflow.Allowed(s).Select(a => a.ApiName()) }),
        transitions = CaseWorkflow.Table.Select(r => new
        {
            from = r.From.ApiName(),
            action = r.Action.ApiName(),
            label = r.Action.Zh(),
            to = r.To.ApiName(),
            article = r.Article,
            document = r.Document,
            requires = CaseViews.Requires(r.Needs),
        }),
        timers = CaseRules.Timers.Select(t => new
        {
            timer = t.Name,
            label = t.Label,
            article = t.Article,
            kind = t.Kind == ClockKind.Duty ? "duty" : "window",
            unit = t.Unit == DayUnit.Calendar ? "calendar_days" : "working_days",
            length = rules.Length(t.Timer),
            warningDays = rules.WarningFor(t.Timer),
        }),
        rules = new { rules.MaxExtensionDays, rules.ReopenHandleDays },
        calendar = new
        {
            rules.Calendar.ExcludeStartDay,
            rules.Calendar.RollPastHolidays,
            rules.Calendar.WeekendsAreRestDays,
            rules.Calendar.UseBuiltInHolidays,
            holidays = rules.Calendar.Holidays,
            workingWeekends = rules.Calendar.WorkingWeekends,
        },
    });

    private static async Task<IResult> GetCase(long id, HttpContext http, CaseStore store, CaseRules rules, TimeProvider time, CancellationToken ct)
    {
        if (await store.GetAsync(id, PetitionEndpoints.Scope(http), ct) is not { } found)
        {
            return PetitionEndpoints.NotFound(id);
        }

        var etag = CaseViews.ETag(found.History.Version);
        http.Response.Headers.ETag = etag;
        if (http.Request.Headers.IfNoneMatch.Any(v => v is not null && v.Split(',').Any(t => t.Trim() == etag)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        return TypedResults.Ok(CaseViews.View(found.Header, found.History, time.Today(), rules));
    }

    /// <summary>
    /// The procedural checks C1–C6 (domain-rules §7.4) as of today: the case's own clocks, and the
    /// earlier petitions repeat detection linked to it (same petitioner, subject and place = the same
    /// matter) with their own cases.
    /// </summary>
    private static async Task<IResult> ProceduralChecksOf(
        long id, HttpContext http, CaseStore store, CaseLinkStore links, CaseRules rules, TimeProvider time, CancellationToken ct)
    {
        var scope = PetitionEndpoints.Scope(http);
        if (await store.GetAsync(id, scope, ct) is not { } found || await links.LinksAsync(id, scope, ct) is not { } linked)
        {
            return PetitionEndpoints.NotFound(id);
        }

        var today = time.Today();
        var priors = new List<PriorPetition>();
        foreach (var link in linked.Where(l => l.Direction == "earlier" && l.Kind != "unlinked"))
        {
            if (await store.GetAsync(link.RelatedId, scope, ct) is not { } earlier)
            {
                continue;
            }

            var status = CaseClock.Evaluate(earlier.History, today, rules);
            var samePlace = link.Reasons.Contains("nearby") || link.Reasons.Contains("same_reference");
            var sameMatter = link.Kind == "duplicate_of" || (link.Reasons.Contains("same_petitioner") && link.Reasons.Contains("same_subject") && samePlace);
            priors.Add(new PriorPetition(link.RelatedId, link.RelatedCaseNo, sameMatter, status.State, status.AcceptedOn));
        }

        var checks = ProceduralChecks.Evaluate(found.History, CaseClock.Evaluate(found.History, today, rules), priors);
        return TypedResults.Ok(new
        {
            petitionId = id,
            on = today,
            checks = checks.Select(c => new
            {
                rule = c.Rule,
                outcome = c.Outcome switch { CheckOutcome.Applies => "applies", CheckOutcome.Clear => "clear", _ => "pending" },
                sentenceZh = c.SentenceZh,
                sentenceEn = c.SentenceEn,
                article = "信访工作条例" + c.Article,
                due = c.Due,
                actual = c.Actual,
                relatedPetitionId = c.RelatedPetitionId,
            }),
        });
    }

    private static async Task<IResult> Transition(
        long id, TransitionRequest request, HttpContext http, CaseStore store, CaseRules rules, TimeProvider time, CancellationToken ct,
        [FromHeader(Name = "If-Match")] string? ifMatch = null, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null)
    {
        if (string.IsNullOrWhiteSpace(ifMatch) || ifMatch.Trim() == "*")
        {
            return TypedResults.Problem(
                title: "If-Match required",
                detail: $"a transition must name the case version it was decided on: send If-Match with the ETag of GET /api/petitions/{id}/case (e.g. If-Match: {CaseViews.ETag(0)}); '*' is not accepted",
                statusCode: StatusCodes.Status428PreconditionRequired);
        }

        if (idempotencyKey is { Length: > 200 })
        {
            return Problems.BadRequest("Invalid Idempotency-Key", "the Idempotency-Key header is at most 200 characters (a UUID is a good choice)", "Idempotency-Key");
        }

        var today = time.Today();
        var errors = new Dictionary<string, string[]>();
        var transition = CaseViews.Parse(request, today, errors);
        if (transition is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid transition", detail: string.Join("; ", errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))));
        }

        var expected = CaseViews.ParseIfMatch(ifMatch) ?? -1;
        var sha = PetitionStore.Sha256(JsonSerializer.SerializeToUtf8Bytes(request));
        var result = await store.AppendAsync(id, PetitionEndpoints.Scope(http), expected, transition, idempotencyKey, sha, today, ct);
        switch (result)
        {
            case TransitionResult.NotFound:
                return PetitionEndpoints.NotFound(id);

            case TransitionResult.Stale stale:
                http.Response.Headers.ETag = CaseViews.ETag(stale.Current);
                return TypedResults.Problem(
                    title: "Case changed since you read it",
                    detail: $"If-Match {ifMatch} does not match the current version {CaseViews.ETag(stale.Current)}: someone recorded a transition meanwhile; reload GET /api/petitions/{id}/case, check the history, and decide again",
                    statusCode: StatusCodes.Status412PreconditionFailed,
                    extensions: new Dictionary<string, object?> { ["currentETag"] = CaseViews.ETag(stale.Current), ["currentVersion"] = stale.Current });

            case TransitionResult.KeyReused reused:
                return TypedResults.Problem(
                    title: "Idempotency-Key reused",
                    detail: $"the Idempotency-Key '{idempotencyKey}' was used for a different transition (seq {reused.Seq}) of this case; use a new key for a new transition",
                    statusCode: StatusCodes.Status422UnprocessableEntity);

            case TransitionResult.Refused { Refusal: var refusal, Header: var header }:
                http.Response.Headers.ETag = CaseViews.ETag(header.Version);
                return refusal.Kind switch
                {
                    RefusalKind.NotAllowed => TypedResults.Problem(
                        title: "Action not allowed in this state",
                        detail: refusal.Detail,
                        statusCode: StatusCodes.Status409Conflict,
                        extensions: new Dictionary<string, object?>
                        {
                            ["state"] = header.Status,
                            ["allowedActions"] = refusal.Allowed.Select(a => a.ApiName()).ToArray(),
                            ["rule"] = refusal.Rule,
                        }),
                    RefusalKind.Invalid => TypedResults.ValidationProblem(
                        refusal.Problems, title: "Invalid transition", detail: refusal.Detail,
                        extensions: new Dictionary<string, object?> { ["rule"] = refusal.Rule }),
                    _ => TypedResults.Problem(
                        title: "Transition breaks a rule",
                        detail: refusal.Detail,
                        statusCode: StatusCodes.Status422UnprocessableEntity,
                        extensions: new Dictionary<string, object?> { ["rule"] = refusal.Rule, ["errors"] = refusal.Problems }),
                };

            case TransitionResult.Recorded recorded:
                http.Response.Headers.ETag = CaseViews.ETag(recorded.Header.Version);
                var view = CaseViews.View(recorded.Header, recorded.History, today, rules);
                if (recorded.Replayed)
                {
                    http.Response.Headers["Idempotent-Replayed"] = "true";
                    return TypedResults.Ok(view);
                }

                return TypedResults.Created($"/api/petitions/{id}/case", view with { QueryCode = recorded.QueryCode });

            default:
                throw new InvalidOperationException($"unexpected transition result {result}");
        }
    }
}
