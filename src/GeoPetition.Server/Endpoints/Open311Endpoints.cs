using GeoPetition.Core.Petitions;
using GeoPetition.Server.Cases;
using Microsoft.AspNetCore.Mvc;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Open311 GeoReport v2 read endpoints (https://wiki.open311.org/GeoReport_v2), JSON only, for city
/// systems that already speak it: petition subjects are services, petitions are service requests.
/// <code>
/// GET /open311/v2/services.json
/// GET /open311/v2/requests.json?service_request_id=a,b&amp;service_code=a,b&amp;start_date=&amp;end_date=&amp;status=open,closed&amp;jurisdiction_id=
/// GET /open311/v2/requests/{service_request_id}.json
/// </code>
/// service_request_id is the case number. A request carries no personal data: no petitioner, no text,
/// no address; lat/long are the matter's place in WGS84 (CGCS2000 agrees to centimetres) rounded to
/// about 11 m. Every read goes through the caller's jurisdiction scope; jurisdiction_id (an
/// administrative code) only narrows it. Errors are RFC 9457 problem details (house rule) rather than
/// GeoReport's error array; each names the parameter and what is accepted.
/// </summary>
public static class Open311Endpoints
{
    /// <summary>GeoReport v2: without dates the range is the most recent 90 days, and a range may not span more.</summary>
    public const int MaxSpanDays = 90;

    private const int MaxIds = 100;

    public static IEndpointRouteBuilder MapOpen311Endpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/open311/v2").WithTags("Open311").RequireAuthorization(Auth.Policies.ReadCases);
        group.MapGet("/services.json", () => TypedResults.Ok(Open311Requests.Services));
        group.MapGet("/requests.json", Requests);
        group.MapGet("/requests/{serviceRequestId}.json", Request);
        return app;
    }

    private static async Task<IResult> Requests(
        HttpContext http, Open311Requests store, TimeProvider time, CancellationToken ct,
        [FromQuery(Name = "service_request_id")] string? serviceRequestId = null,
        [FromQuery(Name = "service_code")] string? serviceCode = null,
        [FromQuery(Name = "start_date")] string? startDate = null,
        [FromQuery(Name = "end_date")] string? endDate = null,
        [FromQuery(Name = "status")] string? status = null,
        [FromQuery(Name = "jurisdiction_id")] string? jurisdictionId = null)
    {
        var (scope, scopeError) = CaseEndpoints.Narrow(PetitionEndpoints.Scope(http), jurisdictionId, "jurisdiction_id");
        if (scopeError is not null)
        {
            return scopeError;
        }

        var today = time.Today();
        if (!string.IsNullOrWhiteSpace(serviceRequestId))
        {
            // GeoReport v2: service_request_id overrides all other arguments.
            var ids = List(serviceRequestId);
            if (ids.Count > MaxIds)
            {
                return Problems.BadRequest("Invalid service_request_id", $"at most {MaxIds} service_request_id values per call (comma-separated case numbers); got {ids.Count}", "service_request_id");
            }

            return TypedResults.Ok(await store.FindAsync(new Open311Query(ids, null, null, null, null), scope!, today, ct));
        }

        List<string>? codes = null;
        if (!string.IsNullOrWhiteSpace(serviceCode))
        {
            codes = List(serviceCode);
            if (codes.FirstOrDefault(c => !PetitionVocabulary.Subjects.ContainsKey(c)) is { } unknown)
            {
                return Problems.BadRequest("Invalid service_code", $"unknown service_code '{unknown}'; accepted (GET /open311/v2/services.json): {string.Join(", ", PetitionVocabulary.Subjects.Keys)}", "service_code");
            }
        }

        List<string>? states = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            states = [];
            foreach (var s in List(status))
            {
                if (s is not ("open" or "closed"))
                {
                    return Problems.BadRequest("Invalid status", $"'{s}' is not a GeoReport status; accepted: open, closed (comma-separated)", "status");
                }

                states.AddRange(s == "open" ? Open311Requests.OpenStates : Open311Requests.ClosedStates);
            }
        }

        DateTimeOffset? start = null, end = null;
        foreach (var (name, text) in new[] { ("start_date", startDate), ("end_date", endDate) })
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            if (!Open311Requests.TryParseW3c(text, out var value))
            {
                return Problems.BadRequest($"Invalid {name}", $"'{text}' is not a W3C datetime; accepted: 2026-03-01, 2026-03-01T00:00:00Z or 2026-03-01T08:00:00+08:00 (no offset = China time)", name);
            }

            if (name == "start_date")
            {
                start = value;
            }
            else
            {
                end = value;
            }
        }

        // Defaults of GeoReport v2: the most recent 90 days; a range may not span more than 90 days.
        var span = TimeSpan.FromDays(MaxSpanDays);
        (start, end) = (start, end) switch
        {
            (null, null) => (Open311Requests.Midnight(today.AddDays(1 - MaxSpanDays)), Open311Requests.Midnight(today.AddDays(1))),
            (null, { } e) => (e - span, e),
            ({ } s, null) => (s, s + span),
            _ => (start, end),
        };
        if (start > end)
        {
            return Problems.BadRequest("Invalid period", $"start_date {start:yyyy-MM-dd'T'HH:mm:sszzz} is after end_date {end:yyyy-MM-dd'T'HH:mm:sszzz}", "start_date");
        }

        if (end - start > span)
        {
            return Problems.BadRequest("Invalid period", $"start_date to end_date may not span more than {MaxSpanDays} days (GeoReport v2); got {(end - start)!.Value.TotalDays:0.##} days", "end_date");
        }

        var query = new Open311Query(null, codes, Open311Requests.FirstDateFrom(start!.Value), Open311Requests.LastDateTo(end!.Value), states);
        return TypedResults.Ok(await store.FindAsync(query, scope!, today, ct));
    }

    private static async Task<IResult> Request(string serviceRequestId, HttpContext http, Open311Requests store, TimeProvider time, CancellationToken ct)
    {
        var found = await store.FindAsync(new Open311Query([serviceRequestId], null, null, null, null), PetitionEndpoints.Scope(http), time.Today(), ct);
        return found.Count == 0
            ? Problems.NotFound("Unknown service request", $"there is no service request '{serviceRequestId}' (a case number such as XF2026000001), or it is outside your jurisdiction")
            : TypedResults.Ok(found);
    }

    private static List<string> List(string text) => [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct()];
}
