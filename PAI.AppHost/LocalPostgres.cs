using Aspire.Hosting.ApplicationModel;

namespace PAI.AppHost;

/// <summary>The resources of a local PostgreSQL: the server, and the one-shot that creates its database (first run only).</summary>
/// <param name="Server">The running server; its connection string names the application database.</param>
/// <param name="DatabaseCreated">Completes once the application database exists; null when it existed before this run.</param>
public sealed record LocalPostgres(IResourceBuilder<LocalPostgresResource> Server, IResourceBuilder<ExecutableResource>? DatabaseCreated)
{
    /// <summary>Makes <paramref name="dependent"/> start only once the server accepts sessions and the database exists.</summary>
    public IResourceBuilder<T> WaitForDatabase<T>(IResourceBuilder<T> dependent)
        where T : IResourceWithWaitSupport =>
        DatabaseCreated is { } created ? dependent.WaitFor(Server).WaitForCompletion(created) : dependent.WaitFor(Server);
}
