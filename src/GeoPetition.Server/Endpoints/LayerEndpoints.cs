using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using GeoPetition.Server.Data;
using GeoPetition.Server.Import;
using Microsoft.AspNetCore.Mvc;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// The layer catalog, imports and GeoJSON features.
/// <code>
/// GET  /api/layers                               catalog
/// POST /api/layers                               create a layer {id, kind, title}
/// GET  /api/layers/{layerId}                     one layer
/// GET  /api/layers/{layerId}/versions            its imports, newest first
/// POST /api/layers/{layerId}/imports             multipart: files (or a .zip), crs, encoding, fieldMap, acceptPartial
/// GET  /api/layers/{layerId}/features            GeoJSON, ?bbox=minLon,minLat,maxLon,maxLat&amp;limit=&amp;after=
/// GET  /api/layers/{layerId}/features/{fid}      one feature
/// </code>
/// </summary>
public static partial class LayerEndpoints
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 10_000;

    public static IEndpointRouteBuilder MapLayerEndpoints(this IEndpointRouteBuilder app)
    {
        // Reads are public (restricted layers are filtered per caller); writes are the administrator's.
        var group = app.MapGroup("/api/layers").WithTags("Layers");
        group.MapGet("/", List).AllowAnonymous();
        group.MapPost("/", Create).RequireAuthorization(Auth.Policies.ManageLayers);
        group.MapGet("/{layerId}", Get).AllowAnonymous();
        group.MapGet("/{layerId}/versions", Versions).AllowAnonymous();
        group.MapPost("/{layerId}/imports", ImportFiles).DisableAntiforgery().RequireAuthorization(Auth.Policies.ManageLayers)
            .WithMetadata(new RequestSizeLimitAttribute(ImportOptionsDefaults.MaxUploadBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = ImportOptionsDefaults.MaxUploadBytes });
        group.MapGet("/{layerId}/features", Features).AllowAnonymous();
        group.MapGet("/{layerId}/features/{featureId}", Feature).AllowAnonymous();
        return app;
    }

    /// <summary>A layer as the API shows it.</summary>
    public sealed record LayerDto(
        string Id, string Kind, string Title, string TitleZh, string GeometryType, int Srid, bool Restricted,
        int FeatureCount, double[]? Extent, VersionRef? CurrentVersion, IReadOnlyList<FieldDto> Fields, IReadOnlyList<string> DateFields);

    public sealed record VersionRef(int Id, string SourceName, string SourceSha256, int? SourceCrs, DateTimeOffset? ImportedAt);

    public sealed record FieldDto(string Name, string Type, string TitleZh, string TitleEn, bool Required);

    /// <summary>A new layer; <c>restricted</c> hides it from the public and filters it by the reader's unit.</summary>
    public sealed record CreateLayerRequest(string? Id, string? Kind, string? Title, bool Restricted = false);

    internal static LayerDto ToDto(LayerInfo l) => new(
        l.Id, l.Kind.Kind.ToString(), l.Title, l.Kind.TitleZh, "Multi" + l.Kind.Geometry, Srids.Storage, l.Restricted,
        l.FeatureCount, l.Extent,
        l.CurrentVersionId is int v ? new VersionRef(v, l.SourceName!, l.SourceSha256!, l.SourceCrs, l.ImportedAt) : null,
        l.Kind.Fields.Select(f => new FieldDto(f.Column, f.Type.ToString(), f.TitleZh, f.TitleEn, f.Required)).ToList(),
        l.Kind.DateColumns);

    private static async Task<IResult> List(HttpContext http, LayerStore store, CancellationToken ct) =>
        TypedResults.Ok((await store.ListAsync(ct)).Where(l => Auth.LayerAccess.CanSee(http, l.Restricted)).Select(ToDto));

    /// <summary>The layer if this caller may read it (a restricted one needs <see cref="Auth.Policies.ReadLayers"/>), else null as if unknown.</summary>
    private static async Task<LayerInfo?> Visible(string layerId, HttpContext http, LayerStore store, CancellationToken ct) =>
        await store.GetAsync(layerId, ct) is { } layer && Auth.LayerAccess.CanSee(http, layer.Restricted) ? layer : null;

    private static async Task<IResult> Get(string layerId, HttpContext http, LayerStore store, CancellationToken ct) =>
        await Visible(layerId, http, store, ct) is { } layer ? TypedResults.Ok(ToDto(layer)) : await UnknownLayer(layerId, store, ct, http);

    internal static async Task<IResult> UnknownLayer(string layerId, LayerStore store, CancellationToken ct, HttpContext? http = null) =>
        Problems.UnknownLayer(layerId, (await store.ListAsync(ct)).Where(l => http is null || Auth.LayerAccess.CanSee(http, l.Restricted)).Select(l => l.Id));

    private static async Task<IResult> Create(CreateLayerRequest request, LayerStore store, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Id) || !LayerIdPattern().IsMatch(request.Id))
        {
            return Problems.BadRequest("Invalid layer id", "id must be 2–63 characters of lower-case letters, digits and _ starting with a letter, e.g. land_use_2023", "id");
        }

        if (request.Id == Tiles.PetitionTileSourceProvider.LayerId)
        {
            return Problems.BadRequest("Reserved layer id", $"'{request.Id}' is the tile layer of the petitions; choose another id", "id");
        }

        if (request.Kind is null || request.Kind.All(char.IsAsciiDigit) || !Enum.TryParse<LayerKind>(request.Kind, ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            return Problems.UnknownKind(request.Kind ?? "");
        }

        if (await store.GetAsync(request.Id, ct) is not null)
        {
            return TypedResults.Problem(title: "Layer exists", detail: $"layer '{request.Id}' exists already", statusCode: StatusCodes.Status409Conflict);
        }

        await store.EnsureAsync(request.Id, kind, string.IsNullOrWhiteSpace(request.Title) ? LayerKinds.Get(kind).TitleZh : request.Title, ct, request.Restricted);
        return TypedResults.Created($"/api/layers/{request.Id}", ToDto((await store.GetAsync(request.Id, ct))!));
    }

    private static async Task<IResult> Versions(string layerId, HttpContext http, LayerStore store, CancellationToken ct) =>
        await Visible(layerId, http, store, ct) is null ? await UnknownLayer(layerId, store, ct, http) : TypedResults.Ok(await store.VersionsAsync(layerId, ct));

    private static async Task<IResult> ImportFiles(string layerId, HttpRequest request, LayerStore store, ImportService imports, CancellationToken ct)
    {
        var layer = await store.GetAsync(layerId, ct);
        if (layer is null)
        {
            return await UnknownLayer(layerId, store, ct);
        }

        if (!request.HasFormContentType)
        {
            return Problems.BadRequest("Multipart form expected", $"send multipart/form-data with one or more 'files' parts. Accepted: {ImportService.AcceptedFormats}");
        }

        var form = await request.ReadFormAsync(ct);
        if (form.Files.Count == 0)
        {
            return Problems.BadRequest("No file", $"the form has no file part. Accepted: {ImportService.AcceptedFormats}", "files");
        }

        int? crs = null;
        if (form["crs"].ToString() is { Length: > 0 } crsText)
        {
            if (!CrsRegistry.TryParseCrs(crsText, out var epsg) || !CrsRegistry.IsSupported(epsg))
            {
                return Problems.BadRequest("Unsupported CRS", $"crs '{crsText}' is not supported; supported: {CrsRegistry.SupportedSummary}", "crs");
            }

            crs = epsg;
        }

        Dictionary<string, string>? fieldMap = null;
        if (form["fieldMap"].ToString() is { Length: > 0 } mapText)
        {
            try
            {
                fieldMap = JsonSerializer.Deserialize<Dictionary<string, string>>(mapText);
            }
            catch (JsonException)
            {
                return Problems.BadRequest("Invalid fieldMap", "fieldMap must be a JSON object of source field name → column, e.g. {\"PZWH_1\":\"pzwh\"}", "fieldMap");
            }
        }

        var acceptPartial = form["acceptPartial"].ToString() is { Length: > 0 } ap && bool.TryParse(ap, out var apValue) && apValue;
        var encoding = form["encoding"].ToString() is { Length: > 0 } enc ? enc : null;

        var dir = Path.Combine(Path.GetTempPath(), "geopetition-upload-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var paths = new List<string>();
            foreach (var file in form.Files)
            {
                var name = Path.GetFileName(file.FileName);
                if (string.IsNullOrWhiteSpace(name) || paths.Any(p => string.Equals(Path.GetFileName(p), name, StringComparison.OrdinalIgnoreCase)))
                {
                    return Problems.BadRequest("Invalid file name", $"each uploaded file needs a distinct name; got '{file.FileName}'", "files");
                }

                var path = Path.Combine(dir, name);
                await using (var target = File.Create(path))
                {
                    await file.CopyToAsync(target, ct);
                }

                paths.Add(path);
            }

            var sourceName = paths.Count == 1 ? Path.GetFileName(paths[0])
                : Path.GetFileName(paths.FirstOrDefault(p => p.EndsWith(".shp", StringComparison.OrdinalIgnoreCase)) ?? paths[0]);
            ImportOutcome outcome;
            try
            {
                outcome = await imports.ImportAsync(layer, paths, sourceName, new ImportOptions(crs, encoding, fieldMap, acceptPartial), null, ct);
            }
            catch (ArgumentException e)
            {
                return Problems.BadRequest("Invalid import option", e.Message);
            }

            var body = OutcomeDto(outcome);
            if (outcome.Committed)
            {
                return TypedResults.Created($"/api/layers/{layerId}/versions", body);
            }

            return TypedResults.Problem(
                title: "Import not loaded",
                detail: string.Join(" ", outcome.Report.Errors) + " The previous version of the layer is unchanged.",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                extensions: new Dictionary<string, object?> { ["import"] = body });
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    internal static object OutcomeDto(ImportOutcome o) => new
    {
        layerId = o.LayerId,
        versionId = o.VersionId,
        committed = o.Committed,
        sourceName = o.SourceName,
        sourceSha256 = o.SourceSha256,
        format = o.Format,
        sourceCrs = o.SourceCrs is int c ? $"EPSG:{c}" : null,
        encoding = o.Encoding,
        report = ImportReportJson.ToDto(o.Report),
    };

    private static async Task Features(
        string layerId, HttpContext http, LayerStore store, CancellationToken ct,
        [FromQuery] string? bbox = null, [FromQuery] string? limit = null, [FromQuery] string? after = null)
    {
        var layer = await Visible(layerId, http, store, ct);
        if (layer is null)
        {
            await (await UnknownLayer(layerId, store, ct, http)).ExecuteAsync(http);
            return;
        }

        double[]? box = null;
        if (bbox is not null && !TryParseBbox(bbox, out box))
        {
            await Problems.BadRequest("Invalid bbox", "bbox must be minLon,minLat,maxLon,maxLat in EPSG:4490 degrees with min < max, e.g. 105.2,30.4,105.4,30.6", "bbox").ExecuteAsync(http);
            return;
        }

        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize < 1 || pageSize > MaxLimit))
        {
            await Problems.BadRequest("Invalid limit", $"limit must be a whole number between 1 and {MaxLimit}", "limit").ExecuteAsync(http);
            return;
        }

        long afterFid = 0;
        if (after is not null && !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out afterFid))
        {
            await Problems.BadRequest("Invalid after", "after is the id of the last feature of the previous page (a whole number); follow the next link", "after").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/geo+json; charset=utf-8";
        var output = http.Response.BodyWriter;
        await http.Response.WriteAsync("{\"type\":\"FeatureCollection\",\"features\":[", ct);
        long last = 0;
        var count = 0;
        await foreach (var (fid, json) in store.FeaturePageAsync(layer, box, afterFid, pageSize, ct, Auth.LayerAccess.AreaPrefix(http, layer.Restricted)))
        {
            await http.Response.WriteAsync(count == 0 ? json : "," + json, ct);
            last = fid;
            count++;
        }

        var links = new StringBuilder("],\"numberReturned\":").Append(count);
        if (count == pageSize)
        {
            var next = $"/api/layers/{layerId}/features?limit={pageSize}&after={last}" + (bbox is null ? "" : "&bbox=" + Uri.EscapeDataString(bbox));
            links.Append(",\"links\":[{\"rel\":\"next\",\"type\":\"application/geo+json\",\"href\":").Append(JsonSerializer.Serialize(next)).Append("}]");
        }

        links.Append('}');
        await http.Response.WriteAsync(links.ToString(), ct);
        _ = output;
    }

    private static async Task<IResult> Feature(string layerId, string featureId, HttpContext http, LayerStore store, CancellationToken ct)
    {
        var layer = await Visible(layerId, http, store, ct);
        if (layer is null)
        {
            return await UnknownLayer(layerId, store, ct, http);
        }

        if (!long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var fid))
        {
            return Problems.BadRequest("Invalid feature id", "feature ids are positive whole numbers (the id member of a feature)", "featureId");
        }

        return await store.FeatureAsync(layer, fid, ct, Auth.LayerAccess.AreaPrefix(http, layer.Restricted)) is { } json
            ? TypedResults.Text(json, "application/geo+json", Encoding.UTF8)
            : Problems.NotFound("Unknown feature", $"layer '{layerId}' has no feature {fid} in its current version");
    }

    internal static bool TryParseBbox(string text, out double[] box)
    {
        box = [];
        var parts = text.Split(',');
        if (parts.Length != 4)
        {
            return false;
        }

        var values = new double[4];
        for (var i = 0; i < 4; i++)
        {
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]))
            {
                return false;
            }
        }

        if (values[0] >= values[2] || values[1] >= values[3] || values[1] < -90 || values[3] > 90 || values[0] < -180 || values[2] > 180)
        {
            return false;
        }

        box = values;
        return true;
    }

    [GeneratedRegex("^[a-z][a-z0-9_]{1,62}$")]
    private static partial Regex LayerIdPattern();
}

/// <summary>Upload limits of the import endpoint.</summary>
public static class ImportOptionsDefaults
{
    /// <summary>Largest accepted import upload (2 GiB).</summary>
    public const long MaxUploadBytes = 2L * 1024 * 1024 * 1024;
}
