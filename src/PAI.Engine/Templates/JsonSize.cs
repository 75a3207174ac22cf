using System.Text.Json;
using System.Text.Json.Nodes;

namespace PAI.Engine.Templates;

/// <summary>The length of a value's JSON text, counted without writing it and without looking further than a limit
/// (strings count their characters plus quotes; escapes are not counted, so it is a lower bound).</summary>
internal static class JsonSize
{
    /// <summary>The value's approximate JSON length, or a number above <paramref name="limit"/> as soon as it passes it.</summary>
    public static long AtMost(JsonNode? node, long limit)
    {
        long size = 0;
        var pending = new Stack<JsonNode?>();
        pending.Push(node);
        while (pending.TryPop(out var current) && size <= limit)
        {
            switch (current)
            {
                case JsonObject obj:
                    size += 2;
                    foreach (var (key, value) in obj)
                    {
                        size += key.Length + 4;
                        pending.Push(value);
                    }

                    break;
                case JsonArray array:
                    size += 2 + array.Count;
                    foreach (var item in array)
                    {
                        pending.Push(item);
                    }

                    break;
                case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                    size += value.GetValue<string>().Length + 2;
                    break;
                case null:
                    size += 4;
                    break;
                default:
                    size += current.ToJsonString().Length;
                    break;
            }
        }

        return size;
    }
}
