namespace PAI.Host.Faults;

/// <summary>
/// Writes, fsyncs and deletes a file of the requested size in the data folder (workspaces, and in embedded mode the
/// SQLite file, live there), so a full or read-only disk shows even while small writes to a store still fit.
/// </summary>
public sealed class DataFolderWriteProbe(string dataDirectory) : IStoreWriteProbe
{
    private const int ChunkBytes = 64 * 1024;

    /// <inheritdoc />
    public string Name => "data folder";

    /// <inheritdoc />
    public async Task ProbeAsync(long bytes, CancellationToken cancellationToken)
    {
        var path = Path.Combine(dataDirectory, $".pai-write-probe-{Guid.NewGuid():N}");
        try
        {
            await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, ChunkBytes, FileOptions.Asynchronous);
            var chunk = new byte[ChunkBytes];
            for (long written = 0; written < bytes; written += ChunkBytes)
            {
                await file.WriteAsync(chunk.AsMemory(0, (int)Math.Min(ChunkBytes, bytes - written)), cancellationToken);
            }

            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
