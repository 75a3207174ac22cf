using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime.MembershipService.SiloMetadata;
using PAI.Abstractions.Tools;
using PAI.Gpu.Discovery;
using PAI.Gpu.Images;
using PAI.Gpu.Jobs;
using PAI.Gpu.Placement;

namespace PAI.Gpu.Hosting;

/// <summary>Registers GPU discovery, the device and pool grains' services, node placement and the <c>gpu.run</c> tool.</summary>
public static class GpuExtensions
{
    /// <summary>
    /// Adds GPU leasing to the silo. Binds <c>Pai:Gpus</c>; the node name is <c>Pai:NodeName</c> (else the machine
    /// name) and is advertised as silo metadata so device grains are placed on their machine. Safe to call twice.
    /// </summary>
    public static ISiloBuilder AddGpu(this ISiloBuilder builder, Action<GpuOptions>? configure = null)
    {
        if (builder.Services.Any(d => d.ServiceType == typeof(GpuRegistrar)))
        {
            return builder;
        }

        var section = builder.Configuration.GetSection(GpuOptions.SectionName);
        var nodeName = builder.Configuration["Pai:NodeName"];
        void Configure(GpuOptions o)
        {
            if (!string.IsNullOrWhiteSpace(nodeName))
            {
                o.NodeName = nodeName;
            }

            section.Bind(o);
            configure?.Invoke(o);
        }

        builder.Services.AddOptions<ImageOptions>().Bind(builder.Configuration.GetSection(ImageOptions.SectionName));

        // The node name must be known now: silo metadata is fixed when the silo is built.
        var resolved = new GpuOptions();
        Configure(resolved);
        builder.UseSiloMetadata(new Dictionary<string, string> { [GpuNodePlacementDirector.NodeMetadataKey] = resolved.NodeName });
        builder.Services.AddOptions<GpuOptions>().Configure(Configure);
        builder.Services.AddGpuServices();
        return builder;
    }

    /// <summary>Adds the GPU services (without silo metadata); safe to call twice.</summary>
    public static IServiceCollection AddGpuServices(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(GpuRegistrar)))
        {
            return services;
        }

        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<GpuMetrics>();
        services.AddSingleton<GpuDiscovery>();
        services.AddSingleton<GpuRegistrar>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<GpuRegistrar>());
        services.AddPlacementDirector<GpuNodePlacement, GpuNodePlacementDirector>();
        services.AddSingleton<GpuProcessRunner>();
        services.AddSingleton<GpuJobRunner>();
        services.AddSingleton<GpuLeasedCommand>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITool, GpuRunTool>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITool, ImageGenerateTool>());
        return services;
    }
}
