using System.Security.Claims;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using PAI.Host.Apis;
using PAI.Host.Apis.Models;

namespace PAI.Host.Mcp;

/// <summary>
/// Follows a goal until it finishes or a time limit passes, reporting each transition as an MCP progress notification
/// (and a heartbeat while nothing changes), then answers the goal as <c>get_goal</c> does. A goal still running at the
/// limit is answered as it is, not as an error: the client may watch again.
/// </summary>
public sealed class GoalWaiter(IGrainFactory grains, IGoalWatcher watcher, TimeProvider time, IOptions<JsonOptions> json)
{
    /// <summary>How long a watch lasts when the caller names no limit.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromMinutes(5);

    /// <summary>The longest watch a caller may ask for.</summary>
    public static readonly TimeSpan MaxLimit = TimeSpan.FromHours(1);

    /// <summary>How often a notification is sent while nothing changes.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>Waits for the goal; <paramref name="report"/> receives every notification in order.</summary>
    public async Task<CallToolResult> WaitAsync(string goalId, ClaimsPrincipal user, TimeSpan limit, Func<ProgressNotificationValue, Task> report, CancellationToken cancellationToken)
    {
        var options = json.Value.SerializerOptions;
        var first = await GoalsApi.GetAsync(goalId, user, grains);
        if (first.Result is not Ok<GoalResponse>)
        {
            return McpToolResults.From(first.Result, options);
        }

        using var deadline = new CancellationTokenSource(limit, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        var updates = Channel.CreateUnbounded<GoalUpdate>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var pump = PumpAsync(goalId, updates.Writer, linked.Token);
        try
        {
            await FollowAsync(updates.Reader, report, linked.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The time limit: answer the goal as it is now.
        }
        finally
        {
            await linked.CancelAsync();
            await pump;
        }

        return McpToolResults.From((await GoalsApi.GetAsync(goalId, user, grains)).Result, options);
    }

    private async Task FollowAsync(ChannelReader<GoalUpdate> updates, Func<ProgressNotificationValue, Task> report, CancellationToken cancellationToken)
    {
        GoalProgress? progress = null;
        while (true)
        {
            var next = updates.WaitToReadAsync(cancellationToken).AsTask();
            while (true)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var heartbeat = Task.Delay(HeartbeatInterval, time, beat.Token);
                if (await Task.WhenAny(next, heartbeat) == next)
                {
                    await beat.CancelAsync();
                    break;
                }

                cancellationToken.ThrowIfCancellationRequested();
                if (progress is not null)
                {
                    await report(progress.Heartbeat());
                }
            }

            if (!await next)
            {
                return;
            }

            while (updates.TryRead(out var update))
            {
                if (update.Snapshot is { } snapshot)
                {
                    progress = new GoalProgress(snapshot);
                    await report(progress.Start());
                }
                else if (update.Event is { } e && progress is not null)
                {
                    await report(progress.Apply(e));
                }

                if (progress?.Finished == true)
                {
                    return;
                }
            }
        }
    }

    private async Task PumpAsync(string goalId, ChannelWriter<GoalUpdate> updates, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var update in watcher.WatchAsync(goalId, cancellationToken))
            {
                await updates.WriteAsync(update, cancellationToken);
            }

            updates.TryComplete();
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            updates.TryComplete();
        }
        catch (Exception ex)
        {
            updates.TryComplete(ex);
        }
    }
}
