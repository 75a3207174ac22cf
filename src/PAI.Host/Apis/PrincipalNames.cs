namespace PAI.Host.Apis;

/// <summary>What a principal may be called: 1-100 characters of letters, digits, <c>.</c>, <c>_</c>, <c>-</c> and <c>@</c>, starting with a letter or digit.</summary>
public static class PrincipalNames
{
    /// <summary>The longest name.</summary>
    public const int MaxLength = 100;

    /// <summary>True when <paramref name="name"/> is a valid principal name.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > MaxLength || !char.IsAsciiLetterOrDigit(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '@'))
            {
                return false;
            }
        }

        return true;
    }
}
