using System.Text.Json.Nodes;
using PAI.Testing.Models;

namespace PAI.Bench.Blog;

/// <summary>
/// What the scripted model answers for the blog-post skill, per topic: an outline, a post with four sections and the
/// plan (title, slug, one prompt per image). Every answer is immediate, so the model's share of a run is the HTTP round
/// trip only and the rest is PAI, the image program and the browser.
/// </summary>
public static class BlogScript
{
    /// <summary>The title of the post about <paramref name="topic"/>.</summary>
    public static string TitleOf(string topic) => char.ToUpperInvariant(topic[0]) + topic[1..];

    /// <summary>The slug of the post about <paramref name="topic"/>.</summary>
    public static string SlugOf(string topic) => topic.Replace(' ', '-');

    /// <summary>Teaches <paramref name="model"/> the answers for <paramref name="topic"/>.</summary>
    public static void Add(ScriptedModelServer model, string topic, int images)
    {
        var title = TitleOf(topic);
        var markdown = $"# {title}\n\nAn introduction to {topic}.\n\n## Hearing\n\nSharp ears.\n\n## Hunting\n\nPatience.\n\n## Resting\n\nWarmth.\n\n## Seasons\n\nChange.\n";
        model.On(
            r => r.LastUser.StartsWith("Write a short outline", StringComparison.Ordinal) && r.LastUser.EndsWith(topic, StringComparison.Ordinal),
            _ => ScriptedReply.Text($"# {title}\n## Hearing\n## Hunting\n## Resting\n## Seasons"));
        model.On(
            r => r.LastUser.StartsWith("Write the blog post", StringComparison.Ordinal) && r.LastUser.Contains($"# {title}\n", StringComparison.Ordinal),
            _ => ScriptedReply.Text(markdown));
        model.On(
            r => r.AllUser.Contains("give its title, a URL slug", StringComparison.Ordinal) && r.AllUser.Contains($"An introduction to {topic}.", StringComparison.Ordinal),
            _ => ScriptedReply.Json(new JsonObject
            {
                ["title"] = title,
                ["slug"] = SlugOf(topic),
                ["images"] = new JsonArray(Enumerable.Range(1, images)
                    .Select(i => (JsonNode)new JsonObject { ["prompt"] = $"{topic}, illustration {i}", ["alt"] = $"{title} {i}" })
                    .ToArray()),
            }));
    }

    /// <summary>The goal body that runs the skill for <paramref name="topic"/>.</summary>
    public static JsonObject Submission(string topic, int images) => new()
    {
        ["title"] = $"post about {topic}",
        ["skill"] = "blog-post",
        ["inputs"] = new JsonObject { ["topic"] = topic, ["images"] = images },
    };
}
