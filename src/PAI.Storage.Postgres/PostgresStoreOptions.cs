namespace PAI.Storage.Postgres;

/// <summary>Settings of the PostgreSQL store (cluster mode).</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>The ADO.NET invariant Orleans' providers load (Npgsql).</summary>
    public const string Invariant = "Npgsql";

    /// <summary>The Npgsql connection string (<c>ConnectionStrings:pai</c>).</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>Applies the embedded schema (idempotent) when the silo starts; off when a DBA migrates separately.</summary>
    public bool ApplySchemaOnStart { get; set; } = true;

    /// <summary>How long start-up waits for the database to accept the schema before the silo fails.</summary>
    public TimeSpan SchemaStartupTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
