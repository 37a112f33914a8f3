using GeoPetition.Core.Layers;
using GeoPetition.Core.Spatial;
using NetTopologySuite.Geometries;

namespace GeoPetition.Server.Ogc.Cql2;

/// <summary>
/// Turns a parsed CQL2 filter into a SQL condition over one layer kind: property names are looked
/// up in the kind's schema (case-insensitive; unknown names are an error listing the queryables)
/// and quoted from the schema; every literal becomes a parameter typed by the field (strings for
/// text, numbers for whole and real numbers, dates for dates, booleans for yes/no).
/// </summary>
public static class CqlSql
{
    /// <summary>
    /// Checks the filter against the kind and reprojects spatial literals from <paramref name="filterCrs"/>
    /// (with its axis order) into EPSG:4490; returns the condition, adding parameters c0, c1, …
    /// </summary>
    /// <exception cref="CqlException">A property is unknown or a literal does not fit its type.</exception>
    public static string Translate(CqlExpression expression, LayerKindDefinition kind, OgcCrs filterCrs, List<(string Name, object Value)> parameters) =>
        new Translator(kind, filterCrs, parameters).Sql(expression);

    private sealed class Translator(LayerKindDefinition kind, OgcCrs filterCrs, List<(string Name, object Value)> parameters)
    {
        private int _count;

        public string Sql(CqlExpression e) => e switch
        {
            CqlAnd a => $"({Sql(a.Left)} AND {Sql(a.Right)})",
            CqlOr o => $"({Sql(o.Left)} OR {Sql(o.Right)})",
            CqlNot n => $"(NOT {Sql(n.Inner)})",
            CqlComparison c => $"{Column(c.Property, out var f)} {c.Operator} {Parameter(f, c.Value)}",
            CqlLike l => Like(l),
            CqlBetween b => $"{Column(b.Property, out var f)} {(b.Negated ? "NOT " : "")}BETWEEN {Parameter(f, b.Low)} AND {Parameter(f, b.High)}",
            CqlIn i => $"{Column(i.Property, out var f)} {(i.Negated ? "NOT " : "")}IN ({string.Join(", ", i.Values.Select(v => Parameter(f, v)))})",
            CqlIsNull n => $"{Column(n.Property, out _)} IS {(n.Negated ? "NOT " : "")}NULL",
            CqlSpatialIntersects s => Spatial(s),
            CqlTemporalIntersects t => Temporal(t),
            _ => throw new CqlException($"unsupported filter element {e.GetType().Name}"),
        };

        private string Like(CqlLike l)
        {
            var column = Column(l.Property, out var field);
            if (field.Type != FieldType.Text)
            {
                throw new CqlException($"LIKE applies to text; {field.Column} is {field.Type}");
            }

            return $"{column} {(l.Negated ? "NOT " : "")}LIKE {Add(l.Pattern)}";
        }

        private string Spatial(CqlSpatialIntersects s)
        {
            var literal = s.Literal.Copy();
            if (filterCrs.NorthingFirst)
            {
                literal.Apply(new SwapAxes());
            }

            if (!GeometryChecks.AllCoordinatesFinite(literal))
            {
                throw new CqlException("the S_INTERSECTS geometry has coordinates that are not finite");
            }

            if (filterCrs.IsGeographic && literal.Coordinates.Any(c => c.X is < -180 or > 180 || c.Y is < -90 or > 90))
            {
                throw new CqlException($"the S_INTERSECTS geometry is outside lon −180…180 / lat −90…90 (filter-crs {filterCrs.Uri}, axis order {(filterCrs.NorthingFirst ? "lat, lon" : "lon, lat")})");
            }

            var storage = Reprojection.Transform(literal, filterCrs.Epsg, Srids.Storage);
            if (!storage.IsValid)
            {
                throw new CqlException($"the S_INTERSECTS geometry is not valid: {GeometryChecks.DescribeInvalidity(storage)}");
            }

            var p = Add(storage);
            return $"(t.\"geom\" && {p} AND ST_Intersects(t.\"geom\", {p}))";
        }

        private string Temporal(CqlTemporalIntersects t)
        {
            var column = Column(t.Property, out var field);
            if (field.Type != FieldType.Date)
            {
                throw new CqlException($"T_INTERSECTS applies to dates; {field.Column} is {field.Type}; the date fields are: {string.Join(", ", kind.DateColumns)}");
            }

            var parts = new List<string>();
            if (t.Start is { } start)
            {
                parts.Add($"{column} >= {Add(start)}");
            }

            if (t.End is { } end)
            {
                parts.Add($"{column} <= {Add(end)}");
            }

            return parts.Count == 0 ? $"{column} IS NOT NULL" : "(" + string.Join(" AND ", parts) + ")";
        }

        private string Column(string property, out LayerField field)
        {
            field = kind.Field(property) ?? throw new CqlException(
                $"unknown property '{property}'; the queryables of this collection are: {string.Join(", ", kind.Fields.Select(f => f.Column))}, geometry");
            return "t.\"" + field.Column + "\"";
        }

        private string Parameter(LayerField field, CqlLiteral literal)
        {
            object value = (field.Type, literal.Kind) switch
            {
                (FieldType.Text, CqlLiteralKind.String) => literal.Value,
                (FieldType.Integer or FieldType.Real, CqlLiteralKind.Number) => literal.Value,
                (FieldType.Date, CqlLiteralKind.Date) => literal.Value,
                (FieldType.Date, CqlLiteralKind.String) when OgcParameters.TryParseDatetime((string)literal.Value, out var r, out _) && r.Start is { } d && r.Start == r.End => d,
                (FieldType.Boolean, CqlLiteralKind.Boolean) => literal.Value,
                _ => throw new CqlException($"{field.Column} is {field.Type}; {literal.Kind.ToString().ToLowerInvariant()} {literal.Value} does not compare with it"),
            };
            return Add(value);
        }

        private string Add(object value)
        {
            var name = "c" + (_count++).ToString(System.Globalization.CultureInfo.InvariantCulture);
            parameters.Add((name, value));
            return "@" + name;
        }
    }

    private sealed class SwapAxes : ICoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq, int i)
        {
            var x = seq.GetX(i);
            seq.SetX(i, seq.GetY(i));
            seq.SetY(i, x);
        }
    }
}
