using PAI.Host.Tests.Infrastructure;

namespace PAI.Mcp.Tests.Infrastructure;

/// <summary>
/// A host that is a client of two MCP servers nobody here wrote, both started over stdio: server-everything
/// (<c>everything</c>, <c>get-sum</c> marked as needing approval) and server-filesystem (<c>fs</c>, on a folder of its own).
/// </summary>
public sealed class McpClientHostFixture : IAsyncLifetime
{
    private PaiProcess? _host;

    /// <summary>The folder server-filesystem may use.</summary>
    public string FilesFolder { get; } = Path.Combine(Path.GetTempPath(), "pai-tests", "mcp-fs-" + Guid.NewGuid().ToString("N"));

    /// <summary>The running host.</summary>
    public PaiProcess Host => _host ?? throw new InvalidOperationException(NodePackages.Missing ?? "not started");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (NodePackages.Missing is not null)
        {
            return;
        }

        Directory.CreateDirectory(FilesFolder);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        McpServersUnderTest.DeclareStdio(environment, "everything", McpServersUnderTest.Everything, "stdio");
        environment["Pai__Mcp__Servers__everything__ApprovalTools__0"] = "get-sum";
        environment["Pai__Mcp__Servers__everything__Environment__PAI_TEST_DECLARED"] = "declared-value";
        McpServersUnderTest.DeclareStdio(environment, "fs", McpServersUnderTest.Filesystem, FilesFolder);
        _host = await PaiProcess.StartNewAsync(environment, McpServersUnderTest.WriteAgentAndSkillAsync);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (Directory.Exists(FilesFolder))
        {
            Directory.Delete(FilesFolder, recursive: true);
        }
    }
}
