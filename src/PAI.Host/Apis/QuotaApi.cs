using System.ComponentModel;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using PAI.Host.Apis.Models;
using PAI.Host.Auth;
using PAI.Principals.Quotas;

namespace PAI.Host.Apis;

/// <summary><c>GET /api/quota</c>: the caller's quotas and use (running goals, steps per hour, model tokens per day);
/// admin and operator keys may ask for another principal.</summary>
public static class QuotaApi
{
    /// <summary>Maps <c>/api/quota</c>.</summary>
    public static IEndpointRouteBuilder MapQuotaApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/quota", GetAsync).WithTags("Quota").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    /// <summary>The principal's limits and usage now.</summary>
    public static async Task<Results<Ok<QuotaResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user,
        PrincipalQuotas quotas,
        [Description("Another principal (admin and operator keys only); the caller's own when left out.")] string? principal)
    {
        var name = principal ?? user.PrincipalName();
        if (principal is not null && !PrincipalNames.IsValid(principal))
        {
            return ApiProblems.Invalid("Invalid query", "principal", "a principal is 1-100 letters, digits, '.', '_', '-' or '@', starting with a letter or digit");
        }

        if (!user.CanSee(name))
        {
            // Another principal does not exist for this key (as with goals: 404, not 403).
            return ApiProblems.NotFound("Principal not found", "no quota of that principal for this key");
        }

        var limits = quotas.LimitsOf(name);
        return TypedResults.Ok(QuotaResponse.From(name, limits, await quotas.UsageOfAsync(name)));
    }
}
