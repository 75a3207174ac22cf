using System.Collections.Concurrent;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PAI.Abstractions.Audit;
using PAI.Abstractions.Gpu;
using PAI.Abstractions.Principals;

namespace PAI.Models.Gateway;

/// <summary>The model gateway: one <see cref="EndpointClient"/> per endpoint (and model), chosen per call.</summary>
public sealed partial class ModelGateway : IModelGateway, IDisposable
{
    private static readonly TimeSpan ViewTimeout = TimeSpan.FromSeconds(5);
    private readonly ConcurrentDictionary<(string Endpoint, string Model), EndpointClient> _clients = new();
    private readonly EndpointChooser _chooser = new();
    private readonly IServiceProvider _services;
    private readonly ModelOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelGateway> _logger;
    private readonly Lazy<ModelQuotaGuard> _quota;

    /// <summary>Creates the gateway over a catalog.</summary>
    public ModelGateway(ModelCatalog catalog, IOptions<ModelOptions> options, IServiceProvider services, TimeProvider time, ILogger<ModelGateway> logger)
    {
        Catalog = catalog;
        _options = options.Value;
        _services = services;
        _time = time;
        _logger = logger;
        _quota = new(() => new ModelQuotaGuard(services.GetService<IModelTokenQuota>(), services.GetService<IAuditStore>(), logger));
        foreach (var problem in catalog.Problems)
        {
            LogConfigurationProblem(logger, problem);
        }
    }

    /// <inheritdoc />
    public ModelCatalog Catalog { get; }

    /// <inheritdoc />
    public ModelRoute? Route(ModelRole role, string? reference = null) => Catalog.Resolve(role, reference);

    /// <inheritdoc />
    public IChatClient ChatClient(ModelRoute route, ModelCallContext context) => new RoutedChatClient(this, route, context, _time);

    /// <inheritdoc />
    public IEmbeddingGenerator<string, Embedding<float>> EmbeddingGenerator(ModelRoute route, ModelCallContext context) =>
        new RoutedEmbeddingGenerator(this, route, context, _time);

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    /// <summary>The principals' token quota: checked before each call, told each answered call's tokens.</summary>
    internal ModelQuotaGuard Quota => _quota.Value;

    /// <summary>Takes an endpoint of the route for one call: the chosen endpoint's client and, when it is served on a
    /// GPU, a lease on that device held until the returned slot is disposed.</summary>
    internal async Task<EndpointSlot> AcquireAsync(ModelRoute route, ModelCallContext context, CancellationToken cancellationToken)
    {
        var candidates = route.Endpoints.Select(e => _clients.GetOrAdd((e.Name, e.Model), _ => new EndpointClient(e, _time, _logger))).ToList();
        var views = new Dictionary<string, GpuDeviceView>(StringComparer.Ordinal);
        var grains = candidates.Any(c => c.Endpoint.Gpu is not null) ? _services.GetService<IGrainFactory>() : null;
        if (grains is not null)
        {
            foreach (var device in candidates.Select(c => c.Endpoint.Gpu).OfType<string>().Distinct(StringComparer.Ordinal))
            {
                try
                {
                    views[device] = await grains.GetGrain<IGpuDeviceGrain>(device).GetViewAsync().WaitAsync(ViewTimeout, cancellationToken);
                }
                catch (Exception ex) when (ex is OrleansException or TimeoutException or SiloUnavailableException)
                {
                    LogDeviceUnreachable(_logger, device, ex.Message);
                }
            }
        }

        var pool = candidates.Select(c => new EndpointCandidate(c.Endpoint.Name, c.Endpoint.Gpu, c.InFlight, c.Endpoint.MaxConcurrentRequests, c.IsResting)).ToList();
        var chosen = candidates[_chooser.Choose(pool, views, route.Model, context.Requester)];
        if (chosen.Endpoint.Gpu is not { } gpu)
        {
            return new EndpointSlot(chosen, null);
        }

        if (grains is null)
        {
            throw new ModelCallException($"model endpoint '{chosen.Endpoint.Name}' is served on GPU '{gpu}', and GPU leases need the silo", retryable: false);
        }

        var request = new GpuLeaseRequest("model-" + Guid.NewGuid().ToString("N"), context.Requester, GpuTier.High, route.Model);
        var lease = await GpuLeaseHold.AcquireAsync(grains, gpu, request, _options.LeaseWait, _time, _logger, cancellationToken);
        return new EndpointSlot(chosen, lease);
    }
}
