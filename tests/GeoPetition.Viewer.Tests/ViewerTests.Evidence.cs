using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GeoPetition.Viewer.Tests;

/// <summary>The petition panel's case deadline (the server's case clock) and its evidence section.</summary>
public sealed partial class ViewerTests
{
    [Fact]
    public async Task The_panel_shows_the_case_clock_deadline_and_the_evidence_with_its_map()
    {
        using var http = fixture.CreateClient();
        var petition = await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{Data.VerifiedPetition}");
        var next = petition.GetProperty("nextDeadline");
        var due = next.GetProperty("due").GetString()!;
        var label = next.GetProperty("label").GetString()!;
        var entries = (await http.GetFromJsonAsync<JsonElement>($"/api/petitions/{Data.VerifiedPetition}/evidence/verify")).GetProperty("entries").GetInt32();

        await using var viewer = await fixture.OpenAsync(Hash($"petition={Data.VerifiedPetition}"));
        var deadline = viewer.TestId("case-deadline");
        await Assertions.Expect(deadline).ToContainTextAsync(due);
        await Assertions.Expect(deadline).ToContainTextAsync(label);
        await Assertions.Expect(deadline).Not.ToHaveClassAsync(new System.Text.RegularExpressions.Regex("warn"));
        await Assertions.Expect(viewer.TestId("evidence-chain")).ToContainTextAsync(entries.ToString(System.Globalization.CultureInfo.InvariantCulture));

        await viewer.TestId("evidence-map").ClickAsync();
        var image = viewer.TestId("evidence-map-image");
        await Assertions.Expect(image).ToBeVisibleAsync();
        await viewer.Page.WaitForFunctionAsync("() => { const i = document.querySelector(\"[data-testid='evidence-map-image']\"); return i && i.complete && i.naturalWidth === 1640; }");
        await image.ScrollIntoViewIfNeededAsync();
        await Shot(viewer, "15-evidence-panel");

        // The 90-day-old petition never accepted: its deadline tag is the overdue one.
        await using var old = await fixture.OpenAsync(Hash($"petition={Data.AcquisitionPetition}"));
        await Assertions.Expect(old.TestId("case-deadline")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("warn"));
        Assert.Empty(viewer.ConsoleErrors);
        Assert.Empty(old.ConsoleErrors);
    }
}
