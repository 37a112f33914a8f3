namespace GeoPetition.Server.Data;

/// <summary>
/// The one place that restricts reads of petitions by administrative unit (属地管理、分级负责):
/// a unit sees its own area and the units below it. A 6-digit code ending in 0000 is a province,
/// in 00 a city; a county sees its own code and its townships (9/12 digits). Every query over
/// petitions (lists, tiles, OGC items, exports, statistics, reports) takes its SQL from here.
/// </summary>
public sealed record JurisdictionScope(string? Code)
{
    /// <summary>No restriction (a national or system view).</summary>
    public static readonly JurisdictionScope All = new((string?)null);

    /// <summary>The code prefix a unit's descendants share: 510000 → 51, 510900 → 5109, 510991 → 510991.</summary>
    public string? Prefix => Code switch
    {
        null or "" => null,
        { Length: 6 } c when c.EndsWith("0000", StringComparison.Ordinal) => c[..2],
        { Length: 6 } c when c.EndsWith("00", StringComparison.Ordinal) => c[..4],
        var c => c,
    };

    /// <summary>SQL condition on a petition alias; binds parameter <c>@scope_prefix</c> (NULL = all).</summary>
    public static string Condition(string alias) => $"(@scope_prefix::text IS NULL OR {alias}.xzqdm LIKE @scope_prefix::text || '%')";

    public void Bind(Npgsql.NpgsqlParameterCollection parameters) =>
        parameters.AddWithValue("scope_prefix", NpgsqlTypes.NpgsqlDbType.Text, (object?)Prefix ?? DBNull.Value);

    public static bool IsValidCode(string code) => code.Length is 6 or 9 or 12 && code.All(char.IsAsciiDigit);
}
