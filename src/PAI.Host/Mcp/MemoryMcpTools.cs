using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using PAI.Host.Apis;
using PAI.Host.Apis.Models;
using PAI.Memory.Memories;

namespace PAI.Host.Mcp;

/// <summary>
/// <c>remember</c> and <c>recall</c>: the calling key's memories, through the handlers of <c>POST /api/memories</c> and
/// <c>POST /api/memories/search</c> (same bodies, same answers, same confinement to the key's principal). Like those
/// POSTs, both need a role that may write.
/// </summary>
public static class MemoryMcpTools
{
    /// <summary>The tools.</summary>
    public static IEnumerable<McpServerTool> All()
    {
        yield return new HttpBodyTool(
            new Tool
            {
                Name = "remember",
                Title = "Remember",
                Description = "Stores memories (1-1,000 items of text with optional scope, metadata and time) for this key's principal, "
                    + "as POST /api/memories: answers { ids } in order. With idempotencyKey a retried call stores nothing twice.",
                Annotations = new ToolAnnotations { ReadOnlyHint = false, DestructiveHint = false, IdempotentHint = false, OpenWorldHint = false },
            },
            typeof(RememberRequest),
            writes: true,
            takesIdempotencyKey: true,
            async (http, user, services, key, ct) => (await MemoriesApi.RememberAsync(http, user, services.GetRequiredService<MemoryService>(), key, ct)).Result);

        yield return new HttpBodyTool(
            new Tool
            {
                Name = "recall",
                Title = "Recall",
                Description = "Searches this key's principal's memories (hybrid by default; vector or keyword), as POST /api/memories/search: "
                    + "answers { items } best first, each with its text, scope, metadata and score.",
                Annotations = new ToolAnnotations { ReadOnlyHint = true, DestructiveHint = false, IdempotentHint = true, OpenWorldHint = false },
            },
            typeof(MemorySearchRequest),
            writes: true,
            takesIdempotencyKey: false,
            async (http, user, services, _, ct) => (await MemoriesApi.SearchAsync(http, user, services.GetRequiredService<MemoryService>(), ct)).Result);
    }
}
