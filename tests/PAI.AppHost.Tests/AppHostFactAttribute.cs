using PAI.AppHost;

namespace PAI.AppHost.Tests;

/// <summary>A fact that is skipped, with the reason, when the PostgreSQL server the AppHost runs is not installed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class AppHostFactAttribute : FactAttribute
{
    public AppHostFactAttribute()
    {
        try
        {
            PostgresInstallation.Find();
        }
        catch (InvalidOperationException ex)
        {
            Skip = ex.Message;
        }
    }
}
