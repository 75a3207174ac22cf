using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using PAI.Abstractions.Tools;

namespace PAI.Browser.Hosting;

/// <summary>Registers the <c>browser.check</c> tool.</summary>
public static class BrowserExtensions
{
    /// <summary>Adds <c>browser.check</c>, bound to <c>Pai:Browser</c>; safe to call twice.</summary>
    public static IServiceCollection AddBrowserTool(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrowserOptions>().Bind(configuration.GetSection(BrowserOptions.SectionName));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<ITool, BrowserCheckTool>());
        return services;
    }
}
