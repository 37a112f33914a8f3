using Microsoft.Playwright;

namespace GeoPetition.Viewer.Tests.Infrastructure;

/// <summary>
/// One server on a fresh database with the test county, and one headless Chromium (Debian's
/// /usr/bin/chromium; Playwright's own browser download is not used) for the viewer tests.
/// Missing prerequisites fail the tests with what to do; they are never skipped.
/// </summary>
public sealed class ViewerFixture : IAsyncLifetime
{
    /// <summary>Debian's Chromium, installed by scripts/test.sh (<c>apt_ensure chromium</c>).</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly GeoPetition.Server.Tests.Infrastructure.TestDatabase _database = new();
    private readonly string _tilesDir = ViewerData.TilesDirectory();
    private ViewerServer? _server;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    public ViewerData Data { get; private set; } = null!;

    public Uri BaseAddress => _server!.BaseAddress;

    public HttpClient CreateClient() => _server!.CreateSocketClient();

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"{ChromiumPath} is missing: the viewer tests drive Debian's Chromium. Run scripts/test.sh (it installs it) or `apt-get install chromium`.");
        }

        var index = Path.Combine(Repository.WebRoot, "index.html");
        if (!File.Exists(index))
        {
            throw new InvalidOperationException(
                $"{index} is missing: the viewer is not built. Run scripts/test.sh (it builds it), or `npm ci && npm run build` in src/GeoPetition.Viewer.");
        }

        await _database.InitializeAsync();
        _server = new ViewerServer(_database.ConnectionString, _tilesDir);
        _server.Start();
        await _server.CreateAccountsAsync();
        using (var http = _server.CreateSocketClient())
        {
            Data = await ViewerData.LoadAsync(http, _tilesDir);
        }

        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Opens the viewer at <paramref name="pathAndHash"/> in a fresh browser context and waits until it has loaded its data.</summary>
    public async Task<ViewerPage> OpenAsync(string pathAndHash = "", string locale = "zh-CN", Func<IPage, Task>? beforeNavigation = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1600, Height = 900 },
            Locale = locale,
        });
        var page = await context.NewPageAsync();
        var viewer = new ViewerPage(context, page);
        if (beforeNavigation is not null)
        {
            await beforeNavigation(page);
        }

        await page.GotoAsync(new Uri(BaseAddress, pathAndHash).ToString());
        await SignInAsync(page);
        await page.WaitForSelectorAsync("body[data-ready='true']", new PageWaitForSelectorOptions { Timeout = 30_000 });
        return viewer;
    }

    /// <summary>The demo user the browser signs in as: the city administrator sees both test counties.</summary>
    public const string DemoUser = "administrator-510900";

    /// <summary>Signs in through the viewer's login form, as a user would.</summary>
    public static async Task SignInAsync(IPage page, string username = DemoUser, string password = GeoPetition.Server.Auth.DemoAccounts.Password)
    {
        await page.WaitForSelectorAsync("[data-testid=login-form]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.FillAsync("[data-testid=login-username]", username);
        await page.FillAsync("[data-testid=login-password]", password);
        await page.ClickAsync("[data-testid=login-submit]");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await _database.DisposeAsync();
    }
}
