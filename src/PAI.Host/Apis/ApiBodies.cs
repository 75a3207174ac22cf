namespace PAI.Host.Apis;

/// <summary>Reads request bodies (Kestrel's <c>MaxRequestBodySize</c> bounds them).</summary>
public static class ApiBodies
{
    /// <summary>The whole body.</summary>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpRequest request)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, request.HttpContext.RequestAborted);
        return buffer.ToArray();
    }
}
