using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoPetition.Core.Petitions;
using GeoPetition.Server.Evidence;
using GeoPetition.Server.Petitions;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// Evidence of a petition's case.
/// <code>
/// POST /api/petitions/{id}/evidence                   multipart: kind, file, fields (Idempotency-Key honoured)
/// GET  /api/petitions/{id}/evidence                   attachments, newest last, with what supersedes what
/// GET  /api/petitions/{id}/evidence/{aid}/content     the stored file
/// GET  /api/petitions/{id}/evidence/chain             the chain entries
/// GET  /api/petitions/{id}/evidence/verify            recompute the chain; the first broken link
/// GET  /api/petitions/{id}/map.png                    the evidence map (petition, layers, imagery before/after)
/// GET  /api/petitions/{id}/report.pdf                 the report (stored, and chained as a Report entry)
/// GET  /api/petitions/{id}/evidence-package.zip       report, GeoJSON, map, attachments, chain, manifest.json
/// </code>
/// </summary>
public static class EvidenceEndpoints
{
    /// <summary>The attachment kinds: photo, document, field_check, verification_link.</summary>
    public static readonly string[] Kinds = ["photo", "document", "field_check", "verification_link"];

    private const int MaxFieldChars = 8000;

    private static readonly string[] FieldNames = ["kind", "note", "supersedes", "verificationId", "inspector", "date", "lon", "lat", "crs", "notes", "file"];

    public static IEndpointRouteBuilder MapEvidenceEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/petitions/{id:long}").WithTags("Evidence");
        // Policies per endpoint (docs/security.md); rendering maps and reports is rate-limited as heavy work.
        group.MapPost("/evidence", Upload).DisableAntiforgery().RequireAuthorization(Auth.Policies.WriteCases);
        group.MapGet("/evidence", List).RequireAuthorization(Auth.Policies.ReadCases);
        group.MapGet("/evidence/{attachmentId:long}/content", Download).RequireAuthorization(Auth.Policies.ReadCases);
        group.MapGet("/evidence/chain", Chain).RequireAuthorization(Auth.Policies.ReadCases);
        group.MapGet("/evidence/verify", VerifyChain).RequireAuthorization(Auth.Policies.ReadCases);
        group.MapGet("/map.png", Map).RequireAuthorization(Auth.Policies.ReadCases).RequireRateLimiting(Auth.AuthSetup.HeavyLimit);
        group.MapGet("/report.pdf", Report).RequireAuthorization(Auth.Policies.ReadCases).RequireRateLimiting(Auth.AuthSetup.HeavyLimit);
        group.MapGet("/evidence-package.zip", Package).RequireAuthorization(Auth.Policies.ReadCases).RequireRateLimiting(Auth.AuthSetup.HeavyLimit);
        return app;
    }

    private static async Task<bool> InScopeAsync(long id, HttpContext http, PetitionStore petitions, CancellationToken ct) =>
        await petitions.GetAsync(id, PetitionEndpoints.Scope(http), ct) is not null;

    private static IResult Invalid(string field, string detail, int status = StatusCodes.Status400BadRequest) =>
        TypedResults.Problem(title: "Invalid evidence upload", detail: $"{field}: {detail}", statusCode: status,
            extensions: new Dictionary<string, object?> { ["parameter"] = field });

    private static async Task<IResult> Upload(
        long id, HttpContext http, PetitionStore petitions, EvidenceStore store, EvidenceBlobStore blobs, IOptions<EvidenceOptions> options, CancellationToken ct)
    {
        if (!await InScopeAsync(id, http, petitions, ct))
        {
            return PetitionEndpoints.NotFound(id);
        }

        var o = options.Value;
        var key = http.Request.Headers["Idempotency-Key"].ToString() is { Length: > 0 } k ? k : null;
        if (key is { Length: > 200 })
        {
            return Invalid("Idempotency-Key", "at most 200 characters (a UUID is a good choice)");
        }

        if (!MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 and <= 200 } boundary)
        {
            return Invalid("Content-Type", $"send multipart/form-data with a boundary (got '{http.Request.ContentType}'); fields: {string.Join(", ", FieldNames)}", StatusCodes.Status415UnsupportedMediaType);
        }

        if (http.Request.ContentLength is { } length && length > o.RequestLimit)
        {
            return Invalid("file", $"the request is {length} bytes; the limit is {o.RequestLimit} bytes (files up to {o.MaxFileBytes} bytes)", StatusCodes.Status413PayloadTooLarge);
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } max)
        {
            max.MaxRequestBodySize = o.RequestLimit;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        PendingBlob? file = null;
        string? fileName = null, mediaType = null;
        try
        {
            var reader = new MultipartReader(boundary, http.Request.Body) { HeadersLengthLimit = 16 * 1024 };
            MultipartSection? section;
            while ((section = await reader.ReadNextSectionAsync(ct)) is not null)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition) || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    return Invalid("multipart", "every part needs Content-Disposition: form-data; name=\"…\"");
                }

                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value ?? "";
                if (disposition.IsFileDisposition())
                {
                    if (name != "file" || file is not null)
                    {
                        return Invalid(name, "send exactly one file, in the part named 'file'");
                    }

                    fileName = Path.GetFileName(HeaderUtilities.RemoveQuotes(disposition.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value ?? "");
                    var extension = Path.GetExtension(fileName);
                    if (string.IsNullOrEmpty(extension) || !o.AllowedTypes.TryGetValue(extension, out mediaType))
                    {
                        return Invalid("file", $"'{fileName}' is not an accepted type; accepted: {string.Join(", ", o.AllowedTypes.Keys.Order(StringComparer.Ordinal))}", StatusCodes.Status415UnsupportedMediaType);
                    }

                    file = await blobs.ReceiveAsync(section.Body, o.MaxFileBytes, ct);
                    continue;
                }

                if (Array.IndexOf(FieldNames, name) < 0)
                {
                    return Invalid(name, $"unknown field; accepted fields: {string.Join(", ", FieldNames)}");
                }

                using var text = new StreamReader(section.Body, Encoding.UTF8);
                var buffer = new char[MaxFieldChars + 1];
                var read = await text.ReadBlockAsync(buffer, ct);
                if (read > MaxFieldChars)
                {
                    return Invalid(name, $"at most {MaxFieldChars} characters");
                }

                fields[name] = new string(buffer, 0, read).Trim();
            }

            return await StoreAsync(id, fields, file, fileName, mediaType, key, store, blobs, o, ct);
        }
        catch (FileTooLargeException e)
        {
            return Invalid("file", $"the file is larger than the limit of {e.Limit} bytes; nothing was stored", StatusCodes.Status413PayloadTooLarge);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or BadHttpRequestException && !ct.IsCancellationRequested)
        {
            return Invalid("multipart", $"the upload is incomplete or malformed ({e.Message}); nothing was stored");
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }
        }
    }

    private static async Task<IResult> StoreAsync(
        long id, Dictionary<string, string> fields, PendingBlob? file, string? fileName, string? mediaType, string? key,
        EvidenceStore store, EvidenceBlobStore blobs, EvidenceOptions o, CancellationToken ct)
    {
        var kind = fields.GetValueOrDefault("kind");
        if (kind is null || Array.IndexOf(Kinds, kind) < 0)
        {
            return Invalid("kind", $"'{kind}' is not an attachment kind; accepted: {string.Join(", ", Kinds)}");
        }

        if (file is not null)
        {
            if (file.Size == 0)
            {
                return Invalid("file", $"'{fileName}' is empty; nothing was stored");
            }

            if (!FileTypes.Matches(mediaType!, file.Head))
            {
                return Invalid("file", $"'{fileName}' does not look like {mediaType} (its first bytes say otherwise); accepted: {string.Join(", ", o.AllowedTypes.Keys.Order(StringComparer.Ordinal))}", StatusCodes.Status415UnsupportedMediaType);
            }
        }

        if (kind is "photo" or "document" && file is null)
        {
            return Invalid("file", $"a {kind} needs a file part named 'file'");
        }

        if (kind == "photo" && !FileTypes.IsPhoto(mediaType!))
        {
            return Invalid("file", $"a photo is a JPEG or PNG; '{fileName}' is {mediaType}", StatusCodes.Status415UnsupportedMediaType);
        }

        if (kind == "verification_link" && file is not null)
        {
            return Invalid("file", "a verification_link has no file (attach the document as kind=document)");
        }

        long? supersedes = null;
        if (fields.TryGetValue("supersedes", out var sup))
        {
            if (!long.TryParse(sup, NumberStyles.None, CultureInfo.InvariantCulture, out var s) || !await store.AttachmentBelongsAsync(id, s, ct))
            {
                return Invalid("supersedes", $"'{sup}' is not an attachment of petition {id}; give the id of the attachment this one corrects");
            }

            supersedes = s;
        }

        long? verificationId = null;
        if (fields.TryGetValue("verificationId", out var vtext))
        {
            if (!long.TryParse(vtext, NumberStyles.None, CultureInfo.InvariantCulture, out var v) || !await store.VerificationBelongsAsync(id, v, ct))
            {
                return Invalid("verificationId", $"'{vtext}' is not a verification of petition {id}; see GET /api/petitions/{id}/verifications");
            }

            verificationId = v;
        }
        else if (kind == "verification_link")
        {
            return Invalid("verificationId", "a verification_link names the verification result it links (verificationId)");
        }

        var metadata = new Dictionary<string, object?>();
        Point? position = null;
        string? positionSource = null;
        if (fields.ContainsKey("lon") || fields.ContainsKey("lat"))
        {
            if (!double.TryParse(fields.GetValueOrDefault("lon"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
                || !double.TryParse(fields.GetValueOrDefault("lat"), NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
            {
                return Invalid("lon", "lon and lat are both required, as decimal numbers (x/easting and y/northing in crs)");
            }

            var crs = fields.GetValueOrDefault("crs");
            var stored = LocationInput.ToStorage(new Point(lon, lat), crs, out var problem);
            if (stored is not Point p)
            {
                return Invalid("crs", $"{problem}; accepted: {LocationInput.AcceptedCrs}");
            }

            position = p;
            positionSource = "given";
            metadata["position"] = new { x = lon, y = lat, crs = crs ?? "EPSG:4490" };
        }

        if (kind == "photo")
        {
            PhotoExif exif;
            try
            {
                exif = PhotoMetadata.Read(file!.TempPath);
            }
            catch (InvalidDataException e)
            {
                return Invalid("file", $"{e.Message}; send the original photo, or one with its EXIF removed; nothing was stored", StatusCodes.Status422UnprocessableEntity);
            }

            metadata["exif"] = new { lon = exif.Lon, lat = exif.Lat, takenAt = exif.TakenAt?.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture), camera = exif.Camera };
            if (position is null && exif is { Lon: { } elon, Lat: { } elat })
            {
                // EXIF GPS is WGS 84 (EXIF 2.3 GPSMapDatum default), converted like any other input.
                position = LocationInput.ToStorage(new Point(elon, elat), "EPSG:4326", out _) as Point;
                positionSource = "exif";
            }
        }

        if (kind == "field_check")
        {
            var inspector = fields.GetValueOrDefault("inspector");
            if (string.IsNullOrWhiteSpace(inspector))
            {
                return Invalid("inspector", "a field check names its inspector (核查人)");
            }

            if (!DateOnly.TryParseExact(fields.GetValueOrDefault("date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                return Invalid("date", "a field check has its date as YYYY-MM-DD");
            }

            if (position is null)
            {
                return Invalid("lon", "a field check records where it was made: lon and lat (and crs, EPSG:4490 by default)");
            }

            metadata["fieldCheck"] = new { inspector, date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), notes = fields.GetValueOrDefault("notes") };
        }

        if (positionSource is not null)
        {
            metadata["positionSource"] = positionSource;
        }

        var attachment = new NewAttachment(id, kind, file, mediaType, fileName, JsonSerializer.SerializeToElement(metadata), position,
            verificationId, supersedes, fields.GetValueOrDefault("note"), key);
        var (stored2, created) = await store.AddAttachmentAsync(attachment, ct);
        return created
            ? TypedResults.Created($"/api/petitions/{id}/evidence/{stored2.Id}", stored2)
            : TypedResults.Ok(stored2);
    }

    private static async Task<IResult> List(long id, HttpContext http, PetitionStore petitions, EvidenceStore store, CancellationToken ct)
    {
        if (!await InScopeAsync(id, http, petitions, ct))
        {
            return PetitionEndpoints.NotFound(id);
        }

        return TypedResults.Ok(new { items = await store.ListAsync(id, ct) });
    }

    private static async Task<IResult> Download(long id, long attachmentId, HttpContext http, PetitionStore petitions, EvidenceStore store, EvidenceBlobStore blobs, CancellationToken ct)
    {
        if (!await InScopeAsync(id, http, petitions, ct))
        {
            return PetitionEndpoints.NotFound(id);
        }

        var a = (await store.ListAsync(id, ct)).FirstOrDefault(x => x.Id == attachmentId);
        if (a is null)
        {
            return Problems.NotFound("Unknown attachment", $"petition {id} has no attachment {attachmentId}; see GET /api/petitions/{id}/evidence");
        }

        if (a.Sha256 is null)
        {
            return Problems.NotFound("No file", $"attachment {attachmentId} is a {a.Kind} without a file");
        }

        if (!blobs.Exists(a.Sha256))
        {
            return TypedResults.Problem(title: "Stored file missing", detail: $"the file {a.Sha256} of attachment {attachmentId} is missing from the evidence store; see GET /api/petitions/{id}/evidence/verify", statusCode: StatusCodes.Status500InternalServerError);
        }

        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(a.Sha256))}:";
        return TypedResults.Stream(blobs.Open(a.Sha256), a.MediaType ?? "application/octet-stream", a.FileName, entityTag: new EntityTagHeaderValue($"\"{a.Sha256}\""));
    }

    private static async Task<IResult> Chain(long id, HttpContext http, PetitionStore petitions, EvidenceStore store, CancellationToken ct)
    {
        if (!await InScopeAsync(id, http, petitions, ct))
        {
            return PetitionEndpoints.NotFound(id);
        }

        return TypedResults.Ok(new { items = await store.ChainAsync(id, ct) });
    }

    private static async Task<IResult> VerifyChain(long id, HttpContext http, PetitionStore petitions, EvidenceStore store, CancellationToken ct)
    {
        if (!await InScopeAsync(id, http, petitions, ct))
        {
            return PetitionEndpoints.NotFound(id);
        }

        var report = await store.VerifyAsync(id, ct);
        var c = report.Check;
        return TypedResults.Ok(new { intact = c.Intact, entries = c.Entries, headSha256 = c.HeadSha256, firstBroken = c.FirstBreak });
    }

    private static async Task<IResult> Map(long id, HttpContext http, EvidenceDossierLoader loader, EvidenceMapRenderer renderer, CancellationToken ct)
    {
        var dossier = await loader.LoadAsync(id, PetitionEndpoints.Scope(http), ct);
        if (dossier is null)
        {
            return PetitionEndpoints.NotFound(id);
        }

        return TypedResults.File(await renderer.RenderAsync(dossier.MapScene, DateTimeOffset.UtcNow, ct), "image/png", $"{dossier.Petition.CaseNo}-map.png");
    }

    private static async Task<IResult> Report(long id, HttpContext http, EvidenceDossierLoader loader, EvidenceReportBuilder reports, CancellationToken ct)
    {
        var dossier = await loader.LoadAsync(id, PetitionEndpoints.Scope(http), ct);
        if (dossier is null)
        {
            return PetitionEndpoints.NotFound(id);
        }

        var report = await reports.BuildAsync(dossier, ct);
        http.Response.Headers["Repr-Digest"] = $"sha-256=:{Convert.ToBase64String(Convert.FromHexString(report.PdfSha256))}:";
        http.Response.Headers["X-Report-Content-Sha256"] = report.ContentSha256;
        http.Response.Headers["X-Report-Id"] = report.ReportId.ToString(CultureInfo.InvariantCulture);
        return TypedResults.File(report.Pdf, "application/pdf", $"{dossier.Petition.CaseNo}-report.pdf");
    }

    private static async Task<IResult> Package(long id, HttpContext http, EvidenceDossierLoader loader, EvidencePackageBuilder packages, CancellationToken ct)
    {
        var dossier = await loader.LoadAsync(id, PetitionEndpoints.Scope(http), ct);
        if (dossier is null)
        {
            return PetitionEndpoints.NotFound(id);
        }

        var (zip, manifest) = await packages.BuildAsync(dossier, ct);
        http.Response.Headers["X-Chain-Head-Sha256"] = manifest.ChainHeadSha256;
        return TypedResults.Stream(zip, "application/zip", $"{dossier.Petition.CaseNo}-evidence-package.zip");
    }
}
