using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PAI.Abstractions.Principals;
using PAI.Principals.Keys;
using PAI.Principals.Quotas;

namespace PAI.Principals.Hosting;

/// <summary>Registers principals: API key grains and quotas (and their options).</summary>
public static class PrincipalsExtensions
{
    /// <summary>Adds principals to a silo.</summary>
    public static ISiloBuilder AddPrincipals(this ISiloBuilder builder, Action<ApiKeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddPrincipals(configure);
        return builder;
    }

    /// <summary>Adds the services principals need; safe to call twice.</summary>
    public static IServiceCollection AddPrincipals(this IServiceCollection services, Action<ApiKeyOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ApiKeyOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddOptions<QuotaOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<PrincipalQuotas>();
        services.TryAddSingleton<IModelTokenQuota>(sp => sp.GetRequiredService<PrincipalQuotas>());
        return services;
    }
}
