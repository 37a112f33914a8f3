using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GeoPetition.Viewer.Tests.Infrastructure;
using Microsoft.Playwright;

namespace GeoPetition.Viewer.Tests;

/// <summary>The 统计 tab: charts of GET /api/statistics, ledger downloads and 类案 groups on the map.</summary>
public sealed partial class ViewerTests
{
    [Fact]
    public async Task Statistics_tab_charts_the_api_figures_and_case_groups_show_on_the_map()
    {
        // The four test petitions: two of illegal land use, one acquisition, one registration, all online (网上), none accepted yet.
        using var http = fixture.CreateClient();
        var api = await http.GetFromJsonAsync<JsonElement>("/api/statistics?by=subject&period=all");
        var bySubject = api.GetProperty("rows").EnumerateArray().ToDictionary(r => r.GetProperty("unit").GetString()!, r => r.GetProperty("received").GetInt32());
        Assert.Equal(new Dictionary<string, int> { ["illegal_occupation"] = 2, ["land_acquisition"] = 1, ["registration"] = 1 }, bySubject);

        // A stored 类案 group of the two illegal-land-use petitions (700 m apart: no spatial suggestion at 300 m).
        var created = await http.PostAsJsonAsync("/api/case-groups", new
        {
            name = "测试类案",
            causeKind = "spatial_cluster",
            causeRef = "illegal_occupation",
            petitionIds = new[] { Data.UnverifiedPetition, Data.VerifiedPetition },
            createdBy = "测试",
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var groupId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();

        await using var viewer = await fixture.OpenAsync();
        Assert.DoesNotContain(viewer.Requests, u => u.Contains("/api/statistics", StringComparison.Ordinal)); // fetched only when the tab opens
        await viewer.TestId("tab-stats").ClickAsync();
        await viewer.Page.WaitForSelectorAsync("[data-testid='stats-pane'][data-loaded='true']");

        await Assertions.Expect(viewer.TestId("stats-summary").Locator("[data-metric='received'] .stats-tile-value")).ToHaveTextAsync("4");
        await Assertions.Expect(viewer.TestId("stats-summary").Locator("[data-metric='onTimeConclusionRate'] .stats-tile-value")).ToHaveTextAsync("—");
        var bars = await Bars(viewer, "chart-received");
        Assert.Equal(new Dictionary<string, string> { ["违法用地"] = "2", ["征地"] = "1", ["不动产登记"] = "1" }, bars.ToDictionary(b => b.Label, b => b.Value));
        // Bars are to scale: 2 cases draw twice the width of 1.
        var widths = bars.ToDictionary(b => b.Label, b => b.Width);
        Assert.Equal(widths["违法用地"], 2 * widths["征地"], 1);
        await Assertions.Expect(viewer.TestId("chart-on-time").Locator(".bar-value").First).ToHaveTextAsync("暂无可评估案件");
        var months = await Bars(viewer, "chart-monthly");
        Assert.Equal(4, months.Sum(m => int.Parse(m.Value, CultureInfo.InvariantCulture)));

        await viewer.TestId("stats-grouping").SelectOptionAsync("channel");
        await Assertions.Expect(viewer.TestId("chart-received").Locator("g.bar")).ToHaveCountAsync(1);
        Assert.Equal(("网上", "4"), (await Bars(viewer, "chart-received")).Select(b => (b.Label, b.Value)).Single());

        Assert.Equal("api/ledger?format=xlsx", await viewer.TestId("ledger-xlsx").GetAttributeAsync("href"));
        // The link downloads with the signed-in user's token: an XLSX (a zip) under the server's file name.
        var download = await viewer.Page.RunAndWaitForDownloadAsync(() => viewer.TestId("ledger-xlsx").ClickAsync());
        Assert.EndsWith(".xlsx", download.SuggestedFilename, StringComparison.Ordinal);
        var saved = Path.Combine(Path.GetTempPath(), $"gp-ledger-{Guid.NewGuid():N}.xlsx");
        await download.SaveAsAsync(saved);
        try
        {
            Assert.Equal("PK"u8.ToArray(), File.ReadAllBytes(saved)[..2]);
        }
        finally
        {
            File.Delete(saved);
        }

        // 类案 on the map: the stored group is listed and drawn as the hull of its members (a capsule for two).
        await viewer.TestId("show-case-groups").CheckAsync();
        var group = viewer.TestId("case-group");
        await Assertions.Expect(group).ToHaveCountAsync(1);
        await Assertions.Expect(group).ToContainTextAsync("测试类案");
        await Assertions.Expect(group).ToContainTextAsync(Data.UnverifiedCaseNo);
        var features = await viewer.Page.EvaluateAsync<JsonElement>("() => window.geopetitionStatistics.groupFeatures()");
        var feature = Assert.Single(features.EnumerateArray());
        Assert.Equal(($"group-{groupId}", "LineString"), (feature.GetProperty("id").GetString(), feature.GetProperty("type").GetString()));
        Assert.Equal("测试类案 (2)", feature.GetProperty("label").GetString());

        await group.ClickAsync();
        await viewer.Page.WaitForTimeoutAsync(500);
        await viewer.RenderedAsync();
        var (lon, lat, _) = await viewer.ViewAsync();
        Assert.InRange(lon, 105.299, 105.307);
        Assert.InRange(lat, 30.499, 30.507);

        // The hull is painted: the pixel midway between the two petitions changes when the layer is hidden.
        var mid = await viewer.Page.EvaluateAsync<double[]>("() => window.geopetitionViewer.pixel(105.3031, 30.5031)");
        var size = (await viewer.TestId("map").BoundingBoxAsync())!;
        var shown = await viewer.MapPixelAsync(mid[0] / size.Width, mid[1] / size.Height);
        await Shot(viewer, "20-statistics-case-groups");
        await viewer.TestId("show-case-groups").UncheckAsync();
        await viewer.RenderedAsync();
        var hidden = await viewer.MapPixelAsync(mid[0] / size.Width, mid[1] / size.Height);
        Assert.NotEqual(shown, hidden);

        await viewer.TestId("lang-switch").ClickAsync();
        await Assertions.Expect(viewer.TestId("tab-stats")).ToHaveTextAsync("Statistics");
        Assert.Empty(viewer.ConsoleErrors);
    }

    private static async Task<List<(string Label, string Value, double Width)>> Bars(ViewerPage viewer, string chart)
    {
        var bars = await viewer.TestId(chart).Locator("g.bar").EvaluateAllAsync<JsonElement>(
            "gs => gs.map(g => ({ label: g.dataset.label, value: g.dataset.value, width: Number(g.querySelector('.bar-fill')?.getAttribute('width') ?? 0) }))");
        return [.. bars.EnumerateArray().Select(b => (b.GetProperty("label").GetString()!, b.GetProperty("value").GetString()!, b.GetProperty("width").GetDouble()))];
    }
}
