using System.Collections.Frozen;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using PAI.Mcp.Client.Tools;

namespace PAI.Mcp.Client.Servers;

/// <summary>
/// One declared MCP server: connects, lists its tools, and reconnects whenever the session ends (the process exited,
/// the HTTP server went away, a call found the connection broken), backing off from one second up to
/// <see cref="McpServersOptions.MaxReconnectDelay"/>. The tool list is refreshed when the server says it changed.
/// </summary>
public sealed partial class McpServerConnection : IAsyncDisposable
{
    /// <summary>Most tools taken from one server.</summary>
    public const int MaxTools = 1000;

    /// <summary>Longest input schema taken from a server's tool (JSON characters).</summary>
    public const int MaxSchemaLength = 256 * 1024;

    /// <summary>Longest description kept from a server's tool.</summary>
    public const int MaxDescriptionLength = 4000;

    private readonly McpServersOptions _options;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private TaskCompletionSource<McpServerSession> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _firstAttempt = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private McpServerSession? _session;

    /// <summary>Creates the connection (nothing starts until <see cref="RunAsync"/>).</summary>
    public McpServerConnection(string name, McpServerDeclaration declaration, McpServersOptions options, ILoggerFactory loggers, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        Name = name;
        Declaration = declaration;
        _options = options;
        _loggers = loggers;
        _logger = loggers.CreateLogger<McpServerConnection>();
        _time = time;
    }

    /// <summary>The server's name.</summary>
    public string Name { get; }

    /// <summary>What configuration says of it.</summary>
    public McpServerDeclaration Declaration { get; }

    /// <summary>The live session, or null while disconnected.</summary>
    public McpServerSession? Session => Volatile.Read(ref _session);

    /// <summary>Completes once the first connection attempt ended, connected or not.</summary>
    public Task FirstAttempt => _firstAttempt.Task;

    /// <summary>A tool that stands for <paramref name="remoteName"/> while the server is not connected: plans that name
    /// it are accepted, and a call waits (within its timeout) for the server, then finds out whether the tool exists.</summary>
    public McpTool Placeholder(string remoteName) =>
        new(this, remoteName, $"A tool of MCP server '{Name}', which is not connected at the moment.", """{ "type": "object" }""");

    /// <summary>The live session, waiting for one while the server (re)connects.</summary>
    public async Task<McpServerSession> WaitConnectedAsync(CancellationToken cancellationToken)
    {
        Task<McpServerSession> connected;
        lock (_gate)
        {
            connected = _connected.Task;
        }

        return await connected.WaitAsync(cancellationToken);
    }

    /// <summary>Notes (at Debug) that a call went out, after its "sent" mark was stored.</summary>
    public void NoteSent(string tool, string idempotencyKey) => LogSent(_logger, Name, tool, idempotencyKey);

    /// <summary>Ends a session a call found broken, so that the next call gets a new one.</summary>
    public void ReportBroken(McpServerSession session)
    {
        ArgumentNullException.ThrowIfNull(session);
        if (ReferenceEquals(Session, session))
        {
            LogBroken(_logger, Name);
            _ = session.Client.DisposeAsync().AsTask();
        }
    }

    /// <summary>Connects and keeps reconnecting until <paramref name="stopping"/>.</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stopping.IsCancellationRequested)
        {
            McpClient? client = null;
            try
            {
                client = await ConnectAsync(stopping);
                var session = new McpServerSession(client, await ListToolsAsync(client, stopping));
                Publish(session);
                LogConnected(_logger, Name, session.Tools.Count);
                McpClientTelemetry.Connections.Add(1, new KeyValuePair<string, object?>("server", Name));
                _firstAttempt.TrySetResult();
                delay = TimeSpan.FromSeconds(1);
                await using var listChanged = client.RegisterNotificationHandler(
                    NotificationMethods.ToolListChangedNotification,
                    async (_, ct) => await RefreshAsync(client, ct));
                var details = await client.Completion.WaitAsync(stopping);
                LogDropped(_logger, Name, details.Exception?.Message ?? "the session ended");
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogConnectFailed(_logger, Name, ex.Message, delay);
                _firstAttempt.TrySetResult();
            }
            finally
            {
                Unpublish();
                if (client is not null)
                {
                    await DisposeQuietlyAsync(client);
                }
            }

            try
            {
                await Task.Delay(delay, _time, stopping);
            }
            catch (OperationCanceledException)
            {
                break;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxReconnectDelay.Ticks));
        }

        _firstAttempt.TrySetResult();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Session is { } session)
        {
            await DisposeQuietlyAsync(session.Client);
        }
    }

    private async Task<McpClient> ConnectAsync(CancellationToken stopping)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        limit.CancelAfter(_options.ConnectTimeout);
        var transport = McpTransports.Create(Name, Declaration, _options.ConnectTimeout, _loggers, line => LogServerError(_logger, Name, line));
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "pai", Version = typeof(McpServerConnection).Assembly.GetName().Version?.ToString() ?? "1.0.0" },
            InitializationTimeout = _options.ConnectTimeout,
        };
        try
        {
            return await McpClient.CreateAsync(transport, options, _loggers, limit.Token);
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            throw new TimeoutException($"no connection within {_options.ConnectTimeout}");
        }
    }

    private async Task<FrozenDictionary<string, McpTool>> ListToolsAsync(McpClient client, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_options.ConnectTimeout);
        var listed = await client.ListToolsAsync(cancellationToken: limit.Token);
        var tools = new Dictionary<string, McpTool>(StringComparer.Ordinal);
        foreach (var tool in listed.Select(t => t.ProtocolTool))
        {
            if (!McpToolNames.IsValidToolName(tool.Name) || !Declaration.Exposes(tool.Name) || tools.ContainsKey(tool.Name))
            {
                if (!Declaration.Exposes(tool.Name))
                {
                    continue;
                }

                LogToolSkipped(_logger, Name, tool.Name.Length > 200 ? tool.Name[..200] : tool.Name, "its name is not 1-128 letters, digits, '_', '-' or '.', or is listed twice");
                continue;
            }

            var schema = tool.InputSchema.ValueKind == JsonValueKind.Object ? tool.InputSchema.GetRawText() : """{ "type": "object" }""";
            if (schema.Length > MaxSchemaLength)
            {
                LogToolSkipped(_logger, Name, tool.Name, $"its input schema is over {MaxSchemaLength} characters");
                continue;
            }

            if (tools.Count == MaxTools)
            {
                LogToolSkipped(_logger, Name, tool.Name, $"the server lists more than {MaxTools} tools");
                break;
            }

            var description = tool.Description ?? tool.Title ?? "";
            tools[tool.Name] = new McpTool(this, tool.Name, description.Length > MaxDescriptionLength ? description[..MaxDescriptionLength] : description, schema);
        }

        return tools.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private async ValueTask RefreshAsync(McpClient client, CancellationToken cancellationToken)
    {
        try
        {
            var session = new McpServerSession(client, await ListToolsAsync(client, cancellationToken));
            lock (_gate)
            {
                if (_session?.Client == client)
                {
                    _session = session;
                    _connected = Completed(session);
                }
            }

            LogRefreshed(_logger, Name, session.Tools.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogConnectFailed(_logger, Name, ex.Message, TimeSpan.Zero);
        }
    }

    private void Publish(McpServerSession session)
    {
        lock (_gate)
        {
            _session = session;
            if (!_connected.TrySetResult(session))
            {
                _connected = Completed(session);
            }
        }
    }

    private void Unpublish()
    {
        lock (_gate)
        {
            _session = null;
            if (_connected.Task.IsCompleted)
            {
                _connected = new TaskCompletionSource<McpServerSession>(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private static TaskCompletionSource<McpServerSession> Completed(McpServerSession session)
    {
        var done = new TaskCompletionSource<McpServerSession>(TaskCreationOptions.RunContinuationsAsynchronously);
        done.SetResult(session);
        return done;
    }

    private async Task DisposeQuietlyAsync(McpClient client)
    {
        try
        {
            await client.DisposeAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDisposeFailed(_logger, Name, ex.Message);
        }
    }
}
