using System.Globalization;
using System.Text;

namespace GeoPetition.Core.Spatial;

/// <summary>
/// A tolerant parser for WKT coordinate-system text (OGC WKT1, ESRI WKT1 and, loosely, WKT2):
/// KEYWORD[arg, arg, …] where an argument is a quoted string, a bare token (number or enum) or a
/// nested node. Only used to read .prj files; no semantic checks.
/// </summary>
internal sealed class WktNode(string keyword, IReadOnlyList<object> args)
{
    public string Keyword { get; } = keyword;

    /// <summary>Each argument is a <see cref="string"/> (quoted or bare) or a <see cref="WktNode"/>.</summary>
    public IReadOnlyList<object> Args { get; } = args;

    /// <summary>The first argument when it is text (the name of most WKT nodes).</summary>
    public string? Name => Args.Count > 0 && Args[0] is string s ? s : null;

    public IEnumerable<WktNode> Children => Args.OfType<WktNode>();

    public WktNode? Child(params string[] keywords) =>
        Children.FirstOrDefault(c => keywords.Contains(c.Keyword, StringComparer.OrdinalIgnoreCase));

    /// <summary>Depth-first search of this node and its descendants.</summary>
    public WktNode? Find(params string[] keywords)
    {
        if (keywords.Contains(Keyword, StringComparer.OrdinalIgnoreCase))
        {
            return this;
        }

        foreach (var child in Children)
        {
            var found = child.Find(keywords);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    public IEnumerable<WktNode> Descendants()
    {
        foreach (var child in Children)
        {
            yield return child;
            foreach (var d in child.Descendants())
            {
                yield return d;
            }
        }
    }

    /// <summary>The argument at an index parsed as an invariant-culture number.</summary>
    public double? Number(int index) =>
        index < Args.Count && Args[index] is string s
        && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    public static bool TryParse(string text, out WktNode? node)
    {
        node = null;
        var tokens = Tokenize(text);
        if (tokens is null)
        {
            return false;
        }

        var position = 0;
        node = ParseNode(tokens, ref position);
        return node is not null && position == tokens.Count;
    }

    private static WktNode? ParseNode(List<Token> tokens, ref int position)
    {
        if (position + 1 >= tokens.Count || tokens[position].Kind != TokenKind.Bare || tokens[position + 1].Kind != TokenKind.Open)
        {
            return null;
        }

        var keyword = tokens[position].Text;
        position += 2;
        var args = new List<object>();
        while (position < tokens.Count)
        {
            var token = tokens[position];
            if (token.Kind == TokenKind.Close)
            {
                position++;
                return new WktNode(keyword, args);
            }

            if (args.Count > 0)
            {
                if (token.Kind != TokenKind.Comma)
                {
                    return null;
                }

                position++;
                if (position >= tokens.Count)
                {
                    return null;
                }

                token = tokens[position];
            }

            if (token.Kind == TokenKind.Quoted)
            {
                args.Add(token.Text);
                position++;
            }
            else if (token.Kind == TokenKind.Bare)
            {
                if (position + 1 < tokens.Count && tokens[position + 1].Kind == TokenKind.Open)
                {
                    var child = ParseNode(tokens, ref position);
                    if (child is null)
                    {
                        return null;
                    }

                    args.Add(child);
                }
                else
                {
                    args.Add(token.Text);
                    position++;
                }
            }
            else
            {
                return null;
            }
        }

        return null;
    }

    private static List<Token>? Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
            }
            else if (c is '[' or '(')
            {
                tokens.Add(new Token(TokenKind.Open, "["));
                i++;
            }
            else if (c is ']' or ')')
            {
                tokens.Add(new Token(TokenKind.Close, "]"));
                i++;
            }
            else if (c == ',')
            {
                tokens.Add(new Token(TokenKind.Comma, ","));
                i++;
            }
            else if (c == '"')
            {
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        return null;
                    }

                    if (text[i] == '"')
                    {
                        if (i + 1 < text.Length && text[i + 1] == '"')
                        {
                            sb.Append('"');
                            i += 2;
                            continue;
                        }

                        i++;
                        break;
                    }

                    sb.Append(text[i]);
                    i++;
                }

                tokens.Add(new Token(TokenKind.Quoted, sb.ToString()));
            }
            else if (char.IsLetterOrDigit(c) || c is '_' or '.' or '+' or '-')
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '.' or '+' or '-'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Bare, text[start..i]));
            }
            else
            {
                return null;
            }
        }

        return tokens;
    }

    private enum TokenKind
    {
        Bare,
        Quoted,
        Open,
        Close,
        Comma,
    }

    private readonly record struct Token(TokenKind Kind, string Text);
}
