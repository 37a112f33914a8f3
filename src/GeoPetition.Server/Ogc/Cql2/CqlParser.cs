using System.Globalization;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GeoPetition.Server.Ogc.Cql2;

/// <summary>
/// Parses CQL2 text (OGC 21-065) into a <see cref="CqlExpression"/> tree: comparisons
/// (= &lt;&gt; &lt; &lt;= &gt; &gt;=), LIKE, BETWEEN, IN, IS NULL, AND/OR/NOT with parentheses,
/// <c>S_INTERSECTS</c> with a WKT or BBOX literal, and <c>T_INTERSECTS</c> with DATE, TIMESTAMP or
/// INTERVAL. Keywords are case-insensitive; property names are plain or "double-quoted"; strings
/// are 'single-quoted' with '' for a quote. The text is only ever parsed, never put into SQL.
/// Limits: <see cref="MaxLength"/> characters and <see cref="MaxDepth"/> levels of nesting.
/// </summary>
public sealed class CqlParser
{
    /// <summary>Longest filter accepted.</summary>
    public const int MaxLength = 16_384;

    /// <summary>Deepest nesting accepted.</summary>
    public const int MaxDepth = 64;

    private static readonly string[] GeometryKeywords =
        ["POINT", "LINESTRING", "POLYGON", "MULTIPOINT", "MULTILINESTRING", "MULTIPOLYGON", "GEOMETRYCOLLECTION"];

    private readonly string _text;
    private int _pos;
    private int _depth;

    private CqlParser(string text) => _text = text;

    /// <summary>Parses a whole filter.</summary>
    /// <exception cref="CqlException">The text is not a filter this server understands; the message says where.</exception>
    public static CqlExpression Parse(string text)
    {
        if (text.Length > MaxLength)
        {
            throw new CqlException($"the filter is longer than {MaxLength} characters");
        }

        var parser = new CqlParser(text);
        var expression = parser.Or();
        parser.SkipSpace();
        if (parser._pos < text.Length)
        {
            throw parser.Error("unexpected text");
        }

        return expression;
    }

    private CqlException Error(string what)
    {
        var near = _pos < _text.Length ? _text.Substring(_pos, Math.Min(20, _text.Length - _pos)) : "the end";
        return new CqlException($"{what} at position {_pos + 1} (near '{near}')");
    }

    private CqlExpression Or()
    {
        Enter();
        var left = And();
        while (TryKeyword("OR"))
        {
            left = new CqlOr(left, And());
        }

        _depth--;
        return left;
    }

    private CqlExpression And()
    {
        var left = Not();
        while (TryKeyword("AND"))
        {
            left = new CqlAnd(left, Not());
        }

        return left;
    }

    private CqlExpression Not()
    {
        if (TryKeyword("NOT"))
        {
            Enter();
            var inner = Not();
            _depth--;
            return new CqlNot(inner);
        }

        return Primary();
    }

    private void Enter()
    {
        if (++_depth > MaxDepth)
        {
            throw Error($"the filter nests deeper than {MaxDepth} levels");
        }
    }

    private CqlExpression Primary()
    {
        SkipSpace();
        if (TryChar('('))
        {
            var inner = Or();
            Expect(')');
            return inner;
        }

        if (TryKeyword("S_INTERSECTS"))
        {
            Expect('(');
            Geometry? literal;
            if (TryGeometryLiteral(out literal))
            {
                Expect(',');
                GeometryProperty();
            }
            else
            {
                GeometryProperty();
                Expect(',');
                if (!TryGeometryLiteral(out literal))
                {
                    throw Error("S_INTERSECTS takes the geometry and a WKT or BBOX literal");
                }
            }

            Expect(')');
            return new CqlSpatialIntersects(literal!);
        }

        if (TryKeyword("T_INTERSECTS"))
        {
            Expect('(');
            var property = Property() ?? throw Error("T_INTERSECTS takes a date property first");
            Expect(',');
            var (start, end) = TemporalLiteral();
            Expect(')');
            return new CqlTemporalIntersects(property, start, end);
        }

        var name = Property() ?? throw Error("a property name, a parenthesis, NOT, S_INTERSECTS or T_INTERSECTS expected");
        var negated = TryKeyword("NOT");
        if (TryKeyword("LIKE"))
        {
            var pattern = Literal();
            return pattern.Kind == CqlLiteralKind.String
                ? new CqlLike(name, (string)pattern.Value, negated)
                : throw Error("LIKE takes a 'string' pattern");
        }

        if (TryKeyword("BETWEEN"))
        {
            var low = Literal();
            ExpectKeyword("AND");
            return new CqlBetween(name, low, Literal(), negated);
        }

        if (TryKeyword("IN"))
        {
            Expect('(');
            var values = new List<CqlLiteral> { Literal() };
            while (TryChar(','))
            {
                values.Add(Literal());
            }

            Expect(')');
            return new CqlIn(name, values, negated);
        }

        if (negated)
        {
            throw Error("NOT here must be followed by LIKE, BETWEEN or IN");
        }

        if (TryKeyword("IS"))
        {
            var not = TryKeyword("NOT");
            ExpectKeyword("NULL");
            return new CqlIsNull(name, not);
        }

        var op = Operator() ?? throw Error("a comparison (= <> < <= > >=), LIKE, BETWEEN, IN or IS NULL expected");
        return new CqlComparison(name, op, Literal());
    }

    private void GeometryProperty()
    {
        var name = Property();
        if (name is null || !(name.Equals("geometry", StringComparison.OrdinalIgnoreCase) || name.Equals("geom", StringComparison.OrdinalIgnoreCase)))
        {
            throw Error("the spatial property is called geometry");
        }
    }

    private (DateOnly? Start, DateOnly? End) TemporalLiteral()
    {
        if (TryKeyword("INTERVAL"))
        {
            Expect('(');
            var start = Bound();
            Expect(',');
            var end = Bound();
            Expect(')');
            if (start > end)
            {
                throw Error("the INTERVAL starts after it ends");
            }

            return (start, end);
        }

        var instant = Literal();
        return instant.Kind == CqlLiteralKind.Date
            ? ((DateOnly)instant.Value, (DateOnly)instant.Value)
            : throw Error("T_INTERSECTS takes DATE('…'), TIMESTAMP('…') or INTERVAL('…', '…')");

        DateOnly? Bound()
        {
            var literal = Literal();
            if (literal.Kind == CqlLiteralKind.Date)
            {
                return (DateOnly)literal.Value;
            }

            if (literal.Kind == CqlLiteralKind.String && (string)literal.Value is ".." or "")
            {
                return null;
            }

            if (literal.Kind == CqlLiteralKind.String && OgcParameters.TryParseDatetime((string)literal.Value, out var range, out _) && range.Start == range.End)
            {
                return range.Start;
            }

            throw Error("an INTERVAL bound is a date, a timestamp or '..'");
        }
    }

    private CqlLiteral Literal()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("a value expected");
        }

        var c = _text[_pos];
        if (c == '\'')
        {
            return new CqlLiteral(CqlLiteralKind.String, QuotedString());
        }

        if (char.IsAsciiDigit(c) || c is '-' or '+' or '.')
        {
            var start = _pos;
            _pos++;
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E'
                   || (_text[_pos] is '-' or '+' && _text[_pos - 1] is 'e' or 'E')))
            {
                _pos++;
            }

            return double.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number)
                ? new CqlLiteral(CqlLiteralKind.Number, number)
                : throw Error("not a number");
        }

        if (TryKeyword("TRUE"))
        {
            return new CqlLiteral(CqlLiteralKind.Boolean, true);
        }

        if (TryKeyword("FALSE"))
        {
            return new CqlLiteral(CqlLiteralKind.Boolean, false);
        }

        if (TryKeyword("DATE") || TryKeyword("TIMESTAMP"))
        {
            Expect('(');
            SkipSpace();
            var text = QuotedString();
            Expect(')');
            return OgcParameters.TryParseDatetime(text, out var range, out _) && range.Start is { } day && range.Start == range.End
                ? new CqlLiteral(CqlLiteralKind.Date, day)
                : throw Error($"'{text}' is not an RFC 3339 date or timestamp");
        }

        throw Error("a value ('text', number, TRUE, FALSE, DATE('…'), TIMESTAMP('…')) expected");
    }

    private string QuotedString()
    {
        if (!TryChar('\''))
        {
            throw Error("a 'quoted string' expected");
        }

        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos++];
            if (c == '\'')
            {
                if (_pos < _text.Length && _text[_pos] == '\'')
                {
                    value.Append('\'');
                    _pos++;
                    continue;
                }

                return value.ToString();
            }

            value.Append(c);
        }
    }

    private bool TryGeometryLiteral(out Geometry? geometry)
    {
        geometry = null;
        SkipSpace();
        if (TryKeyword("BBOX"))
        {
            Expect('(');
            var values = new List<double>();
            do
            {
                var literal = Literal();
                values.Add(literal.Kind == CqlLiteralKind.Number ? (double)literal.Value : throw Error("BBOX takes numbers"));
            }
            while (TryChar(','));
            Expect(')');
            if (values.Count is not (4 or 6))
            {
                throw Error("BBOX takes 4 (or 6) numbers");
            }

            var (x1, y1, x2, y2) = values.Count == 4 ? (values[0], values[1], values[2], values[3]) : (values[0], values[1], values[3], values[4]);
            if (x1 > x2 || y1 > y2)
            {
                throw Error("BBOX has a minimum above its maximum");
            }

            geometry = new GeometryFactory().ToGeometry(new Envelope(x1, x2, y1, y2));
            return true;
        }

        var keyword = GeometryKeywords.FirstOrDefault(k => PeekKeyword(k));
        if (keyword is null)
        {
            return false;
        }

        var start = _pos;
        _pos += keyword.Length;
        SkipSpace();
        if (TryKeyword("EMPTY"))
        {
            throw Error("an empty geometry intersects nothing");
        }

        // The WKT runs to the parenthesis closing its first one.
        if (_pos >= _text.Length || _text[_pos] != '(')
        {
            throw Error($"{keyword} must be followed by its coordinates in parentheses");
        }

        var depth = 0;
        do
        {
            depth += _text[_pos] == '(' ? 1 : _text[_pos] == ')' ? -1 : 0;
            _pos++;
        }
        while (depth > 0 && _pos < _text.Length);
        if (depth != 0)
        {
            throw Error("unbalanced parentheses in the geometry");
        }

        try
        {
            geometry = new WKTReader { IsOldNtsCoordinateSyntaxAllowed = false }.Read(_text[start.._pos]);
        }
        catch (Exception e) when (e is ParseException or ArgumentException or FormatException)
        {
            throw new CqlException($"the geometry at position {start + 1} is not valid WKT: {e.Message}");
        }

        return true;
    }

    private string? Property()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            return null;
        }

        if (_text[_pos] == '"')
        {
            var end = _text.IndexOf('"', _pos + 1);
            if (end < 0)
            {
                throw Error("unterminated \"property name\"");
            }

            var quoted = _text[(_pos + 1)..end];
            _pos = end + 1;
            return quoted;
        }

        if (!char.IsAsciiLetter(_text[_pos]) && _text[_pos] != '_')
        {
            return null;
        }

        var start = _pos;
        while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '.' or ':'))
        {
            _pos++;
        }

        var name = _text[start.._pos];
        if (name.ToUpperInvariant() is "AND" or "OR" or "NOT" or "LIKE" or "BETWEEN" or "IN" or "IS" or "NULL" or "TRUE" or "FALSE")
        {
            _pos = start;
            return null;
        }

        return name;
    }

    private string? Operator()
    {
        SkipSpace();
        foreach (var op in new[] { "<>", "<=", ">=", "=", "<", ">" })
        {
            if (string.CompareOrdinal(_text, _pos, op, 0, op.Length) == 0)
            {
                _pos += op.Length;
                return op;
            }
        }

        return null;
    }

    private bool PeekKeyword(string keyword)
    {
        SkipSpace();
        var end = _pos + keyword.Length;
        return end <= _text.Length
            && string.Compare(_text, _pos, keyword, 0, keyword.Length, StringComparison.OrdinalIgnoreCase) == 0
            && (end == _text.Length || !(char.IsAsciiLetterOrDigit(_text[end]) || _text[end] == '_'));
    }

    private bool TryKeyword(string keyword)
    {
        if (!PeekKeyword(keyword))
        {
            return false;
        }

        _pos += keyword.Length;
        return true;
    }

    private void ExpectKeyword(string keyword)
    {
        if (!TryKeyword(keyword))
        {
            throw Error($"{keyword} expected");
        }
    }

    private bool TryChar(char c)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryChar(c))
        {
            throw Error($"'{c}' expected");
        }
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }
}
