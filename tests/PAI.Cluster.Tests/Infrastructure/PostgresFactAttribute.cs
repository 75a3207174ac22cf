using PAI.Testing.Postgres;

namespace PAI.Cluster.Tests.Infrastructure;

/// <summary>A fact that is skipped, with the reason, when PostgreSQL is not installed on this machine.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (LocalPostgres.UnavailableReason() is { } reason)
        {
            Skip = reason;
        }
    }
}
