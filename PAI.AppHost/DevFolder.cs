using System.Diagnostics;

namespace PAI.AppHost;

/// <summary>
/// The development cluster's folder: <c>postgres/</c> (the server's cluster and socket, owned by the server's user)
/// and <c>data/</c> (PAI's data folder, shared by every silo: workspaces and skills).
/// </summary>
public sealed class DevFolder
{
    private DevFolder(string root, bool temporary)
    {
        Root = root;
        Temporary = temporary;
    }

    /// <summary>The folder.</summary>
    public string Root { get; }

    /// <summary>True when the folder was created for this run and is deleted when it stops.</summary>
    public bool Temporary { get; }

    /// <summary>PostgreSQL's folder.</summary>
    public string Postgres => Path.Combine(Root, "postgres");

    /// <summary>True when <see cref="Postgres"/> already holds a server's cluster (a kept <c>--data-dir</c>).</summary>
    public bool PostgresInitialized => File.Exists(Path.Combine(Postgres, "data", "PG_VERSION"));

    /// <summary>PAI's shared data folder.</summary>
    public string Data => Path.Combine(Root, "data");

    /// <summary>
    /// Creates <paramref name="keep"/> (or a new temporary folder when null) and <see cref="Postgres"/> in it, owned by
    /// <paramref name="postgresUser"/> when one is given (the AppHost runs as root).
    /// </summary>
    public static DevFolder Create(string? keep, string? postgresUser)
    {
        var folder = new DevFolder(keep ?? Path.Combine(Path.GetTempPath(), "pai-apphost-" + Guid.NewGuid().ToString("N")[..8]), keep is null);
        Directory.CreateDirectory(folder.Data);
        Directory.CreateDirectory(folder.Postgres);
        if (postgresUser is not null)
        {
            using var chown = Process.Start(new ProcessStartInfo("chown") { ArgumentList = { postgresUser, folder.Postgres } })
                ?? throw new InvalidOperationException("cannot start chown");
            chown.WaitForExit();
            if (chown.ExitCode != 0)
            {
                throw new InvalidOperationException($"chown {postgresUser} {folder.Postgres} exited with {chown.ExitCode}");
            }
        }

        return folder;
    }

    /// <summary>Deletes the folder when it is temporary (best effort: the processes have stopped by now).</summary>
    public void DeleteIfTemporary()
    {
        if (!Temporary)
        {
            return;
        }

        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder; the operating system cleans /tmp eventually.
        }
    }
}
