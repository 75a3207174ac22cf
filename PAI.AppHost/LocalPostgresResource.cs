using Aspire.Hosting.ApplicationModel;

namespace PAI.AppHost;

/// <summary>
/// A PostgreSQL server run as a process from the machine's installation (no container engine needed), serving one
/// database. Its connection string points at the TCP endpoint DCP allocates (<see cref="EndpointName"/>).
/// </summary>
public sealed class LocalPostgresResource(string name, string command, string workingDirectory, string databaseName)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    /// <summary>The name of the server's TCP endpoint.</summary>
    public const string EndpointName = "tcp";

    /// <summary>The superuser that <c>initdb</c> creates; local connections are trusted (a throw-away development server).</summary>
    public const string SuperUser = "postgres";

    private EndpointReference? _endpoint;

    /// <summary>The database the connection string names.</summary>
    public string DatabaseName { get; } = databaseName;

    /// <summary>The server's TCP endpoint.</summary>
    public EndpointReference Endpoint => _endpoint ??= new EndpointReference(this, EndpointName);

    /// <summary>The connection string of <see cref="DatabaseName"/>.</summary>
    public ReferenceExpression ConnectionStringExpression => ConnectionStringFor(DatabaseName);

    /// <summary>The connection string of the maintenance database <c>postgres</c> (exists from <c>initdb</c> on).</summary>
    public ReferenceExpression MaintenanceConnectionString => ConnectionStringFor("postgres");

    private ReferenceExpression ConnectionStringFor(string database) =>
        ReferenceExpression.Create(
            $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username={SuperUser};Database={database}");
}
