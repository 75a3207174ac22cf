using System.Net;
using System.Numerics.Tensors;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using PAI.Memory.Embeddings;

namespace PAI.Memory.Tests.Embeddings;

/// <summary>
/// The OpenAI-compatible path, against a real HTTP server on loopback that speaks the <c>/v1/embeddings</c> protocol
/// (float or base64 encoding) and records what it was sent.
/// </summary>
public sealed class OpenAiEndpointTests : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly List<(string? Authorization, JsonObject Body)> _requests = [];
    private readonly int _port;
    private float[] _vector = [3, 4, 0];

    public OpenAiEndpointTests()
    {
        _port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{_port}/");
        _listener.Start();
        _ = ServeAsync();
    }

    [Fact]
    public async Task Create_WithEndpointAndModel_EmbedsThroughItWithTheKeyAndPrefixes()
    {
        var options = new MemoryEmbeddingOptions { Endpoint = $"http://127.0.0.1:{_port}/v1", Model = "nomic-embed-text", ApiKey = "sk-test", QueryPrefix = "search_query: ", DocumentPrefix = "search_document: " };
        var embedder = new MemoryEmbedder(EmbeddingGeneratorFactory.Create(options), Options.Create(options));

        var documents = await embedder.EmbedDocumentsAsync(["a kiln", "a glaze"]);
        var query = await embedder.EmbedQueryAsync("kiln?");

        Assert.Equal("nomic-embed-text+d1", embedder.ModelId);
        Assert.Equal([0.6f, 0.8f, 0f], query);
        Assert.Equal(2, documents.Length);
        Assert.All(_requests, r => Assert.Equal("Bearer sk-test", r.Authorization));
        Assert.Equal("nomic-embed-text", _requests[0].Body["model"]!.GetValue<string>());
        Assert.Equal(["search_document: a kiln", "search_document: a glaze"], _requests[0].Body["input"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(["search_query: kiln?"], _requests[1].Body["input"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task EmbedAsync_VectorOfAnotherLength_IsRefused()
    {
        var options = new MemoryEmbeddingOptions { Endpoint = $"http://127.0.0.1:{_port}/v1", Model = "m" };
        var embedder = new MemoryEmbedder(EmbeddingGeneratorFactory.Create(options), Options.Create(options));
        await embedder.EmbedQueryAsync("first");

        _vector = [1, 0, 0, 0];

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => embedder.EmbedQueryAsync("second"));
        Assert.Contains("4 dimensions; expected 3", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _listener.Close();

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var body = JsonNode.Parse(await reader.ReadToEndAsync())!.AsObject();
            lock (_requests)
            {
                _requests.Add((context.Request.Headers["Authorization"], body));
            }

            var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
            var data = new JsonArray();
            var inputs = body["input"] is JsonArray array ? array.Count : 1;
            for (var i = 0; i < inputs; i++)
            {
                JsonNode embedding = base64
                    ? Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(_vector.AsSpan()))
                    : new JsonArray([.. _vector.Select(v => (JsonNode)v)]);
                data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
            }

            var response = new JsonObject { ["object"] = "list", ["data"] = data, ["model"] = body["model"]!.GetValue<string>(), ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["total_tokens"] = 1 } };
            var bytes = Encoding.UTF8.GetBytes(response.ToJsonString());
            context.Response.ContentType = "application/json";
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
