using System.Text;

namespace PAI.Abstractions.Knowledge;

/// <summary>Predicate names: lower case, words joined by <c>_</c> ("Lives In" → "lives_in"), at most 100 characters.</summary>
public static class Predicates
{
    /// <summary>The longest predicate accepted.</summary>
    public const int MaxLength = 100;

    /// <summary>The normalised predicate, or "" when nothing of it is left.</summary>
    public static string Normalise(string predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        var builder = new StringBuilder(Math.Min(predicate.Length, MaxLength));
        var pending = false;
        foreach (var c in predicate)
        {
            if (char.IsLetterOrDigit(c) || c is '.' or ':')
            {
                if (pending && builder.Length > 0)
                {
                    builder.Append('_');
                }

                pending = false;
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                pending = true;
            }
        }

        return builder.ToString();
    }
}
