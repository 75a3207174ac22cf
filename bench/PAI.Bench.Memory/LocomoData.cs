using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace PAI.Bench.Memory;

/// <summary>One turn of a LoCoMo conversation.</summary>
public sealed record LocomoTurn(string DiaId, string Speaker, string Text, string? Caption, int Session, DateTimeOffset At);

/// <summary>One LoCoMo conversation: its turns in order.</summary>
public sealed record LocomoConversation(string SampleId, IReadOnlyList<LocomoTurn> Turns);

/// <summary>One question with the ids of its evidence turns.</summary>
public sealed record LocomoQuestion(int Conversation, string Text, int Category, IReadOnlySet<string> Evidence);

/// <summary>
/// LoCoMo (Maharana et al., ACL 2024) read from its JSON, with the evidence ids cleaned as SOURCE.md says: several ids
/// in one string are split, <c>D:11:26</c> and <c>D30:05</c> are read as D11:26 and D30:5, ids of turns that do not
/// exist are dropped, duplicates count once, and questions left with no evidence are skipped.
/// </summary>
public sealed partial class LocomoData
{
    private LocomoData(IReadOnlyList<LocomoConversation> conversations, IReadOnlyList<LocomoQuestion> questions, int skipped)
    {
        Conversations = conversations;
        Questions = questions;
        SkippedQuestions = skipped;
    }

    /// <summary>The conversations.</summary>
    public IReadOnlyList<LocomoConversation> Conversations { get; }

    /// <summary>The questions that have evidence.</summary>
    public IReadOnlyList<LocomoQuestion> Questions { get; }

    /// <summary>Questions skipped for having no usable evidence.</summary>
    public int SkippedQuestions { get; }

    /// <summary>Reads <c>locomo10.json</c>.</summary>
    public static LocomoData Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var conversations = new List<LocomoConversation>();
        var questions = new List<LocomoQuestion>();
        var skipped = 0;
        foreach (var sample in document.RootElement.EnumerateArray())
        {
            var conversation = sample.GetProperty("conversation");
            var turns = new List<LocomoTurn>();
            for (var session = 1; conversation.TryGetProperty($"session_{session}", out var list); session++)
            {
                var at = ParseDate(conversation.GetProperty($"session_{session}_date_time").GetString()!);
                foreach (var turn in list.EnumerateArray())
                {
                    var caption = turn.TryGetProperty("blip_caption", out var c) ? c.GetString() : null;
                    turns.Add(new LocomoTurn(turn.GetProperty("dia_id").GetString()!, turn.GetProperty("speaker").GetString()!, turn.GetProperty("text").GetString()!, caption, session, at));
                }
            }

            var ids = turns.Select(t => t.DiaId).ToHashSet(StringComparer.Ordinal);
            var index = conversations.Count;
            conversations.Add(new LocomoConversation(sample.GetProperty("sample_id").GetString()!, turns));
            foreach (var qa in sample.GetProperty("qa").EnumerateArray())
            {
                var evidence = new HashSet<string>(StringComparer.Ordinal);
                foreach (var entry in qa.GetProperty("evidence").EnumerateArray())
                {
                    foreach (var part in entry.GetString()!.Split([';', ',', ' '], StringSplitOptions.RemoveEmptyEntries))
                    {
                        var match = EvidenceId().Match(part);
                        if (match.Success)
                        {
                            var id = $"D{int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)}:{int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture)}";
                            if (ids.Contains(id))
                            {
                                evidence.Add(id);
                            }
                        }
                    }
                }

                if (evidence.Count == 0)
                {
                    skipped++;
                    continue;
                }

                questions.Add(new LocomoQuestion(index, qa.GetProperty("question").GetString()!, qa.GetProperty("category").GetInt32(), evidence));
            }
        }

        return new LocomoData(conversations, questions, skipped);
    }

    /// <summary>The text a turn is remembered as: <c>speaker: text</c>, and what the shared photo shows when there is one.</summary>
    public static string TextOf(LocomoTurn turn) =>
        $"{turn.Speaker}: {turn.Text}" + (turn.Caption is null ? "" : $" [shares {turn.Caption}]");

    private static DateTimeOffset ParseDate(string text)
    {
        // "1:56 pm on 8 May, 2023"
        var value = DateTime.ParseExact(text.Replace(" on ", " ", StringComparison.Ordinal).ToUpperInvariant(), ["h:mm tt d MMMM, yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces);
        return new DateTimeOffset(value, TimeSpan.Zero);
    }

    // Linear: anchored, no nested quantifiers.
    [GeneratedRegex(@"^D:?(\d{1,4}):(\d{1,4})$", RegexOptions.CultureInvariant)]
    private static partial Regex EvidenceId();
}
