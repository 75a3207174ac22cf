using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using PAI.Engine.Tools;
using PAI.Mcp.Client.Servers;
using PAI.Mcp.Client.Tools;

namespace PAI.Mcp.Client.Hosting;

/// <summary>Registers PAI as an MCP client: the servers of <c>Pai:Mcp:Servers</c>, their tools as <c>mcp.&lt;server&gt;.&lt;tool&gt;</c>.</summary>
public static class McpClientExtensions
{
    /// <summary>Adds the MCP client to the silo; safe to call more than once.</summary>
    public static ISiloBuilder AddMcpClients(this ISiloBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddMcpClients(builder.Configuration);
        return builder;
    }

    /// <summary>Adds the connections, the tool source and the service that connects at start; declarations are
    /// checked at start (a bad one stops the host with the key named). Safe to call more than once.</summary>
    public static IServiceCollection AddMcpClients(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<McpServersOptions>();
        if (configuration is not null)
        {
            options.Bind(configuration.GetSection(McpServersOptions.SectionName));
        }

        if (services.Any(d => d.ServiceType == typeof(McpServerConnections)))
        {
            return services;
        }

        options.ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<McpServersOptions>, McpServerDeclarationCheck>());
        services.AddSingleton<McpServerConnections>();
        services.AddSingleton<IDynamicToolSource, McpToolSource>();
        services.AddHostedService<McpClientService>();
        return services;
    }
}
