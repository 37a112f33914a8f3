using System.Globalization;
using System.Text.RegularExpressions;
using GeoPetition.Viewer.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GeoPetition.Viewer.Tests;

/// <summary>
/// The web map viewer in headless Chromium against the real server (Kestrel, PostGIS) with a small
/// county loaded through the API. Each test opens a fresh browser context; screenshots of each
/// step go to tests/GeoPetition.Viewer.Tests/TestResults/screenshots.
/// </summary>
public sealed partial class ViewerTests(ViewerFixture fixture, ITestOutputHelper output) : IClassFixture<ViewerFixture>
{
    private ViewerData Data => fixture.Data;

    private async Task Shot(ViewerPage viewer, string name) => output.WriteLine($"screenshot: {await viewer.ScreenshotAsync(name)}");

    private static string Hash(string text) => "#" + text;

    [Fact]
    public async Task Opens_on_the_county_with_the_newest_imagery_layers_and_petitions_and_no_console_errors()
    {
        await using var viewer = await fixture.OpenAsync();
        await viewer.RenderedAsync();
        await viewer.Page.WaitForFunctionAsync("() => performance.getEntriesByName('geopetition-map-complete').length > 0");
        var ready = await viewer.Page.EvaluateAsync<double>("() => performance.getEntriesByName('geopetition-ready')[0].startTime");
        var complete = await viewer.Page.EvaluateAsync<double>("() => performance.getEntriesByName('geopetition-map-complete')[0].startTime");
        output.WriteLine($"start-up: data loaded {ready:F0} ms, first complete map {complete:F0} ms after navigation");

        Assert.True(await viewer.PaintedShareAsync() > 0.5, "the map canvas is mostly blank");
        Assert.Equal(ViewerData.NewScene, await viewer.TestId("scene-select").InputValueAsync());
        Assert.Contains(viewer.Requests, u => u.Contains($"/imagery/{ViewerData.NewScene}/", StringComparison.Ordinal));
        Assert.DoesNotContain(viewer.Requests, u => u.Contains($"/imagery/{ViewerData.OldScene}/", StringComparison.Ordinal));
        await Assertions.Expect(viewer.TestId("petition-item")).ToHaveCountAsync(4);

        var (lon, lat, zoom) = await viewer.ViewAsync();
        Assert.InRange(lon, ViewerData.West, ViewerData.East);
        Assert.InRange(lat, ViewerData.South, ViewerData.North);
        Assert.InRange(zoom, 11, 16);

        // Pointer coordinates: CGCS2000 lon/lat and the local 3° zone (35, EPSG:4544 without prefix).
        var box = (await viewer.TestId("map").BoundingBoxAsync())!;
        await viewer.Page.Mouse.MoveAsync(box.X + box.Width / 2, box.Y + box.Height / 2);
        await Assertions.Expect(viewer.TestId("coord-lonlat")).ToContainTextAsync("°E");
        await Assertions.Expect(viewer.Page.Locator("#coord-zone-label")).ToContainTextAsync("EPSG:4544");
        await Assertions.Expect(viewer.TestId("coord-gk")).ToHaveTextAsync(GkPattern());

        await Shot(viewer, "01-open");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Layer_tree_lists_every_layer_and_toggling_one_changes_the_tiles_requested()
    {
        await using var viewer = await fixture.OpenAsync();
        await viewer.TestId("tab-layers").ClickAsync();
        foreach (var id in ViewerData.LayerIds)
        {
            await Assertions.Expect(viewer.Page.Locator($"#layer-tree li[data-layer-id='{id}']")).ToHaveCountAsync(1);
        }

        await Assertions.Expect(viewer.Page.Locator("#layer-tree li[data-layer-id='land_use_2019']")).ToContainTextAsync("1,600");
        await Assertions.Expect(viewer.Page.Locator("#layer-tree li[data-layer-id='land_use_2019']")).ToContainTextAsync("MVT");

        await viewer.RenderedAsync();
        static bool LandUseTile(string u) => u.Contains("/tiles/land_use_2019/", StringComparison.Ordinal) && u.EndsWith(".mvt", StringComparison.Ordinal);
        Assert.DoesNotContain(viewer.Requests, LandUseTile);

        await viewer.TestId("layer-toggle-land_use_2019").CheckAsync();
        await viewer.RenderedAsync();
        Assert.Contains(viewer.Requests, LandUseTile);
        await Shot(viewer, "02-layer-tree-land-use");

        await viewer.TestId("layer-toggle-land_use_2019").UncheckAsync();
        var before = viewer.Requests.Count(LandUseTile);
        await viewer.Page.Locator(".ol-zoom-in").ClickAsync();
        await viewer.Page.WaitForTimeoutAsync(400);
        await viewer.RenderedAsync();
        Assert.Equal(before, viewer.Requests.Count(LandUseTile));
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Selecting_a_petition_and_running_a_verification_shows_the_finding_rules_and_overlaps()
    {
        await using var viewer = await fixture.OpenAsync();
        await viewer.Page.Locator($"#petition-list li[data-id='{Data.UnverifiedPetition}']").ClickAsync();
        var panel = viewer.TestId("panel");
        await Assertions.Expect(panel).ToBeVisibleAsync();
        await Assertions.Expect(viewer.Page.Locator("#panel-title")).ToContainTextAsync(Data.UnverifiedCaseNo);
        await Assertions.Expect(panel).ToContainTextAsync("尚未核查");
        await Assertions.Expect(viewer.Page).ToHaveURLAsync(new Regex($"petition={Data.UnverifiedPetition}"));
        // The map zooms to the petition (an animation when the list is clicked): wait for it to settle.
        var (lon, lat, _) = await viewer.ViewAsync();
        for (var i = 0; i < 50 && !(lon is >= 105.299 and <= 105.302 && lat is >= 30.499 and <= 30.502); i++)
        {
            await viewer.Page.WaitForTimeoutAsync(100);
            (lon, lat, _) = await viewer.ViewAsync();
        }

        Assert.InRange(lon, 105.299, 105.302);
        Assert.InRange(lat, 30.499, 30.502);

        await viewer.TestId("run-verification").ClickAsync();
        var claim = viewer.TestId("claim-result").First;
        await Assertions.Expect(claim).ToHaveAttributeAsync("data-finding", "Substantiated");
        await Assertions.Expect(claim.GetByTestId("claim-finding")).ToHaveTextAsync("属实");
        await Assertions.Expect(claim).ToContainTextAsync("处理意见：支持");
        var rules = claim.GetByTestId("rule");
        Assert.True(await rules.CountAsync() >= 1);
        await Assertions.Expect(claim.Locator(".rid", new LocatorLocatorOptions { HasText = "R4" })).ToHaveCountAsync(1);
        var sentence = await rules.First.Locator(".sentence").InnerTextAsync();
        Assert.Matches(@"\p{IsCJKUnifiedIdeographs}", sentence);
        await Assertions.Expect(rules.First).ToContainTextAsync("法律依据");
        var spotRow = claim.Locator("[data-testid='overlap-row'][data-layer-id='change_spot']");
        await Assertions.Expect(spotRow).ToHaveCountAsync(1);
        await Assertions.Expect(spotRow).ToContainTextAsync("510991SJBG26210001");
        await Assertions.Expect(spotRow).ToContainTextAsync("%");

        // The list and the marker follow the new finding.
        await Assertions.Expect(viewer.Page.Locator($"#petition-list li[data-id='{Data.UnverifiedPetition}'] .badge")).ToHaveTextAsync("属实");
        await viewer.RenderedAsync();
        await Shot(viewer, "03-petition-verified");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Clicking_a_feature_shows_its_attributes_with_the_catalog_field_titles()
    {
        await using var viewer = await fixture.OpenAsync(Hash("map=16.00/30.500500/105.300500"));
        await viewer.RenderedAsync();
        var box = (await viewer.TestId("map").BoundingBoxAsync())!;
        var p = await viewer.Page.EvaluateAsync<float[]>("() => window.geopetitionViewer.pixel(105.3002, 30.5002)");
        await viewer.Page.Mouse.ClickAsync(box.X + p[0], box.Y + p[1]);
        var popup = viewer.TestId("popup");
        await Assertions.Expect(popup).ToBeVisibleAsync();
        await Assertions.Expect(popup).ToContainTextAsync("卫片执法图斑");
        var attributes = viewer.TestId("feature-attributes");
        await Assertions.Expect(attributes).ToContainTextAsync("监测编号（图斑编号）");
        await Assertions.Expect(attributes).ToContainTextAsync("510991SJBG26210001");
        await Assertions.Expect(attributes).ToContainTextAsync("前时相");
        await Assertions.Expect(attributes).ToContainTextAsync("2025-03-01");
        await viewer.Page.WaitForFunctionAsync("() => window.geopetitionViewer.highlighted().some(id => id.startsWith('change_spot/'))");
        await viewer.RenderedAsync();
        await Shot(viewer, "04a-feature-popup");

        await viewer.TestId("lang-switch").ClickAsync();
        await viewer.Page.Mouse.ClickAsync(box.X + p[0], box.Y + p[1]);
        await Assertions.Expect(viewer.TestId("feature-attributes")).ToContainTextAsync("change spot id");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task The_petition_list_filters_by_subject_text_and_overdue()
    {
        await using var viewer = await fixture.OpenAsync();
        var items = viewer.TestId("petition-item");
        await Assertions.Expect(items).ToHaveCountAsync(4);

        await viewer.TestId("filter-subject").SelectOptionAsync("registration");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-id", Data.RegistrationPetition.ToString(CultureInfo.InvariantCulture));
        await viewer.TestId("filter-subject").SelectOptionAsync("");

        await viewer.TestId("petition-search").FillAsync("厂房");
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-id", Data.UnverifiedPetition.ToString(CultureInfo.InvariantCulture));
        await viewer.TestId("petition-search").FillAsync("");

        // Received 90 days ago and never accepted: past the 15-day notice and transfer deadlines
        // (the others, received 5 days ago, are within them); the server's case clock decides.
        await viewer.TestId("filter-overdue").CheckAsync();
        await Assertions.Expect(items).ToHaveCountAsync(1);
        await Assertions.Expect(items.First).ToHaveAttributeAsync("data-id", Data.AcquisitionPetition.ToString(CultureInfo.InvariantCulture));
        await Assertions.Expect(viewer.TestId("petition-count")).ToContainTextAsync("1 / 4");
        await viewer.TestId("filter-overdue").UncheckAsync();

        await viewer.TestId("filter-finding").SelectOptionAsync("Substantiated");
        await Assertions.Expect(viewer.Page.Locator($"#petition-list li[data-id='{Data.VerifiedPetition}']")).ToHaveCountAsync(1);
        await Assertions.Expect(viewer.Page.Locator($"#petition-list li[data-id='{Data.RegistrationPetition}']")).ToHaveCountAsync(0);
        await Shot(viewer, "13-petition-filters");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Hovering_an_overlap_row_highlights_that_feature_on_the_map()
    {
        await using var viewer = await fixture.OpenAsync(Hash($"petition={Data.VerifiedPetition}"));
        var row = viewer.Page.Locator("[data-testid='overlap-row'][data-layer-id='change_spot']").First;
        await Assertions.Expect(row).ToBeVisibleAsync();
        var fid = await row.GetAttributeAsync("data-fid");
        Assert.Empty(await viewer.HighlightedAsync());

        await row.HoverAsync();
        await viewer.Page.WaitForFunctionAsync($"() => window.geopetitionViewer.highlighted().includes('change_spot/{fid}')");
        Assert.Contains(viewer.Requests, u => u.EndsWith($"/api/layers/change_spot/features/{fid}", StringComparison.Ordinal));
        await viewer.RenderedAsync();
        await Shot(viewer, "04-overlap-highlight");

        // Another row moves the highlight.
        var other = viewer.Page.Locator("[data-testid='overlap-row']:not([data-layer-id='change_spot'])").First;
        var otherLayer = await other.GetAttributeAsync("data-layer-id");
        var otherFid = await other.GetAttributeAsync("data-fid");
        await other.HoverAsync();
        await viewer.Page.WaitForFunctionAsync($"() => window.geopetitionViewer.highlighted().join() === '{otherLayer}/{otherFid}'");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Drawing_a_polygon_runs_an_ad_hoc_check_and_shows_the_result()
    {
        await using var viewer = await fixture.OpenAsync(Hash("map=16.00/30.500500/105.300500"));
        await viewer.TestId("tab-check").ClickAsync();
        await viewer.TestId("draw-polygon").ClickAsync();
        var box = (await viewer.TestId("map").BoundingBoxAsync())!;
        double[][] corners = [[105.2997, 30.4997], [105.3013, 30.4997], [105.3013, 30.5013], [105.2997, 30.5013], [105.2997, 30.4997]];
        foreach (var c in corners)
        {
            var p = await viewer.Page.EvaluateAsync<float[]>($"() => window.geopetitionViewer.pixel({c[0].ToString(CultureInfo.InvariantCulture)}, {c[1].ToString(CultureInfo.InvariantCulture)})");
            await viewer.Page.Mouse.ClickAsync(box.X + p[0], box.Y + p[1]);
            await viewer.Page.WaitForTimeoutAsync(150);
        }

        await Assertions.Expect(viewer.TestId("drawn-info")).ToContainTextAsync("亩");
        await viewer.TestId("check-claim").SelectOptionAsync("illegal_occupation");
        await viewer.TestId("check-run").ClickAsync();
        var claim = viewer.TestId("claim-result").First;
        await Assertions.Expect(claim).ToHaveAttributeAsync("data-finding", "Substantiated");
        await Assertions.Expect(viewer.TestId("panel")).ToContainTextAsync("画图核查结果");
        await Assertions.Expect(claim.Locator("[data-testid='overlap-row'][data-layer-id='change_spot']")).ToHaveCountAsync(1);
        await viewer.RenderedAsync();
        await Shot(viewer, "05-draw-to-check");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Pasted_gauss_kruger_coordinates_are_checked_in_their_zone()
    {
        await using var viewer = await fixture.OpenAsync();
        await viewer.TestId("tab-check").ClickAsync();
        await viewer.Page.Locator("#paste-box summary").ClickAsync();
        await viewer.TestId("paste-crs").SelectOptionAsync("EPSG:4523");

        // Change spot 1 in CGCS2000 3° zone 35 with the zone prefix, given northing first as surveyors write it.
        var ring = new[] { (105.2998, 30.4998), (105.3012, 30.4998), (105.3012, 30.5012), (105.2998, 30.5012), (105.2998, 30.4998) };
        var lines = ring.Select(p => GaussKruger35(p.Item1, p.Item2)).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.N:F3},{g.E:F3}"));
        await viewer.TestId("paste-text").FillAsync(string.Join("\n", lines));
        await viewer.TestId("paste-apply").ClickAsync();
        await Assertions.Expect(viewer.Page.Locator("#paste-message")).ToContainTextAsync("东坐标,北坐标");
        await viewer.TestId("check-run").ClickAsync();
        await Assertions.Expect(viewer.TestId("claim-result").First).ToHaveAttributeAsync("data-finding", "Substantiated");
        await Shot(viewer, "06-paste-gk");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Switching_the_language_changes_the_labels()
    {
        await using var viewer = await fixture.OpenAsync(Hash($"petition={Data.VerifiedPetition}"));
        await Assertions.Expect(viewer.TestId("tab-petitions")).ToHaveTextAsync("信访件");
        await Assertions.Expect(viewer.TestId("run-verification")).ToHaveTextAsync("运行核查");
        await Assertions.Expect(viewer.TestId("claim-finding").First).ToHaveTextAsync("属实");

        await viewer.TestId("lang-switch").ClickAsync();
        await Assertions.Expect(viewer.TestId("tab-petitions")).ToHaveTextAsync("Petitions");
        await Assertions.Expect(viewer.TestId("tab-layers")).ToHaveTextAsync("Layers");
        await Assertions.Expect(viewer.TestId("run-verification")).ToHaveTextAsync("Run verification");
        await Assertions.Expect(viewer.TestId("claim-finding").First).ToHaveTextAsync("Substantiated");
        await Assertions.Expect(viewer.TestId("finding-legend")).ToContainTextAsync("Field check needed");
        await Assertions.Expect(viewer.Page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Assertions.Expect(viewer.Page).ToHaveURLAsync(new Regex("lang=en"));
        await Shot(viewer, "07-english");

        await viewer.TestId("lang-switch").ClickAsync();
        await Assertions.Expect(viewer.TestId("tab-petitions")).ToHaveTextAsync("信访件");
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task A_deep_link_restores_the_view_layers_scene_and_petition_and_the_url_follows_changes()
    {
        var link = Hash($"map=15.50/30.500500/105.300500&layers=_petitions,land_use_2019,change_spot,_imagery&petition={Data.VerifiedPetition}&scene={ViewerData.OldScene}");
        await using var viewer = await fixture.OpenAsync(link);
        var (lon, lat, zoom) = await viewer.ViewAsync();
        Assert.Equal(15.5, zoom, 2);
        Assert.Equal(105.3005, lon, 5);
        Assert.Equal(30.5005, lat, 5);
        Assert.Equal(ViewerData.OldScene, await viewer.TestId("scene-select").InputValueAsync());
        await viewer.TestId("tab-layers").ClickAsync();
        Assert.True(await viewer.TestId("layer-toggle-land_use_2019").IsCheckedAsync());
        Assert.True(await viewer.TestId("layer-toggle-change_spot").IsCheckedAsync());
        Assert.False(await viewer.TestId("layer-toggle-approval_batch").IsCheckedAsync());
        Assert.False(await viewer.TestId("layer-toggle-jurisdiction").IsCheckedAsync());
        await Assertions.Expect(viewer.TestId("panel")).ToBeVisibleAsync();
        Assert.Equal(Data.VerifiedPetition, await viewer.Page.EvaluateAsync<long>("() => window.geopetitionViewer.selectedPetition()"));
        await viewer.RenderedAsync();
        Assert.Contains(viewer.Requests, u => u.Contains($"/imagery/{ViewerData.OldScene}/", StringComparison.Ordinal));
        Assert.DoesNotContain(viewer.Requests, u => u.Contains($"/imagery/{ViewerData.NewScene}/", StringComparison.Ordinal));
        await Shot(viewer, "08-deep-link");

        // Changes are written back to the URL; the new link restores them in another browser.
        await viewer.TestId("layer-toggle-approval_batch").CheckAsync();
        await viewer.TestId("scene-select").SelectOptionAsync(ViewerData.NewScene);
        await Assertions.Expect(viewer.Page).ToHaveURLAsync(new Regex($"scene={ViewerData.NewScene}"));
        await Assertions.Expect(viewer.Page).ToHaveURLAsync(new Regex("layers=[^&]*approval_batch"));
        var url = new Uri(viewer.Page.Url);

        await using var second = await fixture.OpenAsync(url.Fragment);
        Assert.Equal(ViewerData.NewScene, await second.TestId("scene-select").InputValueAsync());
        await second.TestId("tab-layers").ClickAsync();
        Assert.True(await second.TestId("layer-toggle-approval_batch").IsCheckedAsync());
        Assert.True(await second.TestId("layer-toggle-land_use_2019").IsCheckedAsync());
        var (lon2, lat2, zoom2) = await second.ViewAsync();
        Assert.Equal(zoom, zoom2, 1);
        Assert.Equal(lon, lon2, 4);
        Assert.Equal(lat, lat2, 4);
        Assert.Empty(viewer.ConsoleErrors);
        Assert.Empty(second.ConsoleErrors);
    }

    [Fact]
    public async Task The_swipe_shows_the_before_and_after_scenes_with_their_dates()
    {
        await using var viewer = await fixture.OpenAsync(Hash($"petition={Data.VerifiedPetition}"));
        await viewer.TestId("petition-compare").ClickAsync();
        await Assertions.Expect(viewer.TestId("swipe")).ToBeVisibleAsync();
        await Assertions.Expect(viewer.TestId("swipe-before-date")).ToHaveTextAsync(ViewerData.OldSceneDate);
        await Assertions.Expect(viewer.TestId("swipe-after-date")).ToHaveTextAsync(ViewerData.NewSceneDate);
        await viewer.Page.WaitForTimeoutAsync(600);
        await viewer.RenderedAsync();
        Assert.Contains(viewer.Requests, u => u.Contains($"/imagery/{ViewerData.OldScene}/", StringComparison.Ordinal));
        Assert.Contains(viewer.Requests, u => u.Contains($"/imagery/{ViewerData.NewScene}/", StringComparison.Ordinal));

        // Left of the line the older scene, right of it the newer one: different pixels at the same kind of place.
        var left = await viewer.MapPixelAsync(0.3, 0.8);
        var right = await viewer.MapPixelAsync(0.7, 0.8);
        Assert.True(left[3] > 0 && right[3] > 0, "imagery not drawn on both sides");
        Assert.NotEqual(left.Take(3), right.Take(3));
        await Shot(viewer, "09-swipe");

        await viewer.Page.GetByText("退出对比").ClickAsync();
        await Assertions.Expect(viewer.TestId("swipe")).ToBeHiddenAsync();
        Assert.Empty(viewer.ConsoleErrors);
    }

    [Fact]
    public async Task Server_errors_are_shown_as_readable_messages_and_the_map_stays_drawn()
    {
        // A real server error: coordinates that do not lie in the declared zone.
        await using (var viewer = await fixture.OpenAsync())
        {
            await viewer.TestId("tab-check").ClickAsync();
            await viewer.Page.Locator("#paste-box summary").ClickAsync();
            await viewer.TestId("paste-crs").SelectOptionAsync("EPSG:4513");
            await viewer.TestId("paste-text").FillAsync("35518000,3368000");
            await viewer.TestId("paste-apply").ClickAsync();
            await viewer.TestId("check-run").ClickAsync();
            var message = viewer.TestId("error-message").First;
            await Assertions.Expect(message).ToBeVisibleAsync();
            await Assertions.Expect(message).ToContainTextAsync("核查失败");
            await Assertions.Expect(message).ToContainTextAsync("geometry");
            await Assertions.Expect(message).ToContainTextAsync("HTTP 400");
            await Shot(viewer, "10-error-bad-coordinates");
        }

        // The layer catalog fails: the message names the problem and the imagery is still drawn.
        await using (var viewer = await fixture.OpenAsync(beforeNavigation: page => page.RouteAsync("**/api/layers", route => route.FulfillAsync(new RouteFulfillOptions
        {
            Status = 503,
            ContentType = "application/problem+json",
            Body = """{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"the database is not reachable"}""",
        }))))
        {
            var message = viewer.TestId("error-message").First;
            await Assertions.Expect(message).ToContainTextAsync("无法加载图层目录");
            await Assertions.Expect(message).ToContainTextAsync("the database is not reachable");
            await viewer.RenderedAsync();
            Assert.True(await viewer.PaintedShareAsync() > 0.3, "the map is blank after a catalog error");
            await Assertions.Expect(viewer.TestId("petition-item")).ToHaveCountAsync(4);
            await Shot(viewer, "11-error-catalog");
        }
    }

    [Fact]
    public async Task Measuring_an_area_reports_square_metres_and_mu()
    {
        await using var viewer = await fixture.OpenAsync(Hash("map=16.00/30.500500/105.300500"));
        await viewer.TestId("tool-measure-area").ClickAsync();
        var box = (await viewer.TestId("map").BoundingBoxAsync())!;
        double[][] corners = [[105.2990, 30.4990], [105.3010, 30.4990], [105.3010, 30.5010], [105.2990, 30.4990]];
        foreach (var c in corners)
        {
            var p = await viewer.Page.EvaluateAsync<float[]>($"() => window.geopetitionViewer.pixel({c[0].ToString(CultureInfo.InvariantCulture)}, {c[1].ToString(CultureInfo.InvariantCulture)})");
            await viewer.Page.Mouse.ClickAsync(box.X + p[0], box.Y + p[1]);
            await viewer.Page.WaitForTimeoutAsync(150);
        }

        // Half of a 0.002° × 0.002° square at 30.5°N (191.8 m × 221.7 m): about 21 270 m² ≈ 31.9 亩.
        var text = await viewer.TestId("measure-readout").InnerTextAsync();
        var m2 = double.Parse(MeasuredArea().Match(text).Groups[1].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
        Assert.InRange(m2, 20_900, 21_600);
        Assert.Contains("亩", text, StringComparison.Ordinal);
        await Shot(viewer, "12-measure");
        Assert.Empty(viewer.ConsoleErrors);
    }

    /// <summary>lon/lat → CGCS2000 3° zone 35 with prefix (EPSG:4523), by the server's own projection.</summary>
    private static (double E, double N) GaussKruger35(double lon, double lat)
    {
        var gk = new GeoPetition.Core.Spatial.GaussKruger(105.0, 35_500_000);
        var (e, n) = gk.Forward(lon, lat);
        return (e, n);
    }

    [GeneratedRegex(@"E [\d,]+\.\d{2}\s+N [\d,]+\.\d{2}")]
    private static partial Regex GkPattern();

    [GeneratedRegex(@"([\d,]+\.?\d*) m²")]
    private static partial Regex MeasuredArea();
}
