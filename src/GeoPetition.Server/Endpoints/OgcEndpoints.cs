using System.Globalization;
using System.Text;
using System.Text.Json;
using GeoPetition.Server.Ogc;
using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Net.Http.Headers;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// OGC API – Features, Part 1 (Core, GeoJSON, HTML) and Part 2 (CRS by reference), over the
/// layer catalog: every layer is a collection, read at its current version.
/// <code>
/// GET /ogc                                          landing page
/// GET /ogc/conformance                              conformance classes
/// GET /ogc/collections                              every collection
/// GET /ogc/collections/{collectionId}               one collection (extent, crs, storageCrs)
/// GET /ogc/collections/{collectionId}/queryables    the properties filters may use (JSON Schema)
/// GET /ogc/collections/{collectionId}/items         features: bbox, bbox-crs, datetime, limit, crs, property=value, filter (CQL2 text)
/// GET /ogc/collections/{collectionId}/items/{featureId}
/// </code>
/// JSON by default; HTML with <c>f=html</c> or when the Accept header prefers text/html.
/// Paging is by key (<c>after</c> = the last feature id of the page, in the <c>next</c> link), so
/// a deep page costs what the first does. <c>numberMatched</c> is omitted: counting every match
/// would cost a full scan per page. Coordinates: 7 decimals in degrees, 3 in metres, in the axis
/// order of the CRS (see <see cref="OgcCrs"/>).
/// </summary>
public static class OgcEndpoints
{
    /// <summary>The conformance classes this server implements.</summary>
    public static readonly IReadOnlyList<string> ConformanceClasses =
    [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
        "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter",
        "http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter",
        "http://www.opengis.net/spec/cql2/1.0/conf/cql2-text",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2",
        "http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators",
        "http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions",
    ];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapOgcEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/ogc").WithTags("OGC API – Features").AllowAnonymous();
        group.MapGet("/", Landing);
        group.MapGet("/conformance", Conformance);
        group.MapGet("/collections", Collections);
        group.MapGet("/collections/{collectionId}", Collection);
        group.MapGet("/collections/{collectionId}/queryables", Queryables);
        group.MapGet("/collections/{collectionId}/items", Items).Produces(200, contentType: OgcLink.GeoJson);
        group.MapGet("/collections/{collectionId}/items/{featureId}", Item).Produces(200, contentType: OgcLink.GeoJson);
        return app;
    }

    private enum Format
    {
        Json,
        Html,
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/ogc";

    /// <summary>f=json|geojson|html wins; else HTML only when Accept rates text/html above every JSON type.</summary>
    private static bool TryFormat(HttpRequest request, out Format format, out IResult? error)
    {
        error = null;
        format = Format.Json;
        var f = request.Query["f"].ToString();
        if (f.Length > 0)
        {
            switch (f.ToLowerInvariant())
            {
                case "json" or "geojson" or "application/json" or "application/geo+json":
                    return true;
                case "html" or "text/html":
                    format = Format.Html;
                    return true;
                default:
                    error = Problems.BadRequest("Invalid f", $"f '{f}' is not a format of this API; accepted: json, geojson, html", "f");
                    return false;
            }
        }

        double html = 0, json = 0;
        if (MediaTypeHeaderValue.TryParseList(request.Headers.Accept, out var accepted))
        {
            foreach (var media in accepted)
            {
                var q = media.Quality ?? 1.0;
                var type = media.MediaType.Value ?? "";
                if (type is "text/html")
                {
                    html = Math.Max(html, q);
                }
                else if (type is "application/json" or "application/geo+json" or "application/*" or "*/*")
                {
                    json = Math.Max(json, q);
                }
            }
        }

        format = html > json ? Format.Html : Format.Json;
        return true;
    }

    private static IResult Document(Format format, object json, string title, Func<string> html) =>
        format == Format.Html
            ? TypedResults.Text(OgcHtml.Page(title, html()), OgcHtml.ContentType, Encoding.UTF8)
            : TypedResults.Json(json, Json, OgcLink.Json);

    private static IResult Landing(HttpRequest request)
    {
        if (!TryFormat(request, out var format, out var error))
        {
            return error!;
        }

        var b = BaseUrl(request);
        var root = $"{request.Scheme}://{request.Host}{request.PathBase}";
        OgcLink[] links =
        [
            new(b, format == Format.Html ? "alternate" : "self", OgcLink.Json, "This document as JSON"),
            new(b + "?f=html", format == Format.Html ? "self" : "alternate", OgcLink.Html, "This document as HTML"),
            new(root + "/openapi/v1.json", "service-desc", "application/vnd.oai.openapi+json;version=3.1", "The API definition (OpenAPI 3.1)"),
            new(root + "/api-docs", "service-doc", OgcLink.Html, "The API documentation"),
            new(b + "/conformance", "conformance", OgcLink.Json, "Conformance classes"),
            new(b + "/collections", "data", OgcLink.Json, "Collections (the layers)"),
        ];
        const string title = "GeoPetition – OGC API – Features";
        const string description = "The authoritative layers of the bureau (approval batches, land supply, parcels, change spots, control lines, land-use survey, imagery footprints) as OGC API – Features, each at its current version.";
        return Document(
            format,
            new { title, description, links },
            title,
            () => $"<p>{OgcHtml.Encode(description)}</p>" + OgcHtml.Links(links));
    }

    private static IResult Conformance(HttpRequest request)
    {
        if (!TryFormat(request, out var format, out var error))
        {
            return error!;
        }

        return Document(
            format,
            new { conformsTo = ConformanceClasses },
            "Conformance",
            () => "<ul>" + string.Concat(ConformanceClasses.Select(c => $"<li>{OgcHtml.Encode(c)}</li>")) + "</ul>");
    }

    private static async Task<IResult> Collections(HttpRequest request, OgcFeatureStore store, CancellationToken ct)
    {
        if (!TryFormat(request, out var format, out var error))
        {
            return error!;
        }

        var b = BaseUrl(request);
        var collections = new List<object>();
        var all = await store.CollectionsAsync(ct);
        foreach (var c in all)
        {
            collections.Add(await CollectionDocument(c, b, store, ct));
        }

        OgcLink[] links =
        [
            new(b + "/collections", format == Format.Html ? "alternate" : "self", OgcLink.Json, "Collections as JSON"),
            new(b + "/collections?f=html", format == Format.Html ? "self" : "alternate", OgcLink.Html, "Collections as HTML"),
        ];
        return Document(
            format,
            new { links, crs = OgcCrs.Supported.Select(c => c.Uri), collections },
            "Collections",
            () => "<table><tr><th>id</th><th>title</th><th>kind</th><th>items</th></tr>" + string.Concat(all.Select(c =>
                $"<tr><td>{OgcHtml.Link($"{b}/collections/{c.Id}?f=html", c.Id)}</td><td>{OgcHtml.Encode(c.Title)}</td><td>{OgcHtml.Encode(c.Kind.TitleZh)} ({OgcHtml.Encode(c.Kind.TitleEn)})</td><td>{OgcHtml.Link($"{b}/collections/{c.Id}/items?f=html", "items")}</td></tr>")) + "</table>");
    }

    private static async Task<Dictionary<string, object?>> CollectionDocument(OgcCollection c, string b, OgcFeatureStore store, CancellationToken ct)
    {
        var (start, end) = await store.TemporalExtentAsync(c, ct);
        var extent = new Dictionary<string, object?>
        {
            ["spatial"] = new { bbox = new[] { c.Extent ?? [-180, -90, 180, 90] }, crs = OgcCrs.Crs84Uri },
        };
        if (c.Kind.DateColumns.Count > 0)
        {
            extent["temporal"] = new { interval = new[] { new[] { start, end } }, trs = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian" };
        }

        return new Dictionary<string, object?>
        {
            ["id"] = c.Id,
            ["title"] = c.Title,
            ["description"] = $"{c.Kind.TitleZh} ({c.Kind.TitleEn}); key {c.Kind.KeyColumn}; " +
                (c.Kind.DateColumns.Count > 0 ? $"datetime filters {c.Kind.DateColumns[0]} (datetime-property: {string.Join(", ", c.Kind.DateColumns)})" : "no date field"),
            ["itemType"] = "feature",
            ["extent"] = extent,
            ["crs"] = OgcCrs.Supported.Select(x => x.Uri),
            ["storageCrs"] = OgcCrs.Storage.Uri,
            ["links"] = new OgcLink[]
            {
                new($"{b}/collections/{c.Id}", "self", OgcLink.Json, "This collection"),
                new($"{b}/collections/{c.Id}?f=html", "alternate", OgcLink.Html, "This collection as HTML"),
                new($"{b}/collections/{c.Id}/items", "items", OgcLink.GeoJson, "Features as GeoJSON"),
                new($"{b}/collections/{c.Id}/items?f=html", "items", OgcLink.Html, "Features as HTML"),
                new($"{b}/collections/{c.Id}/queryables", "http://www.opengis.net/def/rel/ogc/1.0/queryables", "application/schema+json", "Queryables"),
            },
        };
    }

    private static async Task<IResult> UnknownCollection(string id, OgcFeatureStore store, CancellationToken ct) =>
        Problems.NotFound("Unknown collection", $"unknown collection '{id}'; known collections are: {string.Join(", ", (await store.CollectionsAsync(ct)).Select(c => c.Id))}");

    private static async Task<IResult> Collection(string collectionId, HttpRequest request, OgcFeatureStore store, CancellationToken ct)
    {
        if (!TryFormat(request, out var format, out var error))
        {
            return error!;
        }

        var c = await store.CollectionAsync(collectionId, ct);
        if (c is null)
        {
            return await UnknownCollection(collectionId, store, ct);
        }

        var b = BaseUrl(request);
        var document = await CollectionDocument(c, b, store, ct);
        return Document(format, document, c.Title, () =>
            $"<p>{OgcHtml.Encode((string)document["description"]!)}</p>" +
            $"<p>{OgcHtml.Link($"{b}/collections/{c.Id}/items?f=html", "Browse the features")} · {OgcHtml.Link($"{b}/collections/{c.Id}/items", "GeoJSON")}</p>" +
            "<table><tr><th>field</th><th>type</th><th>名称</th><th>title</th></tr>" +
            string.Concat(c.Kind.Fields.Select(f => $"<tr><td>{f.Column}</td><td>{f.Type}</td><td>{OgcHtml.Encode(f.TitleZh)}</td><td>{OgcHtml.Encode(f.TitleEn)}</td></tr>")) +
            "</table>");
    }

    private static async Task<IResult> Queryables(string collectionId, HttpRequest request, OgcFeatureStore store, CancellationToken ct)
    {
        var c = await store.CollectionAsync(collectionId, ct);
        if (c is null)
        {
            return await UnknownCollection(collectionId, store, ct);
        }

        var properties = new Dictionary<string, object>
        {
            ["geometry"] = new Dictionary<string, object> { ["format"] = "geometry-multi" + c.Kind.Geometry.ToString().ToLowerInvariant(), ["x-ogc-role"] = "primary-geometry" },
        };
        foreach (var f in c.Kind.Fields)
        {
            var schema = new Dictionary<string, object> { ["title"] = f.TitleZh, ["description"] = f.TitleEn };
            switch (f.Type)
            {
                case Core.Layers.FieldType.Integer:
                    schema["type"] = "integer";
                    break;
                case Core.Layers.FieldType.Real:
                    schema["type"] = "number";
                    break;
                case Core.Layers.FieldType.Boolean:
                    schema["type"] = "boolean";
                    break;
                case Core.Layers.FieldType.Date:
                    schema["type"] = "string";
                    schema["format"] = "date";
                    break;
                default:
                    schema["type"] = "string";
                    break;
            }

            properties[f.Column] = schema;
        }

        return TypedResults.Json(
            new Dictionary<string, object>
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$id"] = $"{BaseUrl(request)}/collections/{c.Id}/queryables",
                ["type"] = "object",
                ["title"] = c.Title,
                ["properties"] = properties,
                ["additionalProperties"] = false,
            },
            Json,
            "application/schema+json");
    }

    /// <summary>Parses every items parameter; returns the query, or the 400 naming the bad parameter.</summary>
    internal static bool TryParseItemsQuery(IQueryCollection q, OgcCollection c, out ItemsQuery query, out IResult? error)
    {
        query = null!;
        error = null;
        foreach (var key in q.Keys)
        {
            if (!OgcParameters.ItemsParameters.Contains(key) && c.Kind.Field(key) is null)
            {
                error = Problems.BadRequest(
                    "Unknown parameter",
                    $"parameter '{key}' is not accepted; accepted are: {string.Join(", ", OgcParameters.ItemsParameters)}, and these properties of '{c.Id}' as equality filters: {string.Join(", ", c.Kind.Fields.Select(f => f.Column))}",
                    key);
                return false;
            }
        }

        var crs = OgcCrs.Crs84;
        if (q["crs"].ToString() is { Length: > 0 } crsText && !OgcCrs.TryParse(crsText, out crs))
        {
            error = Problems.BadRequest("Unsupported crs", $"crs '{crsText}' is not supported; supported are: {OgcCrs.SupportedSummary}", "crs");
            return false;
        }

        var bboxCrs = OgcCrs.Crs84;
        if (q["bbox-crs"].ToString() is { Length: > 0 } bboxCrsText && !OgcCrs.TryParse(bboxCrsText, out bboxCrs))
        {
            error = Problems.BadRequest("Unsupported bbox-crs", $"bbox-crs '{bboxCrsText}' is not supported; supported are: {OgcCrs.SupportedSummary}", "bbox-crs");
            return false;
        }

        NetTopologySuite.Geometries.Envelope? bbox = null;
        if (q["bbox"].ToString() is { Length: > 0 } bboxText)
        {
            if (!OgcParameters.TryParseBbox(bboxText, bboxCrs, out var envelope, out var bboxError))
            {
                error = Problems.BadRequest("Invalid bbox", bboxError!.Message, bboxError.Parameter);
                return false;
            }

            bbox = envelope;
        }
        else if (q.ContainsKey("bbox-crs"))
        {
            error = Problems.BadRequest("bbox-crs without bbox", "bbox-crs names the CRS of bbox; give bbox too", "bbox-crs");
            return false;
        }

        string? dateColumn = null;
        if (q["datetime-property"].ToString() is { Length: > 0 } property)
        {
            dateColumn = c.Kind.DateColumns.FirstOrDefault(d => string.Equals(d, property, StringComparison.OrdinalIgnoreCase));
            if (dateColumn is null)
            {
                error = Problems.BadRequest("Invalid datetime-property", $"datetime-property '{property}' is not a date field of '{c.Id}'; its date fields are: {(c.Kind.DateColumns.Count == 0 ? "none" : string.Join(", ", c.Kind.DateColumns))}", "datetime-property");
                return false;
            }
        }

        DateRange? dates = null;
        if (q["datetime"].ToString() is { Length: > 0 } datetimeText)
        {
            if (c.Kind.DateColumns.Count == 0)
            {
                error = Problems.BadRequest("datetime not supported", $"collection '{c.Id}' ({c.Kind.TitleEn}) has no date field, so datetime cannot filter it", "datetime");
                return false;
            }

            if (!OgcParameters.TryParseDatetime(datetimeText, out var range, out var datetimeError))
            {
                error = Problems.BadRequest("Invalid datetime", datetimeError!.Message, "datetime");
                return false;
            }

            dates = range;
            dateColumn ??= c.Kind.DateColumns[0];
        }

        if (!OgcParameters.TryParseLimit(q["limit"].ToString(), out var limit, out var limitError))
        {
            error = Problems.BadRequest("Invalid limit", limitError!.Message, "limit");
            return false;
        }

        if (!OgcParameters.TryParseAfter(q["after"].ToString(), out var after, out var afterError))
        {
            error = Problems.BadRequest("Invalid after", afterError!.Message, "after");
            return false;
        }

        if (q["filter-lang"].ToString() is { Length: > 0 } lang && lang != "cql2-text")
        {
            error = Problems.BadRequest("Unsupported filter-lang", $"filter-lang '{lang}' is not supported; accepted: cql2-text", "filter-lang");
            return false;
        }

        var filterCrs = OgcCrs.Crs84;
        if (q["filter-crs"].ToString() is { Length: > 0 } filterCrsText && !OgcCrs.TryParse(filterCrsText, out filterCrs))
        {
            error = Problems.BadRequest("Unsupported filter-crs", $"filter-crs '{filterCrsText}' is not supported; supported are: {OgcCrs.SupportedSummary}", "filter-crs");
            return false;
        }

        Ogc.Cql2.CqlExpression? cql = null;
        if (q["filter"].ToString() is { Length: > 0 } filterText)
        {
            try
            {
                cql = Ogc.Cql2.CqlParser.Parse(filterText);

                // Check properties and literal types now, so that a bad filter is a 400 before streaming starts.
                _ = Ogc.Cql2.CqlSql.Translate(cql, c.Kind, filterCrs, []);
            }
            catch (Ogc.Cql2.CqlException e)
            {
                error = Problems.BadRequest("Invalid filter", $"filter (CQL2 text): {e.Message}", "filter");
                return false;
            }
        }

        var filters = new List<PropertyFilter>();
        foreach (var (key, values) in q)
        {
            if (OgcParameters.ItemsParameters.Contains(key) || c.Kind.Field(key) is not { } field)
            {
                continue;
            }

            foreach (var value in values)
            {
                if (!OgcParameters.TryParsePropertyValue(field, value ?? "", out var filter, out var filterError))
                {
                    error = Problems.BadRequest("Invalid property filter", filterError!.Message, key);
                    return false;
                }

                filters.Add(filter!);
            }
        }

        query = new ItemsQuery(crs, bbox, dateColumn, dates, filters, cql, filterCrs, after, limit);
        return true;
    }

    private static async Task Items(string collectionId, HttpContext http, OgcFeatureStore store, CancellationToken ct)
    {
        var request = http.Request;
        if (!TryFormat(request, out var format, out var formatError))
        {
            await formatError!.ExecuteAsync(http);
            return;
        }

        var c = await store.CollectionAsync(collectionId, ct);
        if (c is null)
        {
            await (await UnknownCollection(collectionId, store, ct)).ExecuteAsync(http);
            return;
        }

        if (!TryParseItemsQuery(request.Query, c, out var query, out var error))
        {
            await error!.ExecuteAsync(http);
            return;
        }

        var b = BaseUrl(request);
        var selfQuery = request.Query.Where(p => p.Key != "f").ToList();
        string Url(IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> parameters, string? f)
        {
            var builder = new QueryBuilder(parameters);
            if (f is not null)
            {
                builder.Add("f", f);
            }

            return $"{b}/collections/{c.Id}/items{builder.ToQueryString()}";
        }

        http.Response.Headers["Content-Crs"] = query.Crs.Header;
        var writer = new Utf8ResponseWriter(http.Response.BodyWriter);
        long last = 0;
        var count = 0;
        var more = false;
        if (format == Format.Html)
        {
            http.Response.ContentType = OgcHtml.ContentType;
            var columns = c.Kind.Fields.Select(f => f.Column).ToList();
            writer.Write(OgcHtml.Head($"{c.Title}: features"));
            writer.Write($"<p>{OgcHtml.Link($"{b}/collections/{c.Id}?f=html", "Collection")} · {OgcHtml.Link(Url(selfQuery, null), "GeoJSON")}</p><table><tr><th>id</th>");
            writer.Write(string.Concat(columns.Select(col => $"<th>{OgcHtml.Encode(col)}</th>")) + "</tr>\n");
            await foreach (var (fid, json) in store.ItemsAsync(c, query, ct))
            {
                if (count == query.Limit)
                {
                    more = true;
                    break;
                }

                await writer.WriteAsync(OgcHtml.FeatureRow(Encoding.UTF8.GetString(json), columns, $"{b}/collections/{c.Id}/items/{{id}}?f=html"), ct);
                last = fid;
                count++;
            }

            writer.Write("</table>");
            if (more)
            {
                writer.Write($"<p>{OgcHtml.Link(Url(NextQuery(selfQuery, last), "html"), "Next page")}</p>");
            }

            writer.Write(OgcHtml.Tail);
            await writer.FlushAsync(ct);
            return;
        }

        http.Response.ContentType = OgcLink.GeoJson;
        writer.Write("{\"type\":\"FeatureCollection\",\"features\":[");
        await foreach (var (fid, json) in store.ItemsAsync(c, query, ct))
        {
            if (count == query.Limit)
            {
                more = true;
                break;
            }

            if (count > 0)
            {
                writer.Write(",");
            }

            await writer.WriteAsync(json, ct);
            last = fid;
            count++;
        }

        var links = new List<OgcLink>
        {
            new(Url(selfQuery, null), "self", OgcLink.GeoJson, "This page"),
            new(Url(selfQuery, "html"), "alternate", OgcLink.Html, "This page as HTML"),
            new($"{b}/collections/{c.Id}", "collection", OgcLink.Json, "The collection"),
        };
        if (more)
        {
            links.Add(new(Url(NextQuery(selfQuery, last), null), "next", OgcLink.GeoJson, "Next page"));
        }

        writer.Write(string.Create(CultureInfo.InvariantCulture, $"],\"numberReturned\":{count},\"timeStamp\":\"{DateTimeOffset.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\",\"links\":"));
        writer.Write(JsonSerializer.Serialize(links, Json));
        writer.Write("}");
        await writer.FlushAsync(ct);
    }

    private static List<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> NextQuery(
        IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> query, long last) =>
        [.. query.Where(p => p.Key != "after"), new("after", last.ToString(CultureInfo.InvariantCulture))];

    private static async Task<IResult> Item(string collectionId, string featureId, HttpContext http, OgcFeatureStore store, CancellationToken ct)
    {
        var request = http.Request;
        if (!TryFormat(request, out var format, out var error))
        {
            return error!;
        }

        var c = await store.CollectionAsync(collectionId, ct);
        if (c is null)
        {
            return await UnknownCollection(collectionId, store, ct);
        }

        foreach (var key in request.Query.Keys)
        {
            if (key is not ("f" or "crs"))
            {
                return Problems.BadRequest("Unknown parameter", $"parameter '{key}' is not accepted here; accepted are: f, crs", key);
            }
        }

        var crs = OgcCrs.Crs84;
        if (request.Query["crs"].ToString() is { Length: > 0 } crsText && !OgcCrs.TryParse(crsText, out crs))
        {
            return Problems.BadRequest("Unsupported crs", $"crs '{crsText}' is not supported; supported are: {OgcCrs.SupportedSummary}", "crs");
        }

        if (!long.TryParse(featureId, NumberStyles.None, CultureInfo.InvariantCulture, out var fid))
        {
            return Problems.NotFound("Unknown feature", $"collection '{c.Id}' has no feature '{featureId}' (feature ids are whole numbers)");
        }

        var json = await store.ItemAsync(c, fid, crs, ct);
        if (json is null)
        {
            return Problems.NotFound("Unknown feature", $"collection '{c.Id}' has no feature {fid} in its current version");
        }

        var b = BaseUrl(request);
        http.Response.Headers["Content-Crs"] = crs.Header;
        if (format == Format.Html)
        {
            var columns = c.Kind.Fields.Select(f => f.Column).ToList();
            return TypedResults.Text(
                OgcHtml.Page(
                    $"{c.Title}: {fid}",
                    $"<p>{OgcHtml.Link($"{b}/collections/{c.Id}/items?f=html", "All features")}</p><table><tr><th>id</th>" +
                    string.Concat(columns.Select(col => $"<th>{OgcHtml.Encode(col)}</th>")) + "</tr>" +
                    OgcHtml.FeatureRow(json, columns, $"{b}/collections/{c.Id}/items/{{id}}?f=html") + "</table>"),
                OgcHtml.ContentType,
                Encoding.UTF8);
        }

        var crsQuery = crs.IsCrs84 ? "" : "?crs=" + Uri.EscapeDataString(crs.Uri);
        OgcLink[] links =
        [
            new($"{b}/collections/{c.Id}/items/{fid}{crsQuery}", "self", OgcLink.GeoJson, "This feature"),
            new($"{b}/collections/{c.Id}/items/{fid}?f=html", "alternate", OgcLink.Html, "This feature as HTML"),
            new($"{b}/collections/{c.Id}", "collection", OgcLink.Json, "The collection"),
        ];

        // The feature text comes from PostGIS; the links are added before its closing brace.
        var body = json[..json.LastIndexOf('}')] + ",\"links\":" + JsonSerializer.Serialize(links, Json) + "}";
        return TypedResults.Text(body, OgcLink.GeoJson, Encoding.UTF8);
    }
}
