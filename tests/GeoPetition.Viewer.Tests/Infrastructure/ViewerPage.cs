using System.Text.Json;
using Microsoft.Playwright;

namespace GeoPetition.Viewer.Tests.Infrastructure;

/// <summary>One open viewer: the page, the console errors it logged and the requests it made.</summary>
public sealed class ViewerPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];

    public ViewerPage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, m) =>
        {
            if (m.Type == "error")
            {
                lock (_errors)
                {
                    _errors.Add($"{m.Text} ({m.Location})");
                }
            }
        };
        page.PageError += (_, e) =>
        {
            lock (_errors)
            {
                _errors.Add("page error: " + e);
            }
        };
        page.Request += (_, r) =>
        {
            lock (_requests)
            {
                _requests.Add(r.Url);
            }
        };
    }

    public IPage Page { get; }

    public IReadOnlyList<string> ConsoleErrors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Request URLs so far (absolute).</summary>
    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public ILocator TestId(string id) => Page.GetByTestId(id);

    /// <summary>Waits until the map has rendered every tile it asked for.</summary>
    public async Task RenderedAsync()
    {
        await Page.EvaluateAsync("() => window.geopetitionViewer.rendered()");
        await Page.WaitForTimeoutAsync(100);
    }

    /// <summary>The map view: centre lon/lat and zoom.</summary>
    public async Task<(double Lon, double Lat, double Zoom)> ViewAsync()
    {
        var view = await Page.EvaluateAsync<JsonElement>("() => window.geopetitionViewer.view()");
        var center = view.GetProperty("center");
        return (center[0].GetDouble(), center[1].GetDouble(), view.GetProperty("zoom").GetDouble());
    }

    public async Task<string[]> HighlightedAsync() => await Page.EvaluateAsync<string[]>("() => window.geopetitionViewer.highlighted()");

    /// <summary>Share of sampled map pixels that are painted (alpha &gt; 0) on the map's canvases.</summary>
    public async Task<double> PaintedShareAsync() => await Page.EvaluateAsync<double>("""
        () => {
          let painted = 0, total = 0;
          for (const c of document.querySelectorAll('#map canvas')) {
            const ctx = c.getContext('2d');
            if (!ctx || !c.width || !c.height) continue;
            const d = ctx.getImageData(0, 0, c.width, c.height).data;
            for (let i = 0; i < d.length; i += 4 * 101) { total++; if (d[i + 3] > 0) painted++; }
          }
          return total ? painted / total : 0;
        }
        """);

    /// <summary>The colour composed from all map canvases at a point given as fractions of the map's size.</summary>
    public async Task<int[]> MapPixelAsync(double fx, double fy) => await Page.EvaluateAsync<int[]>("""
        ([fx, fy]) => {
          const target = document.getElementById('map');
          const w = target.clientWidth, h = target.clientHeight;
          const out = document.createElement('canvas');
          out.width = w; out.height = h;
          const ctx = out.getContext('2d');
          for (const c of target.querySelectorAll('.ol-layer canvas, canvas.ol-layer')) {
            if (!c.width) continue;
            const o = c.parentNode.style.opacity || c.style.opacity;
            ctx.globalAlpha = o === '' ? 1 : Number(o);
            const m = c.style.transform.match(/^matrix\(([^)]*)\)$/);
            const matrix = m ? m[1].split(',').map(Number)
              : [parseFloat(c.style.width) / c.width || 1, 0, 0, parseFloat(c.style.height) / c.height || 1, 0, 0];
            ctx.setTransform(...matrix);
            ctx.drawImage(c, 0, 0);
          }
          const p = ctx.getImageData(Math.floor(w * fx), Math.floor(h * fy), 1, 1).data;
          return [p[0], p[1], p[2], p[3]];
        }
        """, new[] { fx, fy });

    /// <summary>Saves a full-page screenshot as {ScreenshotDir}/{name}.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(Repository.ScreenshotDir);
        var path = Path.Combine(Repository.ScreenshotDir, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path });
        return path;
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
