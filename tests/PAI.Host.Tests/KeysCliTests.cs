using System.Net;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Host.Tests;

/// <summary><c>pai keys ...</c> against a real host.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class KeysCliTests(SharedHost shared) : IClassFixture<SharedHost>
{
    [Fact]
    public async Task KeysCommands_CreateListRotateRevoke_WorkEndToEnd()
    {
        var host = shared.Host;
        var (code, created, error) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "keys", "create", "oscar", "--role", "read-only", "--scope", "tool:echo", "--scope", "skill:papers");
        Assert.True(code == 0, error);
        var key = created.Trim();
        Assert.StartsWith("pai_", key, StringComparison.Ordinal);
        using var oscar = host.Client.WithKey(key);
        Assert.Equal(HttpStatusCode.OK, await oscar.StatusOfGetAsync("/api/goals"));

        var (listCode, listed, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "keys", "list", "--json");
        Assert.Equal(0, listCode);
        var entry = JsonNode.Parse(listed)!["items"]!.AsArray().Single(k => k!["principal"]!.GetValue<string>() == "oscar")!;
        Assert.Equal(["skill:papers", "tool:echo"], entry["scopes"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.DoesNotContain(key, listed, StringComparison.Ordinal);
        var id = entry["id"]!.GetValue<string>();

        var (rotateCode, rotated, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "keys", "rotate", id, "--json");
        Assert.Equal(0, rotateCode);
        var replacement = JsonNode.Parse(rotated)!;
        Assert.Equal(HttpStatusCode.Unauthorized, await oscar.StatusOfGetAsync("/api/goals"));

        var (revokeCode, _, _) = await CliRunner.RunAsync(host, PaiProcess.ApiKey, "keys", "revoke", replacement["id"]!.GetValue<string>());
        Assert.Equal(0, revokeCode);
        using var revoked = host.Client.WithKey(replacement["key"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, await revoked.StatusOfGetAsync("/api/goals"));

        var (refusedCode, _, refused) = await CliRunner.RunAsync(host, key, "keys", "list");
        Assert.Equal(1, refusedCode);
        Assert.Contains("401", refused, StringComparison.Ordinal);
    }
}
