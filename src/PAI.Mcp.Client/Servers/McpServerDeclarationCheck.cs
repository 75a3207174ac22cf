using Microsoft.Extensions.Options;
using PAI.Engine.Invocation;
using PAI.Engine.Tools;

namespace PAI.Mcp.Client.Servers;

/// <summary>
/// What is wrong with the declared MCP servers, each problem naming its configuration key; the host refuses to start
/// with any (a server that silently never connects is worse than a clear error at start). Pure: no I/O.
/// </summary>
public sealed class McpServerDeclarationCheck : IValidateOptions<McpServersOptions>
{
    /// <summary>Longest server name.</summary>
    public const int MaxNameLength = 40;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, McpServersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = Problems(options).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    /// <summary>Every problem of every declaration, as <c>Pai:Mcp:Servers:&lt;name&gt;:&lt;field&gt;: message</c>.</summary>
    public static IEnumerable<string> Problems(McpServersOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var (server, declaration) in options.Servers)
        {
            foreach (var (field, message) in Problems(server, declaration))
            {
                yield return $"{McpServersOptions.SectionName}:Servers:{server}{(field.Length > 0 ? ":" + field : "")}: {message}";
            }
        }

        if (options.ConnectTimeout <= TimeSpan.Zero || options.StartWait < TimeSpan.Zero || options.MaxReconnectDelay < TimeSpan.FromSeconds(1))
        {
            yield return $"{McpServersOptions.SectionName}: ConnectTimeout must be positive, StartWait not negative, MaxReconnectDelay at least one second";
        }
    }

    /// <summary>The problems of one declaration, as (field, message).</summary>
    public static IEnumerable<(string Field, string Message)> Problems(string server, McpServerDeclaration declaration)
    {
        ArgumentNullException.ThrowIfNull(declaration);
        if (!IsValidName(server))
        {
            yield return ("", $"a server name is 1-{MaxNameLength} characters of a-z, 0-9, '-' and '_', starting with a letter or digit (it becomes part of mcp.<server>.<tool>)");
        }

        var hasCommand = !string.IsNullOrWhiteSpace(declaration.Command);
        var hasUrl = !string.IsNullOrWhiteSpace(declaration.Url);
        if (hasCommand == hasUrl)
        {
            yield return ("", "declare exactly one of Command (a server started over stdio) and Url (a server reached over HTTP)");
        }

        if (hasUrl && !(Uri.TryCreate(declaration.Url, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps)))
        {
            yield return ("Url", "must be an absolute http:// or https:// URL");
        }

        if (declaration.Transport is not ("auto" or "streamable" or "sse"))
        {
            yield return ("Transport", "must be 'auto', 'streamable' or 'sse'");
        }

        if (hasCommand && (declaration.Headers.Count > 0 || declaration.Transport != "auto"))
        {
            yield return ("Headers", "Headers and Transport are for a server reached over HTTP (Url), not one started with Command");
        }

        if (hasUrl && (declaration.Arguments.Count > 0 || declaration.Environment.Count > 0 || declaration.WorkingDirectory is not null))
        {
            yield return ("Arguments", "Arguments, Environment and WorkingDirectory are for a server started with Command, not one reached over HTTP");
        }

        foreach (var (header, value) in declaration.Headers)
        {
            if (header.Length == 0 || header.Any(c => c <= ' ' || c >= 127 || c == ':') || value.Any(c => c is '\r' or '\n' or '\0'))
            {
                // Names the header, never its value (it may be a secret).
                yield return ($"Headers:{header}", "a header name is visible ASCII without ':' and a value has no line breaks");
            }
        }

        if (InvocationLimits.CheckTimeout(declaration.Timeout) is { } timeout)
        {
            yield return ("Timeout", timeout);
        }

        if (declaration.MaxOutputBytes is <= 0)
        {
            yield return ("MaxOutputBytes", "must be a positive number of bytes");
        }

        if (declaration.Permission == ToolOverride.RetiredApprovalPermission)
        {
            yield return ("Permission", $"'{ToolOverride.RetiredApprovalPermission}' does not mean approval: list the tools in ApprovalTools");
        }
    }

    /// <summary>True for 1-40 characters of a-z, 0-9, '-' and '_', starting with a letter or digit (no dot: the tool's
    /// name is split at the first dot after <c>mcp.</c>).</summary>
    public static bool IsValidName(string name) =>
        name is { Length: > 0 and <= MaxNameLength }
        && (char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0]))
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');
}
