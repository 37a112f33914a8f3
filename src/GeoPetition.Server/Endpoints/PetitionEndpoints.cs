using System.Globalization;
using System.Text.Json;
using GeoPetition.Core.Cases;
using GeoPetition.Core.Verification;
using GeoPetition.Server.Auth;
using GeoPetition.Server.Cases;
using GeoPetition.Server.Data;
using GeoPetition.Server.Petitions;
using Microsoft.AspNetCore.Mvc;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Petitions and their verifications.
/// <code>
/// POST /api/petitions                              intake (Idempotency-Key header honoured)
/// GET  /api/petitions                              ?subject=&amp;status=&amp;jurisdiction=&amp;bbox=&amp;from=&amp;to=&amp;limit=&amp;before=
/// GET  /api/petitions/{id}
/// POST /api/petitions/{id}/verifications           run every claim {asOf?, checkDate?}
/// GET  /api/petitions/{id}/verifications           past runs, newest first
/// POST /api/verify                                 ad-hoc check of a geometry, nothing stored
/// POST /api/verify/map.png                         its evidence map (same request), nothing stored
/// </code>
/// </summary>
public static class PetitionEndpoints
{
    public const int MaxLimit = 500;

    public static IEndpointRouteBuilder MapPetitionEndpoints(this IEndpointRouteBuilder app)
    {
        // Policies are per endpoint: a group policy would be required in addition (they combine with AND).
        var group = app.MapGroup("/api/petitions").WithTags("Petitions");
        group.MapPost("/", Create).RequireAuthorization(Policies.SubmitPetitions);
        group.MapGet("/", List).RequireAuthorization(Policies.ReadCases);
        group.MapGet("/{id:long}", Get).RequireAuthorization(Policies.ReadCases);
        group.MapPost("/{id:long}/verifications", Verify).RequireAuthorization(Policies.Verify).RequireRateLimiting(AuthSetup.HeavyLimit);
        group.MapGet("/{id:long}/verifications", Verifications).RequireAuthorization(Policies.ReadCases);
        app.MapPost("/api/verify", VerifyAdHoc).WithTags("Verification").RequireAuthorization(Policies.ReadLayers).RequireRateLimiting(AuthSetup.HeavyLimit);
        app.MapPost("/api/verify/map.png", VerifyAdHocMap).WithTags("Verification").Produces(StatusCodes.Status200OK, contentType: "image/png")
            .RequireAuthorization(Policies.ReadLayers).RequireRateLimiting(AuthSetup.HeavyLimit);
        return app;
    }

    /// <summary>Options of a verification run.</summary>
    public sealed record VerifyRequest(DateOnly? AsOf, DateOnly? CheckDate);

    /// <summary>An ad-hoc check: a geometry, its CRS and accuracy, and one claim type.</summary>
    public sealed record AdHocRequest(JsonElement? Geometry, string? Crs, string? Accuracy, string? ClaimType, string? Text, Dictionary<string, string>? Refs, DateOnly? AsOf, DateOnly? CheckDate);

    /// <summary>The scope of the caller: its unit and the units below (<see cref="RequestScope"/>); an explicit ?jurisdiction= narrows it.</summary>
    internal static JurisdictionScope Scope(HttpContext http) => RequestScope.Jurisdiction(http);

    private static async Task<IResult> Create(
        PetitionRequest request, HttpContext http, PetitionIntake intake, PetitionStore store, AuditLog audit, PersonalDataProtector personalData, CancellationToken ct,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey = null)
    {
        if (idempotencyKey is { Length: > 200 })
        {
            return Problems.BadRequest("Invalid Idempotency-Key", "the Idempotency-Key header is at most 200 characters (a UUID is a good choice)", "Idempotency-Key");
        }

        var sha = PetitionStore.Sha256(JsonSerializer.SerializeToUtf8Bytes(request));
        if (idempotencyKey is not null && await store.FindByKeyAsync(idempotencyKey, ct) is { } existing)
        {
            return existing.Sha == sha
                ? (await store.GetAsync(existing.Id, Scope(http), ct) is { } earlier ? TypedResults.Ok(await Present(earlier, http, store, audit, ct)) : NotFound(existing.Id))
                : TypedResults.Problem(title: "Idempotency-Key reused", detail: $"the Idempotency-Key '{idempotencyKey}' was used for a different petition (id {existing.Id}); use a new key for a new petition", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        if (!personalData.Configured)
        {
            return TypedResults.Problem(title: "Personal data key not configured", detail: new PersonalDataKeyMissingException().Message, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var outcome = await intake.ValidateAsync(request, ct);
        if (outcome.Petition is null)
        {
            return outcome.UnknownReference
                ? TypedResults.Problem(title: "Unknown reference", detail: "a claim reference is not in the current layers: " + string.Join("; ", outcome.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))),
                    statusCode: StatusCodes.Status422UnprocessableEntity, extensions: new Dictionary<string, object?> { ["errors"] = outcome.Errors })
                : TypedResults.ValidationProblem(outcome.Errors, title: "Invalid petition", detail: string.Join("; ", outcome.Errors.SelectMany(e => e.Value.Select(v => $"{e.Key}: {v}"))));
        }

        var (id, created, same) = await store.CreateAsync(outcome.Petition, idempotencyKey, sha, ct);
        if (!created && !same)
        {
            return TypedResults.Problem(title: "Idempotency-Key reused", detail: $"the Idempotency-Key '{idempotencyKey}' was used for a different petition (id {id})", statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        // Filed outside the caller's unit (the location decides the unit): accepted, but not readable by the caller.
        if (await store.GetAsync(id, Scope(http), ct) is not { } dto)
        {
            return TypedResults.Accepted((string?)null, new { id, routedOutside = true, detail = "the petition's location is outside your jurisdiction; it was routed to the unit that contains it" });
        }

        dto = await Present(dto, http, store, audit, ct);
        return created ? TypedResults.Created($"/api/petitions/{id}", dto) : TypedResults.Ok(dto);
    }

    private static async Task<IResult> List(
        HttpContext http, PetitionStore store, CaseStore cases, CaseRules rules, TimeProvider time, CancellationToken ct,
        string? subject = null, string? status = null, string? jurisdiction = null, string? bbox = null,
        DateOnly? from = null, DateOnly? to = null, int? limit = null, long? before = null)
    {
        var scope = Scope(http);
        if (jurisdiction is not null)
        {
            if (!JurisdictionScope.IsValidCode(jurisdiction))
            {
                return Problems.BadRequest("Invalid jurisdiction", "jurisdiction is a 6-digit (province/city/county), 9-digit (township) or 12-digit (village) administrative code, e.g. 510991", "jurisdiction");
            }

            // An explicit unit narrows the caller's scope; it can never widen it.
            var narrowed = new JurisdictionScope(jurisdiction);
            if (scope.Prefix is { } own && !(narrowed.Prefix ?? "").StartsWith(own, StringComparison.Ordinal))
            {
                return TypedResults.Ok(new { items = Array.Empty<object>(), next = (string?)null });
            }

            scope = narrowed;
        }

        double[]? box = null;
        if (bbox is not null && !LayerEndpoints.TryParseBbox(bbox, out box))
        {
            return Problems.BadRequest("Invalid bbox", "bbox must be minLon,minLat,maxLon,maxLat in EPSG:4490 degrees", "bbox");
        }

        if (subject is not null && Core.Petitions.PetitionVocabulary.NormalizeSubject(subject) is null)
        {
            return Problems.BadRequest("Invalid subject", $"accepted subjects: {string.Join(", ", Core.Petitions.PetitionVocabulary.Subjects.Keys)}", "subject");
        }

        var size = limit ?? 50;
        if (size is < 1 or > MaxLimit)
        {
            return Problems.BadRequest("Invalid limit", $"limit must be between 1 and {MaxLimit}", "limit");
        }

        var items = await WithDeadlinesAsync(
            await store.ListAsync(new PetitionQuery(Core.Petitions.PetitionVocabulary.NormalizeSubject(subject), status, from, to, box, before, size), scope, ct),
            scope, cases, rules, time, ct);
        var next = items.Count == size
            ? QueryString(http.Request, "before", items[^1].Id.ToString(CultureInfo.InvariantCulture))
            : null;
        return TypedResults.Ok(new { items, next });
    }

    private static string QueryString(HttpRequest request, string key, string value)
    {
        var query = request.Query.Where(q => q.Key != key).Select(q => $"{q.Key}={Uri.EscapeDataString(q.Value.ToString())}").Append($"{key}={value}");
        return $"{request.Path}?{string.Join("&", query)}";
    }

    private static async Task<IResult> Get(long id, HttpContext http, PetitionStore store, CaseStore cases, CaseRules rules, TimeProvider time, AuditLog audit, CancellationToken ct) =>
        await store.GetAsync(id, Scope(http), ct) is { } p
            ? TypedResults.Ok(await Present((await WithDeadlinesAsync([p], Scope(http), cases, rules, time, ct))[0], http, store, audit, ct))
            : NotFound(id);

    /// <summary>The petitions with the next deadline of their open case, from one read of their case histories.</summary>
    private static async Task<IReadOnlyList<PetitionDto>> WithDeadlinesAsync(
        IReadOnlyList<PetitionDto> items, JurisdictionScope scope, CaseStore cases, CaseRules rules, TimeProvider time, CancellationToken ct)
    {
        if (items.Count == 0)
        {
            return items;
        }

        var events = await cases.EventsAsync([.. items.Select(p => p.Id)], scope, ct);
        var today = time.Today();
        return [.. items.Select(p =>
        {
            var status = CaseClock.Evaluate(new CaseHistory(p.ReceivedAt, p.Claims.Count, events.GetValueOrDefault(p.Id) ?? []), today, rules);
            return p with { NextDeadline = RepeatRules.IsOpen(status.State) && status.NextDeadline is { } next ? CaseViews.Clock(next) : null };
        })];
    }

    /// <summary>
    /// One petition as the caller may see it: petitioners masked (as stored in clear), or decrypted
    /// for the roles that need them (<see cref="Roles.SeePersonalData"/>), which is audited. Lists are always masked.
    /// </summary>
    internal static async Task<PetitionDto> Present(PetitionDto p, HttpContext http, PetitionStore store, AuditLog audit, CancellationToken ct)
    {
        if (!RequestScope.SeesPersonalData(http) || await store.PetitionersAsync(p.Id, Scope(http), ct) is not { } clear)
        {
            return p;
        }

        await audit.WriteAsync(http, AuditLog.ReadPersonalData, p.Id, "petitioners: name, idNumber, phone, address");
        return p with { Petitioners = clear };
    }

    internal static IResult NotFound(long id) => Problems.NotFound("Unknown petition", $"there is no petition {id} (or it is outside your jurisdiction)");

    private static async Task<IResult> Verify(long id, HttpContext http, VerificationService verifications, CancellationToken ct, [FromBody] VerifyRequest? request = null)
    {
        if (request?.AsOf is { } a && a > VerificationService.Today)
        {
            return Problems.BadRequest("Invalid asOf", "asOf cannot be in the future", "asOf");
        }

        var stored = await verifications.VerifyPetitionAsync(id, Scope(http), request?.AsOf, request?.CheckDate, null, ct);
        return stored is null ? NotFound(id) : TypedResults.Created($"/api/petitions/{id}/verifications", Dto(stored));
    }

    private static async Task<IResult> Verifications(long id, HttpContext http, PetitionStore store, VerificationService verifications, CancellationToken ct)
    {
        if (await store.GetAsync(id, Scope(http), ct) is null)
        {
            return NotFound(id);
        }

        return TypedResults.Ok((await verifications.ListAsync(id, ct)).Select(Dto));
    }

    internal static object Dto(StoredVerification v) => new
    {
        id = v.Id,
        petitionId = v.PetitionId,
        createdAt = v.CreatedAt,
        finding = VerificationService.OverallFinding(v.Result).ToString(),
        result = v.Result,
        changes = v.Changes,
    };

    /// <summary>
    /// An ad-hoc check of any geometry. Restricted layers count only where they meet the area of the
    /// caller's unit (<see cref="LayerAccess.AreaPrefix"/>), as their features, tiles and OGC items do.
    /// </summary>
    private static async Task<IResult> VerifyAdHoc(AdHocRequest request, HttpContext http, VerificationService verifications, VerificationOptions options, CancellationToken ct)
    {
        var (geometry, claims, accuracy, errors) = ParseAdHoc(request);
        if (geometry is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid check request");
        }

        var result = await verifications.VerifyAsync(geometry, options.PetitionTolerance(accuracy), claims, request.AsOf, request.CheckDate, ct, LayerAccess.AreaPrefix(http, restricted: true));
        return TypedResults.Ok(result);
    }

    /// <summary>
    /// The evidence map of an ad-hoc check (same request as <c>POST /api/verify</c>, nothing
    /// stored): the geometry over the layers its findings consulted, imagery around the cited change
    /// spot or the check date. The result's hash is in <c>X-Result-Sha256</c>, the same as
    /// <c>POST /api/verify</c> gives for the same request and data.
    /// </summary>
    private static async Task<IResult> VerifyAdHocMap(
        AdHocRequest request, HttpContext http, VerificationService verifications, VerificationOptions options,
        Evidence.EvidenceDossierLoader loader, Evidence.EvidenceMapRenderer renderer, CancellationToken ct)
    {
        var (geometry, claims, accuracy, errors) = ParseAdHoc(request);
        if (geometry is null)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid check request");
        }

        var prefix = LayerAccess.AreaPrefix(http, restricted: true);
        var result = await verifications.VerifyAsync(geometry, options.PetitionTolerance(accuracy), claims, request.AsOf, request.CheckDate, ct, prefix);
        var scene = await loader.AdHocAsync(geometry, accuracy.ToString().ToLowerInvariant(), result, prefix, ct);
        http.Response.Headers["X-Result-Sha256"] = result.Sha256;
        return TypedResults.File(await renderer.RenderAsync(scene, DateTimeOffset.UtcNow, ct), "image/png", $"verify-{result.Sha256[..12]}-map.png");
    }

    /// <summary>Reads an ad-hoc check request; the geometry is null (and <c>Errors</c> says why) when it is not valid.</summary>
    private static (NetTopologySuite.Geometries.Geometry? Geometry, ClaimInput[] Claims, LocationAccuracy Accuracy, Dictionary<string, string[]> Errors) ParseAdHoc(AdHocRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (!FindingLabels.TryParseClaimType(request.ClaimType, out var claimType))
        {
            errors["claimType"] = [$"'{request.ClaimType}' is not a claim type; accepted: {FindingLabels.AcceptedClaimTypes}"];
        }

        NetTopologySuite.Geometries.Geometry? geometry = null;
        if (request.Geometry is not { ValueKind: JsonValueKind.Object } g)
        {
            errors["geometry"] = ["a GeoJSON geometry is required"];
        }
        else
        {
            try
            {
                var raw = g.Deserialize<NetTopologySuite.Geometries.Geometry>(new JsonSerializerOptions { Converters = { new NetTopologySuite.IO.Converters.GeoJsonConverterFactory() } });
                geometry = raw is null ? null : Core.Petitions.LocationInput.ToStorage(raw, request.Crs, out var problem) ?? throw new ArgumentException(problem);
            }
            catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or NotSupportedException)
            {
                errors["geometry"] = [$"{e.Message.Split('\n')[0]}; accepted: a GeoJSON Point, LineString, Polygon or Multi* geometry in {Core.Petitions.LocationInput.AcceptedCrs}"];
            }
        }

        var accuracy = LocationAccuracy.Drawn;
        if (request.Accuracy is not null && !Enum.TryParse(request.Accuracy, true, out accuracy))
        {
            errors["accuracy"] = ["accepted: pin, drawn, surveyed"];
        }

        if (geometry is null && errors.Count == 0)
        {
            errors["geometry"] = ["a GeoJSON geometry is required"];
        }

        return (errors.Count > 0 ? null : geometry, [new ClaimInput(0, claimType, request.Text, request.Refs ?? [])], accuracy, errors);
    }
}
