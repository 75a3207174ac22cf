using System.Text.Json;
using PAI.Host.Apis.Json;
using PAI.Host.Apis.Models;

namespace PAI.Host.Tests.Apis;

/// <summary>The request-type-driven checks: unknown fields by name, required fields, kinds, nulls; every error at once.</summary>
public sealed class JsonShapeCheckTests
{
    [Fact]
    public void Check_FullGoalRequest_NoErrors()
    {
        var errors = Check("""
            {"title":"t","description":null,"skill":null,"inputs":{"any":{"thing":[1]}},"agent":"a",
             "plan":{"steps":[{"id":"a","tool":"echo","with":{"x":1},"dependsOn":[],"retry":{"maxAttempts":2,"backoff":"1s"},
                               "timeout":"5s","approval":false,"agent":null}]}}
            """);
        Assert.Empty(errors);
    }

    [Fact]
    public void Check_UnknownFieldsAtEveryLevel_NamesEachWithTheKnownOnes()
    {
        var errors = Check("""{"title":"t","priority":1,"plan":{"steps":[{"id":"a","aproval":true}],"parallel":true}}""");

        Assert.Equal(["priority", "plan.steps[0].aproval", "plan.parallel"], errors.Select(e => e.Path));
        Assert.Contains("expected one of: id, tool, skill, with, dependsOn, retry, timeout, approval, task, agent", errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_FieldNamesAreCaseSensitive()
    {
        var errors = Check("""{"Title":"t"}""");
        Assert.Equal(["Title", "title"], errors.Select(e => e.Path));
    }

    [Fact]
    public void Check_WrongKindsAndNulls_NamesEachField()
    {
        var errors = Check("""
            {"title":null,"inputs":[1],"plan":{"steps":[{"id":7,"with":"x","dependsOn":"a","approval":1,
             "retry":{"maxAttempts":1.5}},{"id":"b","dependsOn":[null]},null]}}
            """);

        Assert.Equal(
            [
                ("title", "must not be null"),
                ("inputs", "must be an object"),
                ("plan.steps[0].id", "must be a string"),
                ("plan.steps[0].with", "must be an object"),
                ("plan.steps[0].dependsOn", "must be an array"),
                ("plan.steps[0].approval", "must be true or false"),
                ("plan.steps[0].retry.maxAttempts", "must be an integer from -2147483648 to 2147483647"),
                ("plan.steps[1].dependsOn[0]", "must not be null"),
                ("plan.steps[2]", "must not be null"),
            ],
            errors.Select(e => (e.Path, e.Message)));
    }

    [Fact]
    public void Check_MissingRequired_NamesThem()
    {
        var errors = Check("""{"plan":{"steps":[{"tool":"echo","retry":{}}]}}""");
        Assert.Equal(["plan.steps[0].retry.maxAttempts", "plan.steps[0].id", "title"], errors.Select(e => e.Path));
        Assert.All(errors, e => Assert.EndsWith("is required", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Check_ThousandsOfUnknownFields_ReportsAtMostTheLimit()
    {
        var json = "{\"title\":\"t\"," + string.Join(",", Enumerable.Range(0, 5000).Select(i => $"\"f{i}\":1")) + "}";
        Assert.Equal(JsonSyntaxCheck.MaxErrors, Check(json).Count);
    }

    [Fact]
    public void Check_BodyNotAnObject_OneErrorAtTheRoot()
    {
        var error = Assert.Single(Check("[1,2]"));
        Assert.Equal(("$", "must be an object"), (error.Path, error.Message));
    }

    private static List<FieldError> Check(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonShapeCheck.Check(document.RootElement, typeof(GoalRequest), StrictJsonBody.Options);
    }
}
