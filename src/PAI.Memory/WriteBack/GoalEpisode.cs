using System.Globalization;
using System.Text;
using System.Text.Json;
using PAI.Abstractions.Goals;
using PAI.Abstractions.Knowledge;

namespace PAI.Memory.WriteBack;

/// <summary>
/// What a finished goal leaves in the graph, built without a model (pure): an episode saying what was asked, what
/// ran, what it produced and how it ended; the goal as an entity linked to the tools, skills and files it touched
/// (<c>used_tool</c>, <c>ran_skill</c>, <c>produced</c>) and to how it ended (<c>status</c>, single-valued).
/// </summary>
public static class GoalEpisode
{
    /// <summary>Longest step output quoted in the episode.</summary>
    public const int MaxOutputQuote = 300;

    /// <summary>Most files named as produced.</summary>
    public const int MaxFiles = 50;

    /// <summary>The text of the episode (also remembered as a memory, so recall finds it).</summary>
    public static string Describe(FinishedGoal goal, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var text = new StringBuilder();
        text.Append("Goal: ").Append(goal.Title).Append('\n');
        if (!string.IsNullOrWhiteSpace(goal.Submission.Description))
        {
            text.Append("Asked: ").Append(goal.Submission.Description).Append('\n');
        }

        if (goal.Submission.Skill is { } skill)
        {
            text.Append("Skill: ").Append(skill).Append('\n');
        }

        text.Append("Ended: ").Append(goal.Status).Append(" on ").Append(goal.FinishedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        if (goal.Error is { Length: > 0 } error)
        {
            text.Append(" (").Append(Quote(error)).Append(')');
        }

        text.Append('\n');
        foreach (var step in goal.Steps)
        {
            text.Append("- step ").Append(step.Id).Append(" (").Append(step.Tool ?? step.Skill ?? "?").Append("): ").Append(step.Status);
            if (step.Output is { Length: > 0 } output)
            {
                text.Append(", output ").Append(Quote(output));
            }

            if (step.Error is { Length: > 0 } stepError)
            {
                text.Append(", error ").Append(Quote(stepError));
            }

            text.Append('\n');
        }

        var files = FilesOf(goal);
        if (files.Count > 0)
        {
            text.Append("Produced: ").Append(string.Join(", ", files)).Append('\n');
        }

        return text.Length <= maxLength ? text.ToString() : text.ToString(0, maxLength);
    }

    /// <summary>The goal's entity.</summary>
    public static EntityMention GoalEntity(FinishedGoal goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var title = goal.Title.Length > EntityKeys.MaxNameLength ? goal.Title[..EntityKeys.MaxNameLength] : goal.Title;
        return new EntityMention(title, "goal", [EntityKeys.For(goal.GoalId, "goal")]);
    }

    /// <summary>The facts: tools, skills and files the goal touched, and how it ended.</summary>
    public static IReadOnlyList<FactAssertion> Facts(FinishedGoal goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var subject = GoalEntity(goal);
        var at = goal.FinishedAt;
        var facts = new List<FactAssertion>();
        foreach (var tool in goal.Steps.Select(s => s.Tool).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            facts.Add(new FactAssertion(subject, "used_tool", EntityMention.Named(tool, "tool"), null, at, null, false));
        }

        foreach (var skill in goal.Steps.Select(s => s.Skill).Append(goal.Submission.Skill).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            facts.Add(new FactAssertion(subject, "ran_skill", EntityMention.Named(skill, "skill"), null, at, null, false));
        }

        foreach (var file in FilesOf(goal))
        {
            facts.Add(new FactAssertion(subject, "produced", EntityMention.Named(file, "file"), null, at, null, false));
        }

        facts.Add(new FactAssertion(subject, "status", null, JsonSerializer.Serialize(goal.Status.ToString()), at, null, true));
        return facts;
    }

    /// <summary>Paths a goal produced: string values of <c>path</c>/<c>file</c> fields in its steps' outputs (bounded walk).</summary>
    public static IReadOnlyList<string> FilesOf(FinishedGoal goal)
    {
        ArgumentNullException.ThrowIfNull(goal);
        var files = new List<string>();
        foreach (var output in goal.Steps.Where(s => s.Status == StepStatus.Succeeded).Select(s => s.Output).OfType<string>())
        {
            try
            {
                using var document = JsonDocument.Parse(output, new JsonDocumentOptions { MaxDepth = 64 });
                Collect(document.RootElement, files, 0);
            }
            catch (JsonException)
            {
                // An output that is not JSON names no files.
            }

            if (files.Count >= MaxFiles)
            {
                break;
            }
        }

        return files.Distinct(StringComparer.Ordinal).Take(MaxFiles).ToList();
    }

    private static void Collect(JsonElement element, List<string> files, int depth)
    {
        if (depth > 4 || files.Count >= MaxFiles)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (property.Name is "path" or "file" && property.Value.ValueKind == JsonValueKind.String && property.Value.GetString() is { Length: > 0 and <= EntityKeys.MaxNameLength } path)
                {
                    files.Add(path);
                }
                else
                {
                    Collect(property.Value, files, depth + 1);
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray().Take(100))
            {
                Collect(item, files, depth + 1);
            }
        }
    }

    private static string Quote(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length <= MaxOutputQuote ? flat : string.Concat(flat.AsSpan(0, MaxOutputQuote), "…");
    }
}
