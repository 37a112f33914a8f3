namespace GeoPetition.Core.Layers;

/// <summary>The geometry family a layer kind accepts.</summary>
public enum GeometryFamily
{
    Polygon,
    Line,
    Point,
}

/// <summary>
/// Schema of one layer kind: the table, its key, its attributes and the date fields that
/// OGC <c>datetime</c> and as-of verification use.
/// </summary>
public sealed record LayerKindDefinition(
    LayerKind Kind,
    string Table,
    string TitleZh,
    string TitleEn,
    GeometryFamily Geometry,
    string KeyColumn,
    IReadOnlyList<LayerField> Fields,
    IReadOnlyList<string> DateColumns)
{
    /// <summary>The field with the given column name, or null.</summary>
    public LayerField? Field(string column) =>
        Fields.FirstOrDefault(f => string.Equals(f.Column, column, StringComparison.OrdinalIgnoreCase));

    /// <summary>The key field (unique within one layer version).</summary>
    public LayerField Key => Field(KeyColumn) ?? throw new InvalidOperationException($"{Kind} has no key field {KeyColumn}");
}
