using GeoPetition.Server.Endpoints;

namespace GeoPetition.Server.Cases;

/// <summary>
/// Adds the case ETag (the version counter of <see cref="CaseViews.ETag"/>) to
/// <c>GET /api/petitions/{id}</c>, so a client that read the petition can send If-Match on a
/// transition. The petition endpoint itself stays unaware of cases.
/// </summary>
public static class CaseVersionHeaders
{
    private const string PetitionRoute = "/api/petitions/{id:long}";

    public static IApplicationBuilder UseCaseVersionHeaders(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (HttpMethods.IsGet(http.Request.Method)
            && http.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: PetitionRoute }
            && long.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id))
        {
            var store = http.RequestServices.GetRequiredService<CaseStore>();
            if (await store.VersionAsync(id, PetitionEndpoints.Scope(http), http.RequestAborted) is { } version)
            {
                var etag = CaseViews.ETag(version);
                http.Response.OnStarting(() =>
                {
                    if (http.Response.StatusCode == StatusCodes.Status200OK)
                    {
                        http.Response.Headers.ETag = etag;
                    }

                    return Task.CompletedTask;
                });
            }
        }

        await next(http);
    });
}
