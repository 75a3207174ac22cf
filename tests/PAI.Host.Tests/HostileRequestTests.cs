using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PAI.Host.Tests.Infrastructure;

namespace PAI.Host.Tests;

/// <summary>
/// Requests an attacker (or a careless client) sends: broken JSON, misspelt safety fields, other media types, oversized
/// request lines and headers. Each gets a 4xx problem details answer naming what is wrong, and stores nothing.
/// </summary>
[Collection(nameof(ProcessTestCollection))]
public sealed class HostileRequestTests(SharedHost shared) : IClassFixture<SharedHost>
{
    private const string Auth = "Authorization: Bearer " + PaiProcess.ApiKey;

    private HttpClient Client => shared.Host.Client;

    [Theory]
    [InlineData("""{"title":"a","title":"b"}""", "title")]
    [InlineData("""{"title":"a","plan":{"steps":[{"id":"x","tool":"echo","with":{"k":1,"k":2}}]}}""", "plan.steps[0].with.k")]
    [InlineData("""{"title":"a","inputs":{"k":1,"\u006b":2}}""", "inputs.k")]
    public async Task Submit_DuplicateKeys_Returns400NamingTheKeyAndStoresNothing(string body, string path) =>
        await AssertRefusedAsync(Json(Encoding.UTF8.GetBytes(body)), HttpStatusCode.BadRequest, path, "duplicate property");

    [Fact]
    public async Task Submit_InvalidUtf8InAString_Returns400AndStoresNothing()
    {
        byte[] body = [.. """{"title":"a"""u8, 0xFF, 0xFE, .. "\"}"u8];
        await AssertRefusedAsync(Json(body), HttpStatusCode.BadRequest, "title", "not valid UTF-8");
    }

    [Theory]
    [InlineData("""{"title":"\ud800"}""", "title")]
    [InlineData("""{"title":"a","plan":{"steps":[{"id":"x","tool":"echo","with":{"t":"\udc00 tail"}}]}}""", "plan.steps[0].with.t")]
    public async Task Submit_EscapedLoneSurrogate_Returns400AndStoresNothing(string body, string path) =>
        await AssertRefusedAsync(Json(Encoding.UTF8.GetBytes(body)), HttpStatusCode.BadRequest, path, "lone surrogate");

    [Fact]
    public async Task Submit_MisspeltApproval_Returns422NamingTheFieldAndStoresNothing() =>
        await AssertRefusedAsync(
            Json("""{"title":"t","plan":{"steps":[{"id":"a","tool":"echo","aproval":true}]}}"""u8.ToArray()),
            HttpStatusCode.UnprocessableEntity,
            "plan.steps[0].aproval",
            "unknown field 'aproval'");

    [Fact]
    public async Task Submit_SnakeCaseDependsOn_Returns422NamingTheFieldAndStoresNothing() =>
        await AssertRefusedAsync(
            Json("""{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"},{"id":"b","tool":"echo","depends_on":["a"]}]}}"""u8.ToArray()),
            HttpStatusCode.UnprocessableEntity,
            "plan.steps[1].depends_on",
            "unknown field 'depends_on'");

    [Fact]
    public async Task Submit_UnknownTopLevelField_Returns422NamingIt() =>
        await AssertRefusedAsync(Json("""{"title":"t","priority":9}"""u8.ToArray()), HttpStatusCode.UnprocessableEntity, "priority", "unknown field 'priority'");

    [Fact]
    public async Task Submit_WrongKinds_Returns422ListingEveryField()
    {
        using var response = await Client.PostAsync(
            new Uri("/api/goals", UriKind.Relative),
            Json("""{"title":5,"plan":{"steps":[{"id":"a","tool":"echo","approval":"yes","retry":{"maxAttempts":"3"}}]}}"""u8.ToArray()));
        var problem = await ProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var paths = problem["errors"]!.AsArray().Select(e => e!["path"]!.GetValue<string>()).ToList();
        Assert.Equal(["title", "plan.steps[0].approval", "plan.steps[0].retry.maxAttempts"], paths);
    }

    [Theory]
    [InlineData("text/plain", """{"title":"t","plan":{"steps":[{"id":"a","tool":"echo"}]}}""")]
    [InlineData("application/x-www-form-urlencoded", "title=t")]
    [InlineData("application/xml", "<goal><title>t</title></goal>")]
    [InlineData("application/json; charset=utf-16", """{"title":"t"}""")]
    public async Task Submit_OtherMediaType_Returns415AndStoresNothing(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        await AssertRefusedAsync(content, HttpStatusCode.UnsupportedMediaType, null, "must be application/json");
    }

    [Fact]
    public async Task Submit_NoContentType_Returns415() =>
        await AssertRefusedAsync(new ByteArrayContent("""{"title":"t"}"""u8.ToArray()), HttpStatusCode.UnsupportedMediaType, null, "no Content-Type");

    [Fact]
    public async Task Request_TargetOverPaisLimit_Returns414Problem()
    {
        var answer = await RawHttp.SendAsync(shared.Host.Port, RawHttp.Get("/api/goals?x=" + new string('a', 10_000), Auth));
        AssertProblem(answer, 414, "request target");
    }

    [Fact]
    public async Task Request_HeaderBytesOverPaisLimit_Returns431Problem()
    {
        var answer = await RawHttp.SendAsync(shared.Host.Port, RawHttp.Get("/api/goals", Auth, "X-Big: " + new string('a', 40_000)));
        AssertProblem(answer, 431, "header bytes");
    }

    [Fact]
    public async Task Request_TooManyHeaderFields_Returns431Problem()
    {
        var headers = Enumerable.Range(0, 150).Select(i => $"X-H{i}: v").Prepend(Auth).ToArray();
        var answer = await RawHttp.SendAsync(shared.Host.Port, RawHttp.Get("/api/goals", headers));
        AssertProblem(answer, 431, "header fields");
    }

    [Fact]
    public async Task Request_TooLongWithoutAKey_StillGetsTheLimitProblemNotA401()
    {
        var answer = await RawHttp.SendAsync(shared.Host.Port, RawHttp.Get("/api/goals?x=" + new string('a', 10_000)));
        AssertProblem(answer, 414, "request target");
    }

    [Fact]
    public async Task Request_BrokenChunkedBody_Returns400ProblemWithKestrelsReason()
    {
        var request = Encoding.ASCII.GetBytes(
            $"POST /api/goals HTTP/1.1\r\nHost: localhost\r\n{Auth}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\nabc\r\n0\r\n\r\n");
        var answer = await RawHttp.SendAsync(shared.Host.Port, request);
        AssertProblem(answer, 400, "chunk");
    }

    [Fact]
    public async Task Request_BeyondKestrelsOwnLimits_IsStillRefusedWithTheRightStatus()
    {
        // Kestrel answers these while parsing, before any PAI code runs: the status is right, the body is Kestrel's
        // (empty). docs/api.md says so; PAI's own limits, four times smaller, answer with problem details.
        var line = await RawHttp.SendAsync(shared.Host.Port, RawHttp.Get("/api/goals?x=" + new string('a', 40_000), Auth));
        var headers = await RawHttp.SendAsync(shared.Host.Port, RawHttp.Get("/api/goals", Auth, "X-Big: " + new string('a', 200_000)));
        var garbage = await RawHttp.SendAsync(shared.Host.Port, "NOT HTTP AT ALL\r\n\r\n"u8.ToArray());
        Assert.Equal(414, line.Status);
        Assert.Equal(431, headers.Status);
        Assert.Equal(400, garbage.Status);
    }

    [Fact]
    public async Task UnknownPathAndMethod_Return404And405Problems()
    {
        using var missing = await Client.GetAsync(new Uri("/api/no-such-thing", UriKind.Relative));
        using var method = await Client.DeleteAsync(new Uri("/api/goals", UriKind.Relative));
        await BadInputTests.AssertProblemAsync(missing, HttpStatusCode.NotFound, "/api/no-such-thing");
        await BadInputTests.AssertProblemAsync(method, HttpStatusCode.MethodNotAllowed, "DELETE");
    }

    private static ByteArrayContent Json(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        return content;
    }

    private static void AssertProblem(RawHttp.Answer answer, int status, string detail)
    {
        Assert.True(status == answer.Status, $"expected {status}, got {answer.Status}: {answer.Body}");
        Assert.StartsWith("application/problem+json", answer.Headers["content-type"], StringComparison.Ordinal);
        var problem = JsonNode.Parse(answer.Body)!;
        Assert.Equal(status, problem["status"]!.GetValue<int>());
        Assert.Contains(detail, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private async Task AssertRefusedAsync(HttpContent content, HttpStatusCode status, string? path, string message)
    {
        var before = await CountGoalsAsync();
        using var response = await Client.PostAsync(new Uri("/api/goals", UriKind.Relative), content);
        var problem = await ProblemAsync(response, status);
        Assert.Contains(message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
        if (path is not null)
        {
            Assert.Contains(problem["errors"]!.AsArray(), e => e!["path"]!.GetValue<string>() == path && e["message"]!.GetValue<string>().Contains(message, StringComparison.Ordinal));
        }

        Assert.Equal(before, await CountGoalsAsync());
    }

    private static async Task<JsonNode> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonNode.Parse(text)!;
    }

    private async Task<long> CountGoalsAsync() =>
        (await Client.GetFromJsonAsync<JsonObject>("/api/goals/counts"))!["total"]!.GetValue<long>();
}
