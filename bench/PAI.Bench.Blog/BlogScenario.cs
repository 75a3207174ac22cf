using System.Diagnostics;
using PAI.Bench.Hosting;

namespace PAI.Bench.Blog;

/// <summary>Runs blog posts on the real host: one at a time, or several submitted at once.</summary>
public static class BlogScenario
{
    /// <summary>Submits every topic at once and waits for all; the posts and the wall time from the first submit to
    /// the last end.</summary>
    public static async Task<(IReadOnlyList<PostRun> Posts, double WallMs)> RunAsync(HostProcess host, IReadOnlyList<string> topics, int images)
    {
        var start = Stopwatch.GetTimestamp();
        var runs = await Task.WhenAll(topics.Select(async topic =>
        {
            var submitted = Stopwatch.GetTimestamp();
            var id = await host.SubmitAsync(BlogScript.Submission(topic, images));
            await GoalFeed.WaitEndAsync(host.Client, id);
            var clientMs = Stopwatch.GetElapsedTime(submitted).TotalMilliseconds;
            return PostRun.From(await host.GetGoalAsync(id), clientMs);
        }));
        return (runs, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }
}
