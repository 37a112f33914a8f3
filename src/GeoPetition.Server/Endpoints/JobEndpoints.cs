using GeoPetition.Server.Data;
using GeoPetition.Server.Petitions;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Batch verification jobs.
/// <code>
/// POST /api/jobs/verifications   {jurisdiction} or {changeSpotBatch}, optional asOf/checkDate → 202 + Location
/// GET  /api/jobs/{id}            state, total, done, failed, findings so far
/// </code>
/// </summary>
public static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/jobs").WithTags("Jobs");
        group.MapPost("/verifications", Start).RequireAuthorization(Auth.Policies.Verify).RequireRateLimiting(Auth.AuthSetup.HeavyLimit);
        group.MapGet("/{id:long}", Get).RequireAuthorization(Auth.Policies.ReadCases);
        return app;
    }

    private static async Task<IResult> Start(BatchVerification request, HttpContext http, VerificationJobs jobs, CancellationToken ct)
    {
        if ((request.Jurisdiction is null) == (request.ChangeSpotBatch is null))
        {
            return Problems.BadRequest("Invalid batch", "give exactly one of jurisdiction (an administrative code, e.g. 510991) or changeSpotBatch (the 卫片 issue batch, the xfpc value, e.g. 2026年第1批)");
        }

        if (request.Jurisdiction is { } code && !JurisdictionScope.IsValidCode(code))
        {
            return Problems.BadRequest("Invalid jurisdiction", "jurisdiction is a 6-, 9- or 12-digit administrative code", "jurisdiction");
        }

        // A unit outside the caller's own is answered as if it had no petitions would be: not found.
        var scope = PetitionEndpoints.Scope(http);
        if (request.Jurisdiction is { } unit && !scope.Contains(unit) && !new JurisdictionScope(unit).Contains(Auth.RequestScope.Caller(http).Unit))
        {
            return Problems.NotFound("Unknown jurisdiction", $"there is no unit {unit} in your jurisdiction");
        }

        var id = await jobs.EnqueueAsync(request, ct, Auth.RequestScope.Caller(http).Unit);
        return TypedResults.Accepted($"/api/jobs/{id}", await jobs.GetAsync(id, ct, scope));
    }

    private static async Task<IResult> Get(long id, HttpContext http, VerificationJobs jobs, CancellationToken ct) =>
        await jobs.GetAsync(id, ct, PetitionEndpoints.Scope(http)) is { } job ? TypedResults.Ok(job) : Problems.NotFound("Unknown job", $"there is no job {id} (or it belongs to another unit)");
}
