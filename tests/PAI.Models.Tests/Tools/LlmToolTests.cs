using System.Text.Json.Nodes;
using PAI.Abstractions.Goals;
using PAI.Models.Tests.Testing;
using PAI.Testing.Models;
using static PAI.Models.Tests.Testing.GoalRunner;

namespace PAI.Models.Tests.Tools;

/// <summary><c>llm.chat</c> and <c>llm.json</c> as plan steps against the scripted server.</summary>
[Collection(nameof(ModelSiloCollection))]
public sealed class LlmToolTests(ModelSilo silo)
{
    private static GoalSubmission OneStep(string token, string tool, JsonObject input) => new(
        $"tool {token}", null, null, null, new PlanSpec([new StepSpec("ask", tool, null, input.ToJsonString(), [])]), null);

    private static JsonObject PersonSchema() => new()
    {
        ["type"] = "object",
        ["required"] = new JsonArray("name", "age"),
        ["properties"] = new JsonObject { ["name"] = new JsonObject { ["type"] = "string" }, ["age"] = new JsonObject { ["type"] = "integer" } },
    };

    [Fact]
    public async Task LlmChat_AnswersTheText_OnTheModelTheStepNames_AndCountsUsage()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.B.On(r => r.AllUser.Contains(token, StringComparison.Ordinal), _ => ScriptedReply.Text($"hello {token}") with { InputTokens = 7, OutputTokens = 3 });

        var id = await SubmitAsync(silo.Grains, OneStep(token, "llm.chat", new JsonObject { ["prompt"] = $"greet {token}", ["system"] = "be brief", ["model"] = "side" }));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        var output = JsonNode.Parse(goal.Steps.Single().Output!)!;
        Assert.Equal($"hello {token}", output["text"]!.GetValue<string>());
        var request = Assert.Single(silo.B.Requests, r => r.AllUser.Contains(token, StringComparison.Ordinal));
        Assert.Equal((ModelSilo.SideModel, "be brief"), (request.Model, request.System));
        Assert.Equal((1L, 7L, 3L), (goal.UsageByModel![ModelSilo.SideModel].Calls, goal.UsageByModel[ModelSilo.SideModel].InputTokens, goal.UsageByModel[ModelSilo.SideModel].OutputTokens));
    }

    [Fact]
    public async Task LlmJson_AnswerNotMatchingTheSchema_IsSentBackWithTheErrors_AndTheRepairedValueIsTheOutput()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => r.AllUser.Contains(token, StringComparison.Ordinal) && r.AssistantTurns == 0, _ => ScriptedReply.Json(new JsonObject { ["name"] = "Ada" }));
        silo.A.On(r => r.AllUser.Contains(token, StringComparison.Ordinal) && r.AssistantTurns == 1, _ => ScriptedReply.Json(new JsonObject { ["name"] = "Ada", ["age"] = 36 }));

        var id = await SubmitAsync(silo.Grains, OneStep(token, "llm.json", new JsonObject { ["prompt"] = $"who {token}", ["schema"] = PersonSchema() }));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Succeeded, goal.Status);
        Assert.Equal("""{"name":"Ada","age":36}""", JsonNode.Parse(goal.Steps.Single().Output!)!.ToJsonString());
        var requests = silo.A.Requests.Where(r => r.AllUser.Contains(token, StringComparison.Ordinal)).ToList();
        Assert.Equal(2, requests.Count);
        Assert.Equal("json_schema", requests[0].ResponseFormat);
        Assert.Contains("age", requests[1].LastUser, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LlmJson_NeverMatching_FailsTheStepWithTheSchemaErrorsAfterItsRepairs()
    {
        var token = Guid.NewGuid().ToString("N");
        silo.A.On(r => r.AllUser.Contains(token, StringComparison.Ordinal), _ => ScriptedReply.Json(new JsonObject { ["name"] = 5 }));

        var id = await SubmitAsync(silo.Grains, OneStep(token, "llm.json", new JsonObject { ["prompt"] = $"who {token}", ["schema"] = PersonSchema() }));
        var goal = await WaitAsync(silo.Grains, id);

        Assert.Equal(GoalStatus.Failed, goal.Status);
        Assert.Contains("does not match the schema after 3 tries", goal.Steps.Single().Error, StringComparison.Ordinal);
        Assert.Equal(3, silo.A.Requests.Count(r => r.AllUser.Contains(token, StringComparison.Ordinal)));
    }
}
