namespace GeoPetition.Core.Layers;

/// <summary>Storage type of a layer attribute.</summary>
public enum FieldType
{
    Text,
    Integer,
    Real,
    Date,
    Boolean,
}

/// <summary>
/// One attribute of a layer kind. <see cref="Column"/> is the column in PostgreSQL: the field
/// code of the national data standard in lower case (e.g. <c>pzwh</c> for 批准文号), so that data
/// delivered by a bureau import without a field map. <see cref="SourceNames"/> lists the other
/// names the same attribute is known by in delivered files (matched case-insensitively).
/// </summary>
public sealed record LayerField(
    string Column,
    FieldType Type,
    string TitleZh,
    string TitleEn,
    bool Required = false,
    int? Length = null,
    IReadOnlyList<string>? SourceNames = null)
{
    /// <summary>All names (column first) under which a delivered file may carry this field.</summary>
    public IEnumerable<string> AllSourceNames()
    {
        yield return Column;
        foreach (var name in SourceNames ?? [])
        {
            yield return name;
        }
    }
}
