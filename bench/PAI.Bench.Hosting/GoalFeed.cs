using System.Net.Http.Headers;

namespace PAI.Bench.Hosting;

/// <summary>
/// Waits for a goal the way a client would: reads its server-sent event stream (<c>GET /api/goals/{id}/events</c>),
/// which the host ends after the goal's final event (at once, after the snapshot, for a goal already finished).
/// No polling, so the host does only the work the goal needs.
/// </summary>
public static class GoalFeed
{
    /// <summary>Returns once the host has ended the goal's stream.</summary>
    public static async Task WaitEndAsync(HttpClient client, string goalId, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/api/goals/{goalId}/events", UriKind.Relative));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        while (await stream.ReadAsync(buffer, cancellationToken) > 0)
        {
            // The content does not matter here: the end of the stream is the goal's end.
        }
    }
}
