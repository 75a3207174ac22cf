using System.ComponentModel.DataAnnotations;
using PAI.Abstractions.Tools;
using Polly.Timeout;

namespace PAI.Engine.Invocation;

/// <summary>
/// The one classification of what goes wrong in a tool call: whether another attempt may help, and the message a step
/// fails with. Every exception is a failure with a message; only the caller's own cancellation is not.
/// </summary>
public static class ToolFailures
{
    /// <summary>True when another attempt may succeed: a tool saying so, a timeout, an I/O or network error.</summary>
    public static bool IsRetryable(Exception exception) => exception switch
    {
        ToolException tool => tool.Retryable,
        TimeoutRejectedException or IOException or HttpRequestException => true,
        _ => false,
    };

    /// <summary>The readable reason: a tool's own message as it is, a timeout with its limit, anything else with its type.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return exception switch
        {
            ToolException tool => tool.Message,
            TimeoutRejectedException timeout => $"timed out after {timeout.Timeout}",
            ValidationException invalid => $"invalid retry or timeout settings: {invalid.Message}",
            _ => $"{exception.GetType().Name}: {exception.Message}",
        };
    }
}
