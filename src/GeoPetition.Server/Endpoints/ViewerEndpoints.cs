using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace GeoPetition.Server.Endpoints;

/// <summary>
/// The web map viewer (src/GeoPetition.Viewer, built by Vite into wwwroot) served at <c>/</c>, and
/// its configuration.
/// <code>
/// GET /                      the viewer (wwwroot/index.html); a short notice when it is not built yet
/// GET /assets/…              its scripts and styles (content-hashed names, cached for a year)
/// GET /api/viewer/config     {tiandituKey}: optional settings of the viewer
/// </code>
/// </summary>
public static class ViewerEndpoints
{
    /// <summary>Configuration key of the Tianditu (天地图) browser key; without it the viewer shows no Tianditu base layer.</summary>
    public const string TiandituKeySetting = "GeoPetition:Viewer:TiandituKey";

    /// <summary>Serves wwwroot's files: content-hashed assets cached as immutable, anything else revalidated.</summary>
    public static WebApplication UseViewer(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions
        {
            ContentTypeProvider = new FileExtensionContentTypeProvider(),
            OnPrepareResponse = context => context.Context.Response.Headers.CacheControl =
                context.Context.Request.Path.StartsWithSegments("/assets", StringComparison.Ordinal)
                    ? "public, max-age=31536000, immutable"
                    : "no-cache",
        });
        return app;
    }

    public static IEndpointRouteBuilder MapViewerEndpoints(this IEndpointRouteBuilder app, IWebHostEnvironment environment)
    {
        app.MapGet("/api/viewer/config", (IConfiguration configuration) =>
            TypedResults.Ok(new { tiandituKey = configuration[TiandituKeySetting] is { Length: > 0 } key ? key : null }))
            .WithTags("Viewer").AllowAnonymous();

        // "/" is an endpoint (not UseDefaultFiles): routing runs before the static-file middleware,
        // and the page is looked up on each request, so a viewer built after start is found.
        var index = Path.Combine(environment.WebRootPath ?? Path.Combine(environment.ContentRootPath, "wwwroot"), "index.html");
        app.MapGet("/", (HttpContext http) =>
        {
            http.Response.Headers[HeaderNames.CacheControl] = "no-cache";
            return File.Exists(index)
                ? Results.File(index, "text/html; charset=utf-8")
                : Results.Content(NotBuiltPage, "text/html; charset=utf-8");
        }).ExcludeFromDescription().AllowAnonymous();
        return app;
    }

    private const string NotBuiltPage = """
        <!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>GeoPetition</title>
        <body style="font-family:sans-serif;max-width:40em;margin:3em auto;line-height:1.6">
        <h1>GeoPetition</h1>
        <p>地图查看器尚未构建。运行 <code>scripts/run-demo.sh</code>（会自动构建），或在 <code>src/GeoPetition.Viewer</code> 中运行 <code>npm ci &amp;&amp; npm run build</code>。</p>
        <p>The map viewer is not built. Run <code>scripts/run-demo.sh</code> (it builds it), or <code>npm ci &amp;&amp; npm run build</code> in <code>src/GeoPetition.Viewer</code>.</p>
        <p><a href="/api-docs">API documentation</a></p>
        </body></html>
        """;
}
