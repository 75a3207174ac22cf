using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using PAI.Abstractions.Tools;

namespace PAI.Engine.Tests.Tools;

/// <summary>A fresh workspace folder under the temp directory, deleted afterwards.</summary>
internal sealed class TempWorkspace : IDisposable
{
    public TempWorkspace()
    {
        Root = Path.Combine(Path.GetTempPath(), "pai-tools-tests", Guid.NewGuid().ToString("N"));
        Path.Combine(Root, "ws").EnsureFolder();
        Path.Combine(Root, "outside").EnsureFolder();
    }

    /// <summary>Holds the workspace and a sibling "outside" folder.</summary>
    public string Root { get; }

    public string Workspace => Path.Combine(Root, "ws");

    public string Outside => Path.Combine(Root, "outside");

    public string PathOf(string relative) => Path.Combine(Workspace, relative);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder does not fail a test.
        }
    }
}

internal static class FolderExtensions
{
    public static void EnsureFolder(this string path) => Directory.CreateDirectory(path);
}

/// <summary>An <see cref="IStepCheckpoint"/> kept in memory.</summary>
internal sealed class InMemoryCheckpoint : IStepCheckpoint
{
    public ConcurrentDictionary<string, string> Values { get; } = new();

    public int Writes { get; private set; }

    public string? Get(string key) => Values.TryGetValue(key, out var value) ? value : null;

    public Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        Values[key] = value;
        Writes++;
        return Task.CompletedTask;
    }
}

internal static class Contexts
{
    public static ToolContext For(string workspace, JsonObject input, string key = "goal-1/step-1", IStepCheckpoint? checkpoint = null, int attempt = 1)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return new ToolContext(
            slash > 0 ? key[..slash] : "goal-1",
            slash > 0 ? key[(slash + 1)..] : key,
            attempt,
            key,
            input,
            workspace,
            "tester",
            checkpoint ?? new InMemoryCheckpoint());
    }
}
