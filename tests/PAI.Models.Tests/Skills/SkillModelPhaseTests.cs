using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Models.Tests.Testing;
using PAI.Testing.Models;
using static PAI.Models.Tests.Testing.GoalRunner;

namespace PAI.Models.Tests.Skills;

/// <summary>Skill <c>prompt</c> phases and <c>judge</c> checks run the agent's loop against the scripted server, on the
/// model the skill (or the check) names.</summary>
[Collection(nameof(ModelSiloCollection))]
public sealed class SkillModelPhaseTests(ModelSilo silo)
{
    private static GoalSubmission NoteGoal(string topic) => new($"note {topic}", null, ModelSilo.NoteSkill, new JsonObject { ["topic"] = topic }.ToJsonString(), null, null);

    private static bool IsDraft(ScriptedRequest r, string topic) => r.AllUser.Contains($"Write a note about {topic}", StringComparison.Ordinal);

    private static bool IsJudge(ScriptedRequest r, string topic) => r.AllUser.Contains($"Is this note about {topic} good?", StringComparison.Ordinal);

    [Fact]
    public async Task PromptPhase_OnTheSkillsModel_AndJudgeOnItsOwnModel_PassesAndCommits()
    {
        var topic = Guid.NewGuid().ToString("N");
        silo.B.On(r => IsDraft(r, topic), _ => ScriptedReply.Text($"A note on {topic}."));
        silo.A.On(r => IsJudge(r, topic), _ => ScriptedReply.Text("PASS: it is about the topic."));

        var id = await SubmitAsync(silo.Grains, NoteGoal(topic));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.Equal($"A note on {topic}.", await File.ReadAllTextAsync(Path.Combine(silo.WorkspaceOf(id), "notes", $"{topic}.md")));
        var draft = Assert.Single(silo.B.Requests, r => IsDraft(r, topic));
        Assert.Equal(ModelSilo.SideModel, draft.Model);
        var judge = Assert.Single(silo.A.Requests, r => IsJudge(r, topic));
        Assert.Equal("scripted", judge.Model);
        Assert.Contains("judge", judge.System, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, goal.UsageByModel![ModelSilo.SideModel].Calls);
        Assert.Equal(1, goal.UsageByModel!["scripted"].Calls);
        Assert.Equal($"A note on {topic}.", JsonNode.Parse(goal.Steps.Single().Output!)!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task JudgeSayingFail_FailsTheRunWithTheJudgesWords_AndNothingIsPublished()
    {
        var topic = Guid.NewGuid().ToString("N");
        silo.B.On(r => IsDraft(r, topic), _ => ScriptedReply.Text("Off topic."));
        silo.A.On(r => IsJudge(r, topic), _ => ScriptedReply.Text("FAIL: it is off topic."));

        var id = await SubmitAsync(silo.Grains, NoteGoal(topic));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Failed, goal.Status);
        Assert.Contains("the judge said: FAIL: it is off topic.", goal.Steps.Single().Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(silo.WorkspaceOf(id), "published", $"{topic}.md")));
    }
}
