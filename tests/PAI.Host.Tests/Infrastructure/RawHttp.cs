using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PAI.Host.Tests.Infrastructure;

/// <summary>
/// Sends bytes over a plain socket and reads the answer until the server closes the connection: for requests that
/// <see cref="HttpClient"/> will not send (over-long lines, huge headers, broken framing).
/// </summary>
public static class RawHttp
{
    /// <summary>An answer: status code, headers (lower-case names) and the body (chunked framing removed).</summary>
    public sealed record Answer(int Status, IReadOnlyDictionary<string, string> Headers, string Body);

    /// <summary>Sends <paramref name="request"/> to 127.0.0.1:<paramref name="port"/> and reads the whole answer.</summary>
    public static async Task<Answer> SendAsync(int port, byte[] request)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything we send; the answer is what matters.
        }

        using var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, n);
            }
        }
        catch (IOException)
        {
            // A reset after the answer was sent.
        }

        return Parse(received.ToArray());
    }

    /// <summary>A request line, the given header lines and an empty body; the connection closes after the answer.</summary>
    public static byte[] Get(string target, params string[] headers) =>
        Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: localhost\r\n{string.Concat(headers.Select(h => h + "\r\n"))}Connection: close\r\n\r\n");

    private static Answer Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        Assert.True(end >= 0, $"no complete HTTP answer: '{Encoding.ASCII.GetString(bytes, 0, Math.Min(bytes.Length, 200))}'");
        var lines = Encoding.ASCII.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim().ToLowerInvariant(), p => p[1].Trim());
        var body = bytes.AsSpan(end + 4);
        var chunked = headers.TryGetValue("transfer-encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase);
        return new Answer(status, headers, chunked ? Unchunk(body) : Encoding.UTF8.GetString(body));
    }

    private static string Unchunk(ReadOnlySpan<byte> body)
    {
        using var result = new MemoryStream();
        while (true)
        {
            var lineEnd = body.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(body[..lineEnd]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return Encoding.UTF8.GetString(result.ToArray());
            }

            result.Write(body.Slice(lineEnd + 2, size));
            body = body[(lineEnd + 2 + size + 2)..];
        }
    }
}
