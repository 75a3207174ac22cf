using System.Text;
using PAI.Abstractions.Goals;

namespace PAI.Models.Agents;

/// <summary>Sends a model's output to its goal's subscribers as it is generated, in chunks (not one call per token):
/// a chunk goes once it holds <see cref="ChunkChars"/> characters, a line ends, or the answer ends.</summary>
internal sealed class OutputPublisher(IGoalGrain goal, string stepId, TimeProvider time)
{
    private const int ChunkChars = 160;
    private readonly StringBuilder _pending = new();

    /// <summary>Adds generated text.</summary>
    public void Add(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return;
        }

        _pending.Append(text);
        if (_pending.Length >= ChunkChars || text.Contains('\n', StringComparison.Ordinal))
        {
            Flush();
        }
    }

    /// <summary>Sends what is pending.</summary>
    public void Flush()
    {
        if (_pending.Length == 0)
        {
            return;
        }

        var chunk = _pending.ToString();
        _pending.Clear();

        // One-way and best effort: output is for watching; the transcript is the record.
        _ = goal.PublishAsync(new GoalEvent(0, "output", stepId, "Running", time.GetUtcNow(), chunk));
    }
}
