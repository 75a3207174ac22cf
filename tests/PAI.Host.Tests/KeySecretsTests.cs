using System.Net;
using System.Security.Cryptography;
using System.Text;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Secrets of keys made through the API: never in the host's output (even at Debug level), only hashed in the data file.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class KeySecretsTests
{
    [Fact]
    public async Task Keys_CreatedUsedRotatedRevoked_SecretsNeverLoggedAndOnlyTheirHashesStored()
    {
        await using var host = await PaiProcess.StartNewAsync(new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Debug" });
        var (id, key) = await host.Client.CreateKeyAsync("kim", "user");
        using (var kim = host.Client.WithKey(key))
        {
            await kim.SubmitAsync(Goal("uses the key", Step("only", "echo", new { x = 1 })));
        }

        using var rotate = await host.Client.PostJsonAsync($"/api/keys/{id}/rotate");
        var rotated = (await System.Net.Http.Json.HttpContentJsonExtensions.ReadFromJsonAsync<System.Text.Json.Nodes.JsonObject>(rotate.Content))!;
        var newKey = rotated["key"]!.GetValue<string>();
        using (var wrong = host.Client.WithKey(key))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, await wrong.StatusOfGetAsync("/api/goals"));
        }

        await host.KillAsync();

        var output = host.Output;
        Assert.Contains(id, output, StringComparison.Ordinal);
        foreach (var secret in new[] { key, newKey, PaiProcess.ApiKey })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(secret[4..20], output, StringComparison.Ordinal);
        }

        var stored = ReadDataFiles(host.DataDirectory);
        foreach (var secret in new[] { key, newKey, PaiProcess.ApiKey })
        {
            Assert.DoesNotContain(secret, stored, StringComparison.Ordinal);
            Assert.Contains(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret))), stored, StringComparison.Ordinal);
        }
    }

    /// <summary>The SQLite file and its write-ahead log, as Latin-1 text so that every byte maps to one character.</summary>
    private static string ReadDataFiles(string directory) =>
        string.Concat(Directory.GetFiles(directory, "pai.db*").Select(f => Encoding.Latin1.GetString(File.ReadAllBytes(f))));
}
