using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PAI.Principals.Hosting;

namespace PAI.Schedules.Hosting;

/// <summary>Registers schedules: the grains' options and the start-up wake scan. Needs a reminder service (both PAI stores add one).</summary>
public static class SchedulesExtensions
{
    /// <summary>Adds schedules to a silo.</summary>
    public static ISiloBuilder AddSchedules(this ISiloBuilder builder, Action<ScheduleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddSchedules(configure);
        return builder;
    }

    /// <summary>Adds the services schedules need; safe to call twice.</summary>
    public static IServiceCollection AddSchedules(this IServiceCollection services, Action<ScheduleOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<ScheduleOptions>();
        if (configure is not null)
        {
            options.Configure(configure);
        }

        services.AddPrincipals();
        services.TryAddSingleton(TimeProvider.System);
        if (!services.Any(d => d.ServiceType == typeof(ScheduleResumer)))
        {
            services.AddSingleton<ScheduleResumer>();
            services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<ScheduleResumer>());
        }

        return services;
    }
}
