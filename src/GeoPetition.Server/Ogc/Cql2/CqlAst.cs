using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Ogc.Cql2;

/// <summary>A parsed CQL2 text filter (a boolean expression). Built only by <see cref="CqlParser"/>.</summary>
public abstract record CqlExpression;

/// <summary><c>a AND b</c>.</summary>
public sealed record CqlAnd(CqlExpression Left, CqlExpression Right) : CqlExpression;

/// <summary><c>a OR b</c>.</summary>
public sealed record CqlOr(CqlExpression Left, CqlExpression Right) : CqlExpression;

/// <summary><c>NOT a</c>.</summary>
public sealed record CqlNot(CqlExpression Inner) : CqlExpression;

/// <summary><c>property op literal</c> with op one of = &lt;&gt; &lt; &lt;= &gt; &gt;=.</summary>
public sealed record CqlComparison(string Property, string Operator, CqlLiteral Value) : CqlExpression;

/// <summary><c>property [NOT] LIKE 'pattern'</c> (% and _ wildcards).</summary>
public sealed record CqlLike(string Property, string Pattern, bool Negated) : CqlExpression;

/// <summary><c>property [NOT] BETWEEN low AND high</c>.</summary>
public sealed record CqlBetween(string Property, CqlLiteral Low, CqlLiteral High, bool Negated) : CqlExpression;

/// <summary><c>property [NOT] IN (a, b, …)</c>.</summary>
public sealed record CqlIn(string Property, IReadOnlyList<CqlLiteral> Values, bool Negated) : CqlExpression;

/// <summary><c>property IS [NOT] NULL</c>.</summary>
public sealed record CqlIsNull(string Property, bool Negated) : CqlExpression;

/// <summary><c>S_INTERSECTS(geometry, literal)</c>; the literal is in the filter CRS with its axis order, as written.</summary>
public sealed record CqlSpatialIntersects(Geometry Literal) : CqlExpression;

/// <summary><c>T_INTERSECTS(property, DATE(…) | TIMESTAMP(…) | INTERVAL(…, …))</c>; null bounds are open.</summary>
public sealed record CqlTemporalIntersects(string Property, DateOnly? Start, DateOnly? End) : CqlExpression;

/// <summary>The type of a literal.</summary>
public enum CqlLiteralKind
{
    String,
    Number,
    Boolean,
    Date,
}

/// <summary>A literal value: string, number (double), boolean or date (DATE/TIMESTAMP, as a calendar date).</summary>
public sealed record CqlLiteral(CqlLiteralKind Kind, object Value);

/// <summary>A filter that does not parse or does not fit the collection; the message says where and why.</summary>
public sealed class CqlException(string message) : Exception(message);
