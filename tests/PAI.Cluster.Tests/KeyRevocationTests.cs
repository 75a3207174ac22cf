using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PAI.Cluster.Tests.Infrastructure;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Cluster.Tests;

/// <summary>Two silos on PostgreSQL: a key revoked or rotated through one silo is refused by the very next request on the other.</summary>
[Collection(nameof(ClusterCollection))]
public sealed class KeyRevocationTests
{
    [PostgresFact]
    public async Task RevokedAndRotatedKeys_NextRequestOnEitherSilo_Is401()
    {
        await using var cluster = await ClusterHarness.StartAsync(silos: 2);
        var (one, two) = (cluster.Silos[0], cluster.Silos[1]);

        // Used on both silos first, so that each has answered from the key's grain (wherever it lives) before the change.
        var (revokedId, revokedKey) = await one.Client.CreateKeyAsync("mallory", "user");
        var (rotatedId, rotatedKey) = await two.Client.CreateKeyAsync("nina", "user");
        using var revokedOnOne = one.Client.WithKey(revokedKey);
        using var revokedOnTwo = two.Client.WithKey(revokedKey);
        using var rotatedOnOne = one.Client.WithKey(rotatedKey);
        using var rotatedOnTwo = two.Client.WithKey(rotatedKey);
        foreach (var client in new[] { revokedOnOne, revokedOnTwo, rotatedOnOne, rotatedOnTwo })
        {
            Assert.Equal(HttpStatusCode.OK, await client.StatusOfGetAsync("/api/goals"));
        }

        using (var revoke = await one.Client.DeleteAsync($"/api/keys/{revokedId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await revokedOnTwo.StatusOfGetAsync("/api/goals"));
        Assert.Equal(HttpStatusCode.Unauthorized, await revokedOnOne.StatusOfGetAsync("/api/goals"));

        using var rotate = await two.Client.PostJsonAsync($"/api/keys/{rotatedId}/rotate");
        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        var newKey = (await rotate.Content.ReadFromJsonAsync<JsonObject>())!["key"]!.GetValue<string>();
        Assert.Equal(HttpStatusCode.Unauthorized, await rotatedOnOne.StatusOfGetAsync("/api/goals"));
        Assert.Equal(HttpStatusCode.Unauthorized, await rotatedOnTwo.StatusOfGetAsync("/api/goals"));
        using var newOnOne = one.Client.WithKey(newKey);
        Assert.Equal(HttpStatusCode.OK, await newOnOne.StatusOfGetAsync("/api/goals"));
    }
}
