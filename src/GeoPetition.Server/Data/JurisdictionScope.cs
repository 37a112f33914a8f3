namespace GeoPetition.Server.Data;

/// <summary>
/// The one place that restricts reads of petitions by administrative unit (属地管理、分级负责):
/// a unit sees its own area and the units below it. A 6-digit code ending in 0000 is a province,
/// in 00 a city; a county sees its own code and its townships (9/12 digits); 000000 is national
/// (every unit, and petitions not routed to any). Every query over petitions (lists, tiles, OGC
/// items, exports, statistics, reports) takes its SQL from here. The caller's scope comes from
/// <see cref="Auth.RequestScope"/>; an anonymous caller's is <see cref="None"/>.
/// </summary>
public sealed record JurisdictionScope(string? Code)
{
    /// <summary>No restriction (a national or system view).</summary>
    public static readonly JurisdictionScope All = new((string?)null);

    /// <summary>Matches nothing (no administrative code starts with a letter).</summary>
    public static readonly JurisdictionScope None = new("none");

    /// <summary>The national unit's code: sees everything.</summary>
    public const string National = "000000";

    /// <summary>The code prefix a unit's descendants share: 510000 → 51, 510900 → 5109, 510991 → 510991, 000000 → all.</summary>
    public string? Prefix => Code switch
    {
        null or "" or National => null,
        { Length: 6 } c when c.EndsWith("0000", StringComparison.Ordinal) => c[..2],
        { Length: 6 } c when c.EndsWith("00", StringComparison.Ordinal) => c[..4],
        var c => c,
    };

    /// <summary>SQL condition on a petition alias; binds parameter <c>@scope_prefix</c> (NULL = all).</summary>
    public static string Condition(string alias, string column = "xzqdm") => $"(@scope_prefix::text IS NULL OR {alias}.{column} LIKE @scope_prefix::text || '%')";

    /// <summary>
    /// SQL condition for rows of a layer without a unit code (restricted layers, change spots): the
    /// row's geometry meets the area of a unit in scope in the current jurisdiction layer. Binds <c>@scope_prefix</c>
    /// (or the parameter named by <paramref name="prefixParameter"/>, e.g. a positional <c>$4</c>).
    /// </summary>
    public static string AreaCondition(string alias, string prefixParameter = "@scope_prefix") => $"""
        ({prefixParameter}::text IS NULL OR EXISTS (SELECT 1 FROM jurisdiction sj JOIN layer sl ON sl.current_version_id = sj.version_id
            WHERE sj.xzqdm LIKE {prefixParameter}::text || '%' AND sj.geom && {alias}.geom AND ST_Intersects(sj.geom, {alias}.geom)))
        """;

    public void Bind(Npgsql.NpgsqlParameterCollection parameters) =>
        parameters.AddWithValue("scope_prefix", NpgsqlTypes.NpgsqlDbType.Text, (object?)Prefix ?? DBNull.Value);

    /// <summary>Whether a unit (or an object of that unit) is inside this scope; an unrouted object (null) only in an unrestricted scope.</summary>
    public bool Contains(string? code) => Prefix is not { } p || (code is not null && code.StartsWith(p, StringComparison.Ordinal));

    public static bool IsValidCode(string code) => code.Length is 6 or 9 or 12 && code.All(char.IsAsciiDigit);
}
