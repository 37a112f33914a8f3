using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace GeoPetition.Server.Tests.Cases;

/// <summary>
/// The ledger (CSV with BOM and the bureau's columns) and the statistics on a small seeded set, in a
/// database of their own so every count is known. Today is fixed at 2026-06-30. The March 2026
/// figures are the hand-computed ones of the Core statistics test (same six cases A–F); G, a year
/// earlier, is the comparison base.
/// </summary>
public sealed class CaseReportApiTests(CaseReportApiTests.Seeded seeded) : IClassFixture<CaseReportApiTests.Seeded>
{
    /// <summary>Six cases of March 2026 in 510991 and 510992 with known clocks, outcomes, evaluations, a repeat and a rebound; one of March 2025.</summary>
    public sealed class Seeded : IAsyncLifetime
    {
        public CaseFixture Fixture { get; } = new();

        public Dictionary<string, long> Ids { get; } = [];

        public Dictionary<string, string> CaseNos { get; } = [];

        private HttpClient Http => Fixture.Http;

        public async Task InitializeAsync()
        {
            await Fixture.InitializeAsync();
            Fixture.Clock.Today = new DateOnly(2026, 6, 30);
            var idA = CaseHttp.IdNumber("11010119900307123");
            Ids["A"] = await Http.CreatePetition("2026-03-02", 105.300, 30.500, idA, claims: 2);
            Ids["B"] = await Http.CreatePetition("2026-03-02", 105.290, 30.490, CaseHttp.IdNumber("11010119900307222"));
            Ids["C"] = await Http.CreatePetition("2026-03-10", 105.285, 30.510, CaseHttp.IdNumber("11010119900307333"));
            Ids["D"] = await Http.CreatePetition("2026-03-15", 105.315, 30.485, CaseHttp.IdNumber("11010119900307444"), channel: "来信");
            Ids["E"] = await Http.CreatePetition("2026-03-20", 105.3001, 30.5001, idA);
            Ids["F"] = await Http.CreatePetition("2026-03-03", 105.340, 30.500, CaseHttp.IdNumber("11010119900307555"));
            Ids["G"] = await Http.CreatePetition("2025-03-05", 105.295, 30.505, CaseHttp.IdNumber("11010119900307666"));
            foreach (var (k, id) in Ids)
            {
                CaseNos[k] = (await Http.GetCase(id)).Case.GetProperty("caseNo").GetString()!;
            }

            await Run("A", ("accept", "2026-03-05"), ("start", "2026-03-06"));
            await Http.Do(Ids["A"], Step("conclude", "2026-04-10", new { outcomes = new object[] { new { claim = 0, outcome = "support" }, new { claim = 1, outcome = "not_support" } } }));
            await Run("A", ("serve", "2026-04-12"));
            await Evaluate("A", "满意");
            await Http.PostAsJsonAsync($"/api/petitions/{Ids["A"]}/lead", new { leadOfficial = "张副局长", units = new[] { "执法监察大队", "耕保科" }, assignedBy = "局长", assignedOn = "2026-03-05" });

            await Run("B", ("accept", "2026-03-20"), ("start", "2026-03-21"));
            await Conclude("B", "2026-05-30");
            await Evaluate("B", "不满意");

            await Run("C", ("accept", "2026-03-12"), ("start", "2026-03-13"));

            await Run("E", ("accept", "2026-03-25"), ("start", "2026-03-26"));
            await Conclude("E", "2026-04-04");
            await Evaluate("E", "基本满意");
            await Run("E", ("serve", "2026-04-05"));
            await Http.Do(Ids["E"], Step("close", "2026-04-06", new { waiver = true }));
            var lookBack = (await Http.GetFromJsonAsync<JsonElement>($"/api/petitions/{Ids["E"]}/look-backs"))[0].GetProperty("id").GetInt64();
            using var reopen = new HttpRequestMessage(HttpMethod.Post, $"/api/petitions/{Ids["E"]}/look-backs/{lookBack}")
            {
                Content = JsonContent.Create(new { result = "reopen", date = "2026-06-30", doneBy = "督查室" }),
            };
            reopen.Headers.TryAddWithoutValidation("If-Match", (await Http.GetCase(Ids["E"])).ETag);
            Assert.Equal(HttpStatusCode.OK, (await Http.SendAsync(reopen)).StatusCode);
            var repeat = await Http.PostAsJsonAsync($"/api/petitions/{Ids["E"]}/repeat-check", new { });
            Assert.Equal(HttpStatusCode.OK, repeat.StatusCode);

            await Run("F", ("accept", "2026-03-04"), ("start", "2026-03-05"));
            await Run("G", ("accept", "2025-03-06"), ("start", "2025-03-07"));
            await Conclude("G", "2025-03-20");
        }

        private static object Step(string action, string date, object? extra = null)
        {
            var body = new Dictionary<string, object?> { ["action"] = action, ["actor"] = "王科员", ["organ"] = "示范县自然资源局", ["documentNo"] = $"{action}号", ["date"] = date };
            foreach (var p in extra?.GetType().GetProperties() ?? [])
            {
                body[p.Name] = p.GetValue(extra);
            }

            return body;
        }

        private async Task Run(string key, params (string Action, string Date)[] steps)
        {
            foreach (var (action, date) in steps)
            {
                await Http.Do(Ids[key], Step(action, date));
            }
        }

        private Task Conclude(string key, string date) => Http.Do(Ids[key], Step("conclude", date, new { outcomes = new[] { new { claim = 0, outcome = "support" } } }));

        private async Task Evaluate(string key, string choice)
        {
            var response = await Http.PostAsJsonAsync($"/api/petitions/{Ids[key]}/evaluations", new { choice });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        public async Task DisposeAsync() => await Fixture.DisposeAsync();
    }

    private HttpClient Http => seeded.Fixture.Http;

    private async Task<(string[] Header, List<string[]> Rows)> Csv(string url)
    {
        var response = await Http.GetAsync(url);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        return (lines[0].Split(','), lines.Skip(1).Select(l => l.Split(',')).ToList());
    }

    [Fact]
    public async Task Ledger_csv_opens_with_the_bureau_columns_and_one_row_per_case()
    {
        var (header, rows) = await Csv("/api/ledger");
        Assert.Equal(
            ["案件编号", "登记日期", "来源渠道", "事项类别", "属地代码", "经度", "纬度", "包案领导", "责任单位", "状态", "当前期限", "期限名称", "剩余天数", "是否超期", "核查结论", "处理意见", "挂牌督办", "重复次数", "反弹次数", "满意度评价"],
            header);
        Assert.Equal(7, rows.Count);
        Assert.All(rows, r => Assert.Equal(header.Length, r.Length));
        var row = rows.ToDictionary(r => r[0], r => header.Zip(r).ToDictionary(x => x.First, x => x.Second));

        var a = row[seeded.CaseNos["A"]];
        Assert.Equal(("2026-03-02", "违法用地", "510991"), (a["登记日期"], a["事项类别"], a["属地代码"]));
        Assert.Equal(("张副局长", "执法监察大队、耕保科"), (a["包案领导"], a["责任单位"]));
        Assert.Equal(("已送达", "否"), (a["状态"], a["是否超期"]));
        Assert.Equal("诉求1:支持；诉求2:不予支持", a["处理意见"]);
        Assert.Equal("满意", a["满意度评价"]);

        var c = row[seeded.CaseNos["C"]];
        Assert.Equal(("办理中", "2026-05-11", "办理期限", "-50", "是"), (c["状态"], c["当前期限"], c["期限名称"], c["剩余天数"], c["是否超期"]));
        var e = row[seeded.CaseNos["E"]];
        Assert.Equal(("1", "1"), (e["重复次数"], e["反弹次数"]));
        Assert.Equal("受理告知期限", row[seeded.CaseNos["D"]]["期限名称"]);
    }

    [Fact]
    public async Task Ledger_filters_by_unit_status_subject_date_and_overdue()
    {
        Assert.Equal([seeded.CaseNos["F"]], (await Csv("/api/ledger?jurisdiction=510992")).Rows.Select(r => r[0]));
        Assert.Equal(6, (await Csv("/api/ledger?jurisdiction=510900")).Rows.Count(r => r[4] == "510991"));
        Assert.Equal(
            new[] { "C", "E", "F" }.Select(k => seeded.CaseNos[k]).Order(),
            (await Csv("/api/ledger?status=in_progress")).Rows.Select(r => r[0]).Order());
        Assert.Equal(
            new[] { "C", "D", "F" }.Select(k => seeded.CaseNos[k]).Order(),
            (await Csv("/api/ledger?overdue=true")).Rows.Select(r => r[0]).Order());
        Assert.Equal(2, (await Csv("/api/ledger?from=2026-03-15&to=2026-03-31")).Rows.Count);
        Assert.Single((await Csv("/api/ledger?channel=来信")).Rows);
        Assert.Empty((await Csv("/api/ledger?jurisdiction=110000")).Rows);

        var bad = await Http.GetAsync("/api/ledger?status=finished");
        Assert.Contains("known states: registered", (await bad.Problem(HttpStatusCode.BadRequest)).RootElement.GetProperty("detail").GetString());
        var badFormat = (await (await Http.GetAsync("/api/ledger?format=ods")).Problem(HttpStatusCode.BadRequest)).RootElement;
        Assert.Equal(("format", "'ods' is not a ledger format; accepted: csv, xlsx, json"), (badFormat.GetProperty("parameter").GetString(), badFormat.GetProperty("detail").GetString()));
        var json = await Http.GetFromJsonAsync<JsonElement>("/api/ledger?format=json&jurisdiction=510992");
        Assert.Equal(seeded.CaseNos["F"], json.GetProperty("rows")[0].GetProperty("案件编号").GetString());
    }

    [Fact]
    public async Task Ledger_xlsx_reads_back_with_the_open_xml_sdk_and_with_gdal()
    {
        var response = await Http.GetAsync("/api/ledger?format=xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith(".xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var path = Path.Combine(Path.GetTempPath(), $"ledger-test-{Guid.NewGuid():N}.xlsx");
        await File.WriteAllBytesAsync(path, bytes);
        try
        {
            // 1. The Open XML SDK: schema-valid; one sheet 台账, the bureau's header, one row per case, typed cells.
            using (var document = SpreadsheetDocument.Open(path, false))
            {
                Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document).Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}"));
                var workbook = document.WorkbookPart!;
                var sheet = Assert.Single(workbook.Workbook.Sheets!.Elements<Sheet>());
                Assert.Equal("台账", sheet.Name!.Value);
                var rows = ((WorksheetPart)workbook.GetPartById(sheet.Id!.Value!)).Worksheet.Descendants<Row>().ToList();
                Assert.Equal(8, rows.Count);
                string Text(Cell c) => c.DataType?.Value == CellValues.InlineString ? c.InlineString!.Text!.Text : c.CellValue!.Text;
                var header = rows[0].Elements<Cell>().Select(Text).ToList();
                Assert.Equal(20, header.Count);
                Assert.Equal(("案件编号", "登记日期", "满意度评价"), (header[0], header[1], header[19]));
                var a = rows.Skip(1).Single(r => Text(r.Elements<Cell>().First()) == seeded.CaseNos["A"]).Elements<Cell>().ToDictionary(c => new string([.. c.CellReference!.Value!.TakeWhile(char.IsLetter)]));
                Assert.Equal("46083", a["B"].CellValue!.Text); // 2026-03-02 as an Excel date serial (1900 system)
                Assert.Equal(2u, a["B"].StyleIndex!.Value);
                Assert.Null(a["F"].DataType); // no t attribute: a number, the default cell type
                Assert.Equal(105.3, double.Parse(a["F"].CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture), 6);
                Assert.Equal(("张副局长", "已送达", "诉求1:支持；诉求2:不予支持"), (Text(a["H"]), Text(a["J"]), Text(a["P"])));
            }

            // 2. GDAL's XLSX driver, an independent reader: header detected, field types from the cells.
            var summary = Infrastructure.Tools.Run("ogrinfo", ["-ro", "-so", "-al", path]);
            Assert.Contains("Layer name: 台账", summary);
            Assert.Contains("Feature Count: 7", summary);
            Assert.Contains("登记日期: Date", summary);
            Assert.Contains("经度: Real", summary);
            Assert.Contains("剩余天数: Integer", summary);
            var features = Infrastructure.Tools.Run("ogrinfo", ["-ro", "-al", "-q", "-where", $"\"案件编号\" = '{seeded.CaseNos["C"]}'", path]);
            Assert.Contains("状态 (String) = 办理中", features);
            Assert.Contains("当前期限 (Date) = 2026/05/11", features);
            Assert.Contains("剩余天数 (Integer) = -50", features);
        }
        finally
        {
            File.Delete(path);
        }

        var overdue = await Http.GetAsync("/api/ledger?format=xlsx&overdue=true&jurisdiction=510992");
        using var stream = new MemoryStream(await overdue.Content.ReadAsByteArrayAsync());
        using var only = SpreadsheetDocument.Open(stream, false);
        Assert.Equal(2, only.WorkbookPart!.WorksheetParts.Single().Worksheet.Descendants<Row>().Count());
    }

    [Fact]
    public void Csv_text_cells_cannot_start_a_formula()
    {
        Assert.Equal("'=HYPERLINK(\"x\")", GeoPetition.Server.Cases.CaseReports.NoFormula("=HYPERLINK(\"x\")"));
        Assert.Equal("'@SUM(A1)", GeoPetition.Server.Cases.CaseReports.NoFormula("@SUM(A1)"));
        Assert.Equal("张副局长", GeoPetition.Server.Cases.CaseReports.NoFormula("张副局长"));
        Assert.Equal(["A", "Z", "AA", "AZ", "BA"], new[] { 0, 25, 26, 51, 52 }.Select(GeoPetition.Server.Cases.LedgerXlsx.ColumnName));
    }

    [Fact]
    public async Task Statistics_per_unit_and_month_match_the_hand_computed_figures()
    {
        var stats = await Http.GetFromJsonAsync<JsonElement>("/api/statistics?from=2026-03-01&to=2026-03-31");
        Assert.Equal("2026-06-30", stats.GetProperty("asOf").GetString());
        var rows = stats.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        var a = rows[0];
        Assert.Equal(("510991", "2026-03"), (a.GetProperty("unit").GetString(), a.GetProperty("period").GetString()));
        Assert.Equal(5, a.GetProperty("received").GetInt32());
        Assert.Equal(4, a.GetProperty("accepted").GetInt32());
        Assert.Equal(0.6, a.GetProperty("timelyAcceptanceRate").GetDouble());
        Assert.Equal(0.5, a.GetProperty("onTimeConclusionRate").GetDouble());
        Assert.Equal(1.0, a.GetProperty("participationRate").GetDouble());
        Assert.Equal(0.6667, a.GetProperty("satisfactionRate").GetDouble());
        Assert.Equal(39.0, a.GetProperty("averageProcessingDays").GetDouble());
        Assert.Equal(0.75, a.GetProperty("resolutionRate").GetDouble());
        Assert.Equal(2, a.GetProperty("overdue").GetInt32());
        Assert.Equal(1, a.GetProperty("rebounds").GetInt32());
        Assert.Equal(1, a.GetProperty("repeats").GetInt32());

        var b = rows[1];
        Assert.Equal(("510992", 1), (b.GetProperty("unit").GetString(), b.GetProperty("received").GetInt32()));
        Assert.Equal(0.0, b.GetProperty("onTimeConclusionRate").GetDouble());
        Assert.Equal(JsonValueKind.Null, b.GetProperty("satisfactionRate").ValueKind);

        var all = await Http.GetFromJsonAsync<JsonElement>("/api/statistics?by=all&period=all");
        Assert.Equal(7, Assert.Single(all.GetProperty("rows").EnumerateArray()).GetProperty("received").GetInt32());
        var unit = await Http.GetFromJsonAsync<JsonElement>("/api/statistics?jurisdiction=510992&period=year&from=2026-01-01");
        Assert.Equal("2026", Assert.Single(unit.GetProperty("rows").EnumerateArray()).GetProperty("period").GetString());

        var (header, csv) = await Csv("/api/statistics?format=csv");
        Assert.Equal("及时受理率", header[4]);
        Assert.Equal(["510991", "2026-03", "5", "4", "0.6"], csv.Single(r => r[0] == "510991" && r[1] == "2026-03")[..5]);
        await (await Http.GetAsync("/api/statistics?by=weather")).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Statistics_compare_with_the_same_period_a_year_earlier()
    {
        var stats = await Http.GetFromJsonAsync<JsonElement>("/api/statistics?from=2026-03-01&to=2026-03-31&compare=previous_year");
        var previous = stats.GetProperty("previousYear");
        Assert.Equal(("2025-03-01", "2025-03-31"), (previous.GetProperty("from").GetString(), previous.GetProperty("to").GetString()));
        var g = Assert.Single(previous.GetProperty("rows").EnumerateArray());
        Assert.Equal(("510991", "2025-03", 1, 14.0), (g.GetProperty("unit").GetString(), g.GetProperty("period").GetString(), g.GetProperty("received").GetInt32(), g.GetProperty("averageProcessingDays").GetDouble()));

        var change = Assert.Single(stats.GetProperty("changes").EnumerateArray());
        Assert.Equal(("510991", "2026-03"), (change.GetProperty("unit").GetString(), change.GetProperty("period").GetString()));
        Assert.Equal(4, change.GetProperty("received").GetInt32());
        Assert.Equal(25.0, change.GetProperty("averageProcessingDays").GetDouble());
        Assert.Equal(-0.5, change.GetProperty("onTimeConclusionRate").GetDouble());
        await (await Http.GetAsync("/api/statistics?compare=previous_year")).Problem(HttpStatusCode.BadRequest);
    }
}
