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
        group.MapPost("/verifications", Start);
        group.MapGet("/{id:long}", Get);
        return app;
    }

    private static async Task<IResult> Start(BatchVerification request, VerificationJobs jobs, CancellationToken ct)
    {
        if ((request.Jurisdiction is null) == (request.ChangeSpotBatch is null))
        {
            return Problems.BadRequest("Invalid batch", "give exactly one of jurisdiction (an administrative code, e.g. 510991) or changeSpotBatch (the 卫片 issue batch, the xfpc value, e.g. 2026年第1批)");
        }

        if (request.Jurisdiction is { } code && !JurisdictionScope.IsValidCode(code))
        {
            return Problems.BadRequest("Invalid jurisdiction", "jurisdiction is a 6-, 9- or 12-digit administrative code", "jurisdiction");
        }

        var id = await jobs.EnqueueAsync(request, ct);
        return TypedResults.Accepted($"/api/jobs/{id}", await jobs.GetAsync(id, ct));
    }

    private static async Task<IResult> Get(long id, VerificationJobs jobs, CancellationToken ct) =>
        await jobs.GetAsync(id, ct) is { } job ? TypedResults.Ok(job) : Problems.NotFound("Unknown job", $"there is no job {id}");
}
