using System.Text.Json;
using GeoPetition.Core.Cases;
using GeoPetition.Server.Cases;
using GeoPetition.Server.Petitions;
using Microsoft.AspNetCore.Mvc;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// The case workflow of a petition on its statutory clock (domain-rules §1, §8).
/// <code>
/// GET  /api/cases/workflow                 the state machine table, timers and counting rules in force
/// GET  /api/petitions/{id}/case            state, clocks, outcomes, allowed actions, full history (ETag)
/// POST /api/petitions/{id}/transitions     record a transition; If-Match required, Idempotency-Key honoured
/// </code>
/// The ETag is the case version (the last event's seq), the same on <c>GET /api/petitions/{id}</c>:
/// a transition without If-Match gets 428, with a stale one 412, so two officers never silently
/// overwrite each other. An action the state does not allow gets 409 listing the allowed actions.
/// </summary>
public static class CaseEndpoints
{
    public static IEndpointRouteBuilder MapCaseEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/cases/workflow", Workflow).WithTags("Cases");
        var group = app.MapGroup("/api/petitions/{id:long}").WithTags("Cases");
        group.MapGet("/case", GetCase);
        group.MapPost("/transitions", Transition);
        return app;
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

                return TypedResults.Created($"/api/petitions/{id}/case", view);

            default:
                throw new InvalidOperationException($"unexpected transition result {result}");
        }
    }
}
