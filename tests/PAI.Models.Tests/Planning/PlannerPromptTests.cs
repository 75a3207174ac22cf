using PAI.Abstractions.Goals;
using PAI.Abstractions.Planning;
using PAI.Models.Planning;

namespace PAI.Models.Tests.Planning;

/// <summary>The planner's prompt (pure): recalled memories and current facts of the knowledge graph are shown in two
/// separate, bounded lists.</summary>
public sealed class PlannerPromptTests
{
    [Fact]
    public void Build_MemoriesAndFacts_AreShownInSeparateBoundedLists()
    {
        var request = new ModelPlanRequest("g1", "alice", new GoalSubmission("fire the kiln", null, null, null, null, null), 1);
        RecalledMemory[] recalled =
        [
            new("m_1", "last firing cracked a shelf", 0.8, RecalledMemory.Memory),
            new("f_1", "Kiln located in Studio", 0, RecalledMemory.Fact),
            new("f_2", "Kiln max temperature " + new string('9', 1000), 0, RecalledMemory.Fact),
        ];

        var user = PlannerPrompt.Build(request, [], [], [], recalled, [], structured: true)[1].Text;

        var memories = user.IndexOf("What PAI remembers", StringComparison.Ordinal);
        var facts = user.IndexOf("Current facts PAI knows", StringComparison.Ordinal);
        Assert.True(memories >= 0 && facts > memories, user);
        Assert.Contains("- [m_1] last firing cracked a shelf", user[memories..facts], StringComparison.Ordinal);
        Assert.DoesNotContain("Kiln", user[memories..facts], StringComparison.Ordinal);
        Assert.Contains("- [f_1] Kiln located in Studio", user[facts..], StringComparison.Ordinal);
        Assert.DoesNotContain(new string('9', 400), user, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OnlyMemories_ShowsNoFactList_AndAMemoryWithoutAKindIsAMemory()
    {
        var request = new ModelPlanRequest("g1", "alice", new GoalSubmission("fire the kiln", null, null, null, null, null), 1);

        var user = PlannerPrompt.Build(request, [], [], [], [new RecalledMemory("m_1", "an old memory", 0.5)], [], structured: true)[1].Text;

        Assert.Contains("- [m_1] an old memory", user, StringComparison.Ordinal);
        Assert.DoesNotContain("Current facts", user, StringComparison.Ordinal);
    }
}
