namespace PAI.Memory.Memories.Index;

/// <summary>Keeps the <c>n</c> highest-scoring rows offered (a min-heap of size n): O(rows · log n) for a scan.</summary>
internal sealed class TopN
{
    private readonly int _n;
    private readonly PriorityQueue<int, float> _heap;

    /// <summary>Creates an empty collector for the best <paramref name="n"/>.</summary>
    public TopN(int n)
    {
        _n = Math.Max(n, 0);
        _heap = new PriorityQueue<int, float>(Math.Min(_n, 4096) + 1);
    }

    /// <summary>Offers a row; kept when it beats the worst kept so far (or fewer than n are kept).</summary>
    public void Offer(int slot, float score)
    {
        if (_n == 0 || float.IsNaN(score))
        {
            return;
        }

        if (_heap.Count < _n)
        {
            _heap.Enqueue(slot, score);
        }
        else if (_heap.TryPeek(out _, out var worst) && score > worst)
        {
            _heap.DequeueEnqueue(slot, score);
        }
    }

    /// <summary>The kept rows, best first (ties broken by row order for determinism).</summary>
    public List<(int Slot, float Score)> ToList()
    {
        var list = new List<(int Slot, float Score)>(_heap.Count);
        foreach (var (slot, score) in _heap.UnorderedItems)
        {
            list.Add((slot, score));
        }

        list.Sort(static (a, b) => b.Score != a.Score ? b.Score.CompareTo(a.Score) : a.Slot.CompareTo(b.Slot));
        return list;
    }
}
