using System.Buffers.Text;
using System.Text.Json;

namespace PAI.Host.Apis.Paging;

/// <summary>
/// Opaque cursors: base64url of a JSON array <c>[list, part...]</c>, where the first part names the list it belongs
/// to, so a cursor from one list is refused by another rather than misread. Clients must treat them as opaque.
/// </summary>
public static class PageCursor
{
    /// <summary>Longer cursors are refused before decoding (ours are far shorter).</summary>
    public const int MaxLength = 2048;

    /// <summary>A cursor for <paramref name="list"/> holding <paramref name="parts"/>.</summary>
    public static string Encode(string list, params string[] parts) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new[] { list }.Concat(parts).ToArray(), CursorJsonContext.Default.StringArray));

    /// <summary>The parts of <paramref name="cursor"/> if it is a cursor of <paramref name="list"/> with <paramref name="count"/> parts.</summary>
    public static bool TryDecode(string cursor, string list, int count, out string[] parts)
    {
        parts = [];
        if (cursor.Length is 0 or > MaxLength || !Base64Url.IsValid(cursor))
        {
            return false;
        }

        try
        {
            var decoded = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(cursor), CursorJsonContext.Default.StringArray);
            if (decoded is null || decoded.Length != count + 1 || decoded[0] != list || decoded.Any(p => p is null))
            {
                return false;
            }

            parts = decoded[1..];
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Text for error messages that never echoes a long hostile cursor.</summary>
    public static string Describe(string cursor) => cursor.Length > 40 ? string.Concat(cursor.AsSpan(0, 40), "…") : cursor;
}
