using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;
using static PAI.Host.Tests.Infrastructure.GoalClient;

namespace PAI.Host.Tests;

/// <summary>Principals, roles, scopes and keys on the real host: isolation between principals, revocation, rotation, audit.</summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class KeysTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private HttpClient Admin => shared.Host.Client;

    [Fact]
    public async Task CreateKey_UserKey_AuthenticatesAsItsPrincipalAndListingsNeverShowTheSecret()
    {
        var (id, key) = await Admin.CreateKeyAsync("alice-" + Suffix(), "user");
        using var alice = Admin.WithKey(key);

        var goal = await alice.SubmitAsync(Goal("alice's goal", Step("only", "echo", new { x = 1 })));
        Assert.Equal(HttpStatusCode.OK, await alice.StatusOfGetAsync($"/api/goals/{goal}"));

        var listing = await Admin.GetStringAsync("/api/keys?limit=500");
        var one = await Admin.GetStringAsync($"/api/keys/{id}");
        Assert.Contains(id, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(key, listing, StringComparison.Ordinal);
        Assert.DoesNotContain(key, one, StringComparison.Ordinal);
        Assert.DoesNotContain(key[8..], listing, StringComparison.Ordinal);
        var view = JsonNode.Parse(one)!;
        Assert.Equal("user", view["role"]!.GetValue<string>());
        Assert.Equal(key[..8], view["prefix"]!.GetValue<string>());
        Assert.NotNull(view["lastUsedAt"]);
    }

    [Fact]
    public async Task OtherPrincipal_GoalEventsApprovalCancelAndAudit_Are404ToAUserKey()
    {
        var (_, bobKey) = await Admin.CreateKeyAsync("bob-" + Suffix(), "user");
        var (_, carolKey) = await Admin.CreateKeyAsync("carol-" + Suffix(), "user");
        using var bob = Admin.WithKey(bobKey);
        using var carol = Admin.WithKey(carolKey);
        var bobs = await bob.SubmitAsync(Goal("bob's secret plan", WithApproval(Step("write", "file.write", new { path = "b.txt", content = "b" }))));
        await WaitStatusAsync(Admin, bobs, "WaitingForApproval");

        Assert.Equal(HttpStatusCode.NotFound, await carol.StatusOfGetAsync($"/api/goals/{bobs}"));
        Assert.Equal(HttpStatusCode.NotFound, await carol.StatusOfGetAsync($"/api/goals/{bobs}/events"));
        Assert.Equal(HttpStatusCode.NotFound, await carol.StatusOfPostAsync($"/api/goals/{bobs}/steps/write/approve"));
        Assert.Equal(HttpStatusCode.NotFound, await carol.StatusOfPostAsync($"/api/goals/{bobs}/steps/write/reject"));
        Assert.Equal(HttpStatusCode.NotFound, await carol.StatusOfPostAsync($"/api/goals/{bobs}/cancel"));
        Assert.Equal(HttpStatusCode.NotFound, await carol.StatusOfGetAsync($"/api/audit?principal={Uri.EscapeDataString(await PrincipalOfAsync(bob))}"));
        Assert.DoesNotContain((await carol.GetItemsAsync("/api/goals?limit=500")), g => g!["id"]!.GetValue<string>() == bobs);
        Assert.Empty(await carol.GetItemsAsync($"/api/audit?goal={bobs}"));

        // Its own principal still sees it, and the goal is untouched by the refused calls.
        Assert.Equal("WaitingForApproval", (await bob.GetGoalAsync(bobs))["status"]!.GetValue<string>());
        Assert.NotEmpty(await bob.GetItemsAsync($"/api/audit?goal={bobs}"));
    }

    [Fact]
    public async Task Approve_UserKeyOnItsOwnGoal_Is403_OperatorKeyOnAnotherPrincipalsGoal_Is202()
    {
        var (_, userKey) = await Admin.CreateKeyAsync("dave-" + Suffix(), "user");
        var (_, operatorKey) = await Admin.CreateKeyAsync("olivia-" + Suffix(), "operator");
        using var dave = Admin.WithKey(userKey);
        using var olivia = Admin.WithKey(operatorKey);
        var id = await dave.SubmitAsync(Goal("needs an operator", WithApproval(Step("write", "file.write", new { path = "d.txt", content = "d" }))));
        await WaitStatusAsync(dave, id, "WaitingForApproval");

        Assert.Equal(HttpStatusCode.Forbidden, await dave.StatusOfPostAsync($"/api/goals/{id}/steps/write/approve"));
        Assert.Equal(HttpStatusCode.OK, await olivia.StatusOfGetAsync($"/api/goals/{id}"));
        Assert.Equal(HttpStatusCode.Accepted, await olivia.StatusOfPostAsync($"/api/goals/{id}/steps/write/approve"));
        Assert.Equal("Succeeded", (await dave.WaitFinishedAsync(id, TimeSpan.FromSeconds(30)))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Forbidden, await olivia.StatusOfGetAsync("/api/keys"));
    }

    [Fact]
    public async Task ReadOnlyKey_SubmitAndCancel_Are403_ItReadsItsPrincipalsGoals()
    {
        var principal = "erin-" + Suffix();
        var (_, writerKey) = await Admin.CreateKeyAsync(principal, "user");
        var (_, readerKey) = await Admin.CreateKeyAsync(principal, "read-only");
        using var writer = Admin.WithKey(writerKey);
        using var reader = Admin.WithKey(readerKey);
        var id = await writer.SubmitAsync(Goal("written by the user key", Step("only", "wait", new { @for = "30s" })));

        using var submit = await reader.PostGoalAsync(Goal("not allowed", Step("only", "echo", new { x = 1 })));
        var problem = await submit.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(HttpStatusCode.Forbidden, submit.StatusCode);
        Assert.Contains("read-only", problem!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, await reader.StatusOfPostAsync($"/api/goals/{id}/cancel"));
        Assert.Equal(HttpStatusCode.OK, await reader.StatusOfGetAsync($"/api/goals/{id}"));
        Assert.Contains(await reader.GetItemsAsync("/api/goals?limit=500"), g => g!["id"]!.GetValue<string>() == id);
        Assert.Single(await reader.GetItemsAsync("/api/goals?limit=500"));
        Assert.Equal(HttpStatusCode.Accepted, await writer.StatusOfPostAsync($"/api/goals/{id}/cancel"));
    }

    [Fact]
    public async Task RevokedKey_NextRequest_Is401AndTheKeyIsListedAsRevoked()
    {
        var (id, key) = await Admin.CreateKeyAsync("frank-" + Suffix(), "user");
        using var frank = Admin.WithKey(key);
        Assert.Equal(HttpStatusCode.OK, await frank.StatusOfGetAsync("/api/goals"));

        using (var revoke = await Admin.DeleteAsync($"/api/keys/{id}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await frank.StatusOfGetAsync("/api/goals"));
        Assert.NotNull((await Admin.GetFromJsonAsync<JsonObject>($"/api/keys/{id}"))!["revokedAt"]);
        using var again = await Admin.DeleteAsync($"/api/keys/{id}");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        using var unknown = await Admin.DeleteAsync("/api/keys/0123456789abcdef");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task RotateKey_OldSecretRefusedNewOneHasTheSameRoleAndScopes()
    {
        var principal = "gina-" + Suffix();
        var (id, key) = await Admin.CreateKeyAsync(principal, "user", "tool:echo");
        using var rotate = await Admin.PostJsonAsync($"/api/keys/{id}/rotate");
        var rotated = (await rotate.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Created, rotate.StatusCode);
        var newKey = rotated["key"]!.GetValue<string>();
        Assert.Equal(id, rotated["replaces"]!.GetValue<string>());
        Assert.NotEqual(key, newKey);

        using var old = Admin.WithKey(key);
        using var fresh = Admin.WithKey(newKey);
        Assert.Equal(HttpStatusCode.Unauthorized, await old.StatusOfGetAsync("/api/goals"));
        await fresh.SubmitAsync(Goal("echo is in scope", Step("only", "echo", new { x = 1 })));
        Assert.Equal(HttpStatusCode.Forbidden, (await fresh.PostGoalAsync(Goal("out of scope", Step("only", "file.write", new { path = "x", content = "x" })))).StatusCode);
        Assert.Equal(principal, await PrincipalOfAsync(fresh));
        Assert.Equal(HttpStatusCode.Conflict, await Admin.StatusOfPostAsync($"/api/keys/{id}/rotate"));
    }

    [Fact]
    public async Task ScopedKey_GoalOutsideItsScopes_Is403NamingTheStep_CatalogShowsOnlyItsScopes()
    {
        var (_, key) = await Admin.CreateKeyAsync("hank-" + Suffix(), "user", "tool:echo", "tool:wait");
        using var hank = Admin.WithKey(key);

        using var refused = await hank.PostGoalAsync(Goal("mixed", Step("a", "echo", new { x = 1 }), Step("b", "file.write", new { path = "x", content = "x" })));
        var problem = (await refused.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("plan.steps[1].tool", Assert.Single(problem["errors"]!.AsArray())!["path"]!.GetValue<string>());
        using var freeForm = await hank.PostGoalAsync(new JsonObject { ["title"] = "anything at all" });
        Assert.Equal(HttpStatusCode.Forbidden, freeForm.StatusCode);

        var tools = (await hank.GetItemsAsync("/api/tools")).Select(t => t!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["echo", "wait"], tools);
    }

    [Fact]
    public async Task KeysApi_UserOrReadOnlyKey_Is403()
    {
        var (_, userKey) = await Admin.CreateKeyAsync("ivan-" + Suffix(), "user");
        var (_, readerKey) = await Admin.CreateKeyAsync("ivan-" + Suffix(), "read-only");
        using var user = Admin.WithKey(userKey);
        using var reader = Admin.WithKey(readerKey);

        Assert.Equal(HttpStatusCode.Forbidden, await user.StatusOfGetAsync("/api/keys"));
        Assert.Equal(HttpStatusCode.Forbidden, await user.StatusOfPostAsync("/api/keys", new JsonObject { ["principal"] = "x", ["role"] = "admin" }));
        Assert.Equal(HttpStatusCode.Forbidden, await reader.StatusOfGetAsync("/api/keys"));
    }

    [Theory]
    [InlineData("""{"principal":"p","role":"user","extra":1}""", "extra")]
    [InlineData("""{"principal":"p","role":"root"}""", "role")]
    [InlineData("""{"role":"user"}""", "principal")]
    [InlineData("""{"principal":"has space","role":"user"}""", "principal")]
    [InlineData("""{"principal":"p","role":"user","scopes":["shell:rm"]}""", "scopes")]
    [InlineData("""{"principal":"p","role":"user","scopes":[]}""", "scopes")]
    [InlineData("""{"principal":"p","role":"user","scopes":"tool:echo"}""", "scopes")]
    public async Task CreateKey_BadInput_Is422NamingTheFieldAndCreatesNothing(string body, string field)
    {
        var before = (await Admin.GetItemsAsync("/api/keys?limit=500")).Count;

        using var response = await Admin.PostAsync("/api/keys", new StringContent(body, Encoding.UTF8, "application/json"));
        var problem = (await response.Content.ReadFromJsonAsync<JsonObject>())!;

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(problem["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == field);
        Assert.Equal(before, (await Admin.GetItemsAsync("/api/keys?limit=500")).Count);
    }

    [Fact]
    public async Task KeyChanges_CreateRotateRevoke_EachHaveAnAuditEntry()
    {
        var (id, _) = await Admin.CreateKeyAsync("judy-" + Suffix(), "user");
        using var rotate = await Admin.PostJsonAsync($"/api/keys/{id}/rotate");
        var newId = (await rotate.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        (await Admin.DeleteAsync($"/api/keys/{newId}")).Dispose();

        var created = await Admin.GetItemsAsync("/api/audit?kind=key.created&limit=500");
        var rotated = await Admin.GetItemsAsync("/api/audit?kind=key.rotated&limit=500");
        var revoked = await Admin.GetItemsAsync("/api/audit?kind=key.revoked&limit=500");
        Assert.Contains(created, e => Detail(e).Contains($"key {id} ", StringComparison.Ordinal));
        Assert.Contains(rotated, e => Detail(e).Contains($"replaced by key {newId}", StringComparison.Ordinal));
        Assert.Contains(revoked, e => Detail(e).Contains($"key {newId} ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RevokeLastAdminKey_Is409AndTheKeyStillWorks()
    {
        var keys = await Admin.GetItemsAsync("/api/keys?limit=500");
        var admins = keys.Where(k => k!["role"]!.GetValue<string>() == "admin" && k["revokedAt"] is null).ToList();
        Assert.Single(admins);

        using var response = await Admin.DeleteAsync($"/api/keys/{admins[0]!["id"]!.GetValue<string>()}");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, await Admin.StatusOfGetAsync("/api/keys"));
    }

    private static string Detail(JsonNode? entry) =>
        (entry!["record"]?["detail"] ?? entry["detail"])?.GetValue<string>() ?? "";

    private static async Task<string> PrincipalOfAsync(HttpClient client)
    {
        var id = await client.SubmitAsync(Goal("who am i", Step("only", "echo", new { x = 1 })));
        var entry = (await client.GetItemsAsync($"/api/audit?goal={id}&kind=goal.submitted"))[0]!;
        return (entry["record"]?["principal"] ?? entry["principal"])!.GetValue<string>();
    }

    private static string Suffix() => Guid.NewGuid().ToString("N")[..8];

    private static JsonObject WithApproval(JsonObject step)
    {
        step["approval"] = true;
        return step;
    }

    private static async Task WaitStatusAsync(HttpClient client, string id, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await client.GetGoalAsync(id))["status"]!.GetValue<string>() != status)
        {
            Assert.True(DateTime.UtcNow < deadline, $"goal {id} never reached {status}");
            await Task.Delay(50);
        }
    }
}
