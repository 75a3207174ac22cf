using Microsoft.AspNetCore.Authorization;

namespace PAI.Host.Auth;

/// <summary>
/// Met for safe methods (GET, HEAD, OPTIONS) by any key, and for every other method only by a role that may write.
/// The resource of endpoint authorization is the <see cref="HttpContext"/>, which is where the method comes from.
/// </summary>
public sealed class WriteNeedsWriterRequirement : AuthorizationHandler<WriteNeedsWriterRequirement>, IAuthorizationRequirement
{
    /// <inheritdoc />
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, WriteNeedsWriterRequirement requirement)
    {
        var method = (context.Resource as HttpContext)?.Request.Method;
        if (method is not null && (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method) || context.User.CanWrite()))
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
