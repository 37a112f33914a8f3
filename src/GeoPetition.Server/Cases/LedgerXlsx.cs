using System.Globalization;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;

namespace GeoPetition.Server.Cases;

/// <summary>How a ledger column is typed in a spreadsheet, so that Excel sorts and sums it.</summary>
public enum LedgerCellKind
{
    /// <summary>Text (codes stay text: 属地代码 keeps its digits as written).</summary>
    Text,

    /// <summary>A calendar date (yyyy-MM-dd in the CSV), a real date cell in XLSX.</summary>
    Date,

    /// <summary>A decimal number (coordinates in EPSG:4490 degrees).</summary>
    Number,

    /// <summary>A whole number (days left, counts).</summary>
    Integer,
}

/// <summary>
/// Writes the ledger (台账) as an Office Open XML workbook (.xlsx). The package (parts, relationships,
/// content types) is built with DocumentFormat.OpenXml, the Open XML SDK maintained by Microsoft (MIT);
/// the three parts are written with a forward-only <see cref="XmlWriter"/> in the default namespace,
/// as Excel writes them: the SDK's own writers put every element under an <c>x:</c> prefix, which is
/// valid XML but which GDAL's XLSX driver (and other light readers) do not read. Rows stream into a
/// temporary file (a zip package needs a seekable stream), so memory does not grow with the ledger; the
/// file is then copied to the response and deleted. One sheet: a bold, frozen header row with an
/// auto-filter; dates are date cells (yyyy-mm-dd), coordinates and counts numbers, the rest inline text.
/// </summary>
public static class LedgerXlsx
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string HeaderStyle = "1";
    private const string DateStyle = "2";

    /// <summary>Excel's day 0 for the 1900 date system (serial 1 = 1900-01-01, with Excel's 1900 leap-year quirk before March 1900).</summary>
    private static readonly DateOnly Epoch = new(1899, 12, 30);

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), CloseOutput = true };

    /// <summary>Writes a sheet named <paramref name="sheetName"/> with <paramref name="columns"/> and the rows of <paramref name="rows"/>.</summary>
    public static async Task WriteAsync(
        Stream output, string sheetName, IReadOnlyList<string> columns, IReadOnlyList<LedgerCellKind> kinds, IReadOnlyList<double> widths,
        IAsyncEnumerable<IReadOnlyList<string>> rows, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"geopetition-ledger-{Guid.NewGuid():N}.xlsx");
        try
        {
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                using var document = SpreadsheetDocument.Create(file, SpreadsheetDocumentType.Workbook);
                var workbook = document.AddWorkbookPart();
                var styles = workbook.AddNewPart<WorkbookStylesPart>();
                var sheet = workbook.AddNewPart<WorksheetPart>();
                using (var w = XmlWriter.Create(workbook.GetStream(FileMode.Create), Settings))
                {
                    w.WriteStartElement("workbook", Main);
                    w.WriteAttributeString("xmlns", "r", null, Relationships);
                    w.WriteStartElement("sheets", Main);
                    w.WriteStartElement("sheet", Main);
                    w.WriteAttributeString("name", sheetName);
                    w.WriteAttributeString("sheetId", "1");
                    w.WriteAttributeString("id", Relationships, workbook.GetIdOfPart(sheet));
                    w.WriteEndElement();
                    w.WriteEndElement();
                    w.WriteEndElement();
                }

                using (var w = XmlWriter.Create(styles.GetStream(FileMode.Create), Settings))
                {
                    WriteStyles(w);
                }

                using (var w = XmlWriter.Create(sheet.GetStream(FileMode.Create), Settings))
                {
                    w.WriteStartElement("worksheet", Main);
                    w.WriteStartElement("sheetViews", Main);
                    w.WriteStartElement("sheetView", Main);
                    w.WriteAttributeString("workbookViewId", "0");
                    w.WriteStartElement("pane", Main);
                    w.WriteAttributeString("ySplit", "1");
                    w.WriteAttributeString("topLeftCell", "A2");
                    w.WriteAttributeString("activePane", "bottomLeft");
                    w.WriteAttributeString("state", "frozen");
                    w.WriteEndElement();
                    w.WriteEndElement();
                    w.WriteEndElement();
                    w.WriteStartElement("cols", Main);
                    var inv = CultureInfo.InvariantCulture;
                    for (var i = 0; i < widths.Count; i++)
                    {
                        w.WriteStartElement("col", Main);
                        w.WriteAttributeString("min", (i + 1).ToString(inv));
                        w.WriteAttributeString("max", (i + 1).ToString(inv));
                        w.WriteAttributeString("width", widths[i].ToString("R", inv));
                        w.WriteAttributeString("customWidth", "1");
                        w.WriteEndElement();
                    }

                    w.WriteEndElement();
                    w.WriteStartElement("sheetData", Main);
                    var r = 1;
                    WriteRow(w, r, columns, null);
                    await foreach (var row in rows.WithCancellation(ct))
                    {
                        WriteRow(w, ++r, row, kinds);
                    }

                    w.WriteEndElement();
                    w.WriteStartElement("autoFilter", Main);
                    w.WriteAttributeString("ref", $"A1:{ColumnName(columns.Count - 1)}{r}");
                    w.WriteEndElement();
                    w.WriteEndElement();
                }
            }

            await using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 1 << 16, FileOptions.Asynchronous);
            await read.CopyToAsync(output, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void WriteRow(XmlWriter w, int r, IReadOnlyList<string> cells, IReadOnlyList<LedgerCellKind>? kinds)
    {
        var inv = CultureInfo.InvariantCulture;
        w.WriteStartElement("row", Main);
        w.WriteAttributeString("r", r.ToString(inv));
        for (var i = 0; i < cells.Count; i++)
        {
            var value = cells[i];
            if (value.Length == 0)
            {
                continue;
            }

            w.WriteStartElement("c", Main);
            w.WriteAttributeString("r", ColumnName(i) + r.ToString(inv));
            var kind = kinds?[i] ?? LedgerCellKind.Text;
            if (kind == LedgerCellKind.Date && DateOnly.TryParseExact(value, "yyyy-MM-dd", inv, DateTimeStyles.None, out var date))
            {
                w.WriteAttributeString("s", DateStyle);
                w.WriteElementString("v", Main, (date.DayNumber - Epoch.DayNumber).ToString(inv));
            }
            else if (kind is LedgerCellKind.Number or LedgerCellKind.Integer && double.TryParse(value, NumberStyles.Float, inv, out var number))
            {
                w.WriteElementString("v", Main, number.ToString("R", inv));
            }
            else
            {
                if (kinds is null)
                {
                    w.WriteAttributeString("s", HeaderStyle);
                }

                w.WriteAttributeString("t", "inlineStr");
                w.WriteStartElement("is", Main);
                w.WriteStartElement("t", Main);
                var text = XmlSafe(value);
                if (char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
                {
                    w.WriteAttributeString("xml", "space", null, "preserve");
                }

                w.WriteString(text);
                w.WriteEndElement();
                w.WriteEndElement();
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
    }

    /// <summary>Styles: 0 default, 1 bold header, 2 date yyyy-mm-dd (custom number format 164).</summary>
    private static void WriteStyles(XmlWriter w)
    {
        void Element(string name, params (string Name, string Value)[] attributes)
        {
            w.WriteStartElement(name, Main);
            foreach (var (n, v) in attributes)
            {
                w.WriteAttributeString(n, v);
            }
        }

        Element("styleSheet");
        Element("numFmts", ("count", "1"));
        Element("numFmt", ("numFmtId", "164"), ("formatCode", "yyyy-mm-dd"));
        w.WriteEndElement();
        w.WriteEndElement();
        Element("fonts", ("count", "2"));
        Element("font");
        Element("sz", ("val", "11"));
        w.WriteEndElement();
        w.WriteEndElement();
        Element("font");
        Element("b");
        w.WriteEndElement();
        Element("sz", ("val", "11"));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
        Element("fills", ("count", "2"));
        foreach (var pattern in new[] { "none", "gray125" })
        {
            Element("fill");
            Element("patternFill", ("patternType", pattern));
            w.WriteEndElement();
            w.WriteEndElement();
        }

        w.WriteEndElement();
        Element("borders", ("count", "1"));
        Element("border");
        foreach (var side in new[] { "left", "right", "top", "bottom", "diagonal" })
        {
            Element(side);
            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        Element("cellStyleXfs", ("count", "1"));
        Element("xf", ("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"));
        w.WriteEndElement();
        w.WriteEndElement();
        Element("cellXfs", ("count", "3"));
        Element("xf", ("numFmtId", "0"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"));
        w.WriteEndElement();
        Element("xf", ("numFmtId", "0"), ("fontId", "1"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"), ("applyFont", "1"));
        w.WriteEndElement();
        Element("xf", ("numFmtId", "164"), ("fontId", "0"), ("fillId", "0"), ("borderId", "0"), ("xfId", "0"), ("applyNumberFormat", "1"));
        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndElement();
    }

    /// <summary>A, B, … Z, AA, AB …: the letters of a 0-based column index.</summary>
    public static string ColumnName(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }

    /// <summary>XML 1.0 cannot carry most control characters; petition text pasted from other systems sometimes has them.</summary>
    private static string XmlSafe(string value) =>
        value.Any(c => c < 0x20 && c is not ('\t' or '\n' or '\r')) ? new string([.. value.Where(c => c >= 0x20 || c is '\t' or '\n' or '\r')]) : value;
}
