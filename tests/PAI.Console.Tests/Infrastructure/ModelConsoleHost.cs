using PAI.Host.Tests.Infrastructure;
using PAI.Testing.Models;

namespace PAI.Console.Tests.Infrastructure;

/// <summary>
/// A second real host, with a model: <see cref="ScriptedModelServer"/> (an OpenAI-compatible server on loopback) as
/// <c>OPENAI_BASE_URL</c> and <c>PAI_MODEL</c> <see cref="Model"/>, so free-form goals are planned and agents run. The
/// tests that use it add the rules their goals need; the browser is <see cref="ConsoleHost"/>'s.
/// </summary>
public sealed class ModelConsoleHost : IAsyncLifetime
{
    /// <summary>The model id the host is configured with.</summary>
    public const string Model = "scripted";

    private ScriptedModelServer? _model;
    private PaiProcess? _host;

    /// <summary>The scripted model server.</summary>
    public ScriptedModelServer ModelServer => _model ?? throw new InvalidOperationException("not started");

    /// <summary>The running host.</summary>
    public PaiProcess Host => _host ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (Chromium.SkipReason is not null)
        {
            return;
        }

        _model = await ScriptedModelServer.StartAsync();
        _host = await PaiProcess.StartNewAsync(new Dictionary<string, string>
        {
            ["OPENAI_BASE_URL"] = _model.BaseUrl.ToString(),
            ["PAI_MODEL"] = Model,
        });
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_model is not null)
        {
            await _model.DisposeAsync();
        }
    }
}
