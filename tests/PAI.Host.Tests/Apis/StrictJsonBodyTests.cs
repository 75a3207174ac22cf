using System.Text;
using Microsoft.AspNetCore.Http;
using PAI.Host.Apis;
using PAI.Host.Apis.Models;

namespace PAI.Host.Tests.Apis;

/// <summary>The one body reader: media type, syntax, shape and meaning, each answered with its status.</summary>
public sealed class StrictJsonBodyTests
{
    [Fact]
    public void Parse_ValidGoal_ReadsTheRequestAndKeepsTheBytes()
    {
        var body = """{"title":"t","plan":{"steps":[{"id":"a","tool":"echo","with":{"x":[1,2]},"approval":true}]}}"""u8.ToArray();
        var read = PAI.Host.Apis.Json.StrictJsonBody.Parse<GoalRequest>(body);

        Assert.True(read.Succeeded);
        Assert.Equal("t", read.Value.Title);
        Assert.True(read.Value.Plan!.Steps[0].Approval);
        Assert.Equal("""{"x":[1,2]}""", read.Value.Plan.Steps[0].With!.ToJsonString());
        Assert.Equal(body, read.Body.ToArray());
    }

    [Theory]
    [InlineData("""{"title":"a","title":"b"}""", StatusCodes.Status400BadRequest)]
    [InlineData("""{"title":"\ud800"}""", StatusCodes.Status400BadRequest)]
    [InlineData("""{"title":"t","aproval":true}""", StatusCodes.Status422UnprocessableEntity)]
    [InlineData("""{"title":1}""", StatusCodes.Status422UnprocessableEntity)]
    [InlineData("""null""", StatusCodes.Status422UnprocessableEntity)]
    public void Parse_BadBody_RefusedWithItsStatus(string json, int status)
    {
        var read = PAI.Host.Apis.Json.StrictJsonBody.Parse<GoalRequest>(Encoding.UTF8.GetBytes(json));
        Assert.False(read.Succeeded);
        Assert.Equal(status, read.Problem.StatusCode);
    }

    [Theory]
    [InlineData("""{"title":"t","plan":{"steps":[{"id":"a","tool":"echo","timeout":"soon"}]}}""", "plan.steps[0].timeout")]
    [InlineData("""{"title":"t","plan":{"steps":[{"id":"a","tool":"echo","retry":{"maxAttempts":2,"backoff":"-1s"}}]}}""", "plan.steps[0].retry.backoff")]
    public void GoalRequestParser_TextThatDoesNotParse_NamesTheField(string json, string path)
    {
        var read = PAI.Host.Apis.Json.StrictJsonBody.Parse<GoalRequest>(Encoding.UTF8.GetBytes(json));
        Assert.True(read.Succeeded);

        Assert.Null(GoalRequestParser.Parse(read.Value, out var errors));
        Assert.Equal(path, Assert.Single(errors).Path);
    }

    [Fact]
    public void GoalRequestParser_FullRequest_MapsEveryField()
    {
        var read = PAI.Host.Apis.Json.StrictJsonBody.Parse<GoalRequest>("""
            {"title":"t","description":"d","skill":"s","inputs":{"a":1},"agent":"ag",
             "plan":{"steps":[{"id":"a","tool":"echo","with":{"x":1},"dependsOn":["b"],"retry":{"maxAttempts":4,"backoff":"2s"},
                               "timeout":"00:00:30","approval":true,"agent":"st"},{"id":"b","skill":"k"}]}}
            """u8.ToArray());

        var submission = GoalRequestParser.Parse(read.Value!, out var errors)!;

        Assert.Empty(errors);
        Assert.Equal(("t", "d", "s", """{"a":1}""", "ag"), (submission.Title, submission.Description, submission.Skill, submission.Inputs, submission.Agent));
        var a = submission.Plan!.Steps[0];
        Assert.Equal(("a", "echo", (string?)null, """{"x":1}"""), (a.Id, a.Tool, a.Skill, a.With));
        Assert.Equal(["b"], a.DependsOn);
        Assert.Equal(4, a.Retry!.MaxAttempts);
        Assert.Equal(TimeSpan.FromSeconds(2), a.Retry.Backoff);
        Assert.Equal(TimeSpan.FromSeconds(30), a.Timeout);
        Assert.True(a.Approval);
        Assert.Equal("st", a.Agent);
        Assert.Equal(("b", "k"), (submission.Plan.Steps[1].Id, submission.Plan.Steps[1].Skill));
        Assert.Empty(submission.Plan.Steps[1].DependsOn);
    }
}
