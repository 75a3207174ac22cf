namespace PAI.Host.Hosting;

/// <summary>Where PAI keeps its data and how the embedded silo listens.</summary>
public sealed class PaiHostOptions
{
    /// <summary>The data folder: the SQLite file, workspaces, skills.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Whether the Orleans Dashboard is served at <c>/dashboard</c> (admin keys only): <c>Pai:Dashboard:Enabled</c>,
    /// by default on in cluster mode and off in embedded mode (its call interception costs CPU on every grain call).
    /// </summary>
    public bool DashboardEnabled { get; init; }

    /// <summary>Whether this process is a node of a cluster on PostgreSQL (else embedded, on SQLite).</summary>
    public bool ClusterMode { get; init; }

    /// <summary>Largest accepted request body, in bytes.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Resolves the data folder: <c>--data-dir</c>, then <c>PAI_DATA_DIR</c>, then <c>Pai:DataDirectory</c>, then the
    /// user's local data folder (<c>~/.local/share/pai</c> on Linux), then <c>./.pai</c>.
    /// </summary>
    public static string ResolveDataDirectory(IConfiguration configuration)
    {
        var configured = configuration["data-dir"] ?? configuration["PAI_DATA_DIR"] ?? configuration["Pai:DataDirectory"];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return Path.GetFullPath(configured);
        }

        var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        return string.IsNullOrEmpty(local) ? Path.GetFullPath(".pai") : Path.Combine(local, "pai");
    }
}
