using System.Text;

namespace PAI.Gpu.Jobs;

/// <summary>Keeps the last N characters of a process's output, thread-safe.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly StringBuilder _text = new();
    private readonly Lock _lock = new();

    public void AppendLine(string line)
    {
        lock (_lock)
        {
            _text.Append(line).Append('\n');
            var excess = _text.Length - capacity;
            if (excess > 0)
            {
                _text.Remove(0, excess);
            }
        }
    }

    public override string ToString()
    {
        lock (_lock)
        {
            return _text.ToString();
        }
    }
}
