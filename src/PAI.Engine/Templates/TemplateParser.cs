using System.Text;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Templates;

/// <summary>
/// A hand-written scanner for <c>${ root . name [index] ... }</c>: every character is looked at a bounded number of
/// times (no backtracking), an expression is at most <see cref="TemplateLimits.MaxExpressionLength"/> characters, and
/// a literal <c>${</c> is written <c>$${</c>. Syntax errors are non-retryable <see cref="ToolException"/>s.
/// </summary>
internal static class TemplateParser
{
    private const int ExcerptLength = 60;

    /// <summary>Splits <paramref name="text"/> into literal parts and expressions.</summary>
    public static List<TemplatePart> Parse(string text, TemplateBudget budget)
    {
        var parts = new List<TemplatePart>();
        var literal = new StringBuilder();
        var pos = 0;
        while (pos < text.Length)
        {
            var open = text.IndexOf("${", pos, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, pos, text.Length - pos);
                break;
            }

            if (open > pos && text[open - 1] == '$')
            {
                // "$${" is an escaped, literal "${".
                literal.Append(text, pos, open - 1 - pos).Append("${");
                pos = open + 2;
                continue;
            }

            literal.Append(text, pos, open - pos);
            if (literal.Length > 0)
            {
                parts.Add(new TemplatePart(literal.ToString(), null));
                literal.Clear();
            }

            budget.CountExpression();
            parts.Add(new TemplatePart(null, ParseExpression(text, open, out pos)));
        }

        if (literal.Length > 0)
        {
            parts.Add(new TemplatePart(literal.ToString(), null));
        }

        return parts;
    }

    /// <summary>Reads a path without a root (<c>a.b[0]</c>, <c>.a</c>, <c>$.a</c>, <c>[2]</c>) as used by checks that
    /// look inside a value.</summary>
    public static List<TemplatePathSegment> ParsePath(string path)
    {
        var start = path.StartsWith('$') ? 1 : 0;
        var text = start < path.Length && path[start] is not ('.' or '[') ? "." + path[start..] : path[start..];
        if (text.Length > TemplateLimits.MaxExpressionLength)
        {
            throw new ToolException($"the path '{Excerpt(text, 0)}' is longer than {TemplateLimits.MaxExpressionLength} characters");
        }

        var segments = new List<TemplatePathSegment>();
        var pos = 0;
        while (SkipSpace(text, ref pos, text.Length) < text.Length)
        {
            segments.Add(ParseSegment(text, -1, ref pos, text.Length, segments.Count));
        }

        return segments;
    }

    private static TemplateExpression ParseExpression(string text, int open, out int next)
    {
        // Nothing past the longest allowed expression is ever read: a missing '}' costs at most that much.
        var end = (int)Math.Min(text.Length, (long)open + 2 + TemplateLimits.MaxExpressionLength + 1);
        var pos = open + 2;
        SkipSpace(text, ref pos, end);
        var rootStart = pos;
        if (pos < end && (char.IsAsciiLetter(text[pos]) || text[pos] == '_'))
        {
            pos++;
            while (pos < end && (char.IsAsciiLetterOrDigit(text[pos]) || text[pos] is '_' or '-'))
            {
                pos++;
            }
        }

        if (pos == rootStart)
        {
            Unclosed(text, open, pos, end);
            throw new ToolException($"'{Excerpt(text, open)}': an expression starts with a root name such as inputs, steps or phases (character {pos + 1})");
        }

        var root = text[rootStart..pos];
        var path = new List<TemplatePathSegment>();
        while (true)
        {
            SkipSpace(text, ref pos, end);
            Unclosed(text, open, pos, end);
            if (text[pos] == '}')
            {
                next = pos + 1;
                return new TemplateExpression(root, path);
            }

            path.Add(ParseSegment(text, open, ref pos, end, path.Count));
        }
    }

    private static TemplatePathSegment ParseSegment(string text, int open, ref int pos, int end, int depth)
    {
        if (depth >= TemplateLimits.MaxPathDepth)
        {
            throw new ToolException($"'{Excerpt(text, open)}': the path is deeper than {TemplateLimits.MaxPathDepth} steps");
        }

        var c = text[pos];
        if (c == '.')
        {
            pos++;
            SkipSpace(text, ref pos, end);
            var nameStart = pos;
            while (pos < end && IsNameChar(text[pos]))
            {
                pos++;
            }

            if (pos == nameStart)
            {
                Unclosed(text, open, pos, end);
                throw new ToolException($"'{Excerpt(text, open)}': expected a field name after '.' at character {pos + 1}");
            }

            return new TemplatePathSegment(text[nameStart..pos], 0);
        }

        if (c == '[')
        {
            pos++;
            SkipSpace(text, ref pos, end);
            var digitsStart = pos;
            long value = 0;
            while (pos < end && char.IsAsciiDigit(text[pos]))
            {
                // Saturates instead of overflowing; the range check below reports the digits as written.
                value = Math.Min(value * 10 + (text[pos] - '0'), (long)int.MaxValue + 1);
                pos++;
            }

            var digits = text[digitsStart..pos];
            SkipSpace(text, ref pos, end);
            Unclosed(text, open, pos, end);
            if (digits.Length == 0 || text[pos] != ']')
            {
                throw new ToolException($"'{Excerpt(text, open)}': an index is a whole number from 0 to {int.MaxValue} in brackets, like [0] (character {pos + 1})");
            }

            if (value > int.MaxValue)
            {
                throw new ToolException($"'{Excerpt(text, open)}': index {Excerpt(digits, 0)} is out of range (0 to {int.MaxValue})");
            }

            pos++;
            return new TemplatePathSegment(null, (int)value);
        }

        throw new ToolException($"'{Excerpt(text, open)}': expected '.name', '[index]' or '}}' at character {pos + 1}, found '{c}'");
    }

    /// <summary>Throws when the scan reached the end of the text, or the length limit, before a closing brace.</summary>
    private static void Unclosed(string text, int open, int pos, int end)
    {
        if (pos < end)
        {
            return;
        }

        throw new ToolException(open < 0
            ? $"the path '{Excerpt(text, 0)}' ends early"
            : $"'${{' at character {open + 1} is not closed by '}}' within {TemplateLimits.MaxExpressionLength} characters ('{Excerpt(text, open)}')");
    }

    private static int SkipSpace(string text, ref int pos, int end)
    {
        while (pos < end && char.IsWhiteSpace(text[pos]))
        {
            pos++;
        }

        return pos;
    }

    private static bool IsNameChar(char c) =>
        c is not ('.' or '[' or ']' or '{' or '}' or '$') && !char.IsWhiteSpace(c) && !char.IsControl(c);

    private static string Excerpt(string text, int start)
    {
        start = Math.Max(start, 0);
        var length = Math.Min(ExcerptLength, text.Length - start);
        var excerpt = text.Substring(start, length);
        return start + length < text.Length ? excerpt + "…" : excerpt;
    }
}
