using System.Text.Json.Serialization;

namespace PAI.Host.Apis.Paging;

/// <summary>Source-generated JSON for cursor payloads.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class CursorJsonContext : JsonSerializerContext;
