using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using PAI.Abstractions.Tools;
using PAI.Engine.Tools;

namespace PAI.Engine.Tests.Tools;

public sealed class WaitToolTests
{
    private static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider time = new(Start);
    private readonly InMemoryCheckpoint checkpoint = new();
    private readonly WaitTool tool;

    public WaitToolTests() => tool = new WaitTool(time);

    private ToolContext Context(JsonObject input) => Contexts.For("/tmp", input, checkpoint: checkpoint);

    [Fact]
    public async Task InvokeAsync_FirstRun_StoresRoundTripDeadlineBeforeWaiting()
    {
        var run = tool.InvokeAsync(Context(new JsonObject { ["for"] = "10s" }), default);

        Assert.False(run.IsCompleted);
        Assert.Equal((Start + TimeSpan.FromSeconds(10)).ToString("O", CultureInfo.InvariantCulture), checkpoint.Get("deadline"));
        time.Advance(TimeSpan.FromSeconds(10));
        await run.WaitAsync(Guard);
    }

    [Fact]
    public async Task InvokeAsync_KilledAt4sRestartedAt6s_EndsAtOriginalDeadline()
    {
        using (var kill = new CancellationTokenSource())
        {
            var first = tool.InvokeAsync(Context(new JsonObject { ["for"] = "00:00:10" }), kill.Token);
            time.Advance(TimeSpan.FromSeconds(4));
            await kill.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(Guard));
        }

        time.Advance(TimeSpan.FromSeconds(2));
        var restarted = tool.InvokeAsync(Context(new JsonObject { ["for"] = "00:00:10" }), default);
        time.Advance(TimeSpan.FromSeconds(3.9));
        Assert.False(restarted.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(0.1));
        var output = await restarted.WaitAsync(Guard);

        Assert.Equal(1, checkpoint.Writes);
        var expected = (Start + TimeSpan.FromSeconds(10)).ToString("O", CultureInfo.InvariantCulture);
        Assert.Equal(expected, output!["deadline"]!.GetValue<string>());
        Assert.Equal(expected, output["waitedUntil"]!.GetValue<string>());
    }

    [Fact]
    public async Task InvokeAsync_CheckpointedDeadlinePassed_CompletesWithoutWaiting()
    {
        checkpoint.Values["deadline"] = (Start - TimeSpan.FromMinutes(1)).ToString("O", CultureInfo.InvariantCulture);

        var run = tool.InvokeAsync(Context(new JsonObject { ["for"] = "1h" }), default);

        Assert.True(run.IsCompleted);
        await run;
    }

    [Fact]
    public async Task InvokeAsync_Until_WaitsUntilThatInstant()
    {
        var until = Start + TimeSpan.FromMinutes(5);

        var run = tool.InvokeAsync(Context(new JsonObject { ["until"] = until.ToOffset(TimeSpan.FromHours(2)).ToString("O", CultureInfo.InvariantCulture) }), default);
        time.Advance(TimeSpan.FromMinutes(5) - TimeSpan.FromMilliseconds(1));
        Assert.False(run.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var output = await run.WaitAsync(Guard);

        Assert.Equal(until, DateTimeOffset.Parse(output!["waitedUntil"]!.GetValue<string>(), CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Descriptor_DefaultTimeout_IsNull() => Assert.Null(tool.Descriptor.DefaultTimeout);

    [Theory]
    [InlineData("""{}""", "give exactly one of 'for' (a duration) or 'until' (an ISO-8601 time)")]
    [InlineData("""{"for":"5m","until":"2030-01-01T00:00:00Z"}""", "give exactly one of 'for' (a duration) or 'until' (an ISO-8601 time)")]
    [InlineData("""{"for":"soon"}""", "'for' value 'soon' is not a duration (use hh:mm:ss or e.g. 30s, 5m, 2h, 1d)")]
    [InlineData("""{"until":"tomorrow"}""", "'until' value 'tomorrow' is not an ISO-8601 time")]
    public void Validate_BadInput_ReportsReadableError(string json, string expected)
    {
        var errors = tool.Validate(JsonNode.Parse(json)!.AsObject());

        Assert.Equal([expected], errors);
    }

    [Theory]
    [InlineData("""{"for":"30s"}""")]
    [InlineData("""{"for":"${steps.a.output.delay}"}""")]
    [InlineData("""{"until":"2030-01-01T00:00:00+02:00"}""")]
    public void Validate_GoodOrReferenceInput_ReportsNothing(string json) =>
        Assert.Empty(tool.Validate(JsonNode.Parse(json)!.AsObject()));
}
