namespace PAI.Engine.Agents;

/// <summary>The built-in <c>publisher</c> agent that the <c>blog-post</c> skill runs as: workspace files, the model
/// tools, images through the GPU leases, rendering and the browser check; no HTTP, no processes, no memory. An agents
/// file named <c>publisher</c> replaces it.</summary>
public static class PublisherAgent
{
    /// <summary>Its name.</summary>
    public const string Name = "publisher";

    /// <summary>The definition.</summary>
    public static AgentDefinition Definition { get; } = new(
        Name,
        null,
        "You write clear, well-structured blog posts in markdown.",
        ["echo", "file.read", "file.write", "file.append", "file.list", "llm.chat", "llm.json", "image.generate", "markdown.render", "browser.check"],
        "principal",
        0,
        "builtin");
}
